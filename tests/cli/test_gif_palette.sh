#!/bin/bash
# GIF palettes per scene (docs/formats.md): a clip of a red-ish scene then a
# blue-ish scene, each a smooth ramp that needs many shades of its own
# colour. With encoding.gif.palette "scene" each scene gets its own 256
# colours, so each scene's frames are closer to the source than with one
# palette for the file ("file", the default); the frame count and loop stay
# verified either way; a bad palette name is exit 2.
# usage: test_gif_palette.sh VIDFORGE REPO_ROOT
set -u
VF=$(readlink -f "$1")
ROOT=$(readlink -f "$2")
WORK=$(mktemp -d /tmp/vidforge-gifpal-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
. "$ROOT/tests/cli/lib.sh"
FF="ffmpeg -nostdin -hide_banner -loglevel error -y"

# 1 s of red ramps, then 1 s of blue ramps (moving, so frames differ), lossless
ramp() { echo "geq=r='$1':g='$2':b='$3'"; }
$FF -f lavfi -i "nullsrc=s=240x136:r=10:d=1,format=rgb24,$(ramp '128+127*X/W' '60*Y/H+20*sin(T*6+X/20)' '40*X/W')" \
    -f lavfi -i "nullsrc=s=240x136:r=10:d=1,format=rgb24,$(ramp '40*X/W' '60*Y/H+20*sin(T*6+X/20)' '128+127*X/W')" \
    -filter_complex '[0][1]concat=n=2:v=1,format=yuv444p' -c:v libx264 -qp 0 -preset ultrafast src.mkv
tpl() { # NAME PALETTE
    printf '{"template_version": "1.0", "video": {"input": "src.mkv"},
             "encoding": {"gif": {"fps": 10, "palette": "%s"}}}\n' "$2" > "$1.json"
}
# mean RGB PSNR of GIF frames FIRST..LAST against the composited frames
# (the PNG sequence of the same template: what the palette starts from)
psnr() {
    ffmpeg -nostdin -hide_banner -i "$1" -framerate 10 -i ref/%05d.png -lavfi \
        "[0:v]select=between(n\,$2\,$3),setpts=N/10/TB,format=rgb24[a];[1:v]select=between(n\,$2\,$3),setpts=N/10/TB,format=rgb24[b];[a][b]psnr" \
        -f null - 2>&1 | sed -n 's/.*PSNR.*average:\([0-9.inf]*\).*/\1/p'
}
count() { ffprobe -v error -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$1"; }
better() { # A B WHAT: A exceeds B by at least 0.2 dB
    if awk -v a="$1" -v b="$2" 'BEGIN { exit !(a == "inf" || a - b >= 0.2) }'; then ok; else
        fail "$3: scene $1 dB, file $2 dB"; fi
}

tpl ref file
expect 0 "$VF" render ref.json -o ref/%05d.png
for mode in file scene; do
    tpl "$mode" "$mode"
    expect 0 "$VF" render "$mode.json" -o "$mode.gif"
    check "[ \"\$(count $mode.gif)\" = 20 ]" "$mode.gif: $(count "$mode.gif") frames, planned 20"
done
red_file=$(psnr file.gif 0 9); red_scene=$(psnr scene.gif 0 9)
blue_file=$(psnr file.gif 10 19); blue_scene=$(psnr scene.gif 10 19)
echo "red scene: file $red_file dB, scene $red_scene dB; blue scene: file $blue_file dB, scene $blue_scene dB"
better "$red_scene" "$red_file" "red scene"
better "$blue_scene" "$blue_file" "blue scene"

# a palette name the template does not know
tpl bad "per_frame"
expect 2 "$VF" render bad.json -o bad.gif
contains err.txt "/encoding/gif/palette"
absent bad.gif
no_temps
summary test_gif_palette
