#!/bin/bash
# Issue 15, "Keyframes and rotation" on video layers: a video layer's
# keyframed position follows the easing formula (+-1 px) at several frames,
# keyframed opacity and scale and an in-animation at sampled frames, a
# rotation by 90 degrees moves a marker (and the border) where expected, a
# preview at t is the rendered frame at t, and --dry-run prints the graph the
# render builds. Layers are found by solid-coloured sources on black.
# usage: test_vlayer_motion.sh VIDFORGE
VF=$(readlink -f "${1:?usage: test_vlayer_motion.sh path/to/vidforge}")
. "$(dirname "$0")/lib.sh"
cd "$(mktemp -d)" || exit 1
trap 'rm -rf "$PWD"' EXIT
FF="ffmpeg -hide_banner -loglevel error -y"

$FF -f lavfi -i color=c=red:s=40x40:r=25:d=3 -c:v libx264 -preset ultrafast -qp 0 red.mp4
$FF -f lavfi -i color=c=white:s=80x40:r=25:d=3 -c:v libx264 -preset ultrafast -qp 0 white.mp4
# grey 80x40 with a white 16x16 marker at its top-left corner
$FF -f lavfi -i "color=c=gray:s=80x40:r=25:d=3,drawbox=x=0:y=0:w=16:h=16:color=white:t=fill" \
    -c:v libx264 -preset ultrafast -qp 0 mark.mp4

tpl() { # NAME OVERLAYS_JSON [DURATION]
    printf '{"template_version": "1.0", "video": {"width": 320, "height": 240, "fps": 25, "duration": %s, "background": "#000000"},\n "overlays": [%s],\n "encoding": {"preset": "ultrafast", "crf": 0}}\n' "${3:-2}" "$2" >"$1.json"
}
render() { # NAME: renders NAME.json, its frames as NAME.raw (320x240 rgb24)
    expect 0 "$VF" render "$1.json" -o "$1.mp4" -y
    $FF -i "$1.mp4" -f rawvideo -pix_fmt rgb24 "$1.raw"
}
# py NAME MESSAGE <<PY: runs the python check with frame(n) -> rows of (r,g,b)
py() {
    check "python3 - '$1.raw' <<PYEOF
import sys
W, H = 320, 240
d = open(sys.argv[1], 'rb').read()
def px(n, x, y):
    o = (n * H + y) * W * 3 + x * 3
    return d[o], d[o + 1], d[o + 2]
def ease(e, p):
    p = min(max(p, 0), 1)
    return {'linear': p, 'ease_in': p ** 3, 'ease_out': 1 - (1 - p) ** 3,
            'ease_in_out': 4 * p ** 3 if p < 0.5 else 1 - (-2 * p + 2) ** 3 / 2}[e]
def red(n):  # centroid of the red layer's coverage
    sx = sy = s = 0
    for y in range(H):
        for x in range(W):
            r, g, b = px(n, x, y)
            a = max(0, r - g) / 255
            sx += a * x; sy += a * y; s += a
    return sx / s + 0.5, sy / s + 0.5
$(cat)
PYEOF" "$2"
}

# ---- keyframed position: the easing formula at several frames ---------------
tpl pos '{"type": "video", "source": "red.mp4", "position": {"custom": {"x": 0, "y": 0}, "offset": {"x": [{"t": 0, "value": 10, "easing": "ease_in_out"}, {"t": 1.6, "value": 250}], "y": [{"t": 0.4, "value": 20, "easing": "ease_out"}, {"t": 1.2, "value": 180}]}}}'
render pos
py pos "keyframed position of a video layer follows the easing ±1 px" <<'PY'
bad = []
for n in (0, 7, 13, 20, 30, 40, 45):
    t = n / 25
    x = 10 + 240 * ease('ease_in_out', t / 1.6) + 20
    y = 20 + 160 * ease('ease_out', (t - 0.4) / 0.8) + 20
    cx, cy = red(n)
    if abs(cx - x) > 1 or abs(cy - y) > 1:
        bad.append((n, round(cx, 2), round(cy, 2), round(x, 2), round(y, 2)))
print(bad)
sys.exit(bool(bad))
PY

# ---- keyframed opacity, an in-animation, keyframed scale --------------------
tpl fade '{"type": "video", "source": "white.mp4", "position": {"custom": {"x": 10, "y": 10}}, "transform": {"opacity": [{"t": 0, "value": 0}, {"t": 1, "value": 1}]}},
  {"type": "video", "source": "white.mp4", "position": {"custom": {"x": 10, "y": 100}}, "transform": {"opacity": [{"t": 0, "value": 1}, {"t": 2, "value": 1}]}, "timeline": {"animation": {"in": {"type": "fade", "duration": 0.8, "easing": "linear"}}}},
  {"type": "video", "source": "white.mp4", "position": {"custom": {"x": 150, "y": 100}}, "transform": {"scale": [{"t": 0, "value": 0.5, "easing": "ease_in"}, {"t": 1, "value": 2}]}}'
