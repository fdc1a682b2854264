#!/bin/bash
# `vidforge batch --dry-run` on rows that exercise RFC 4180 (issue 18): quoted
# newlines (LF and CRLF), commas, escaped quotes (""), CRLF records, a UTF-8
# byte order mark and UTF-8 text, empty fields (unquoted and "") and a last
# record without a newline; JSON Lines with missing, null, empty and non-string
# fields. Each line is checked for its row number, id, resolved variables
# (the template's `variables` where a cell is empty), output path, key and
# action/reason. Empty cells and missing fields fall back to the
# defaults ({{name|there}} and the template's `variables`), which the keys
# show: a row with an empty cell has the key of a row giving the default.
# Then the content key: it follows an input's bytes (an image overlay's and
# the base's), not its modification time.
# usage: test_rows_rfc4180.sh VIDFORGE
set -u
source "$(dirname "$0")/lib.sh"
VF=$(readlink -f "$1")
WORK=$(mktemp -d /tmp/vidforge-rfc4180-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
# split FILE: one file per row and field of a dry run's JSON lines, under
# FILE.d/ROW/FIELD (vars.NAME for a variable), holding the raw value
split() {
    rm -rf "$1.d"
    python3 -c 'import json, os, sys
for l in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(l)
    d = os.path.join(sys.argv[1] + ".d", str(o["row"]))
    os.makedirs(d)
    flat = {k: v for k, v in o.items() if k != "vars"}
    flat.update({"vars." + k: v for k, v in o.get("vars", {}).items()})
    for k, v in flat.items():
        with open(os.path.join(d, k), "w", encoding="utf-8", newline="") as f:
            f.write(str(v))' "$1"
}
# get FILE ROW FIELD: that field of the line whose "row" is ROW, "<absent>" when missing
get() { if [ -f "$1.d/$2/$3" ]; then cat "$1.d/$2/$3"; else printf '<absent>'; fi; }
# is FILE ROW FIELD EXPECTED: one check
is() {
    local got
    got=$(get "$1" "$2" "$3")
    if [ "$got" = "$4" ]; then ok; else fail "row $2 $3: got '$got', expected '$4'"; fi
}

ffmpeg -hide_banner -loglevel error -f lavfi -i color=c=0x203040:s=160x90:r=25 -t 1 \
    -pix_fmt yuv420p in.mp4
ffmpeg -hide_banner -loglevel error -f lavfi -i color=c=red:s=16x16 -frames:v 1 logo.png
cat > t.json <<'JSON'
{"template_version": "1.0",
 "video": {"input": "in.mp4", "duration": 0.6},
 "variables": {"greeting": "Hello"},
 "overlays": [{"type": "text", "content": "{{greeting}} {{name|there}}", "style": {"size": 14}},
              {"type": "image", "source": "logo.png", "position": {"preset": "TOP_LEFT"}}],
 "encoding": {"preset": "ultrafast"}}
JSON

# ---- CSV --------------------------------------------------------------------
{
    printf '\xEF\xBB\xBFid,name,greeting\r\n'       # BOM, CRLF records
    printf 'q1,"Line\r\nbreak","a, b"\r\n'          # quoted CRLF, quoted comma
    printf 'q2,"Say ""hi""",\r\n'                    # escaped quotes, empty last field
    printf 'q3,Zoë 東京,""\r\n'                      # UTF-8, quoted empty field
    printf 'q4,,Hello\r\n'                           # empty name: {{name|there}}
    printf 'q5,there,Hello\r\n'                      # the defaults given explicitly
    printf '"q6",there,\r\n'                         # quoted id; empty greeting: variables
    printf 'q7,"x\ny ""z""",Hi'                      # quoted LF and quotes; no final newline
} > rows.csv
expect 0 "$VF" batch t.json --rows rows.csv -o 'out/{{id}}.mp4' --dry-run
cp out.txt csv.txt && split csv.txt
check '[ "$(wc -l < csv.txt)" -eq 7 ]' "not one line per row: $(cat csv.txt)"
contains err.txt "7 rows: 7 would render, 0 up to date, 0 invalid (dry run: nothing written)"
for n in 1 2 3 4 5 6 7; do
    is csv.txt $n id "q$n"
    is csv.txt $n vars.id "q$n"
    is csv.txt $n output "out/q$n.mp4"
    is csv.txt $n action render
    is csv.txt $n reason "no output yet"
    check '[ "$(get csv.txt $n key | tr -d 0-9a-f | wc -c)" -eq 0 ] && [ "$(get csv.txt $n key | wc -c)" -eq 64 ]' \
        "row $n: no 64 hex digit key: $(get csv.txt $n key)"
done
is csv.txt 1 vars.name "$(printf 'Line\r\nbreak')"
is csv.txt 1 vars.greeting "a, b"
is csv.txt 2 vars.name 'Say "hi"'
is csv.txt 2 vars.greeting "Hello"          # an empty cell: the template's variable
is csv.txt 3 vars.name "Zoë 東京"
is csv.txt 3 vars.greeting "Hello"          # so does a quoted empty one
is csv.txt 4 vars.name "<absent>"           # {{name|there}}: a default per use, none here
is csv.txt 6 vars.greeting "Hello"
is csv.txt 7 vars.name "$(printf 'x\ny "z"')"
is csv.txt 7 vars.greeting "Hi"
k4=$(get csv.txt 4 key); k5=$(get csv.txt 5 key); k6=$(get csv.txt 6 key)
check '[ "$k4" = "$k5" ]' "an empty name does not render as {{name|there}}: $k4 vs $k5"
check '[ "$k6" = "$k5" ]' "an empty greeting does not render as the template's variable: $k6 vs $k5"
check '[ "$(get csv.txt 1 key)" != "$(get csv.txt 7 key)" ] && [ "$(get csv.txt 2 key)" != "$k5" ]' \
    "rows with different text share a key"
absent out

# a record broken by a quoted newline is still one row; errors name physical lines
printf 'id,name\na,"b\nc"\nd,e,f\n' > bad.csv
expect 2 "$VF" batch t.json --rows bad.csv -o 'out/{{id}}.mp4' --dry-run
contains err.txt "bad.csv:4: 3 fields, the header has 2"
printf 'id,name\r\na,"b\r\n' > open.csv
expect 2 "$VF" batch t.json --rows open.csv -o 'out/{{id}}.mp4' --dry-run
contains err.txt "open.csv:2: a quoted field is never closed"
printf 'id,name\na,"b"c\n' > junk.csv
expect 2 "$VF" batch t.json --rows junk.csv -o 'out/{{id}}.mp4' --dry-run
contains err.txt "junk.csv:2: unexpected 'c' after a quoted field"

# ---- JSON Lines ---------------------------------------------------------------
{
    printf '\xEF\xBB\xBF{"id": "j1", "name": "Ann"}\r\n'
    printf '{"id": "j2"}\r\n'                                   # missing name and greeting
    printf '\r\n'                                               # a blank line: no row
    printf '{"id": "j3", "name": "", "greeting": null}\n'       # empty and null: unset
    printf '{"name": 42, "greeting": true}\n'                   # no id: numbered; scalars as text
    printf '{"id": "j5", "name": "Zo\\u00eb \\u6771\\u4eac", "greeting": "Hello"}'
} > rows.jsonl
expect 0 "$VF" batch t.json --rows rows.jsonl -o 'out/{{id}}.mp4' --dry-run
cp out.txt jsonl.txt && split jsonl.txt
check '[ "$(wc -l < jsonl.txt)" -eq 5 ]' "not one line per JSON row: $(cat jsonl.txt)"
is jsonl.txt 1 vars.name Ann
is jsonl.txt 2 vars.name "<absent>"
is jsonl.txt 3 id j3
is jsonl.txt 3 vars.name "<absent>"
is jsonl.txt 3 vars.greeting "Hello"        # null: the template's variable
is jsonl.txt 4 id 4
is jsonl.txt 4 output out/4.mp4
is jsonl.txt 4 vars.name 42
is jsonl.txt 4 vars.greeting true
is jsonl.txt 5 vars.name "Zoë 東京"
check '[ "$(get jsonl.txt 2 key)" = "$k5" ] && [ "$(get jsonl.txt 3 key)" = "$k5" ]' \
    "missing, empty or null JSON fields do not fall back to the defaults"
check '[ "$(get jsonl.txt 5 key)" = "$(get csv.txt 3 key)" ] && [ "$(get jsonl.txt 5 key)" != "$k5" ]' \
    "the same row from CSV and JSON Lines has another key"

# ---- the content key follows an input's bytes, not its modification time -------
printf 'id,name\nr,there\n' > one.csv
expect 0 "$VF" batch t.json --rows one.csv -o 'out/{{id}}.mp4'
expect 0 "$VF" batch t.json --rows one.csv -o 'out/{{id}}.mp4' --dry-run
split out.txt
is out.txt 1 action skip
is out.txt 1 reason "up to date"
key=$(get out.txt 1 key)
check '[ "$key" = "$k5" ]' "the rendered row's key is not the one its dry run printed"
touch -d '2001-02-03 04:05:06' in.mp4 logo.png       # times only
expect 0 "$VF" batch t.json --rows one.csv -o 'out/{{id}}.mp4' --dry-run
split out.txt
is out.txt 1 key "$key"
is out.txt 1 action skip
touch in.mp4 logo.png
expect 0 "$VF" batch t.json --rows one.csv -o 'out/{{id}}.mp4' --dry-run
split out.txt
is out.txt 1 key "$key"
is out.txt 1 reason "up to date"
# the image's bytes change (same size), its modification time is put back
cp -p logo.png logo.keep
ffmpeg -hide_banner -loglevel error -y -f lavfi -i color=c=blue:s=16x16 -frames:v 1 blue.png
cp blue.png logo.png && touch -r logo.keep logo.png
expect 0 "$VF" batch t.json --rows one.csv -o 'out/{{id}}.mp4' --dry-run
split out.txt
check '[ "$(get out.txt 1 key)" != "$key" ]' "the image's contents changed, the key did not"
is out.txt 1 action render
is out.txt 1 reason "stale: the template, the row or an input changed"
cp -p logo.keep logo.png
expect 0 "$VF" batch t.json --rows one.csv -o 'out/{{id}}.mp4' --dry-run
split out.txt
is out.txt 1 key "$key"
# the base video's bytes change, its size and modification time are kept
cp -p in.mp4 in.keep
python3 - <<'PY'
data = bytearray(open("in.mp4", "rb").read())
i = data.rfind(b"mdat") + 64        # inside the coded picture: same size, other bytes
data[i] ^= 0xFF
open("in.mp4", "wb").write(data)
PY
touch -r in.keep in.mp4
check '[ "$(stat -c %s.%Y in.mp4)" = "$(stat -c %s.%Y in.keep)" ]' "size or time of in.mp4 moved"
expect 0 "$VF" batch t.json --rows one.csv -o 'out/{{id}}.mp4' --dry-run
split out.txt
check '[ "$(get out.txt 1 key)" != "$key" ]' "the input's contents changed, the key did not"
is out.txt 1 action render

summary cli_rows_rfc4180
