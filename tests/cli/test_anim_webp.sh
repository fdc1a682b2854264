#!/bin/bash
# Animated WebP as an image source (issue 15), decoded by libwebp's demux
# library: an animated WebP made here by the ffmpeg CLI plays at the frame
# durations written in its ANMF chunks (read back independently below),
# loops by default, holds its last frame with "loop": false; preview shows
# the frame render writes; a still WebP is unchanged; a truncated or
# garbled animated WebP is exit 3 with one line naming the file, nothing left.
# usage: test_anim_webp.sh VIDFORGE
VF=$(readlink -f "${1:?usage: test_anim_webp.sh path/to/vidforge}")
. "$(dirname "$0")/lib.sh"
cd "$(mktemp -d)" || exit 1
trap 'rm -rf "$PWD"' EXIT
FF="ffmpeg -hide_banner -loglevel error -y"

tpl() { # NAME DURATION OVERLAYS_JSON
    printf '{"template_version": "1.0", "video": {"width": 160, "height": 120, "fps": 10, "duration": %s}, "overlays": [%s], "encoding": {"preset": "ultrafast", "crf": 0}}\n' "$2" "$3" >"$1.json"
}
# colours FILE X Y: one letter (r, g, b, k) per frame for the pixel at (X, Y)
colours() {
    $FF -i "$1" -vf "format=rgb24,crop=1:1:$2:$3" -f rawvideo -pix_fmt rgb24 - | od -An -v -tu1 -w3 |
        awk '{ if ($1 > 150 && $2 < 100) c = "r"; else if ($2 > 150 && $1 < 100) c = "g";
               else if ($3 > 150 && $1 < 100) c = "b"; else c = "k"; printf "%s", c }'
}
# bad NAME CODE TEXT: render NAME.json fails with CODE and one line with TEXT, no output left
bad() {
    expect "$2" "$VF" render "$1.json" -o "$1.mp4"
    contains err.txt "$3"
    check "[ \"\$(wc -l <err.txt)\" = 1 ]" "$1: one line expected, got: $(cat err.txt)"
    absent "$1.mp4"
    no_temps .
}

# red, green, blue, each a frame of its own timestamp; the encoder writes the durations
$FF -f lavfi -i "color=c=red:s=40x40:r=1:d=1[a];color=c=lime:s=40x40:r=1:d=1[b];color=c=blue:s=40x40:r=1:d=1[c];[a][b][c]concat=n=3,settb=1/1000,setpts='if(eq(N,0),0,if(eq(N,1),500,800))'" \
    -fps_mode passthrough -c:v libwebp_anim -lossless 1 -loop 0 anim.webp
# The durations (ms) from the ANMF chunks, and what each output frame at 10 fps
# must show: the WebP frame whose interval holds t (looped, or held at the last).
cat >expect.py <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
durs, i = [], 12
while i + 8 <= len(d):
    tag, n = d[i:i + 4], int.from_bytes(d[i + 4:i + 8], 'little')
    if tag == b'ANMF':
        durs.append(int.from_bytes(d[i + 20:i + 23], 'little'))
    i += 8 + n + (n & 1)
mode, frames, start = sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
if mode == 'durations':
    print(' '.join(map(str, durs))); sys.exit()
total, out = sum(durs), ''
for k in range(frames):
    t = round(k * 100 - start * 1000)  # ms from the layer's start
    if t < 0 or (len(sys.argv) > 5 and k >= int(sys.argv[5])):
        out += 'k'; continue
    t = t % total if mode == 'loop' else min(t, total - 1)
    j = 0
    while t >= sum(durs[:j + 1]):
        j += 1
    out += 'rgb'[j]
print(out)
PY
durs=$(python3 expect.py anim.webp durations 0 0)
check "python3 -c 'import sys; d = sys.argv[1:]; sys.exit(not (len(d) == 3 and len(set(d)) > 1))' $durs" \
    "the fixture needs 3 frames of different durations, got: $durs"

tpl anim 2.4 '{"type": "image", "source": "anim.webp", "position": {"custom": {"x": 20, "y": 20}}},
             {"type": "image", "source": "anim.webp", "loop": false, "position": {"custom": {"x": 100, "y": 20}}},
             {"type": "image", "source": "anim.webp", "position": {"custom": {"x": 60, "y": 70}}, "timeline": {"start": 0.3, "end": 2}}'
expect 0 "$VF" render anim.json -o anim.mp4 -y
want=$(python3 expect.py anim.webp loop 24 0); got=$(colours anim.mp4 40 40)
check "[ '$got' = '$want' ]" "webp loop: got $got, want $want (durations $durs ms)"
want=$(python3 expect.py anim.webp hold 24 0); got=$(colours anim.mp4 120 40)
check "[ '$got' = '$want' ]" "webp loop false: got $got, want $want"
want=$(python3 expect.py anim.webp loop 24 0.3 20); got=$(colours anim.mp4 80 90)
check "[ '$got' = '$want' ]" "webp from 0.3 s: got $got, want $want"
total=$(python3 -c "print('%.3f' % (sum(map(int, '$durs'.split())) / 1000))")
expect 0 "$VF" render anim.json -o anim.mp4 -y --dry-run
contains out.txt "3 frames over $total s looped"
contains out.txt "3 frames over $total s, last held"

# preview draws the frame render writes, here at 0.7 s
expect 0 "$VF" preview anim.json --at 0.7 -o p.png -y
got=$(colours p.png 40 40); want=$(python3 expect.py anim.webp loop 24 0 | cut -c8)
check "[ '$got' = '$want' ]" "preview at 0.7 s: got $got, want $want"

# half size, half opacity: the frames are scaled and faded like GIF frames
tpl half 1 '{"type": "image", "source": "anim.webp", "position": {"custom": {"x": 0, "y": 0}}, "transform": {"scale": 0.5, "opacity": 0.5}}'
expect 0 "$VF" render half.json -o half.mp4 -y
px=$($FF -i half.mp4 -vf "select=eq(n\,0),format=rgb24,crop=1:1:10:10" -frames:v 1 -f rawvideo - | od -An -tu1)
edge=$(colours half.mp4 25 25 | cut -c1)
check "python3 -c 'import sys; r,g,b=map(int,sys.argv[1:]); sys.exit(not (110 < r < 145 and g < 20))' $px && [ $edge = k ]" \
    "scale 0.5, opacity 0.5: (10,10) is $px, (25,25) is $edge"

# a still WebP is a still, as before
$FF -f lavfi -i color=c=blue:s=30x30 -frames:v 1 still.webp
tpl still 1 '{"type": "image", "source": "still.webp", "position": {"custom": {"x": 10, "y": 10}}}'
expect 0 "$VF" render still.json -o still.mp4 -y
got=$(colours still.mp4 20 20)
check "[ '$got' = bbbbbbbbbb ]" "still WebP: got $got"

# truncated and garbled animated WebP: exit 3, one line naming the file
head -c 150 anim.webp >truncated.webp
python3 -c "
d = bytearray(open('anim.webp', 'rb').read())
for i in range(70, len(d) - 4): d[i] ^= 0x5a
open('garbled.webp', 'wb').write(d)"
for f in truncated garbled; do
    tpl "$f" 1 "{\"type\": \"image\", \"source\": \"$f.webp\"}"
    bad "$f" 3 "/overlays/0/source"
    contains err.txt "$f.webp"
done
summary cli_anim_webp
