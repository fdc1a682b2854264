#!/bin/bash
# Benchmarks vidforge against the ffmpeg command line doing the same job, in
# the same run, alternating the commands; prints medians of RUNS runs and
# exits 1 when a target of issue 7 is missed (2 on a setup failure).
#   scripts/bench.sh [RUNS] [SECONDS] [SECONDS_4K]   (defaults: 3, 30, 10)
#   BENCH_SKIP_4K=1 / BENCH_SKIP_BATCH=1 / BENCH_SKIP_S3=1 / BENCH_SKIP_AUDIO=1 /
#   BENCH_SKIP_LAYERS=1 / BENCH_SKIP_FORMATS=1 leave those
#   parts out. BENCH_ONLY_S3=1 runs only the S3 case; BENCH_ONLY_AUDIO=1 the 1080p sound
#   comparison alone; BENCH_FORMATS_ONLY=1 the output formats part alone;
#   BENCH_ONLY_PIP=1 only the picture-in-picture comparison (issue 15); BENCH_ONLY_1080P=1
#   only the 1080p render against the transcode (issue 18); BENCH_SKIP_REPORT=1 no --report run;
#   BENCH_ONLY_REUSE=1 only segment reuse (issue 18), BENCH_SKIP_REUSE=1 without it; its
#   knobs: REUSE_SECS (30), REUSE_ROWS (20), REUSE_BASE_ROWS (5, the --no-reuse batch),
#   REUSE_JOBS (2), REUSE_FRACTIONS ("5 15 50 100"), REUSE_ROUNDS (1, alternating
#   rounds of the fraction table), REUSE_FRACTION_ROWS (0: no batch per fraction),
#   REUSE_SKIP_FFMPEG=1 (no ffmpeg loop), REUSE_SKIP_BATCH=1 (the fraction table only).
#   The single-render comparisons pass --no-reuse: each run encodes every frame.
#   BENCH_ONLY_CAPTIONS=1 only the captions comparison (issue 17; CAPTIONS_SECS, default 60),
#   BENCH_SKIP_CAPTIONS=1 without it, CAPTIONS_ASS=1 adds vidforge drawing the same cues from
#   the ASS file (libass). BENCH_ONLY_LAYERS=1 only the PiP + GIF + shapes comparison.
#   BENCH_ONLY_POSTERS=1 only the batch posters comparison (issue 21; POSTER_ROWS, POSTER_SECS).
# Workloads, each with a 1080p30 and a 4K30 input (H.264 + AAC):
#   plain      ffmpeg: decode + libx264 + AAC 192k, no overlays
#   drawtext   ffmpeg: the same plus the template's texts (drawtext, with
#              outline, shadow and the fade) and the logo (overlay)
#   vidforge   vidforge render of the template (two texts with outline and
#              shadow, one fading in and out, a logo), same encoder settings
# then `vidforge preview --at 25`, `vidforge validate`, the text raster
# benchmark, a batch of 20 personalised clips against an ffmpeg loop, and a
# seek-and-render of 10 s from the middle of a 2 GB input on S3 (s3rver),
# which must fetch at most 5 % of the object.
set -euo pipefail
RUNS=${1:-3}
SECS=${2:-30}
SECS4K=${3:-10}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# BENCH_ONLY_CI=1: where make test spends its time, in a fresh clone (scripts/ci-times.sh)
[ -n "${BENCH_ONLY_CI:-}" ] && exec "$ROOT/scripts/ci-times.sh"
VF="${VIDFORGE:-$ROOT/build/vidforge}"
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
# timed FILE COMMAND...: runs COMMAND, appends "wall_s cpu_s max_rss_kb load1" to FILE
# (cpu: user + system seconds of the process and its threads; load1: the
# 1-minute load average when it started, since the machine may be shared).
timed() {
    local file=$1 load
    shift
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -f "%e %U %S %M" -o "$file.one" "$@"
    awk -v l="$load" '{ printf "%s %.2f %s %s\n", $1, $2 + $3, $4, l }' "$file.one" >> "$file"
}
# col FILE N: the median of column N of a timed file (1 wall, 2 cpu, 3 rss kB, 4 load)
col() { cut -d' ' -f"$2" "$1" | median; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "ffmpeg: $(ffmpeg -hide_banner -version | head -1)"

# ---- S3: 10 s from the middle of a 2 GB object, read by range requests -----------
# BENCH_S3_MB (default 2048) sets the object's size.
bench_s3() {
    local s3rver="$ROOT/.deps/node_modules/.bin/s3rver"
    [ -x "$s3rver" ] || { echo "s3: s3rver missing (scripts/install-deps.sh)"; MISSED=1; return; }
    local want_mb=${BENCH_S3_MB:-2048} t0 ms
    echo
    echo "s3: 10 s rendered from the middle of a ~$want_mb MB input on s3rver, and from a local file"
    # 20 s of 720p at 8 Mbit/s (ultrafast: quick to make), key frame every 2 s,
    # repeated by stream copy up to the size; moov at the end, as cameras write it
    t0=$(date +%s%N)
    ffmpeg -hide_banner -loglevel error -y -f lavfi \
        -i "testsrc2=s=1280x720:r=25,noise=alls=20:allf=t" -f lavfi -i "sine=r=48000" -t 20 \
        -c:v libx264 -preset ultrafast -b:v 8M -maxrate 8M -bufsize 16M -g 50 -c:a aac part.mp4
    local parts=$(( (want_mb * 1048576 + $(stat -c %s part.mp4) - 1) / $(stat -c %s part.mp4) ))
    for _ in $(seq "$parts"); do echo "file part.mp4"; done > parts.txt
    ffmpeg -hide_banner -loglevel error -y -f concat -i parts.txt -c copy long.mp4
    rm part.mp4
    mkdir -p s3data
    "$s3rver" -d s3data -a 127.0.0.1 -p 0 --configure-bucket bench >s3rver.log 2>&1 &
    local pid=$! port=
    for _ in $(seq 100); do grep -q listening s3rver.log && break; sleep 0.1; done
    port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' s3rver.log)
    curl -sf --aws-sigv4 "aws:amz:us-east-1:s3" -u S3RVER:S3RVER \
        -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -T long.mp4 "http://127.0.0.1:$port/bench/long.mp4"
    echo "  made and stored the input in $(( ($(date +%s%N) - t0) / 1000000000 )) s"
    local size secs middle fetched local_ms
    size=$(stat -c %s long.mp4)
    secs=$(( parts * 20 ))
    middle=$(( secs / 2 ))
    s3tpl() { # INPUT
        printf '{"template_version": "1.0", "video": {"input": "%s", "start": %s,
          "duration": 10}, "overlays": [{"type": "text", "content": "from the middle",
          "style": {"font": "%s", "size": 48}}], "encoding": {"preset": "veryfast"}}\n' \
            "$1" "$middle" "$FONT"
    }
    s3tpl s3://bench/long.mp4 > s3.json
    s3tpl long.mp4 > local.json
    echo "  input: $secs s, $size bytes; 10 s from t = $middle s"
    t0=$(date +%s%N)
    # a 2 GB local file is over the default --limit input_size (500 MB)
    "$VF" render local.json -o local.mp4 -y --limit input_size=100000 --progress none 2>local.log
    local_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    t0=$(date +%s%N)
    AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER \
        "$VF" render s3.json -o s3.mp4 -y --allow-path s3://bench/ --limit input_size=100000 \
        -v --progress none 2>s3.log
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    kill "$pid"; wait "$pid" 2>/dev/null || true
    fetched=$(sed -n 's/.*long.mp4: fetched \([0-9]*\) of.*/\1/p' s3.log | awk '{s += $1} END {print s + 0}')
    grep 'range requests' s3.log | sed 's/^vidforge: debug: /  /'
    echo "  render from S3: $(awk -v m=$ms 'BEGIN { printf "%.1f", m / 1000 }') s;" \
         "from the local file: $(awk -v m=$local_ms 'BEGIN { printf "%.1f", m / 1000 }') s"
    echo "  fetched $fetched of $size bytes (probe and render together)"
    target "$fetched > 0 && $fetched * 100 <= 5 * $size" \
        "s3 seek-and-render fetches $(awk -v f=$fetched -v s=$size 'BEGIN { printf "%.3f", 100 * f / s }') % of the object (target <= 5 %)"
    rm -rf s3data long.mp4
}
if [ -n "${BENCH_ONLY_S3:-}" ]; then
    bench_s3
    if [ "$MISSED" -ne 0 ]; then echo "some targets were missed"; exit 1; fi
    echo "every target met"
    exit 0
