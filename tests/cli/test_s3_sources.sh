#!/bin/bash
# s3:// for every file a template or the command line names, against s3rver
# behind the SigV4-checking proxy (s3lib.sh): the template itself for every
# command (relative names resolved in its S3 folder), captions, audio, video
# layers and clips (range reads), fonts and images (fetched whole), --vars,
# --rows, --results, --report; missing objects and wrong credentials.
# usage: test_s3_sources.sh VIDFORGE
set -u
source "$(dirname "$0")/lib.sh"
VF=$(readlink -f "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/cli/s3lib.sh"

# --- fixtures ---------------------------------------------------------------------
$FF -f lavfi -i testsrc2=size=160x120:rate=25 -f lavfi -i sine=f=440 -t 3 -c:v libx264 \
    -preset ultrafast -c:a aac -shortest base-video.mp4
$FF -f lavfi -i "color=red@0.8:size=40x30,format=rgba" -frames:v 1 logo.png
put base-video.mp4 media/t/base-video.mp4
put logo.png media/t/logo.png
VIDEO='"video": {"duration": 1, "width": 160, "height": 120, "fps": 25}'
# pixel PNG X Y: the red byte of one pixel
pixel() { ffmpeg -v error -i "$1" -vf "crop=1:1:$2:$3,format=rgb24" -f rawvideo - | od -An -tu1 |
          awk '{print $1}'; }
# tpl NAME BODY: a template of VIDEO and BODY
tpl() { printf '{"template_version": "1.0", %s, %s}\n' "${VIDEO}" "$2" > "$1"; }

# --- the template on S3, for every command --------------------------------------------
tpl tpl.json '"overlays": [{"type": "image", "source": "logo.png", "position": {"preset": "CENTER"}}]'
sed -i 's/"video": {/"video": {"input": "base-video.mp4", /' tpl.json
put tpl.json media/t/tpl.json
expect 0 "$VF" validate s3://media/t/tpl.json
expect 0 "$VF" render s3://media/t/tpl.json --dry-run
contains out.txt "input: s3://media/t/base-video.mp4"
expect 0 "$VF" deps s3://media/t/tpl.json -o made.mp4
contains out.txt "made.mp4:"
expect 0 "$VF" preview s3://media/t/tpl.json --at 0.5 -o frame.png
# the logo (from the template's S3 folder) is in the middle of the frame
check '[ "$(pixel frame.png 80 60)" -ge 180 ]' \
    "preview of an S3 template draws its image from the template's S3 folder"
expect 0 "$VF" storyboard s3://media/t/tpl.json -o board.png
check 'ffprobe -v error board.png' "storyboard of an S3 template"
# a template error names the S3 template, its line and column
printf '{"template_version": "1.0",\n "video": {"duration": -1}}\n' > bad.json
put bad.json media/t/bad.json
expect 2 "$VF" validate s3://media/t/bad.json
contains err.txt "s3://media/t/bad.json:2:"
contains err.txt "/video/duration"
expect 3 "$VF" validate s3://media/t/none.json
contains err.txt "s3://media/t/none.json does not exist"

# --- every kind of source ----------------------------------------------------------
printf 'WEBVTT\n\n00:00.000 --> 00:01.000\nHELLO VTT\n' > cap.vtt
printf '1\n00:00:00,000 --> 00:00:01,000\nHELLO SRT\n' > cap.srt
printf '{"words": [{"text": "HELLO", "start": 0, "end": 0.5}, {"text": "JSON.", "start": 0.5, "end": 1}]}\n' > cap.json
# libass draws an .ass with its own styles (not the layer's): a style big
# enough for the bright-pixel count below
printf '[Script Info]\nScriptType: v4.00+\nPlayResX: 160\nPlayResY: 120\n\n[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour\nStyle: Default,Inter,24,&H00FFFFFF\n\n[Events]\nFormat: Layer, Start, End, Style, Text\nDialogue: 0,0:00:00.00,0:00:01.00,Default,HELLO ASS\n' > cap.ass
$FF -f lavfi -i "sine=f=440:d=2:r=48000" -ac 2 tone.wav
# ~8 MB, 12 s, the index at the end: a seek into it must not read it all
$FF -f lavfi -i "testsrc2=size=640x360:rate=25,noise=alls=30:allf=t" -t 12 -c:v libx264 \
    -preset ultrafast -g 25 -b:v 6M big.mp4
cp "$ROOT/fonts/Inter-Regular.otf" font.otf 2>/dev/null || cp "$(fc-match -f '%{file}' sans)" font.otf
for f in cap.vtt cap.srt cap.json cap.ass tone.wav big.mp4 font.otf; do put "$f" "media/src/$f"; done
ALLOW=(--allow-path s3://media/src/)
# bright PNG: pixels brighter than 200 (text on the black background)
bright() { ffmpeg -v error -i "$1" -vf format=gray -f rawvideo - | od -An -v -tu1 |
           tr -s ' ' '\n' | awk '$1 > 200' | wc -l; }
for k in vtt srt json ass; do
    tpl "cap-$k.json" "\"overlays\": [{\"type\": \"captions\", \"source\": \"s3://media/src/cap.$k\", \"style\": {\"size\": 20}}]"
    expect 0 "$VF" preview "cap-$k.json" "${ALLOW[@]}" --at 0.7 -o "cap-$k.png"
    check '[ "$(bright cap-$k.png)" -gt 30 ]' "captions from s3://media/src/cap.$k are drawn"
done
expect 0 "$VF" render cap-vtt.json "${ALLOW[@]}" -o cap.mp4
: > proxy.log
tpl audio.json '"audio": [{"source": "s3://media/src/tone.wav"}]'
expect 0 "$VF" render audio.json "${ALLOW[@]}" -o audio.mp4
check '[ "$(ffprobe -v error -show_entries stream=codec_type -of csv=p=0 audio.mp4 | grep -c audio)" = 1 ]' \
    "an audio track from S3 is in the output"
check '[ "$(count "e[\"path\"] == \"/media/src/tone.wav\" and e[\"method\"] == \"GET\" and not e[\"range\"]")" = 0 ] && [ "$(fetched /media/src/tone.wav)" -gt 0 ]' \
    "the audio track is read by range requests"
size=$(stat -c %s big.mp4)
for kind in layer clip; do
    : > proxy.log
    if [ $kind = layer ]; then
        tpl "$kind.json" '"overlays": [{"type": "video", "source": "s3://media/src/big.mp4", "trim": {"start": 10}, "size": {"width": 160, "height": 90}}]'
    else
        printf '{"template_version": "1.0", "video": {"width": 160, "height": 90, "fps": 25, "clips": [{"input": "s3://media/src/big.mp4", "trim": {"start": 10}, "duration": 1}]}}\n' > "$kind.json"
    fi
    expect 0 "$VF" render "$kind.json" "${ALLOW[@]}" -o "$kind.mp4"
    got=$(fetched /media/src/big.mp4)
    echo "video $kind: fetched $got of $size bytes for 1 s from 10 s in"
    check '[ "$got" -gt 0 ] && [ $((got * 100 / size)) -lt 50 ]' \
        "a video $kind from S3 reads only what it shows ($got of $size bytes)"
    check '[ "$(count "e[\"path\"] == \"/media/src/big.mp4\" and e[\"method\"] == \"GET\" and not e[\"range\"]")" = 0 ]' \
        "the video $kind is read by range requests"
    check '[ "$(ffprobe -v error -show_entries format=duration -of csv=p=0 $kind.mp4 | cut -c1-3)" = 1.0 ]' \
        "the video $kind render lasts its second"
done
: > proxy.log
tpl font.json '"overlays": [{"type": "text", "content": "FONT", "style": {"font": "s3://media/src/font.otf", "size": 30}}]'
expect 0 "$VF" preview font.json "${ALLOW[@]}" --at 0.5 -o font.png
check '[ "$(bright font.png)" -gt 30 ] && [ "$(fetched /media/src/font.otf)" = "$(stat -c %s font.otf)" ]' \
    "a font file from S3 is fetched whole and draws the text"
tpl image.json '"overlays": [{"type": "image", "source": "s3://media/t/logo.png", "position": {"preset": "CENTER"}}]'
expect 0 "$VF" preview image.json --allow-path s3://media/t/ --at 0.5 -o image.png
check '[ "$(pixel image.png 80 60)" -ge 180 ]' "an image from S3 is drawn"
# outside the allowed prefixes: refused before anything is read (exit 2)
for t in cap-vtt audio layer clip font; do
    expect 2 "$VF" render "$t.json" -o never.mp4
    contains err.txt "is outside the S3 prefixes a template may read"
done
absent never.mp4

# --- the command line's files: --vars, --rows, --results, --report -----------------
tpl vars.json '"variables": {"word": "none"}, "overlays": [{"type": "text", "content": "{{word}}", "style": {"size": 30}}]'
printf '{"word": "FROMS3"}\n' > v.json
put v.json media/cli/v.json
expect 0 "$VF" render vars.json --vars s3://media/cli/v.json --report s3://out/cli/report.json \
    -o vars.mp4
get out/cli/report.json report.json
check 'python3 -c "import json,sys; r = json.load(open(\"report.json\")); sys.exit(r[\"exit_code\"] != 0)"' \
    "the --report is uploaded to S3"
# the variable's text sizes the layer: the dry run shows the box of "FROMS3"
"$VF" render vars.json --dry-run --var word=FROMS3 | grep '^layer' > want.txt
expect 0 "$VF" render vars.json --dry-run --vars s3://media/cli/v.json
grep '^layer' out.txt > got.txt
same got.txt want.txt
check '! "$VF" render vars.json --dry-run | grep -qF "$(cat want.txt)"' "the default gives another box"
printf 'id,word\nr1,ONE\nr2,TWO\n' > rows.csv
put rows.csv media/cli/rows.csv
sed 's|"overlays"|"output": "rows-{{id}}.mp4", "overlays"|' vars.json > rowsv.json
expect 0 "$VF" validate rowsv.json --rows s3://media/cli/rows.csv
# a row's finding names the rows file as given, not its private copy
expect 2 "$VF" validate vars.json --rows s3://media/cli/rows.csv
contains err.txt "s3://media/cli/rows.csv:2: "
expect 0 "$VF" batch vars.json --rows s3://media/cli/rows.csv -o 'rows-{{id}}.mp4' \
    --results s3://out/cli/results.jsonl --jobs 1
get out/cli/results.jsonl results.jsonl
check '[ "$(grep -c "\"status\":\"ok\"" results.jsonl)" = 2 ] && [ -s rows-r1.mp4 ] && [ -s rows-r2.mp4 ]' \
    "rows read from S3, results written to S3"

# --- missing objects (exit 3, the s3:// name) and wrong credentials (one line) -------
miss() { # NAME TEMPLATE_BODY URL
    local u=$3 arg
    tpl "$1.json" "$2"
    expect 3 "$VF" render "$1.json" --allow-path s3://media/ -o never.mp4
    contains err.txt "$3"
    contains err.txt "does not exist"
    AWS_ACCESS_KEY_ID=WRONGKEY AWS_SECRET_ACCESS_KEY=wrongSecret7 \
        expect 3 "$VF" render "$1.json" --allow-path s3://media/ -o never.mp4
    check '[ "$(wc -l < err.txt)" = 1 ] && grep -qF "access denied to $u (credentials from the environment (AWS_ACCESS_KEY_ID))" err.txt' \
        "$1: wrong credentials give one line naming $u"
    check '! grep -q wrongSecret7 err.txt' "$1: the secret is never printed"
}
miss m-cap '"overlays": [{"type": "captions", "source": "s3://media/no/cap.vtt"}]' s3://media/no/cap.vtt
miss m-audio '"audio": [{"source": "s3://media/no/tone.wav"}]' s3://media/no/tone.wav
miss m-layer '"overlays": [{"type": "video", "source": "s3://media/no/v.mp4"}]' s3://media/no/v.mp4
miss m-image '"overlays": [{"type": "image", "source": "s3://media/no/l.png"}]' s3://media/no/l.png
printf '{"template_version": "1.0", "video": {"input": "s3://media/no/in.mp4", "duration": 1}}\n' > m-input.json
expect 3 "$VF" render m-input.json --allow-path s3://media/ -o never.mp4
contains err.txt "s3://media/no/in.mp4 does not exist"
printf '{"template_version": "1.0", "video": {"width": 160, "height": 90, "fps": 25, "clips": [{"input": "s3://media/no/c.mp4", "duration": 1}]}}\n' > m-clip.json
expect 3 "$VF" render m-clip.json --allow-path s3://media/ -o never.mp4
contains err.txt "s3://media/no/c.mp4 does not exist"
tpl m-font.json '"overlays": [{"type": "text", "content": "x", "style": {"font": "s3://media/no/f.otf"}}]'
expect 3 "$VF" render m-font.json --allow-path s3://media/ -o never.mp4
contains err.txt "s3://media/no/f.otf"
AWS_ACCESS_KEY_ID=WRONGKEY expect 3 "$VF" render m-font.json --allow-path s3://media/ -o never.mp4
contains err.txt "access denied to s3://media/no/f.otf"
for arg in --vars --rows; do
    expect 3 "$VF" validate vars.json $arg s3://media/no/file
    contains err.txt "s3://media/no/file does not exist"
    AWS_ACCESS_KEY_ID=WRONGKEY expect 3 "$VF" validate vars.json $arg s3://media/no/file
    check '[ "$(wc -l < err.txt)" = 1 ] && grep -qF "access denied to s3://media/no/file" err.txt' \
        "$arg: wrong credentials give one line"
done
absent never.mp4

# --- preview and storyboard write their PNG to S3 -----------------------------------
expect 0 "$VF" preview s3://media/t/tpl.json --at 0.5 -o s3://out/png/frame.png
get out/png/frame.png frame-s3.png
cmp -s frame-s3.png frame.png; check '[ $? = 0 ]' "preview -o s3:// uploads the frame (the local preview's bytes)"
expect 0 "$VF" storyboard s3://media/t/tpl.json -o s3://out/png/board.png
get out/png/board.png board-s3.png
cmp -s board-s3.png board.png; check '[ $? = 0 ]' "storyboard -o s3:// uploads the sheet"
: > proxy.log
expect 4 "$VF" preview s3://media/t/tpl.json --at 0.2 -o s3://out/png/frame.png
contains err.txt "s3://out/png/frame.png already exists (use -y to overwrite)"
check '[ "$(count "e[\"method\"] in (\"PUT\", \"POST\") or e[\"path\"].startswith(\"/media\")")" = 0 ]' \
    "an existing object is refused before anything is read or written"
expect 4 "$VF" storyboard s3://media/t/tpl.json --every 0.5 -o s3://out/png/board.png
get out/png/board.png board-s3.png
cmp -s board-s3.png board.png; check '[ $? = 0 ]' "the refused storyboard left the object as it was"
expect 0 "$VF" preview s3://media/t/tpl.json --at 0.2 -o s3://out/png/frame.png -y
get out/png/frame.png frame-s3.png
cmp -s frame-s3.png frame.png; check '[ $? != 0 ] && ffprobe -v error frame-s3.png' "-y replaces the object"
expect 2 "$VF" preview image.json --at 0.2 -o s3://out/png/off.png --no-network
contains err.txt "network outputs are turned off (--no-network): s3://out/png/off.png"
check '[ "$(status out/png/off.png)" = 404 ]' "--no-network writes nothing"
no_temps tmp

# --- validate: every s3:// asset HEADed (no media downloaded), pointer, exit 3 ------
vmiss() { # NAME POINTER MESSAGE
    : > proxy.log
    expect 3 "$VF" validate "$1.json" --allow-path s3://media/
    contains err.txt "$1.json:1:"
    contains err.txt "$2: $3"
    check '[ "$(count "e[\"method\"] == \"GET\"")" = 0 ]' "validate $1 downloads nothing"
}
vmiss m-cap /overlays/0/source "captions s3://media/no/cap.vtt does not exist"
vmiss m-audio /audio/0/source "audio source s3://media/no/tone.wav does not exist"
vmiss m-layer /overlays/0/source "video s3://media/no/v.mp4 does not exist"
vmiss m-image /overlays/0/source "image s3://media/no/l.png does not exist"
vmiss m-input /video/input "input video s3://media/no/in.mp4 does not exist"
vmiss m-clip /video/clips/0/input "video s3://media/no/c.mp4 does not exist"
vmiss m-font /overlays/0/style/font 'font "s3://media/no/f.otf" not found'
AWS_ACCESS_KEY_ID=WRONGKEY expect 3 "$VF" validate m-image.json --allow-path s3://media/
contains err.txt "/overlays/0/source: access denied to s3://media/no/l.png"
# the ones that exist pass, with HEADs only for media
: > proxy.log
for t in cap-vtt audio layer clip font; do expect 0 "$VF" validate "$t.json" "${ALLOW[@]}"; done
check '[ "$(count "e[\"method\"] == \"HEAD\" and e[\"path\"] == \"/media/src/big.mp4\"")" -ge 2 ] && [ "$(count "e[\"method\"] == \"GET\" and e[\"path\"] in (\"/media/src/big.mp4\", \"/media/src/tone.wav\")")" = 0 ]' \
    "validate checks media objects with HEAD, downloading none"
# relative names of an S3 template: checked in its S3 folder
sed 's/"logo.png"/"gone.png"/' tpl.json > gone.json
put gone.json media/t/gone.json
expect 3 "$VF" validate s3://media/t/gone.json
contains err.txt "/overlays/0/source: image s3://media/t/gone.png does not exist"
# and the same checks for local files
tpl l-cap.json '"overlays": [{"type": "captions", "source": "gone.vtt"}]'
expect 3 "$VF" validate l-cap.json
contains err.txt "/overlays/0/source: captions ./gone.vtt does not exist"
tpl l-audio.json '"audio": [{"source": "logo.png"}]'
expect 3 "$VF" validate l-audio.json
contains err.txt "/audio/0/source: audio source ./logo.png has no audio stream"

summary test_s3_sources
