#!/bin/bash
# Benchmarks vidforge against the ffmpeg command line doing the same job, in
# the same run, alternating the commands; prints medians of RUNS runs.
#   scripts/bench.sh [RUNS] [SECONDS]        (defaults: 3 runs, a 30 s input)
# Workloads:
#   plain      ffmpeg: decode + libx264 veryfast 5M + AAC 192k, no overlays
#   drawtext   ffmpeg: the same plus two drawtext texts and an overlaid logo
#   vidforge   vidforge: the same texts and logo from a template
# then `vidforge preview --at 25` (median of 7) and `vidforge validate` (median of 20).
set -euo pipefail
RUNS=${1:-3}
SECS=${2:-30}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VF="$ROOT/build/vidforge"
WORK=$(mktemp -d /tmp/vidforge-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "ffmpeg: $(ffmpeg -hide_banner -version | head -1)"
echo "input: ${SECS} s 1920x1080 30 fps H.264 + AAC stereo 48 kHz"
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=s=1920x1080:r=30:d=$SECS" \
    -f lavfi -i "sine=f=440:r=48000:d=$SECS" -ac 2 -c:v libx264 -preset veryfast -b:v 8M \
    -c:a aac -b:a 192k in.mp4
cp "$ROOT/templates/assets/logo.png" logo.png
FONT="$ROOT/fonts/Inter-Bold.otf"
FONT2="$ROOT/fonts/OpenSans-Regular.ttf"

cat > bench.json <<JSON
{"template_version": "1.0",
 "video": {"input": "in.mp4"},
 "overlays": [
  {"type": "text", "content": "Amazing Product Launch!", "position": {"preset": "TOP_CENTER", "offset": {"x": 0, "y": 120}},
   "timeline": {"start": 0.5, "end": $((SECS - 1))}, "style": {"font": "$FONT", "size": 96, "color": "#FFFFFF"}},
  {"type": "text", "content": "Now available everywhere", "position": {"preset": "CENTER", "offset": {"x": 0, "y": 40}},
   "timeline": {"start": 1.5, "end": $((SECS - 1))}, "style": {"font": "$FONT2", "size": 56, "color": "#FFD166"}},
  {"type": "image", "source": "logo.png", "position": {"preset": "BOTTOM_RIGHT", "offset": {"x": -40, "y": -40}},
   "transform": {"scale": 0.5, "opacity": 0.9}}],
 "encoding": {"codec": "libx264", "preset": "veryfast", "bitrate": "5M", "audio_codec": "aac", "audio_bitrate": "192k"}}
JSON

ENC="-c:v libx264 -preset veryfast -b:v 5M -maxrate 7500k -bufsize 10M -g 60 -c:a aac -b:a 192k -movflags +faststart"
plain() { ffmpeg -hide_banner -loglevel error -y -i in.mp4 $ENC plain.mp4; }
drawtext() {
    ffmpeg -hide_banner -loglevel error -y -i in.mp4 -i logo.png -filter_complex \
"[1]scale=iw*0.5:-1,format=rgba,colorchannelmixer=aa=0.9[lg];\
[0]drawtext=fontfile=$FONT:text='Amazing Product Launch!':fontsize=96:fontcolor=white:x=(w-tw)/2:y=120:enable='between(t,0.5,$((SECS - 1)))',\
drawtext=fontfile=$FONT2:text='Now available everywhere':fontsize=56:fontcolor=0xFFD166:x=(w-tw)/2:y=(h-th)/2+40:enable='between(t,1.5,$((SECS - 1)))'[t];\
[t][lg]overlay=W-w-40:H-h-40" $ENC drawtext.mp4
}
vidforge() { "$VF" render bench.json -o vf.mp4 -y --progress none; }

measure() { # NAME: appends "seconds maxrss_kb" to NAME.txt
    /usr/bin/time -f "%e %M" -o t.txt bash -c "$(declare -f "$1"); VF='$VF' ENC='$ENC' FONT='$FONT' FONT2='$FONT2' SECS=$SECS $1"
    cat t.txt >> "$1.txt"
}
for i in $(seq "$RUNS"); do
    for w in plain drawtext vidforge; do measure $w; done
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
printf "\n%-10s %10s %12s\n" workload "median s" "max RSS MB"
for w in plain drawtext vidforge; do
    s=$(cut -d' ' -f1 $w.txt | median)
    m=$(cut -d' ' -f2 $w.txt | median)
    printf "%-10s %10.2f %12.1f\n" $w "$s" "$(echo "$m" | awk '{print $1 / 1024}')"
    eval "${w}_s=$s; ${w}_m=$m"
done
awk -v v="$vidforge_s" -v p="$plain_s" -v d="$drawtext_s" -v vm="$vidforge_m" -v pm="$plain_m" \
    'BEGIN { printf "vidforge / plain transcode: %.3f (target <= 0.95)\nvidforge / ffmpeg drawtext: %.3f (target < 1)\nRSS vidforge / plain: %.3f (target <= 1.1)\n", v / p, v / d, vm / pm }'

for i in $(seq 7); do
    s=$(date +%s%N); "$VF" preview bench.json --at 25 -o pv.png -y; e=$(date +%s%N)
    echo $(( (e - s) / 1000 ))
done | median | awk '{printf "vidforge preview --at 25: %.0f ms (target < 500)\n", $1 / 1000}'

"$ROOT/build/tests/bench_text"

for i in $(seq 20); do
    s=$(date +%s%N); "$VF" validate bench.json; e=$(date +%s%N)
    echo $(( (e - s) / 1000 ))
done | median | awk '{printf "vidforge validate: %.2f ms (target < 20)\n", $1 / 1000}'

# ---- batch: 20 personalised 10 s 720p clips -------------------------------------
echo
echo "batch: 20 rows of a 10 s 720p template (libx264 veryfast 2.5M)"
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=s=1280x720:r=30:d=10" \
    -f lavfi -i "sine=r=48000:d=10" -ac 2 -c:v libx264 -preset veryfast -b:v 4M -c:a aac b720.mp4
echo "id,name" > rows.csv
for i in $(seq 1 20); do echo "r$i,Customer number $i" >> rows.csv; done
cat > b.json <<JSON
{"template_version": "1.0", "video": {"input": "b720.mp4"},
 "overlays": [{"type": "text", "content": "Hello {{name}}!", "position": {"preset": "TOP_CENTER", "offset": {"x": 0, "y": 60}},
               "style": {"font": "$FONT", "size": 64}},
              {"type": "image", "source": "logo.png", "position": {"preset": "BOTTOM_RIGHT", "offset": {"x": -30, "y": -30}}, "transform": {"scale": 0.3}}],
 "encoding": {"codec": "libx264", "preset": "veryfast", "bitrate": "2.5M", "audio_bitrate": "128k"}}
JSON
ENC720="-c:v libx264 -preset veryfast -b:v 2.5M -maxrate 3750k -bufsize 5M -g 60 -c:a aac -b:a 128k -movflags +faststart"
s=$(date +%s%N)
"$VF" batch b.json --rows rows.csv -o 'bv/{{id}}.mp4' --jobs 2 --progress none 2>/dev/null
vf_ms=$(( ($(date +%s%N) - s) / 1000000 ))
mkdir -p bf
s=$(date +%s%N)
for i in $(seq 1 20); do
    ffmpeg -hide_banner -loglevel error -y -i b720.mp4 -i logo.png -filter_complex \
"[1]scale=iw*0.3:-1[lg];[0]drawtext=fontfile=$FONT:text='Hello Customer number $i!':fontsize=64:fontcolor=white:x=(w-tw)/2:y=60[t];[t][lg]overlay=W-w-30:H-h-30" \
        $ENC720 bf/r$i.mp4
done
ff_ms=$(( ($(date +%s%N) - s) / 1000000 ))
awk -v v=$vf_ms -v f=$ff_ms 'BEGIN { printf "vidforge batch --jobs 2: %.1f s, %.1f videos/min\nffmpeg drawtext loop:    %.1f s, %.1f videos/min\n", v / 1000, 20 * 60000 / v, f / 1000, 20 * 60000 / f }'
