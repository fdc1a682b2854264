#!/bin/bash
# render --poster and vidforge thumbnails: the picture is the frame preview shows at that time (PNG
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

# ---- thumbnails: a sprite and its WebVTT track ----------------------------------
# vtt_check SPRITE VTT COUNT EVERY DURATION: cues back to back from 0 to the end,
# each #xywh= fragment the next 160x90 tile of a ten-column sheet of SPRITE's size
vtt_check() {
    python3 - "$@" <<'EOF'
import re, subprocess, sys
sprite, vtt, count, every, duration = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
w, h = map(int, subprocess.check_output(["ffprobe", "-v", "error", "-show_entries", "stream=width,height",
                                         "-of", "csv=p=0", sprite]).decode().split(","))
text = open(vtt).read()
assert text.startswith("WEBVTT\n"), "no WEBVTT header"
cues = re.findall(r"(\d+):(\d+):(\d+)\.(\d+) --> (\d+):(\d+):(\d+)\.(\d+)\n(\S+)#xywh=(\d+),(\d+),(\d+),(\d+)\n", text)
assert len(cues) == count, f"{len(cues)} cues, expected {count}"
sec = lambda a: int(a[0]) * 3600 + int(a[1]) * 60 + int(a[2]) + int(a[3]) / 1000
cols = min(count, 10)
assert (w, h) == (cols * 160, (count + cols - 1) // cols * 90), f"sprite {w}x{h} for {count} tiles"
for i, c in enumerate(cues):
    start, end = sec(c[0:4]), sec(c[4:8])
    assert abs(start - i * every) < 1e-3 and abs(end - min((i + 1) * every, duration)) < 1e-3, f"cue {i}: {start} --> {end}"
    assert c[8] == sprite.split("/")[-1], f"cue {i} points at {c[8]}"
    x, y, tw, th = map(int, c[9:13])
    assert (x, y, tw, th) == (i % cols * 160, i // cols * 90, 160, 90), f"cue {i}: xywh {x},{y},{tw},{th}"
    assert x + tw <= w and y + th <= h, f"cue {i} outside the sprite"
EOF
}
expect 0 "$VF" thumbnails clip.json --every 0.25 -o thumbs.png
vtt_check thumbs.png thumbs.vtt 8 0.25 2 && ok || fail "thumbs.vtt does not match thumbs.png"
# tile 5 (1.25 s) is preview's frame at 1.25 s, scaled
$FF -i thumbs.png -vf crop=160:90:800:0 tile5.png
$FF -i golden.png -vf scale=160:90:flags=area tile5_want.png
at_least "$(ypsnr tile5.png tile5_want.png)" 35 "thumbnail 5 against preview at 1.25 s"
# a video, and a sheet of more than one row
expect 0 "$VF" thumbnails in.mp4 --every 0.125 -o video.jpg
vtt_check video.jpg video.vtt 16 0.125 2 && ok || fail "video.vtt does not match video.jpg"
no_temps .
expect 4 "$VF" thumbnails in.mp4 --every 0.5 -o video.jpg
contains err.txt "already exists"
expect 2 "$VF" thumbnails in.mp4 --every 0.001 -o many.jpg
contains err.txt "over 1000"; absent many.jpg; absent many.vtt
expect 2 "$VF" thumbnails in.mp4 -o none.jpg
contains err.txt "needs --every SECONDS"

summary stills
