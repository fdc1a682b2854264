#!/bin/bash
# Issue 15 bullets not covered elsewhere: --guides outlines video layers and
# the sequence's clips with their ids; every transition type renders its xfade with
# the exact frame count and a blend at its midpoint; rotated, anamorphic
# (SAR) and variable-frame-rate sources show upright, at their display size
# and at their own timing as video layers.
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

# ---- video layers: constant transforms render (motion: test_vlayer_motion.sh) -
$FF -f lavfi -i testsrc2=s=64x48:r=25:d=2 -c:v libx264 -preset ultrafast clip.mp4
motion() { # NAME KEYS_JSON
    printf '{"template_version": "1.0", "video": {"width": 160, "height": 120, "fps": 25, "duration": 1},\n "overlays": [{"type": "video", "source": "clip.mp4", %s}]}\n' "$2" >"$1.json"
}
motion m5 '"transform": {"scale": 0.5, "opacity": 0.5, "rotation": 0}, "position": {"offset": {"x": 4}}'
expect 0 "$VF" render m5.json -o m5.mp4

# ---- every transition type: its xfade, the frame count, a blend midway -------
$FF -f lavfi -i color=c=red:s=64x48:r=25:d=1 -c:v libx264 -preset ultrafast -qp 0 red.mp4
$FF -f lavfi -i color=c=blue:s=64x48:r=25:d=1 -c:v libx264 -preset ultrafast -qp 0 blue2.mp4
for tr in fade fadeblack fadewhite dissolve wipeleft wiperight slideleft slideright slideup \
          slidedown circleopen zoomin; do
    printf '{"template_version": "1.0", "video": {"width": 64, "height": 48, "fps": 25, "clips": [{"input": "red.mp4", "transition": {"type": "%s", "duration": 0.4}}, {"input": "blue2.mp4"}]}, "encoding": {"preset": "ultrafast", "crf": 0}}\n' "$tr" >"$tr.json"
    expect 0 "$VF" render "$tr.json" -o "$tr.mp4" --dry-run
    contains out.txt "xfade=transition=$tr:duration=0.400000:offset=0.600000"
    expect 0 "$VF" render "$tr.json" -o "$tr.mp4"
    # 1 + 1 - 0.4 s = 40 frames; the transition is frames [15, 25): frame 20 is
    # neither clip (22 for zoomin, which zooms first and blends in its second half)
    $FF -i "$tr.mp4" -f rawvideo -pix_fmt rgb24 "$tr.raw"
    check "python3 - '$tr.raw' <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
size = 64 * 48 * 3
def diff(n, c):
    f = d[n * size:(n + 1) * size]
    return sum(abs(f[i] - c[i % 3]) for i in range(0, size, 7)) / (size / 7)
red, blue = (255, 0, 0), (0, 0, 255)
sys.exit(not (len(d) == 40 * size and diff(14, red) < 8 and diff(25, blue) < 8
              and any(diff(n, red) > 30 and diff(n, blue) > 30 for n in (20, 22))))
PY" "$tr: 40 frames, red to frame 14, blue from 25, a blend midway"
done

# ---- rotated, anamorphic and VFR sources as video layers ----------------------
# grey 64x48 with a white 16x16 mark at its top-left corner
$FF -f lavfi -i "color=c=gray:s=64x48:r=25:d=1,drawbox=x=0:y=0:w=16:h=16:color=white:t=fill" \
    -c:v libx264 -preset ultrafast rot0.mp4
$FF -i rot0.mp4 -c copy -metadata:s:v:0 rotate=90 rot.mp4   # a display matrix (copy only)
# the same mark at the right edge, pixels twice as wide as high: 128x48 on screen
$FF -f lavfi -i "color=c=gray:s=64x48:r=25:d=1,drawbox=x=48:y=0:w=16:h=16:color=white:t=fill,setsar=2" \
    -c:v libx264 -preset ultrafast sar.mp4
# red frames every 0.1 s until 1 s, then blue ones every 0.04 s
$FF -f lavfi -i "color=c=red:s=64x48:r=25:d=1[a];color=c=blue:s=64x48:r=25:d=1[b];[a][b]concat=n=2,select='not(lt(n\,25)*mod(n\,5))',setpts='if(lt(N\,5)\,N*0.1\,1+(N-5)*0.04)/TB'" \
    -fps_mode passthrough -c:v libx264 -preset ultrafast vfr.mp4
cat >sources.json <<'JSON'
{"template_version": "1.0", "video": {"width": 200, "height": 120, "fps": 25, "duration": 1.6, "background": "#000000"},
 "overlays": [{"type": "video", "source": "rot.mp4", "position": {"custom": {"x": 0, "y": 0}}},
              {"type": "video", "source": "sar.mp4", "position": {"custom": {"x": 60, "y": 0}}},
              {"type": "video", "source": "vfr.mp4", "position": {"custom": {"x": 0, "y": 70}}, "size": {"width": 40, "height": 30}},
              {"type": "video", "source": "vfr.mp4", "position": {"custom": {"x": 100, "y": 70}}, "size": {"width": 40, "height": 30}, "timeline": {"start": 0.2}}],
 "encoding": {"preset": "ultrafast", "crf": 0}}
JSON
expect 0 "$VF" render sources.json -o sources.mp4 --dry-run
contains out.txt "video layer overlay-0: ./rot.mp4"
contains out.txt "box 48x64 at (0,0)"
contains out.txt "box 128x48 at (60,0)"
expect 0 "$VF" render sources.json -o sources.mp4
$FF -i sources.mp4 -vf "select=eq(n\,5)" -frames:v 1 s5.png
WHITE='r > 200 and g > 200 and b > 200'
# upright as the ffmpeg CLI shows it (its autorotate): the top-left mark is
# now at the bottom-left of the 48x64 box
$FF -i rot.mp4 -frames:v 1 auto.png
check "is auto.png 8 56 '$WHITE' && is s5.png 8 56 '$WHITE' && ! is s5.png 8 8 '$WHITE' && ! is s5.png 40 8 '$WHITE'" \
    "rotated source: (8,56) $(rgb s5.png 8 56), (8,8) $(rgb s5.png 8 8), (40,8) $(rgb s5.png 40 8)"
# stretched to its display width: the mark covers x 96..127 of the box
check "is s5.png $((60 + 100)) 8 '$WHITE' && ! is s5.png $((60 + 60)) 8 '$WHITE'" \
    "anamorphic source: $(rgb s5.png 160 8), $(rgb s5.png 120 8)"
# colours FILE X Y: r, b or k per frame
colours() {
    $FF -i "$1" -vf "format=rgb24,crop=1:1:$2:$3" -f rawvideo - | od -An -v -tu1 -w3 |
        awk '{ if ($1 > 150 && $3 < 100) c = "r"; else if ($3 > 150 && $1 < 100) c = "b"; else c = "k"; printf "%s", c }'
}
r25=$(printf 'r%.0s' $(seq 25)); b15=$(printf 'b%.0s' $(seq 15)); b10=$(printf 'b%.0s' $(seq 10))
got=$(colours sources.mp4 20 85)
check "[ '$got' = '$r25$b15' ]" "VFR source from 0 s: $got"
got=$(colours sources.mp4 120 85)
check "[ '$got' = 'kkkkk$r25$b10' ]" "VFR source from 0.2 s: $got"

summary cli_moving