fi

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
# Targets (issue 18): vidforge's wall and CPU seconds at most the plain
# transcode's (ratio of medians <= 1.00), peak RSS within 1.1x; and faster
# than the ffmpeg drawtext command doing the same picture.
compare() {
    local label=$1 input=$2 scale=$3 secs=$4 ffrc=$5 vfrc=$6
    template "$label.json" "$input" "$scale" "$secs" "$vfrc"
    local graph enc
    graph=$(drawtext_graph "$scale" "$secs")
    enc="-c:v libx264 -preset veryfast $ffrc -g 60 -c:a aac -b:a 192k -movflags +faststart"
    rm -f "$label".*.txt
    for _ in $(seq "$RUNS"); do
        timed "$label.plain.txt" ffmpeg -hide_banner -loglevel error -y -i "$input" $enc plain.mp4
        timed "$label.drawtext.txt" ffmpeg -hide_banner -loglevel error -y -i "$input" -i logo.png \
            -filter_complex "$graph" $enc drawtext.mp4
        timed "$label.vidforge.txt" "$VF" render "$label.json" -o vf.mp4 -y --progress none --cache-dir cache --no-reuse
    done
    printf "\n%s (%d alternating runs, medians)\n%-10s %10s %10s %12s %10s\n" "$label" "$RUNS" workload \
        "wall s" "cpu s" "max RSS MB" "load1"
    for w in plain drawtext vidforge; do
        local s c m l
        s=$(col "$label.$w.txt" 1); c=$(col "$label.$w.txt" 2); m=$(col "$label.$w.txt" 3)
        l=$(col "$label.$w.txt" 4)
        printf "%-10s %10.2f %10.2f %12.1f %10.2f\n" $w "$s" "$c" "$(awk -v m="$m" 'BEGIN { print m / 1024 }')" "$l"
        eval "${w}_s=$s; ${w}_c=$c; ${w}_m=$m"
    done
    echo "  each run (wall cpu rss load), plain | vidforge:"
    paste -d'|' "$label.plain.txt" "$label.vidforge.txt" | sed 's/^/    /'
    target "$vidforge_s / $plain_s <= 1.00" \
        "$label: wall vidforge / plain transcode = $(awk "BEGIN { printf \"%.3f\", $vidforge_s / $plain_s }") (target <= 1.00)"
    target "$vidforge_c / $plain_c <= 1.00" \
        "$label: CPU vidforge / plain transcode = $(awk "BEGIN { printf \"%.3f\", $vidforge_c / $plain_c }") (target <= 1.00)"
    target "$vidforge_s < $drawtext_s" \
        "$label: vidforge / ffmpeg drawtext = $(awk "BEGIN { printf \"%.3f\", $vidforge_s / $drawtext_s }") (target < 1)"
    target "$vidforge_m / $plain_m <= 1.1" \
        "$label: peak RSS vidforge / plain = $(awk "BEGIN { printf \"%.3f\", $vidforge_m / $plain_m }") (target <= 1.1)"
    [ -n "${BENCH_SKIP_REPORT:-}" ] && return 0
    "$VF" render "$label.json" -o vf.mp4 -y --progress none --cache-dir cache --no-reuse --report "$label.report.json"
    echo "  vidforge --report, CPU seconds of its own threads (stage_cpu; x264's threads are not in it):"
    echo "   $(python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['stage_cpu'])" "$label.report.json")"
    echo "  vidforge --report, seconds inside each stage (threads overlap):"
    echo "   $(sed -n '/"stages"/,/}/p' "$label.report.json" | grep -E '^\s+"[a-z]+":' | grep -v stages |
        sed 's/[",]//g; s/^\s*//' | tr -s '\t ' ' ' | paste -sd' ')"
    echo "   cpu: user $(grep -m1 '"cpu_user"' "$label.report.json" | tr -dc '0-9.') s," \
        "system $(grep -m1 '"cpu_system"' "$label.report.json" | tr -dc '0-9.') s;" \
        "PSNR $(grep -m1 '"psnr"' "$label.report.json" | tr -dc '0-9.') dB," \
        "SSIM $(grep -m1 '"ssim"' "$label.report.json" | tr -dc '0-9.')"
}

