#!/bin/bash
# render --poster: the picture is the frame preview shows at that time (PNG
# exactly, JPEG and WebP within 35 dB), written only when the video is, and
# refused (exit 2 or 4) before anything is written when it cannot be.
# usage: test_stills.sh VIDFORGE REPO_ROOT
set -u
VF=$(readlink -f "$1")
ROOT=$(readlink -f "$2")
WORK=$(mktemp -d /tmp/vidforge-stills-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
. "$ROOT/tests/cli/lib.sh"
FF="ffmpeg -nostdin -hide_banner -loglevel error -y"

$FF -f lavfi -i testsrc2=s=320x180:r=24:d=2 -c:v libx264 -preset ultrafast -pix_fmt yuv420p in.mp4
cp "$ROOT/fonts/Inter-Regular.otf" font.otf
cat > clip.json <<'EOF'
{"template_version": "1.0", "video": {"input": "in.mp4"}, "encoding": {"preset": "ultrafast"},
 "overlays": [{"type": "text", "content": "Poster", "position": {"preset": "CENTER"},
               "timeline": {"start": 0.5}, "style": {"font": "font.otf", "size": 36}}]}
EOF
ypsnr() { # A B: luma PSNR of two pictures
    ffmpeg -nostdin -hide_banner -i "$1" -i "$2" -lavfi "[0:v]format=yuv444p[a];[1:v]format=yuv444p[b];[a][b]psnr" \
        -f null - 2>&1 | sed -n 's/.*PSNR y:\([0-9.inf]*\).*/\1/p'
}
at_least() { # VALUE MIN WHAT
    if awk -v v="$1" -v m="$2" 'BEGIN { exit !(v == "inf" || v + 0 >= m) }'; then ok; else
        fail "$3: $1 < $2"; fi
}

expect 0 "$VF" preview clip.json --at 1.25 -o golden.png
# default name: the video's with .png; the very frame preview draws
expect 0 "$VF" render clip.json -o clip.mp4 --poster 1.25
check "[ \"\$(ypsnr clip.png golden.png)\" = inf ]" "clip.png differs from preview: $(ypsnr clip.png golden.png) dB"
for ext in jpg webp; do
    expect 0 "$VF" render clip.json -o "clip_$ext.mp4" --poster "1.25:poster.$ext"
    check "[ \"\$(ffprobe -v error -show_entries stream=width,height -of csv=p=0 poster.$ext)\" = 320,180 ]" \
        "poster.$ext is not 320x180"
    at_least "$(ypsnr "poster.$ext" golden.png)" 35 "poster.$ext against preview, PSNR Y"
done
no_temps .
# refused before anything is written
expect 2 "$VF" render clip.json -o late.mp4 --poster 2.5
contains err.txt "--poster 2.5: the time is past the end"; absent late.mp4
expect 2 "$VF" render clip.json -o bmp.mp4 --poster 1:x.bmp
contains err.txt "name a .png, .jpg or .webp picture"; absent bmp.mp4
expect 2 "$VF" render clip.json -o bad.mp4 --poster soon
contains err.txt "give SECONDS or SECONDS:FILE"; absent bad.mp4
expect 4 "$VF" render clip.json -o again.mp4 --poster 1:clip.png
contains err.txt "clip.png already exists (use -y to overwrite)"; absent again.mp4
expect 0 "$VF" render clip.json -o again.mp4 --poster 1:clip.png -y
# a render that fails after the poster was drawn leaves neither
expect 4 "$VF" render clip.json -o fails.mp4 --poster 1:fails.png --min-psnr 99
absent fails.mp4; absent fails.png; no_temps .
expect 2 "$VF" preview clip.json --at 1 -o x.png --poster 1
contains err.txt "poster"

summary stills
