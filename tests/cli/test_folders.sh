#!/bin/bash
# Folder outputs (docs/formats.md): HLS (-o out/index.m3u8: VOD playlist, fMP4
# segments) and PNG sequences (-o frames/%05d.png), each written into a hidden
# temporary folder and renamed as a whole. Checks: what ffprobe reads through
# the playlist (exact frame count), segment lengths, every segment decodes;
# each PNG equal to `preview` at its frame, alpha on a transparent render;
# existing folders refused without -y, replaced with -y only when they hold
# nothing else; bad names exit 2; a failed or interrupted render leaves
# nothing.
# usage: test_folders.sh VIDFORGE REPO_ROOT
set -u
VF=$(readlink -f "$1")
ROOT=$(readlink -f "$2")
WORK=$(mktemp -d /tmp/vidforge-folders-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
. "$ROOT/tests/cli/lib.sh"
FF="ffmpeg -nostdin -hide_banner -loglevel error -y"

$FF -f lavfi -i testsrc2=s=320x180:r=24:d=5 -f lavfi -i sine=f=440:d=5 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest in.mp4
SQ='between(X,40,55)*between(Y,8,23)'
$FF -f lavfi -i "color=c=red:s=64x48,format=rgba,geq=r=255:g='255*$SQ':b='255*$SQ':a='if($SQ,255,128)'" \
    -frames:v 1 half.png
cp "$ROOT/fonts/Inter-Regular.otf" font.otf
TEXT='{"type": "text", "content": "Folders", "position": {"preset": "CENTER"},
       "style": {"font": "font.otf", "size": 36, "color": "#FFCC00"}}'