# ---- sound: the 1080p template with music, voice-over, ducking and loudness ----
# against the same template without audio tracks (the input's audio kept):
# target <= 1.03 x the wall time (issue 16).
audio_bench() {
    ffmpeg -hide_banner -loglevel error -y -f lavfi -i "anoisesrc=c=pink:r=48000:a=0.1:d=$SECS" \
        -f lavfi -i "sine=f=220:r=48000:d=$SECS" -filter_complex "[0][1]amix=inputs=2,lowpass=12000" \
        -ac 2 -c:a libmp3lame -b:a 192k music.mp3
    ffmpeg -hide_banner -loglevel error -y -f lavfi -i "sine=f=600:r=48000:d=4" \
        -af "tremolo=f=4:d=0.8" -ac 1 voice.wav
    python3 - "$SECS" <<'PY' > 1080p-audio.json
import json, sys
t = json.load(open("1080p.json"))
secs = int(sys.argv[1])
t["audio"] = [{"source": "music.mp3", "role": "music", "loop": True, "volume": -6,
               "fade_in": 1, "fade_out": 2}] + \
             [{"source": "voice.wav", "role": "voice", "start": s} for s in range(3, secs - 5, 8)]
t["mix"] = {"ducking": {"depth": -12}, "loudness": "social"}
print(json.dumps(t))
PY
    rm -f audio.*.txt
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %M" -a -o audio.without.txt \
            "$VF" render 1080p.json -o a0.mp4 -y --progress none --cache-dir cache --no-reuse
        /usr/bin/time -f "%e %M" -a -o audio.with.txt \
            "$VF" render 1080p-audio.json -o a1.mp4 -y --progress none --cache-dir cache --no-reuse
    done
    local w0 w1
    w0=$(cut -d' ' -f1 audio.without.txt | median)
    w1=$(cut -d' ' -f1 audio.with.txt | median)
    "$VF" render 1080p-audio.json -o a1.mp4 -y --progress none --cache-dir cache --no-reuse --report audio.report.json
    printf "\nsound (%d runs, medians): without audio tracks %.2f s, with music + %d voice clips,\n" \
        "$RUNS" "$w0" "$(grep -o '"voice"' 1080p-audio.json | wc -l)"
    printf "ducking and loudness %.2f s; mix %s s (both passes and the measurement)\n" "$w1" \
        "$(python3 -c "import json; print(json.load(open('audio.report.json'))['audio']['mix_seconds'])")"
    echo "  report: $(python3 -c "import json; print(json.load(open('audio.report.json'))['audio'])")"
    target "$w1 / $w0 <= 1.03" \
        "sound: with / without audio tracks = $(awk "BEGIN { printf \"%.3f\", $w1 / $w0 }") (target <= 1.03)"
}
. "$ROOT/scripts/bench/formats.sh"
if [ -n "${BENCH_FORMATS_ONLY:-}" ]; then bench_formats; exit 0; fi
. "$ROOT/scripts/bench/posters.sh"
if [ -n "${BENCH_ONLY_POSTERS:-}" ]; then bench_posters; exit 0; fi
. "$ROOT/scripts/bench/captions.sh"
if [ -n "${BENCH_ONLY_CAPTIONS:-}" ]; then
    bench_captions
    [ "$MISSED" -eq 0 ] && echo "every target met" || { echo "some targets were missed"; exit 1; }
    exit 0