render fade
py fade "keyframed opacity, a fade-in with keyframes and keyframed scale at sampled frames" <<'PY'
bad = []
for n in (5, 12, 20, 30):
    want = 255 * min(n / 25, 1)
    got = px(n, 50, 30)[1]
    if abs(got - want) > 6:
        bad.append(('opacity', n, got, want))
    want = 255 * min(n / 25 / 0.8, 1)
    got = px(n, 50, 120)[1]
    if abs(got - want) > 6:
        bad.append(('fade in', n, got, want))
    # box 160x80 (the largest scale) centred at (230, 140): width 160 * s / 2
    s = 0.5 + 1.5 * ease('ease_in', n / 25)
    w = sum(px(n, x, 140)[1] for x in range(W)) / 255
    if abs(w - 160 * s / 2) > 2:
        bad.append(('scale', n, round(w, 2), 160 * s / 2))
print(bad)
sys.exit(bool(bad))
PY

# ---- rotation by 90 degrees: the marker and the border move with it ---------
# box 80x40 at (100, 100), centre (140, 120); turned clockwise it covers
# x 120..160, y 80..160 and the top-left marker lands at the top-right;
# the 4 px blue border turns with it (x 116..164)
tpl rot '{"type": "video", "source": "mark.mp4", "position": {"custom": {"x": 100, "y": 100}}, "transform": {"rotation": 90}, "border": {"width": 4, "color": "#0000FF"}}'
render rot
py rot "rotation by 90 degrees moves the marker and the border" <<'PY'
W_ = lambda p: min(p) > 200
G_ = lambda p: all(90 < c < 170 for c in p)
B_ = lambda p: p[2] > 200 and p[0] < 60
K_ = lambda p: max(p) < 30
n = 10
checks = [(152, 88, W_), (128, 88, G_), (128, 152, G_), (152, 152, G_), (118, 120, B_),
          (162, 120, B_), (108, 108, K_), (140, 170, K_)]
bad = [(x, y, px(n, x, y)) for x, y, f in checks if not f(px(n, x, y))]
print(bad)
sys.exit(bool(bad))
PY

# ---- preview at t is the rendered frame at t; dry-run is the built graph ------
tpl all '{"type": "video", "source": "mark.mp4", "position": {"custom": {"x": 60, "y": 50}, "offset": {"x": [{"t": 0, "value": 0, "easing": "ease_in"}, {"t": 3.4, "value": 120}]}}, "transform": {"rotation": [{"t": 0, "value": 0}, {"t": 3.4, "value": 180}], "opacity": 0.8, "scale": [{"t": 0, "value": 1}, {"t": 3.4, "value": 1.5}]}, "radius": 8, "shadow": {"offset": {"x": 6, "y": 6}, "blur": 3, "color": "#00FF0080"}}' 3.5
render all
# a preview starts its graph 2 s before t: these start past the layer's start
for at in 0.52 2.56 3.24; do
    n=$(python3 -c "print(int($at * 25))")
    expect 0 "$VF" preview all.json --at $at -o "p$n.png" -y
    $FF -i "p$n.png" -f rawvideo -pix_fmt rgb24 "p$n.rgb"
    check "python3 - all.raw p$n.rgb $n <<'PY'
import sys
d = open(sys.argv[1], 'rb').read(); p = open(sys.argv[2], 'rb').read(); n = int(sys.argv[3])
size = 320 * 240 * 3
f = d[n * size:(n + 1) * size]
diff = sum(abs(a - b) for a, b in zip(f, p)) / size
print(diff)
sys.exit(not (len(p) == size and diff < 1.5))
PY" "preview at $at equals rendered frame $n"
done
expect 0 "$VF" render all.json -o all.mp4 --dry-run
contains out.txt "drawn per frame into"
sed -n '/^filter graph:$/,$p' out.txt | sed 1d > dry.txt
expect 0 "$VF" render all.json -o all2.mp4 -v --no-reuse # all.mp4 cached every segment
python3 - err.txt >built.txt <<'PY'
import re, sys
m = re.search(r"video graph:\n(.*?)\n\(end of video graph\)", open(sys.argv[1]).read(), re.S)
print(m.group(1) if m else "")
PY
same dry.txt built.txt
contains dry.txt "[vp0]"
contains dry.txt "[vc0]"

# ---- keyframes outside the layer's window: exit 2 with the pointer -----------
tpl late '{"type": "video", "source": "red.mp4", "timeline": {"end": 1}, "transform": {"opacity": [{"t": 0, "value": 0}, {"t": 1.5, "value": 1}]}}'
expect 2 "$VF" render late.json -o late.mp4
contains err.txt "/overlays/0/transform/opacity/1/t"
absent late.mp4

summary test_vlayer_motion
