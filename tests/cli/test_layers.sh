#!/bin/bash
# Shapes, keyframes, rotation and animated images through the command line:
# an animated GIF made here with known delays and colours changes frame at
# its own delays in the rendered output (frame-exact), loops, or holds its
# last frame with "loop": false; preview shows the frame render writes;
# --dry-run describes what is drawn per frame; bad inputs get their exit
# code, a message naming the problem, and leave nothing behind.
# usage: test_layers.sh VIDFORGE
set -u
VF=$(readlink -f "$1")
WORK=$(mktemp -d /tmp/vidforge-layers-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
passed=0
failed=0
FF="ffmpeg -hide_banner -loglevel error -y"
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL [$1]: $2" >&2; }

# hostile NAME CODE MESSAGE COMMAND...: exit code, message on stderr, no out.mp4
hostile() {
    local name=$1 code=$2 msg=$3; shift 3
    rm -f out.mp4
    "$@" >out.txt 2>err.txt
    local got=$?
    if [ $got -ne "$code" ]; then fail "$name" "exit $got, expected $code: $(head -c 300 err.txt)"
    elif ! grep -qF -- "$msg" err.txt; then fail "$name" "stderr lacks \"$msg\": $(head -c 300 err.txt)"
    elif [ -e out.mp4 ] || ls -a | grep -q vidforge-tmp; then fail "$name" "an output was left behind"
    else ok; fi
}
tpl() { # NAME DURATION OVERLAYS_JSON
    printf '{"template_version": "1.0", "video": {"width": 160, "height": 120, "fps": 10, "duration": %s}, "overlays": [%s], "encoding": {"preset": "ultrafast", "crf": 0}}\n' "$2" "$3" > "$1.json"
}

# An animated GIF: red for 0.5 s, green for 0.3 s, blue for 0.3 s (1.1 s a loop).
$FF -f lavfi -i "color=c=red:s=40x40:r=1:d=1[a];color=c=lime:s=40x40:r=1:d=1[b];color=c=blue:s=40x40:r=1:d=1[c];[a][b][c]concat=n=3,settb=1/100,setpts='if(eq(N,0),0,if(eq(N,1),50,80))'" \
    -fps_mode passthrough anim.gif
delays=$(ffprobe -v error -show_entries packet=duration -of csv=p=0 anim.gif | tr '\n' ' ')
[ "$delays" = "50 30 30 " ] && ok || fail gif-fixture "delays $delays, expected 50 30 30"

# colours NAME X Y: one letter (r, g, b, k) per output frame for the pixel at (x, y)
colours() {
    $FF -i "$1" -vf "format=rgb24,crop=1:1:$2:$3" -f rawvideo -pix_fmt rgb24 - | od -An -v -tu1 -w3 |
        awk '{ if ($1 > 150 && $2 < 100) c = "r"; else if ($2 > 150 && $1 < 100) c = "g";
               else if ($3 > 150 && $1 < 100) c = "b"; else c = "k"; printf "%s", c }'
}

tpl gif 2.4 '{"type": "image", "source": "anim.gif", "position": {"custom": {"x": 20, "y": 20}}},
             {"type": "image", "source": "anim.gif", "loop": false, "position": {"custom": {"x": 100, "y": 20}}},
             {"type": "image", "source": "anim.gif", "position": {"custom": {"x": 60, "y": 70}}, "timeline": {"start": 0.3, "end": 2}}'
"$VF" render gif.json -o gif.mp4 -y 2>err.txt || fail gif-render "$(cat err.txt)"
# frame n shows the GIF frame whose interval holds n / 10 s from the layer's start
got=$(colours gif.mp4 40 40)
[ "$got" = "rrrrrgggbbbrrrrrgggbbbrr" ] && ok || fail gif-loop "got $got"
got=$(colours gif.mp4 120 40)
[ "$got" = "rrrrrgggbbbbbbbbbbbbbbbb" ] && ok || fail gif-hold "got $got"
got=$(colours gif.mp4 80 90)
[ "$got" = "kkkrrrrrgggbbbrrrrrgkkkk" ] && ok || fail gif-start "got $got"
"$VF" render gif.json -o gif.mp4 -y --dry-run >dry.txt 2>&1
grep -q "drawn per frame into 44x44 at (18,18): 3 frames over 1.100 s looped" dry.txt && ok ||
    fail gif-dry-run "$(grep -A1 overlay-0 dry.txt)"
grep -q "3 frames over 1.100 s, last held" dry.txt && ok || fail gif-dry-run-hold "$(cat dry.txt)"

