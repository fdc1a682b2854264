#!/bin/bash
# Keyframes with every easing name (issue 15), measured in rendered lossless
# frames against the formulas docs/template-guide.md states (linear p,
# ease_in p^3, ease_out 1-(1-p)^3, ease_in_out, hold), computed here
# independently of vidforge: a keyframed offset.x within 1 px at 7 times per
# easing, a keyframed opacity within 3 levels, a keyframed shape width
# within 1 px.
# usage: test_easing.sh VIDFORGE
VF=$(readlink -f "${1:?usage: test_easing.sh path/to/vidforge}")
. "$(dirname "$0")/lib.sh"
cd "$(mktemp -d)" || exit 1
trap 'rm -rf "$PWD"' EXIT
export XDG_CACHE_HOME="$PWD/cache"   # rasters drawn afresh, not taken from an earlier run

EASINGS="linear ease_in ease_out ease_in_out hold"
layers=""
i=0
for e in $EASINGS; do
    layers="$layers{\"type\": \"shape\", \"shape\": \"rect\", \"width\": 10, \"height\": 10, \"fill\": \"#FFFFFF\",
      \"position\": {\"offset\": {\"x\": [{\"t\": 0, \"value\": 0, \"easing\": \"$e\"}, {\"t\": 1, \"value\": 200}], \"y\": $((10 + 20 * i))}}},"
    i=$((i + 1))
done
cat >ease.json <<JSON
{"template_version": "1.0", "video": {"width": 320, "height": 200, "fps": 30, "duration": 1.2, "background": "#000000"},
 "overlays": [$layers
   {"type": "shape", "shape": "rect", "width": 20, "height": 20, "fill": "#FFFFFF",
    "position": {"custom": {"x": 280, "y": 120}}, "transform": {"opacity": [{"t": 0, "value": 0}, {"t": 1, "value": 1}]}},
   {"type": "shape", "shape": "rect", "width": [{"t": 0, "value": 10, "easing": "ease_out"}, {"t": 1, "value": 110}], "height": 10,
    "fill": "#FFFFFF", "position": {"custom": {"x": 0, "y": 170}}}],
 "encoding": {"preset": "ultrafast", "crf": 0}}
JSON
expect 0 "$VF" render ease.json -o ease.mp4
ffmpeg -hide_banner -loglevel error -y -i ease.mp4 -f rawvideo -pix_fmt rgb24 ease.raw
python3 - ease.raw $EASINGS >report.txt <<'PY'
import sys
W, H = 320, 200
d = open(sys.argv[1], 'rb').read()
formula = {
    'linear': lambda p: p,
    'ease_in': lambda p: p ** 3,
    'ease_out': lambda p: 1 - (1 - p) ** 3,
    'ease_in_out': lambda p: 4 * p ** 3 if p < 0.5 else 1 - (-2 * p + 2) ** 3 / 2,
    'hold': lambda p: 0 if p < 1 else 1,
}
def px(n, x, y):
    o = n * W * H * 3 + (y * W + x) * 3
    return d[o]
def left(n, y):  # first lit column on row y
    return next((x for x in range(W) if px(n, x, y) > 127), -1)
def lit(n, y):
    return sum(px(n, x, y) > 127 for x in range(W))
bad = 0
for n in (0, 5, 9, 15, 21, 27, 30):
    p = min(n / 30, 1)
    for i, e in enumerate(sys.argv[2:]):
        want, got = round(200 * formula[e](p)), left(n, 15 + 20 * i)
        if abs(got - want) > 1:
            bad += 1; print('frame %d %s: x %d, want %d' % (n, e, got, want))
    want, got = round(255 * p), px(n, 290, 130)
    if abs(got - want) > 3:
        bad += 1; print('frame %d opacity: level %d, want %d' % (n, got, want))
    want, got = round(10 + 100 * formula['ease_out'](p)), lit(n, 175)
    if abs(got - want) > 1:
        bad += 1; print('frame %d width: %d px, want %d' % (n, got, want))
print('mismatches: %d' % bad)
sys.exit(bad != 0)
PY
rc=$?
check "[ $rc = 0 ]" "keyframes off their easing formulas: $(cat report.txt)"
summary cli_easing