fi

. "$ROOT/scripts/bench/reuse.sh"
if [ -n "${BENCH_ONLY_REUSE:-}" ]; then
    bench_reuse
    [ "$MISSED" -ne 0 ] && { echo "some targets were missed"; exit 1; }
    exit 0
fi

echo "input: ${SECS} s 1920x1080 30 fps H.264 + AAC stereo 48 kHz"
# ---- layers: a GIF sticker and two shapes (issue 15) --------------------------------
# The issue's workload: a 480x270 picture-in-picture video layer (a 720p
# source scaled into its box), a GIF sticker (looping, 10 fps), a lower-third
# box and a progress bar whose width is keyframed over the whole video,
# against ffmpeg doing the same: scale + overlay of the PiP, overlay of the
# looped GIF (-stream_loop), drawbox, and a bar slid in by an overlay x
# expression.
layers_compare() {
    local secs=$1 end
    end=$(awk -v s="$secs" 'BEGIN { print s }')
    ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc=s=240x240:r=10:d=2" sticker.gif
    ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=s=1280x720:r=30:d=$secs" \
        -c:v libx264 -preset veryfast -g 60 lay-pip.mp4
    cat > layers.json <<JSON
{"template_version": "1.0", "video": {"input": "in.mp4"},
 "overlays": [
  {"type": "video", "source": "lay-pip.mp4", "size": {"width": 480, "height": 270},
   "position": {"preset": "TOP_LEFT", "offset": {"x": 40, "y": 40}}},
  {"type": "image", "source": "sticker.gif", "position": {"preset": "TOP_RIGHT", "offset": {"x": -60, "y": 60}}},
  {"type": "shape", "shape": "rect", "width": 1200, "height": 160, "radius": 0, "fill": "#1E3A8ACC",
   "position": {"preset": "BOTTOM_LEFT", "offset": {"x": 80, "y": -120}}},
  {"type": "shape", "shape": "rect", "width": [{"t": 0, "value": 0}, {"t": $end, "value": 1920}], "height": 12,
   "fill": "#FFD166", "position": {"preset": "BOTTOM_LEFT"}}],
 "encoding": {"codec": "libx264", "preset": "veryfast", "bitrate": "5M", "audio_codec": "aac", "audio_bitrate": "192k"}}
JSON
    local graph="[1]format=rgba[g];[0]drawbox=x=80:y=ih-280:w=1200:h=160:color=0x1E3A8A@0.8:t=fill[b];\
[2]scale=480:270[p];[b][p]overlay=40:40[bp];\
[bp][g]overlay=W-w-60:60:shortest=1[s];color=c=0xFFD166:s=1920x12:r=30[bar];\
[s][bar]overlay=x='-W+W*t/$end':y=H-12:shortest=1"
    local enc="-c:v libx264 -preset veryfast -b:v 5M -maxrate 7500k -bufsize 10M -g 60 -c:a aac -b:a 192k -movflags +faststart"
    rm -f layers.*.txt
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %M" -a -o layers.ffmpeg.txt \
            ffmpeg -hide_banner -loglevel error -y -i in.mp4 -stream_loop -1 -i sticker.gif \
            -i lay-pip.mp4 -filter_complex "$graph" $enc layers-ff.mp4
        /usr/bin/time -f "%e %M" -a -o layers.vidforge.txt \
            "$VF" render layers.json -o layers-vf.mp4 -y --progress none --cache-dir cache --no-reuse
    done
    printf "\nlayers: PiP video + GIF sticker + two shapes over the 1080p input (%d runs, medians)\n" "$RUNS"
    local fs fm vs vm
    fs=$(cut -d' ' -f1 layers.ffmpeg.txt | median); fm=$(cut -d' ' -f2 layers.ffmpeg.txt | median)
    vs=$(cut -d' ' -f1 layers.vidforge.txt | median); vm=$(cut -d' ' -f2 layers.vidforge.txt | median)
    printf "%-10s %10.2f s %10.1f MB\n%-10s %10.2f s %10.1f MB\n" ffmpeg "$fs" \
        "$(awk -v m="$fm" 'BEGIN { print m / 1024 }')" vidforge "$vs" "$(awk -v m="$vm" 'BEGIN { print m / 1024 }')"
    target "$vs <= $fs" "layers: vidforge / ffmpeg = $(awk "BEGIN { printf \"%.3f\", $vs / $fs }") (target <= 1)"
    target "$vm / $fm <= 1.2" "layers: peak RSS vidforge / ffmpeg = $(awk "BEGIN { printf \"%.3f\", $vm / $fm }") (target <= 1.2)"
}

