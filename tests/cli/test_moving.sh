#!/bin/bash
# Issue 15 bullets not covered elsewhere: --guides outlines video layers and
# the sequence's clips with their ids.
# usage: test_moving.sh VIDFORGE
VF=$(readlink -f "${1:?usage: test_moving.sh path/to/vidforge}")
. "$(dirname "$0")/lib.sh"
cd "$(mktemp -d)" || exit 1
trap 'rm -rf "$PWD"' EXIT
FF="ffmpeg -hide_banner -loglevel error -y"

# rgb IMAGE X Y: "R G B" of one pixel
rgb() { $FF -i "$1" -vf "format=rgb24,crop=1:1:$2:$3" -frames:v 1 -f rawvideo - | od -An -tu1 | xargs; }
# is IMAGE X Y PYTHON_TEST: the pixel (r, g, b) passes the test
is() { python3 -c "import sys; r, g, b = map(int, sys.argv[1:]); sys.exit(not ($4))" $(rgb "$1" "$2" "$3"); }
MAGENTA='r > 200 and g < 60 and b > 150'
GREEN='r < 60 and g > 180 and 60 < b < 160'
DARK='r < 60 and g < 60 and b < 90'

# ---- --guides: video layers and clips ---------------------------------------
$FF -f lavfi -i color=c=blue:s=200x150:r=25:d=2 -c:v libx264 -preset ultrafast blue.mp4
$FF -f lavfi -i color=c=0x800000:s=60x40:r=25:d=3 -c:v libx264 -preset ultrafast red.mp4
cat >guides.json <<'JSON'
{"template_version": "1.0",
 "video": {"width": 200, "height": 150, "fps": 25, "clips": [
   {"id": "intro", "input": "blue.mp4", "transition": {"type": "fade", "duration": 0.4}},
   {"id": "outro", "input": "blue.mp4"}]},
 "overlays": [{"type": "video", "id": "pip", "source": "red.mp4", "position": {"custom": {"x": 80, "y": 60}}}]}
JSON
expect 0 "$VF" preview guides.json --at 0.5 --guides -o g1.png -y
# the layer's 60x40 box at (80, 60): its edges magenta, its inside not
check "is g1.png 80 80 '$MAGENTA' && is g1.png 139 80 '$MAGENTA' && is g1.png 110 99 '$MAGENTA' && is g1.png 110 60 '$MAGENTA'" \
    "video layer box edges: $(rgb g1.png 80 80) / $(rgb g1.png 139 80) / $(rgb g1.png 110 99)"
check "! is g1.png 110 80 '$MAGENTA'" "inside the video layer's box: $(rgb g1.png 110 80)"
# its id on a dark tab above the box
check "is g1.png 82 50 '$DARK'" "no label tab above the video layer: $(rgb g1.png 82 50)"
# the clip's box (the frame) in green, its id at the top-left
check "is g1.png 0 100 '$GREEN' && is g1.png 199 100 '$GREEN' && is g1.png 100 149 '$GREEN'" \
    "clip box edges: $(rgb g1.png 0 100) / $(rgb g1.png 199 100) / $(rgb g1.png 100 149)"
# tab FILE: the width of the dark label tab along row 3 from the left
tab() {
    $FF -i "$1" -vf "format=rgb24,crop=200:1:0:3" -f rawvideo - | od -An -v -tu1 -w3 |
        awk '$1 < 60 && $2 < 60 && $3 < 90 { w = NR } END { print w + 0 }'
}
w1=$(tab g1.png)
check "[ $w1 -gt 20 ]" "no label for clip intro (tab $w1 px)"
# in the transition both clips are on screen: "intro > outro", a longer tab
expect 0 "$VF" preview guides.json --at 1.8 --guides -o g2.png -y
w2=$(tab g2.png)
check "[ $w2 -gt $((w1 + 30)) ]" "the transition's label is not longer: $w2 px against $w1 px"
# storyboard --guides draws the same
expect 0 "$VF" storyboard guides.json --at-changes --guides -o sheet.png -y
check "[ -s sheet.png ]" "storyboard --guides"

summary cli_moving
