#!/bin/bash
# Benchmarks vidforge against the ffmpeg command line doing the same job, in
# the same run, alternating the commands; prints medians of RUNS runs and
# exits 1 when a target of issue 7 is missed (2 on a setup failure).
#   scripts/bench.sh [RUNS] [SECONDS] [SECONDS_4K]   (defaults: 3, 30, 10)
#   BENCH_SKIP_4K=1 / BENCH_SKIP_BATCH=1 leave those parts out; BENCH_ONLY_PIP=1
#   runs only the picture-in-picture comparison (a video layer against ffmpeg's
#   scale + overlay, issue 15).
# Workloads, each with a 1080p30 and a 4K30 input (H.264 + AAC):
#   plain      ffmpeg: decode + libx264 + AAC 192k, no overlays
#   drawtext   ffmpeg: the same plus the template's texts (drawtext, with
#              outline, shadow and the fade) and the logo (overlay)
#   vidforge   vidforge render of the template (two texts with outline and
#              shadow, one fading in and out, a logo), same encoder settings
# then `vidforge preview --at 25`, `vidforge validate`, the text raster
# benchmark, and a batch of 20 personalised clips against an ffmpeg loop.
set -euo pipefail
RUNS=${1:-3}
SECS=${2:-30}
SECS4K=${3:-10}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VF="$ROOT/build/vidforge"
[ -x "$VF" ] || { echo "build first: make build" >&2; exit 2; }
WORK=$(mktemp -d /tmp/vidforge-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
FONT="$ROOT/fonts/Inter-Bold.otf"
FONT2="$ROOT/fonts/OpenSans-Regular.ttf"
cp "$ROOT/templates/assets/logo.png" logo.png
MISSED=0
target() { # OK_CONDITION_AWK_EXPR LABEL: prints PASS/MISS and remembers misses
    if awk "BEGIN { exit !($1) }"; then echo "  PASS  $2"; else echo "  MISS  $2"; MISSED=1; fi
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "ffmpeg: $(ffmpeg -hide_banner -version | head -1)"

# make_input NAME WIDTH HEIGHT SECONDS
make_input() {
    ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=s=$2x$3:r=30:d=$4" \
        -f lavfi -i "sine=f=440:r=48000:d=$4" -ac 2 -c:v libx264 -preset veryfast \
        -b:v $(( $2 * $3 * 4 )) -c:a aac -b:a 192k "$1"
}

# template NAME INPUT SCALE SECONDS RATECONTROL_JSON: the social-post-like template
template() {
    local s=$3 end=$(( $4 - 1 ))
    cat > "$1" <<JSON
{"template_version": "1.0",
 "video": {"input": "$2"},
 "overlays": [
  {"type": "text", "content": "Amazing Product Launch!", "position": {"preset": "TOP_CENTER", "offset": {"x": 0, "y": $((120 * s))}},
   "timeline": {"start": 0.5, "end": $end,
                "animation": {"in": {"type": "fade", "duration": 0.5}, "out": {"type": "fade", "duration": 0.5}}},
   "style": {"font": "$FONT", "size": $((96 * s)), "color": "#FFFFFF",
             "outline": {"width": $((4 * s)), "color": "#000000"},
             "shadow": {"offset": {"x": $((4 * s)), "y": $((4 * s))}, "blur": $((4 * s)), "color": "#00000099"}}},
  {"type": "text", "content": "Now available everywhere", "position": {"preset": "CENTER", "offset": {"x": 0, "y": $((40 * s))}},
   "timeline": {"start": 1.5, "end": $end},
   "style": {"font": "$FONT2", "size": $((56 * s)), "color": "#FFD166",
             "outline": {"width": $((2 * s)), "color": "#000000"}}},
  {"type": "image", "source": "logo.png", "position": {"preset": "BOTTOM_RIGHT", "offset": {"x": -40, "y": -40}},
   "transform": {"scale": $(awk -v s=$s 'BEGIN { print 0.5 * s }'), "opacity": 0.9}}],
 "encoding": {"codec": "libx264", "preset": "veryfast", $5, "audio_codec": "aac", "audio_bitrate": "192k"}}
JSON
}

# drawtext_graph SCALE SECONDS: the same picture with ffmpeg's filters
drawtext_graph() {
    local s=$1 end=$(( $2 - 1 ))
    local fade="if(lt(t,1.0),(t-0.5)/0.5,if(gt(t,$end-0.5),($end-t)/0.5,1))"
    echo "[1]scale=iw*$(awk -v s=$s 'BEGIN { print 0.5 * s }'):-1,format=rgba,colorchannelmixer=aa=0.9[lg];\
[0]drawtext=fontfile=$FONT:text='Amazing Product Launch!':fontsize=$((96 * s)):fontcolor=white:\
borderw=$((4 * s)):bordercolor=black:shadowx=$((4 * s)):shadowy=$((4 * s)):shadowcolor=black@0.6:\
x=(w-tw)/2:y=$((120 * s)):alpha='$fade':enable='between(t,0.5,$end)',\
drawtext=fontfile=$FONT2:text='Now available everywhere':fontsize=$((56 * s)):fontcolor=0xFFD166:\
borderw=$((2 * s)):bordercolor=black:x=(w-tw)/2:y=(h-th)/2+$((40 * s)):enable='between(t,1.5,$end)'[t];\
[t][lg]overlay=W-w-40:H-h-40"
}

# compare LABEL INPUT SCALE SECONDS FFMPEG_RATECONTROL VIDFORGE_RATECONTROL_JSON
compare() {
    local label=$1 input=$2 scale=$3 secs=$4 ffrc=$5 vfrc=$6
    template "$label.json" "$input" "$scale" "$secs" "$vfrc"
    local graph enc
    graph=$(drawtext_graph "$scale" "$secs")
    enc="-c:v libx264 -preset veryfast $ffrc -g 60 -c:a aac -b:a 192k -movflags +faststart"
    rm -f "$label".*.txt
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %M" -a -o "$label.plain.txt" \
            ffmpeg -hide_banner -loglevel error -y -i "$input" $enc plain.mp4
        /usr/bin/time -f "%e %M" -a -o "$label.drawtext.txt" \
            ffmpeg -hide_banner -loglevel error -y -i "$input" -i logo.png -filter_complex "$graph" \
            $enc drawtext.mp4
        /usr/bin/time -f "%e %M" -a -o "$label.vidforge.txt" \
            "$VF" render "$label.json" -o vf.mp4 -y --progress none --cache-dir cache
    done
    printf "\n%s (%d runs, medians)\n%-10s %10s %12s\n" "$label" "$RUNS" workload "wall s" "max RSS MB"
    for w in plain drawtext vidforge; do
        local s m
        s=$(cut -d' ' -f1 "$label.$w.txt" | median)
        m=$(cut -d' ' -f2 "$label.$w.txt" | median)
        printf "%-10s %10.2f %12.1f\n" $w "$s" "$(awk -v m="$m" 'BEGIN { print m / 1024 }')"
        eval "${w}_s=$s; ${w}_m=$m"
    done
    target "$vidforge_s / $plain_s <= 0.95" \
        "$label: vidforge / plain transcode = $(awk "BEGIN { printf \"%.3f\", $vidforge_s / $plain_s }") (target <= 0.95)"
    target "$vidforge_s < $drawtext_s" \
        "$label: vidforge / ffmpeg drawtext = $(awk "BEGIN { printf \"%.3f\", $vidforge_s / $drawtext_s }") (target < 1)"
    target "$vidforge_m / $plain_m <= 1.1" \
        "$label: peak RSS vidforge / plain = $(awk "BEGIN { printf \"%.3f\", $vidforge_m / $plain_m }") (target <= 1.1)"
    "$VF" render "$label.json" -o vf.mp4 -y --progress none --cache-dir cache --report "$label.report.json"
    echo "  vidforge --report, seconds inside each stage (threads overlap):"
    echo "   $(sed -n '/"stages"/,/}/p' "$label.report.json" | grep -E '^\s+"[a-z]+":' | grep -v stages |
        sed 's/[",]//g; s/^\s*//' | tr -s '\t ' ' ' | paste -sd' ')"
    echo "   cpu: user $(grep -m1 '"cpu_user"' "$label.report.json" | tr -dc '0-9.') s," \
        "system $(grep -m1 '"cpu_system"' "$label.report.json" | tr -dc '0-9.') s;" \
        "PSNR $(grep -m1 '"psnr"' "$label.report.json" | tr -dc '0-9.') dB," \
        "SSIM $(grep -m1 '"ssim"' "$label.report.json" | tr -dc '0-9.')"
}

# ---- picture-in-picture: a video layer over the base (issue 15) ------------------
# compare_pip SECONDS: vidforge with a 480x270 video layer (a 640x360 clip fitted
# into it, bottom right) against ffmpeg's scale + overlay of the same clip.
compare_pip() {
    ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc=s=640x360:r=30:d=$1" \
        -c:v libx264 -preset veryfast -b:v 1M pip.mp4
    cat > pip.json <<JSON
{"template_version": "1.0", "video": {"input": "in.mp4"},
 "overlays": [{"type": "video", "source": "pip.mp4", "size": {"width": 480, "height": 270},
               "position": {"preset": "BOTTOM_RIGHT", "offset": {"x": -40, "y": -40}}}],
 "encoding": {"codec": "libx264", "preset": "veryfast", "bitrate": "5M", "audio_codec": "aac", "audio_bitrate": "192k"}}
JSON
    local enc="-c:v libx264 -preset veryfast -b:v 5M -maxrate 7500k -bufsize 10M -g 60 -c:a aac -b:a 192k -movflags +faststart"
    rm -f pip.*.txt
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %M" -a -o pip.ffmpeg.txt ffmpeg -hide_banner -loglevel error -y \
            -i in.mp4 -i pip.mp4 -filter_complex "[1]scale=480:270[p];[0][p]overlay=W-w-40:H-h-40" \
            $enc pipff.mp4
        /usr/bin/time -f "%e %M" -a -o pip.vidforge.txt \
            "$VF" render pip.json -o pipvf.mp4 -y --progress none --cache-dir cache
    done
    printf "\npicture-in-picture (%d runs, medians)\n%-10s %10s %12s\n" "$RUNS" workload "wall s" "max RSS MB"
    for w in ffmpeg vidforge; do
        local s m
        s=$(cut -d' ' -f1 "pip.$w.txt" | median)
        m=$(cut -d' ' -f2 "pip.$w.txt" | median)
        printf "%-10s %10.2f %12.1f\n" $w "$s" "$(awk -v m="$m" 'BEGIN { print m / 1024 }')"
        eval "pip_${w}_s=$s; pip_${w}_m=$m"
    done
    target "$pip_vidforge_s <= $pip_ffmpeg_s" \
        "pip: vidforge / ffmpeg overlay = $(awk "BEGIN { printf \"%.3f\", $pip_vidforge_s / $pip_ffmpeg_s }") (target <= 1)"
    target "$pip_vidforge_m / $pip_ffmpeg_m <= 1.2" \
        "pip: peak RSS vidforge / ffmpeg = $(awk "BEGIN { printf \"%.3f\", $pip_vidforge_m / $pip_ffmpeg_m }") (target <= 1.2)"
}

echo "input: ${SECS} s 1920x1080 30 fps H.264 + AAC stereo 48 kHz"
make_input in.mp4 1920 1080 "$SECS"
if [ -n "${BENCH_ONLY_PIP:-}" ]; then # BENCH_ONLY_PIP=1: just the picture-in-picture part
    compare_pip "$SECS"
    [ "$MISSED" -ne 0 ] && { echo "some targets were missed"; exit 1; }
    exit 0
fi
compare 1080p in.mp4 1 "$SECS" "-b:v 5M -maxrate 7500k -bufsize 10M" '"bitrate": "5M"'
compare_pip "$SECS"

if [ -z "${BENCH_SKIP_4K:-}" ]; then
    echo
    echo "input: ${SECS4K} s 3840x2160 30 fps H.264 + AAC; output 4k_archive-like: libx264 crf 23"
    make_input in4k.mp4 3840 2160 "$SECS4K"
    compare 4k in4k.mp4 2 "$SECS4K" "-crf 23" '"crf": 23'
fi

echo
[ "$SECS" -gt 25 ] && at=25 || at=$(( SECS / 2 ))
for _ in $(seq 7); do
    s=$(date +%s%N); "$VF" preview 1080p.json --at $at -o pv.png -y --cache-dir cache; e=$(date +%s%N)
    echo $(( (e - s) / 1000 ))
done > preview.txt
pv=$(median < preview.txt)
target "$pv < 500000" "vidforge preview --at $at: $(awk -v v="$pv" 'BEGIN { printf "%.0f", v / 1000 }') ms (target < 500)"
for _ in $(seq 20); do
    s=$(date +%s%N); "$VF" validate 1080p.json; e=$(date +%s%N)
    echo $(( (e - s) / 1000 ))
done > validate.txt
va=$(median < validate.txt)
target "$va < 20000" "vidforge validate: $(awk -v v="$va" 'BEGIN { printf "%.2f", v / 1000 }') ms (target < 20)"
tr=$("$ROOT/build/tests/bench_text")
ms=$(echo "$tr" | sed -n 's/.*: \([0-9.]*\) ms median.*/\1/p')
target "$ms < 5" "$tr"

# ---- batch: 20 personalised 10 s 720p clips -------------------------------------
if [ -z "${BENCH_SKIP_BATCH:-}" ]; then
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
"$VF" batch b.json --rows rows.csv -o 'bv/{{id}}.mp4' --jobs 2 --progress none --cache-dir cache 2>/dev/null
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
fi

echo
if [ "$MISSED" -ne 0 ]; then echo "some targets were missed"; exit 1; fi
echo "every target met"
