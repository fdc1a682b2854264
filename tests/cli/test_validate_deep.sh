#!/bin/bash
# validate that validates (issue 20): every file render would refuse is found
# before decoding, with its JSON pointer and render's exit code; --schema-only
# keeps the template-only check; off-frame and title-safe warnings name the
# layer (--strict: errors); --rows checks every row; render --report is
# written on every failure.
# usage: test_validate_deep.sh VIDFORGE
set -u
source "$(dirname "$0")/lib.sh"
VF=$(readlink -f "$1")
WORK=$(mktemp -d /tmp/vidforge-validate-XXXXXX)
OUTSIDE=$(mktemp -d /tmp/vidforge-outside-XXXXXX)
trap 'rm -rf "$WORK" "$OUTSIDE"' EXIT
cd "$WORK" || exit 1
FF="ffmpeg -hide_banner -loglevel error -y"
$FF -f lavfi -i testsrc2=s=320x240:r=25:d=1 -c:v libx264 -preset ultrafast clip.mp4
$FF -f lavfi -i color=c=red:s=32x32 -frames:v 1 logo.png
$FF -f lavfi -i sine=d=1 sound.m4a
cp logo.png "$OUTSIDE/logo.png"
echo "not a picture" > fake.png
echo "not a font" > fake.ttf
tpl() { # NAME INPUT OVERLAYS
    printf '{"template_version": "1.0",\n "video": {%s"duration": 1},\n "overlays": [%s]}\n' \
        "${2:+\"input\": \"$2\", }" "${3:-}" > "$1.json"
}
img() { printf '{"type": "image", "id": "%s", "source": "%s", "position": {"preset": "CENTER"}}' "$1" "$2"; }
txt() { printf '{"type": "text", "id": "%s", "content": "Hi", "position": {"preset": "CENTER"}, "style": {"font": "%s"}}' "$1" "$2"; }

# --- a valid template passes, with nothing said --------------------------------------
tpl ok clip.mp4 "$(img logo logo.png)"
expect 0 "$VF" validate ok.json; empty err.txt; empty out.txt

# --- each refusal: exit code, pointer with line and column, message ------------------
tpl missing_input gone.mp4
expect 3 "$VF" validate missing_input.json
contains err.txt "missing_input.json:2:21: /video/input: input video ./gone.mp4 does not exist"
tpl missing_image clip.mp4 "$(img logo gone.png)"
expect 3 "$VF" validate missing_image.json
contains err.txt "/overlays/0/source: image ./gone.png does not exist or is not readable"
tpl missing_font "" "$(txt t Gone-Font.ttf)"
expect 3 "$VF" validate missing_font.json
contains err.txt '/overlays/0/style/font: font "Gone-Font.ttf" not found'
tpl outside "" "$(img logo "$OUTSIDE/logo.png")"
expect 2 "$VF" validate outside.json
contains err.txt "/overlays/0/source: image $OUTSIDE/logo.png resolves to $OUTSIDE/logo.png, outside the folders"
expect 0 "$VF" validate outside.json --allow-path "$OUTSIDE"
tpl s3 s3://bucket/clip.mp4
expect 2 "$VF" validate s3.json   # S3 is read only under --allow-path s3://bucket/prefix/
contains err.txt "/video/input: input video s3://bucket/clip.mp4 is outside the S3 prefixes"
tpl http https://example.invalid/clip.mp4
expect 0 "$VF" validate http.json # not fetched
expect 2 "$VF" validate http.json --no-network
contains err.txt "/video/input: network inputs are turned off (--no-network)"
tpl fake_image "" "$(img logo fake.png)"
expect 3 "$VF" validate fake_image.json
contains err.txt "/overlays/0/source: image ./fake.png is not a picture FFmpeg can read"
tpl fake_font "" "$(txt t fake.ttf)"
expect 3 "$VF" validate fake_font.json
contains err.txt "/overlays/0/style/font: font ./fake.ttf is not a font file FreeType can read"
tpl audio_only sound.m4a
expect 3 "$VF" validate audio_only.json
contains err.txt "/video/input: input video ./sound.m4a has no video stream"
mkdir folder.png
tpl folder "" "$(img logo folder.png)"
expect 3 "$VF" validate folder.json
contains err.txt "/overlays/0/source"
# every refusal is listed, not only the first; the exit code is the first's
tpl several gone.mp4 "$(img a gone.png), $(img b "$OUTSIDE/logo.png"), $(txt c fake.ttf)"
expect 3 "$VF" validate several.json
check '[ "$(grep -c "several.json:" err.txt)" -eq 4 ]' "several: not four findings: $(cat err.txt)"
expect 3 "$VF" validate several.json --format json
check 'python3 -c "import json,sys; d=json.load(open(\"out.txt\")); sys.exit(len(d) != 4 or d[2][\"pointer\"] != \"/overlays/1/source\")"' \
      "--format json: not the four findings: $(cat out.txt)"
