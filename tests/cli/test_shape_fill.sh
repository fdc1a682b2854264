#!/bin/bash
# Shape gradient fills (issue 15), measured in a previewed frame:
# 0 degrees runs left to right, 90 top to bottom, stops place the colours,
# three colours spread evenly; the rounded corner of a rect is anti-aliased.
# usage: test_shape_fill.sh VIDFORGE
VF=$(readlink -f "${1:?usage: test_shape_fill.sh path/to/vidforge}")
. "$(dirname "$0")/lib.sh"
cd "$(mktemp -d)" || exit 1
trap 'rm -rf "$PWD"' EXIT
export XDG_CACHE_HOME="$PWD/cache"   # rasters drawn afresh, not taken from an earlier run

cat >fill.json <<'JSON'
{"template_version": "1.0", "video": {"width": 320, "height": 200, "fps": 10, "duration": 0.1, "background": "#000000"},
 "overlays": [
   {"type": "shape", "shape": "rect", "width": 200, "height": 20, "fill": {"colors": ["#FF0000", "#0000FF"], "angle": 0},
    "position": {"custom": {"x": 0, "y": 0}}},
   {"type": "shape", "shape": "rect", "width": 20, "height": 100, "fill": {"colors": ["#FF0000", "#0000FF"], "angle": 90},
    "position": {"custom": {"x": 280, "y": 0}}},
   {"type": "shape", "shape": "rect", "width": 200, "height": 20,
    "fill": {"colors": ["#FF0000", "#0000FF"], "angle": 0, "stops": [0.5, 1]},
    "position": {"custom": {"x": 0, "y": 40}}},
   {"type": "shape", "shape": "rect", "width": 200, "height": 20, "fill": {"colors": ["#FF0000", "#00FF00", "#0000FF"]},
    "position": {"custom": {"x": 0, "y": 80}}},
   {"type": "shape", "shape": "rect", "width": 100, "height": 60, "radius": 20, "fill": "#FFFFFF",
    "position": {"custom": {"x": 0, "y": 130}}}],
 "encoding": {"preset": "ultrafast", "crf": 0}}
JSON
# the preview: the frame render composites (edges against black bleed chroma:
# sample inside)
expect 0 "$VF" preview fill.json --at 0 -o fill.png
ffmpeg -hide_banner -loglevel error -y -i fill.png -f rawvideo -pix_fmt rgb24 fill.raw
python3 - fill.raw >report.txt <<'PY'
import sys
W = 320
d = open(sys.argv[1], 'rb').read()
px = lambda x, y: tuple(d[(y * W + x) * 3:(y * W + x) * 3 + 3])
bad = []
def near(what, got, want, tol=12):
    if any(abs(a - b) > tol for a, b in zip(got, want)):
        bad.append('%s: %s, want %s' % (what, got, want))
# 0 degrees: red at the left, blue at the right, half and half in the middle
near('0 deg left', px(1, 10), (255, 0, 0), 20)
near('0 deg middle', px(100, 10), (128, 0, 128), 20)
near('0 deg right', px(198, 10), (0, 0, 255), 20)
# 90 degrees: red at the top, blue at the bottom, columns equal
near('90 deg top', px(290, 1), (255, 0, 0), 20)
near('90 deg bottom', px(290, 98), (0, 0, 255), 20)
near('90 deg same row', px(284, 50), px(294, 50), 4)
# stops 0.5, 1: red until the middle, then to blue
near('stops first half', px(60, 50), (255, 0, 0), 20)
near('stops 3/4', px(150, 50), (128, 0, 128), 20)
# three colours spread evenly: green in the middle
near('three colours middle', px(100, 90), (0, 255, 0), 20)
# a rounded corner: the corner pixel dark, the rim partly lit, the inside white
corner, inside = px(0, 130), px(50, 160)
rim = sum(20 < px(x, y)[0] < 235 for x in range(20) for y in range(130, 150))
if not (corner[0] < 20 and inside[0] > 235 and rim >= 10):
    bad.append('rounded corner: corner %s, inside %s, %d partly lit rim pixels' % (corner, inside, rim))
print('\n'.join(bad))
sys.exit(bool(bad))
PY
rc=$?
check "[ $rc = 0 ]" "gradient fills: $(cat report.txt)"
summary cli_shape_fill
