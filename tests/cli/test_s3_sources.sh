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

summary test_s3_sources