# render agrees: the same files are refused with the same codes
expect 3 "$VF" render missing_image.json -o out.mp4
expect 2 "$VF" render outside.json -o out.mp4
expect 2 "$VF" render s3.json -o out.mp4
absent out.mp4

# --- --schema-only: the template alone, as before ------------------------------------
expect 0 "$VF" validate missing_input.json --schema-only
printf '{"template_version": "1.0", "video": {"duration": "x"}}\n' > bad.json
expect 2 "$VF" validate bad.json --schema-only
contains err.txt 'bad.json:1:51: /video/duration: must be a number, got "x"'

# --- off the frame, outside title-safe: warnings with the id; --strict: errors --------
cat > place.json <<'JSON'
{"template_version": "1.0",
 "video": {"input": "clip.mp4", "duration": 1},
 "overlays": [
   {"type": "text", "id": "lost", "content": "x",
    "position": {"preset": "TOP_LEFT", "offset": {"x": 4000, "y": 0}}},
   {"type": "text", "id": "corner", "content": "Corner", "position": {"preset": "TOP_LEFT"}},
   {"type": "text", "id": "middle", "content": "Mid", "position": {"preset": "CENTER"}}]}
JSON
expect 0 "$VF" validate place.json
contains err.txt 'place.json:5:17: /overlays/0/position: warning: overlay "lost" lies entirely outside the 320x240 frame'
contains err.txt '/overlays/1/position: warning: overlay "corner" is partly outside the title-safe area'
check '! grep -q middle err.txt' "a centred layer was warned about: $(cat err.txt)"
expect 2 "$VF" validate place.json --strict
contains err.txt 'overlay "lost" lies entirely outside'

# --- render --report on every failure, also an invalid or missing template -----------
expect 2 "$VF" render bad.json --report r-bad.json
contains r-bad.json '"exit_code":	2'
contains r-bad.json 'bad.json:1:51: /video/duration: must be a number'
expect 2 "$VF" render nothere.json --report r-none.json
contains r-none.json '"exit_code":	2'
contains r-none.json 'cannot open template nothere.json'
expect 3 "$VF" render missing_input.json -o out.mp4 --report r-in.json
contains r-in.json '"exit_code":	3'

# --- validate --rows: every row, with its number ---------------------------------------
cat > batch.json <<'JSON'
{"template_version": "1.0",
 "video": {"input": "{{clip}}", "duration": 1},
 "overlays": [{"type": "text", "id": "name", "content": "Hi {{name}}",
               "position": {"preset": "CENTER"}},
              {"type": "image", "id": "logo", "source": "{{logo}}", "position": {"preset": "CENTER"}}],
 "output": "out/{{id}}.mp4"}
JSON
printf 'id,name,clip,logo\na,Ann,clip.mp4,logo.png\nb,Bob,clip.mp4,logo.png\n' > good.csv
expect 0 "$VF" validate batch.json --rows good.csv; empty err.txt
printf 'id,name,clip,logo\na,Ann,clip.mp4,logo.png\nb,Bob,gone.mp4,logo.png\nc,Cy,clip.mp4,%s\n' \
    "$OUTSIDE/logo.png" > bad.csv
expect 3 "$VF" validate batch.json --rows bad.csv
contains err.txt "bad.csv:3: row b: batch.json:2:21: /video/input: input video ./gone.mp4 does not exist"
contains err.txt "bad.csv:4: row c: batch.json:5:57: /overlays/1/source: image $OUTSIDE/logo.png resolves to"
contains err.txt "vidforge: 2 of 3 rows would fail"
check '! grep -q "row a" err.txt' "a good row was reported: $(cat err.txt)"
printf '{"id": "a", "clip": "clip.mp4", "logo": "logo.png"}\n' > noname.jsonl
expect 2 "$VF" validate batch.json --rows noname.jsonl
contains err.txt "noname.jsonl:1: row a (line 1):"
contains err.txt "name"
printf 'id,name,clip,logo\na,Ann,clip.mp4,logo.png\na,Bob,clip.mp4,logo.png\n' > dup.csv
expect 2 "$VF" validate batch.json --rows dup.csv
contains err.txt "rows a and a would both write ./out/a.mp4"

summary test_validate_deep