# APNG plays at its own timing too, and an animated WebP (timing: tests/cli/test_anim_webp.sh)
$FF -f lavfi -i "color=c=red:s=40x40:r=1:d=1[a];color=c=lime:s=40x40:r=1:d=1[b];color=c=blue:s=40x40:r=1:d=1[c];[a][b][c]concat=n=3,settb=1/100,setpts='if(eq(N,0),0,if(eq(N,1),50,80))'" \
    -fps_mode passthrough -plays 0 -f apng anim.png
tpl apng 2.4 '{"type": "image", "source": "anim.png", "position": {"custom": {"x": 20, "y": 20}}}'
"$VF" render apng.json -o apng.mp4 -y 2>err.txt || fail apng-render "$(cat err.txt)"
got=$(colours apng.mp4 40 40)
[ "$got" = "rrrrrgggbbbrrrrrgggbbbrr" ] && ok || fail apng-loop "got $got"
if $FF -i anim.gif -c:v libwebp_anim -loop 0 anim.webp 2>/dev/null; then
    tpl webp 1 '{"type": "image", "source": "anim.webp"}'
    "$VF" render webp.json -o webp.mp4 -y 2>err.txt && ok || fail webp-render "$(cat err.txt)"
fi

# preview writes the frame render writes (keyframes, rotation, shapes, GIF)
tpl motion 2 '{"type": "shape", "shape": "ellipse", "width": 50, "height": 30, "fill": {"colors": ["#FF0000", "#0000FF"]},
               "position": {"preset": "CENTER", "offset": {"x": [{"t": 0, "value": -50}, {"t": 1.5, "value": 50, "easing": "ease_in_out"}]}},
               "transform": {"rotation": [{"t": 0, "value": 0}, {"t": 2, "value": 180}]}},
              {"type": "image", "source": "anim.gif", "transform": {"rotation": 30, "opacity": [{"t": 0, "value": 0.2}, {"t": 1, "value": 1}]}},
              {"type": "shape", "shape": "rect", "width": [{"t": 0, "value": 0}, {"t": 2, "value": 160}], "height": 8,
               "fill": "#FFFF00", "position": {"preset": "BOTTOM_LEFT"}}'
"$VF" render motion.json -o motion.mp4 -y 2>err.txt || fail motion-render "$(cat err.txt)"
for at in 0.3 0.9 1.4; do
    "$VF" preview motion.json --at $at -o "p$at.png" -y 2>err.txt || fail preview "$(cat err.txt)"
    n=$(python3 -c "print(round($at * 10))")
    $FF -i motion.mp4 -vf "select=eq(n\,$n)" -frames:v 1 -f rawvideo -pix_fmt rgb24 r.raw
    $FF -i "p$at.png" -f rawvideo -pix_fmt rgb24 p.raw
    # the mean difference, as test_animation's preview check (chroma edges differ a little)
    diff=$(python3 -c "a=open('r.raw','rb').read(); b=open('p.raw','rb').read(); print(int(100*sum(abs(x-y) for x,y in zip(a,b))/len(a)) if len(a)==len(b) else 999)")
    [ "$diff" -lt 100 ] && ok || fail "preview-$at" "preview and render differ by $diff/100 on average"
done
"$VF" render motion.json -o motion.mp4 -y --dry-run >dry.txt 2>&1
grep -q 'x\[4@0s/linear,104@1.5s/ease_in_out\] rotation\[0@0s/linear,180@2s/linear\]' dry.txt && ok ||
    fail motion-dry-run "$(cat dry.txt)"
grep -q 'width\[0@0s/linear,160@2s/linear\]' dry.txt && ok || fail shape-dry-run "$(cat dry.txt)"

# --guides outlines a turned layer's box where it is: a diamond for a square at 45 degrees
tpl turned 1 '{"type": "shape", "shape": "rect", "width": 40, "height": 40, "fill": "#202020", "position": {"preset": "CENTER"}, "transform": {"rotation": 45}}'
"$VF" preview turned.json --at 0.5 --guides -o guides.png -y 2>err.txt || fail guides "$(cat err.txt)"
magenta() { # X Y: 1 when a magenta pixel lies within a pixel of (X, Y)
    $FF -i guides.png -vf "format=rgb24,crop=3:3:$(($1 - 1)):$(($2 - 1))" -f rawvideo - |
        od -An -v -tu1 -w3 | awk '$1 > 200 && $2 < 60 && $3 > 150 { m = 1 } END { print m + 0 }'
}
[ "$(magenta 80 88)" = 1 ] && [ "$(magenta 108 60)" = 1 ] && [ "$(magenta 61 41)" = 0 ] && ok ||
    fail guides-turned "no diamond: $(magenta 80 88) $(magenta 108 60) $(magenta 61 41)"