tpl() { # NAME VIDEO_JSON OVERLAYS_JSON [ENCODING_JSON]
    printf '{"template_version": "1.0", "video": %s, "overlays": [%s], "encoding": %s}\n' \
        "$2" "$3" "${4:-{\}}" > "$1.json"
}
count() { ffprobe -v error -select_streams v:0 -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$1" | head -1; }
temps() { ls -a . "${1:-.}" 2>/dev/null | grep -c vidforge-tmp; }

# ---- HLS --------------------------------------------------------------------
tpl hls '{"input": "in.mp4"}' "$TEXT" '{"preset": "ultrafast", "hls": {"segment": 2}}'
expect 0 "$VF" render hls.json -o out/index.m3u8
contains out/index.m3u8 "#EXT-X-PLAYLIST-TYPE:VOD"
contains out/index.m3u8 "#EXT-X-MAP:URI=\"init.mp4\""
contains out/index.m3u8 "#EXT-X-ENDLIST"
contains out/index.m3u8 "#EXT-X-TARGETDURATION:2"
# 5 s in 2 s segments: 2, 2, 1
infs=$(grep '^#EXTINF' out/index.m3u8 | tr -d '#EXTINF:,' | tr '\n' ' ')
check "[ \"$infs\" = '2.000000 2.000000 1.000000 ' ]" "segment lengths: $infs, planned 2 2 1"
# what a player reads through the playlist: exact frames, codecs, size
check "[ \"\$(count out/index.m3u8)\" = 120 ]" "playlist: $(count out/index.m3u8) frames, planned 120"
got=$(ffprobe -v error -show_entries stream=codec_name,width -of csv=p=0 out/index.m3u8 | grep . | sort -u | tr '\n' ' ')
check "[ \"$got\" = 'aac h264,320 ' ]" "playlist streams: $got"
# every segment decodes on its own with the init segment
for s in $(grep -v '^#' out/index.m3u8); do
    cat out/init.mp4 "out/$s" > seg.mp4
    n=$(count seg.mp4)
    check "[ \"$n\" = 48 ] || [ \"$n\" = 24 ]" "$s: $n frames decoded"
done
# the frame at 3.0 s played through the playlist is the render's (preview's) frame
expect 0 "$VF" preview hls.json --at 3.0 -o g3.png
psnr=$(ffmpeg -nostdin -hide_banner -i out/index.m3u8 -i g3.png -lavfi "[0:v]select=eq(n\,72),format=yuv444p[a];[1:v]scale=out_color_matrix=bt709:out_range=tv,format=yuv444p[b];[a][b]psnr" -f null - 2>&1 | sed -n 's/.*PSNR y:\([0-9.inf]*\).*/\1/p')
check "awk -v v='$psnr' 'BEGIN { exit !(v == \"inf\" || v + 0 >= 35) }'" "HLS frame 72 against preview: PSNR Y $psnr < 35"
check "[ \$(temps) = 0 ]" "temporary folders left after the HLS render"

# an existing folder: refused without -y (exit 4, untouched) ...
before=$(stat -c %Y out/index.m3u8)
expect 4 "$VF" render hls.json -o out/index.m3u8
contains err.txt "out already exists (use -y to replace the folder)"
check "[ \$(stat -c %Y out/index.m3u8) = $before ] && [ \$(temps) = 0 ]" "the refused render touched out/"
# ... replaced as a whole with -y (3 s segments, off the default 2 s keyframe
# grid: fewer files, none stale)
tpl hls3 '{"input": "in.mp4"}' "$TEXT" '{"preset": "ultrafast", "hls": {"segment": 3}}'
expect 0 "$VF" render hls3.json -o out/index.m3u8 -y
infs=$(grep '^#EXTINF' out/index.m3u8 | tr -d '#EXTINF:,' | tr '\n' ' ')
check "[ \"$infs\" = '3.000000 2.000000 ' ]" "3 s segments: $infs, planned 3 2"
check "[ \"\$(ls out | tr '\n' ' ')\" = 'index.m3u8 index0.m4s index1.m4s init.mp4 ' ]" "after -y: $(ls out | tr '\n' ' ')"
check "[ \"\$(count out/index.m3u8)\" = 120 ]" "after -y: $(count out/index.m3u8) frames"
# ... but never a folder holding files vidforge did not write
echo keep > out/notes.txt
expect 4 "$VF" render hls.json -o out/index.m3u8 -y
contains err.txt "out holds notes.txt, which a .hls render does not write"
check "[ -f out/notes.txt ] && [ -f out/index1.m4s ] && [ \$(temps) = 0 ]" "-y touched a folder with other files"

# bad names and impossible combinations: exit 2, nothing written
expect 2 "$VF" render hls.json -o index.m3u8
contains err.txt "the hls muxer writes a playlist and a file per segment, which vidforge puts in a folder of its own"
tpl hlsvp9 '{"input": "in.mp4"}' "$TEXT" '{"codec": "vp9", "hls": {"segment": 2}}'
expect 2 "$VF" render hlsvp9.json -o vp/index.m3u8
contains err.txt "/encoding/codec: a .hls file cannot carry vp9 video"
absent vp
# a failing encode (an audio rate AAC refuses) leaves no folder and no temporary one
tpl hlsbad '{"input": "in.mp4"}' "$TEXT" '{"audio_sample_rate": 8001}'
expect 2 "$VF" render hlsbad.json -o bad/index.m3u8
absent bad
# interrupted mid-render: no folder, no temporary folder
tpl long '{"input": "in.mp4", "duration": 60, "width": 1280, "height": 720}' "$TEXT" '{"preset": "veryslow"}'
"$VF" render long.json -o cut/index.m3u8 >/dev/null 2>err.txt & pid=$!
for _ in $(seq 50); do [ "$(temps)" -gt 0 ] && break; sleep 0.1; done
sleep 1; kill -INT $pid; wait $pid; rc=$?
check "[ $rc = 130 ]" "interrupted HLS render exited $rc, expected 130"
absent cut
check "[ \$(temps) = 0 ]" "the interrupted render left its temporary folder"

# ---- PNG sequences ------------------------------------------------------------
tpl seq '{"input": "in.mp4", "duration": 1}' "$TEXT"
expect 0 "$VF" render seq.json -o frames/%05d.png
check "[ \"\$(ls frames | wc -l)\" = 24 ] && [ -f frames/00000.png ] && [ -f frames/00023.png ]" \
    "frames/: $(ls frames | wc -l) files, planned 00000.png .. 00023.png"
check "[ \"\$(ffprobe -v error -show_entries stream=pix_fmt,width -of csv=p=0 frames/00012.png)\" = '320,rgb24' ]" \
    "frames/00012.png is not 320 px RGB"
# file N is the frame preview draws at N / fps, pixel for pixel
for n in 0 12 23; do
    expect 0 "$VF" preview seq.json --at "$(awk -v n=$n 'BEGIN { print (n + 0.5) / 24 }')" -o "p$n.png"
    f=$(printf 'frames/%05d.png' $n)
    psnr=$(ffmpeg -nostdin -hide_banner -i "$f" -i "p$n.png" -lavfi psnr -f null - 2>&1 | sed -n 's/.*average:\([0-9.inf]*\).*/\1/p')
    check "[ \"$psnr\" = inf ]" "$f against preview: PSNR $psnr, expected identical"
done
# encoding.format names the format; the default name is a folder of its own
printf '{"template_version": "1.0", "video": {"duration": 0.5, "background": "#203040", "fps": 10}, "encoding": {"format": "png"}}' > named.json
expect 0 "$VF" render named.json
check "[ \"\$(ls named | wc -l)\" = 5 ] && [ -f named/00004.png ]" "encoding.format png: $(ls named 2>&1 | head -3)"
# transparent: RGBA, the layer's alpha kept (128 over the clear background)
tpl alpha '{"background": "transparent", "width": 320, "height": 180, "duration": 0.5, "fps": 10}' \
    '{"type": "image", "source": "half.png", "position": {"preset": "TOP_LEFT", "offset": {"x": 16, "y": 16}}}'
expect 0 "$VF" render alpha.json -o alpha/%03d.png
check "[ \"\$(ffprobe -v error -show_entries stream=pix_fmt -of csv=p=0 alpha/004.png)\" = rgba ]" "alpha/004.png is not RGBA"
px() { ffmpeg -v error -i "$1" -vf "crop=1:1:$2:$3,format=rgba" -f rawvideo - | od -An -tu1 | tr -s ' ' | sed 's/^ //'; }
check "[ \"\$(px alpha/004.png 0 0)\" = '0 0 0 0' ]" "clear pixel: $(px alpha/004.png 0 0)"
a=$(px alpha/004.png 20 20 | awk '{ print $4 }')
check "[ \"$a\" -ge 126 ] && [ \"$a\" -le 130 ]" "half-transparent pixel's alpha $a, planned 128 +- 2"
# existing frames: refused without -y; a name without a frame number: exit 2
expect 4 "$VF" render seq.json -o frames/%05d.png
contains err.txt "frames already exists (use -y to replace the folder)"
expect 0 "$VF" render seq.json -o frames/%05d.png -y
check "[ \"\$(ls frames | wc -l)\" = 24 ]" "after -y: $(ls frames | wc -l) files"
expect 2 "$VF" render seq.json -o still/frame.png
contains err.txt "a PNG sequence needs one frame number in its file name"
expect 2 "$VF" render seq.json -o %05d.png
contains err.txt "the image2 muxer writes a file per frame, which vidforge puts in a folder of its own"
absent still
# batch writes one file per row: folder outputs are refused per row (exit 5)
printf 'id\nr1\n' > rows.csv
expect 5 "$VF" batch seq.json --rows rows.csv -o 'rows/{{id}}/%05d.png'
contains err.txt "the image2 muxer writes a folder of files, and batch writes one file per row"
check "[ \$(temps) = 0 ]" "temporary folders left"
summary test_folders