make_input in.mp4 1920 1080 "$SECS"
if [ -n "${BENCH_ONLY_LAYERS:-}" ]; then # the layers comparison alone (issue 15)
    layers_compare "$SECS"
    exit 0
fi
if [ -n "${BENCH_ONLY_AUDIO:-}" ]; then
    template 1080p.json in.mp4 1 "$SECS" '"bitrate": "5M"'
    audio_bench
    [ "$MISSED" -eq 0 ] && echo "every target met" || { echo "some targets were missed"; exit 1; }
    exit 0
fi
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
        timed pip.ffmpeg.txt ffmpeg -hide_banner -loglevel error -y \
            -i in.mp4 -i pip.mp4 -filter_complex "[1]scale=480:270[p];[0][p]overlay=W-w-40:H-h-40" \
            $enc pipff.mp4
        timed pip.vidforge.txt "$VF" render pip.json -o pipvf.mp4 -y --progress none --cache-dir cache --no-reuse
    done
    printf "\npicture-in-picture (%d alternating runs, medians)\n%-10s %10s %10s %12s %10s\n" "$RUNS" \
        workload "wall s" "cpu s" "max RSS MB" "load1"
    for w in ffmpeg vidforge; do
        local s c m l
        s=$(col "pip.$w.txt" 1); c=$(col "pip.$w.txt" 2); m=$(col "pip.$w.txt" 3); l=$(col "pip.$w.txt" 4)
        printf "%-10s %10.2f %10.2f %12.1f %10.2f\n" $w "$s" "$c" "$(awk -v m="$m" 'BEGIN { print m / 1024 }')" "$l"
        eval "pip_${w}_s=$s; pip_${w}_c=$c; pip_${w}_m=$m"
    done
    echo "  each run (wall cpu rss load), ffmpeg | vidforge:"
    paste -d'|' pip.ffmpeg.txt pip.vidforge.txt | sed 's/^/    /'
    echo "  CPU vidforge / ffmpeg = $(awk "BEGIN { printf \"%.3f\", $pip_vidforge_c / $pip_ffmpeg_c }")"
    target "$pip_vidforge_s <= $pip_ffmpeg_s" \
        "pip: vidforge / ffmpeg overlay = $(awk "BEGIN { printf \"%.3f\", $pip_vidforge_s / $pip_ffmpeg_s }") (target <= 1)"
    target "$pip_vidforge_m / $pip_ffmpeg_m <= 1.2" \
        "pip: peak RSS vidforge / ffmpeg = $(awk "BEGIN { printf \"%.3f\", $pip_vidforge_m / $pip_ffmpeg_m }") (target <= 1.2)"
}

