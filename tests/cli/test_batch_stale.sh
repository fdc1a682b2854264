#!/bin/bash
# Batch knows what is stale (issue 18): every output carries its render's
# content key ("vidforge_key"); a rerun skips a row only when the key matches
# what the row would render now; an edited row, template or input (even with
# its modification time kept) re-renders; empty CSV cells fall back to the
# defaults; --dry-run prints one JSON line per row and writes nothing.
# usage: test_batch_stale.sh VIDFORGE
set -u
source "$(dirname "$0")/lib.sh"
VF=$(readlink -f "$1")
WORK=$(mktemp -d /tmp/vidforge-stale-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
key_of() { ffprobe -v error -show_entries format_tags=vidforge_key -of csv=p=0 "$1"; }
field() { # JSON-LINES-FILE ROW FIELD: the field of the line whose "row" is ROW
    python3 -c 'import json,sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o["row"] == int(sys.argv[2]):
        v = o
        for k in sys.argv[3].split("."):
            v = v.get(k, "") if isinstance(v, dict) else ""
        print(v)' "$1" "$2" "$3"
}

ffmpeg -hide_banner -loglevel error -f lavfi -i color=c=0x203040:s=160x90:r=25 -t 1 \
    -pix_fmt yuv420p in.mp4
cat > t.json <<'JSON'
{"template_version": "1.0",
 "video": {"input": "in.mp4", "duration": 0.6},
 "overlays": [{"type": "text", "content": "Hi {{name|there}}", "style": {"size": 14}}],
 "encoding": {"preset": "ultrafast"}}
JSON
printf 'id,name\na,Ann\nb,\nc,there\n' > rows.csv

expect 0 "$VF" batch t.json --rows rows.csv -o "out/{{id}}.mp4" --jobs 2
contains err.txt "3 rows: 3 rendered, 0 up to date"
ka=$(key_of out/a.mp4); kb=$(key_of out/b.mp4); kc=$(key_of out/c.mp4)
check '[ ${#ka} -eq 64 ]' "out/a.mp4 carries no 64-digit vidforge_key: '$ka'"
check '[ "$kb" = "$kc" ]' "an empty cell renders as the default: keys differ ($kb vs $kc)"
check '[ "$ka" != "$kb" ]' "different names, same key"
expect 0 "$VF" probe out/a.mp4
check '[ "$(python3 -c "import json,sys; print(json.load(sys.stdin)[\"vidforge_key\"])" < out.txt)" = "$ka" ]' \
    "probe does not show the key: $(cat out.txt)"

# a rerun renders nothing
expect 0 "$VF" batch t.json --rows rows.csv -o "out/{{id}}.mp4"
contains err.txt "3 rows: 0 rendered, 3 up to date"

# an edited row re-renders that row only
printf 'id,name\na,Anna\nb,\nc,there\n' > rows.csv
expect 0 "$VF" batch t.json --rows rows.csv -o "out/{{id}}.mp4" --dry-run
check '[ "$(field out.txt 1 action)" = render ]' "edited row 1 not planned to render: $(cat out.txt)"
contains out.txt "stale: the template, the row or an input changed"
check '[ "$(field out.txt 2 action)" = skip ] && [ "$(field out.txt 2 reason)" = "up to date" ]' \
    "row 2 not skipped as up to date: $(cat out.txt)"
check '[ "$(key_of out/a.mp4)" = "$ka" ]' "--dry-run rewrote out/a.mp4"
expect 0 "$VF" batch t.json --rows rows.csv -o "out/{{id}}.mp4"
contains err.txt "3 rows: 1 rendered, 2 up to date"
check '[ "$(key_of out/a.mp4)" != "$ka" ]' "the edited row's output kept its old key"

# an input whose bytes change but whose modification time is kept: all stale
ffmpeg -hide_banner -loglevel error -f lavfi -i color=c=0x304020:s=160x90:r=25 -t 1 \
    -pix_fmt yuv420p in2.mp4
touch -r in.mp4 in2.mp4 && cp -p in2.mp4 in.mp4 && touch -r in2.mp4 in.mp4
expect 0 "$VF" batch t.json --rows rows.csv -o "out/{{id}}.mp4" --dry-run
check '[ "$(grep -c "\"action\":\"render\"" out.txt)" -eq 3 ]' "changed input, not all stale: $(cat out.txt)"

# an output made elsewhere (no key) is re-rendered, not trusted
cp in2.mp4 out/c.mp4
expect 0 "$VF" batch t.json --rows rows.csv -o "out/{{id}}.mp4" --dry-run
check '[ "$(field out.txt 3 reason)" = "the output carries no content key" ]' "$(cat out.txt)"

# --dry-run on RFC 4180 rows: quoted newlines, commas, escaped quotes, CRLF,
# UTF-8 and empty fields; one JSON line per row with its resolved variables
printf 'id,name,note\r\nq1,"Line\r\nbreak","a, b"\r\nq2,"Say ""hi""",\r\nq3,Zoë 東京,""\r\n' > rfc.csv
rm -rf out2
expect 0 "$VF" batch t.json --rows rfc.csv -o "out2/{{id}}.mp4" --dry-run
check '[ "$(wc -l < out.txt)" -eq 3 ]' "dry run: not one line per row: $(cat out.txt)"
check '[ "$(field out.txt 1 vars.name)" = "$(printf "Line\r\nbreak")" ]' "quoted CRLF newline: $(cat out.txt)"
check '[ "$(field out.txt 1 vars.note)" = "a, b" ]' "quoted comma: $(cat out.txt)"
check '[ "$(field out.txt 2 vars.name)" = "Say \"hi\"" ]' "escaped quotes: $(cat out.txt)"
check '[ "$(field out.txt 2 vars.note)" = "" ]' "an empty field is set: $(cat out.txt)"
check '[ "$(field out.txt 3 vars.name)" = "Zoë 東京" ]' "UTF-8: $(cat out.txt)"
check '[ "$(field out.txt 3 output)" = "out2/q3.mp4" ] && [ "$(field out.txt 3 action)" = render ]' \
    "output/action: $(cat out.txt)"
check '[ "$(field out.txt 3 reason)" = "no output yet" ]' "reason: $(cat out.txt)"
check '[ "$(field out.txt 2 key | wc -c)" -eq 65 ]' "no key: $(cat out.txt)"
absent out2
contains err.txt "dry run: nothing written"

summary cli_batch_stale