# the frames of an animated image are bounded by half the memory limit (100 frames of 800x800: 244 MB)
$FF -f lavfi -i "testsrc=s=800x800:r=25:d=4" big.gif
tpl big 1 '{"type": "image", "source": "big.gif"}'
hostile gif-memory 2 '/overlays/0/source: animated image ./big.gif: its frames at 800x800 would pass 200 MB' \
    "$VF" render big.json -o out.mp4 --limit memory=400

# storyboard --at-changes adds a tile at each keyframe: frames 0, 5, 12 and the last (19)
tpl board 2 '{"type": "shape", "shape": "rect", "width": 40, "height": 20, "transform": {"rotation": [{"t": 0, "value": 0}, {"t": 0.5, "value": 90}, {"t": 1.2, "value": 180}]}}'
"$VF" storyboard board.json --at-changes -o board.png -y 2>err.txt || fail storyboard "$(cat err.txt)"
w=$(ffprobe -v error -show_entries stream=width -of csv=p=0 board.png)
[ "$w" = 2000 ] && ok || fail storyboard-keyframes "4 tiles should make 2000 px, got $w"

# bad inputs
$FF -f lavfi -i testsrc2=s=64x48:r=10:d=1 -c:v libx264 -preset ultrafast clip.mp4
head -c 700 anim.gif > truncated.gif
python3 -c "
d = bytearray(open('anim.gif', 'rb').read())
for i in range(60, len(d) - 10): d[i] ^= 0x5a
open('garbled.gif', 'wb').write(d)"
tpl video-image 1 '{"type": "image", "source": "clip.mp4"}'
hostile video-as-image 2 '/overlays/0/source: ./clip.mp4 is a video' "$VF" render video-image.json -o out.mp4
hostile video-as-image-hint 2 '"type": "video"' "$VF" render video-image.json -o out.mp4
for f in truncated garbled; do
    tpl "$f" 1 "{\"type\": \"image\", \"source\": \"$f.gif\"}"
    hostile "corrupt-$f" 3 "$f.gif" "$VF" render "$f.json" -o out.mp4
done
tpl missing 1 '{"type": "image", "source": "none.gif"}'
hostile missing-gif 3 "none.gif" "$VF" render missing.json -o out.mp4
KEYS='"position": {"offset": {"x": [{"t": 1, "value": 0}, {"t": 0.5, "value": 10}]}}'
tpl order 2 "{\"type\": \"shape\", \"shape\": \"rect\", \"width\": 10, \"height\": 10, $KEYS}"
hostile keys-order 2 'order.json:1:' "$VF" render order.json -o out.mp4
hostile keys-order-pointer 2 '/overlays/0/position/offset/x/1: keyframes out of order' "$VF" validate order.json
tpl window 2 '{"type": "text", "content": "x", "timeline": {"start": 1}, "transform": {"scale": [{"t": 0, "value": 1}, {"t": 1.5, "value": 2}]}}'
hostile keys-window 2 "/overlays/0/transform/scale/1/t: keyframe at 1.5 s is outside the layer's window (0 to 1 s" \
    "$VF" render window.json -o out.mp4
tpl easing 2 '{"type": "shape", "shape": "ellipse", "width": 10, "height": 10, "transform": {"rotation": [{"t": 0, "value": 0, "easing": "ease_inout"}]}}'
hostile keys-easing 2 '/overlays/0/transform/rotation/0/easing: unknown easing "ease_inout" (did you mean "ease_in_out"?)' \
    "$VF" render easing.json -o out.mp4
tpl value 2 '{"type": "image", "source": "anim.gif", "transform": {"opacity": [{"t": 0, "value": 2}]}}'
hostile keys-range 2 '/overlays/0/transform/opacity/0/value: must be a number in [0, 1]' "$VF" render value.json -o out.mp4
tpl shape 1 '{"type": "shape", "shape": "star", "width": 10, "height": 10}'
hostile shape-kind 2 '/overlays/0/shape: unknown shape "star"' "$VF" render shape.json -o out.mp4
tpl fill 1 '{"type": "shape", "shape": "rect", "width": 10, "height": 10, "fill": {"colours": ["#000000"]}}'
hostile shape-fill 2 '/overlays/0/fill/colours: unknown key' "$VF" render fill.json -o out.mp4
tpl loop 1 '{"type": "image", "source": "anim.gif", "loop": "no"}'
hostile loop-bool 2 '/overlays/0/loop: must be true or false' "$VF" render loop.json -o out.mp4

echo "layers: $passed passed, $failed failed"
[ $failed -eq 0 ]