if [ -n "${BENCH_ONLY_PIP:-}" ]; then # BENCH_ONLY_PIP=1: just the picture-in-picture part
    compare_pip "$SECS"
    [ "$MISSED" -ne 0 ] && { echo "some targets were missed"; exit 1; }
    exit 0
fi
compare 1080p in.mp4 1 "$SECS" "-b:v 5M -maxrate 7500k -bufsize 10M" '"bitrate": "5M"'
if [ -n "${BENCH_ONLY_1080P:-}" ]; then # BENCH_ONLY_1080P=1: the 1080p render against the transcode
    [ "$MISSED" -ne 0 ] && { echo "some targets were missed"; exit 1; }
    exit 0
fi
[ -z "${BENCH_SKIP_AUDIO:-}" ] && audio_bench
compare_pip "$SECS"

if [ -z "${BENCH_SKIP_4K:-}" ]; then
    echo
    echo "input: ${SECS4K} s 3840x2160 30 fps H.264 + AAC; output 4k_archive-like: libx264 crf 23"
    make_input in4k.mp4 3840 2160 "$SECS4K"
    compare 4k in4k.mp4 2 "$SECS4K" "-crf 23" '"crf": 23'
fi

[ -z "${BENCH_SKIP_LAYERS:-}" ] && layers_compare "$SECS"

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

[ -z "${BENCH_SKIP_REUSE:-}" ] && bench_reuse
[ -z "${BENCH_SKIP_S3:-}" ] && bench_s3
[ -n "${BENCH_SKIP_CAPTIONS:-}" ] || bench_captions
[ -n "${BENCH_SKIP_FORMATS:-}" ] || bench_formats

echo
if [ "$MISSED" -ne 0 ]; then echo "some targets were missed"; exit 1; fi
echo "every target met"
