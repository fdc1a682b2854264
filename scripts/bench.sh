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
# ---- output formats: each format's render against the ffmpeg CLI ----------------
# FORMATS_SECS of 640x360 30 fps with one text; ffmpeg draws the same text with
# drawtext and encodes with the same encoder and settings. GIF also against a
# plain `ffmpeg -i x.mp4 out.gif` (no palette passes): size and PSNR against
# x.mp4 (vidforge's MP4 of the same template) at the GIF's 15 fps.
bench_formats() {
    local secs=${FORMATS_SECS:-10}
    export SVT_LOG=1 # SVT-AV1 prints its configuration on stderr otherwise
    echo
    echo "formats: ${secs} s 640x360 30 fps, one text, medians of $RUNS"
    make_input f360.mp4 640 360 "$secs"
    cat > f.json <<JSON
{"template_version": "1.0", "video": {"input": "f360.mp4", "audio": "mute"},
 "overlays": [{"type": "text", "content": "Formats", "position": {"preset": "CENTER"},
               "style": {"font": "$FONT", "size": 48, "color": "#FFFFFF"}}],
 "encoding": ENCODING}
JSON
    local dt="drawtext=fontfile=$FONT:text=Formats:fontsize=48:fontcolor=white:x=(w-tw)/2:y=(h-th)/2"
    # name  vidforge encoding  ffmpeg output options
    while IFS='|' read -r out enc ff extra; do
        sed "s/ENCODING/$enc/" f.json > "f_$out.json"
        for _ in $(seq "$RUNS"); do
            /usr/bin/time -f "%e" -o t.txt "$VF" render "f_$out.json" -o "vf_$out" -y --cache-dir cache --no-reuse 2>/dev/null
            cat t.txt >> "vf_$out.txt"
            /usr/bin/time -f "%e" -o t.txt ffmpeg -nostdin -hide_banner -loglevel error -y -i f360.mp4 -an \
                -filter_complex "$dt$extra" $ff "ff_$out" </dev/null
            cat t.txt >> "ff_$out.txt"
        done
        awk -v o="$out" -v v="$(median < "vf_$out.txt")" -v f="$(median < "ff_$out.txt")" \
            -v vs="$(stat -c %s "vf_$out")" -v fs="$(stat -c %s "ff_$out")" \
            'BEGIN { printf "  %-12s vidforge %6.2f s %8.0f kB   ffmpeg %6.2f s %8.0f kB   ratio %.2f\n", o, v, vs / 1000, f, fs / 1000, v / f }'
    done <<'ROWS'
vp9.webm|{"crf": 32}|-c:v libvpx-vp9 -crf 32 -b:v 0 -deadline good -cpu-used 4 -row-mt 1 -tile-columns 1 -g 60
av1.webm|{"codec": "av1", "crf": 35}|-c:v libsvtav1 -crf 35 -preset 8 -g 60
prores.mov|{"codec": "prores"}|-c:v prores_ks -pix_fmt yuv422p10le -vendor apl0
h264.mkv|{"preset": "veryfast", "crf": 23}|-c:v libx264 -preset veryfast -crf 23 -g 60
clip.gif|{}|-loop 0|,fps=15,split[a][b];[a]palettegen=stats_mode=full[p];[b][p]paletteuse=dither=sierra2_4a
clip.webp|{}|-c:v libwebp_anim -quality 90 -loop 0|
ROWS
    sed 's/ENCODING/{"crf": 18}/' f.json > fx.json
    "$VF" render fx.json -o x.mp4 -y --cache-dir cache --no-reuse 2>/dev/null
    ffmpeg -nostdin -hide_banner -loglevel error -y -i x.mp4 plain.gif
    gif_psnr() {
        ffmpeg -nostdin -hide_banner -i "$1" -i x.mp4 -lavfi \
            "[0:v]fps=15,format=yuv444p[a];[1:v]fps=15,format=yuv444p[b];[a][b]psnr" -f null - 2>&1 |
            sed -n 's/.*PSNR y:\([0-9.inf]*\).*/\1/p'
    }
    echo "  GIF: vidforge (palette passes, 15 fps) $(( $(stat -c %s vf_clip.gif) / 1000 )) kB, PSNR Y $(gif_psnr vf_clip.gif) dB;" \
         "plain ffmpeg -i x.mp4 out.gif (30 fps) $(( $(stat -c %s plain.gif) / 1000 )) kB, PSNR Y $(gif_psnr plain.gif) dB"
}
if [ -n "${BENCH_FORMATS_ONLY:-}" ]; then bench_formats; exit 0; fi
# ---- posters: a batch's missing posters re-made alone (issue 21) -----------------
# POSTER_ROWS rows (default 8) of POSTER_SECS (default 10) s 1280x720 with a
# text each and --poster 5:p/{{id}}.jpg: the CPU seconds of re-making only the
# posters (videos current) against a full re-render (--force --no-reuse), and
# against ffmpeg cutting the same frame out of each finished video.
bench_posters() {
    local secs=${POSTER_SECS:-10} n=${POSTER_ROWS:-8}
    echo
    echo "posters: $n rows of ${secs} s 1280x720 30 fps, medians of $RUNS (CPU s, load1)"
    make_input p720.mp4 1280 720 "$secs"
    cat > p.json <<JSON
{"template_version": "1.0", "video": {"input": "p720.mp4"}, "encoding": {"preset": "veryfast"},
 "overlays": [{"type": "text", "content": "{{name}}", "position": {"preset": "CENTER"},
               "style": {"font": "$FONT", "size": 60}}]}
JSON
    { echo id,name; for i in $(seq "$n"); do echo "r$i,Name $i"; done; } > p.csv
    local args=(batch p.json --rows p.csv -o 'pout/{{id}}.mp4' --poster '5:p/{{id}}.jpg' --jobs 2
                --cache-dir cache)
    "$VF" "${args[@]}" 2>/dev/null
    for _ in $(seq "$RUNS"); do
        timed p_full.txt "$VF" "${args[@]}" --force --no-reuse 2>/dev/null
        rm -f p/*.jpg
        timed p_only.txt "$VF" "${args[@]}" 2>/dev/null
        timed p_ff.txt bash -c "for f in pout/*.mp4; do ffmpeg -nostdin -loglevel error -y -ss 5 \
            -i \$f -frames:v 1 -q:v 2 ff_\$(basename \$f .mp4).jpg; done"
    done
    printf "  full re-render %6.2f s   posters only %6.2f s   ffmpeg frame cuts %6.2f s   load %s\n" \
        "$(col p_full.txt 2)" "$(col p_only.txt 2)" "$(col p_ff.txt 2)" "$(col p_full.txt 4)"
    echo "  posters only / full re-render CPU = $(awk "BEGIN { printf \"%.3f\", $(col p_only.txt 2) / $(col p_full.txt 2) }")"
    target "$(col p_only.txt 2) <= 2 * $(col p_ff.txt 2)" \
        "posters only / ffmpeg frame cuts CPU = $(awk "BEGIN { printf \"%.3f\", $(col p_only.txt 2) / $(col p_ff.txt 2) }") (target <= 2)"
}
if [ -n "${BENCH_ONLY_POSTERS:-}" ]; then bench_posters; exit 0; fi
# ---- captions: a caption every 2 s with word highlighting (issue 17) -------------
# CAPTIONS_SECS (default 60) of the 1080p input: vidforge with a captions layer
# (a WebVTT file, one cue per 2 s, five words each with inner timestamps,
# "highlight": "word") against the same render without captions (target:
# at most 1.03x the wall time) and against ffmpeg burning the same cues in
# with `subtitles=` (an ASS file with karaoke \k tags, the same font and
# size), and the plain transcode for scale; alternating, medians of RUNS.
bench_captions() {
    local secs=${CAPTIONS_SECS:-60}
    echo
    echo "captions: ${secs} s 1920x1080 30 fps, a caption every 2 s with word highlighting"
    make_input cap.mp4 1920 1080 "$secs"
    python3 - "$secs" "$FONT" <<'PY'
import sys
secs, font = int(sys.argv[1]), sys.argv[2]
words = "every word lights up here".split()
def vtt_t(t): return "%02d:%02d:%06.3f" % (t // 3600, t % 3600 // 60, t % 60)
def ass_t(t): return "%d:%02d:%05.2f" % (t // 3600, t % 3600 // 60, t % 60)
vtt = ["WEBVTT", ""]
ass = ["[Script Info]", "ScriptType: v4.00+", "PlayResX: 1920", "PlayResY: 1080", "",
       "[V4+ Styles]",
       "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
       "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
       "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding",
       "Style: Default,Inter,56,&H0000D7FF,&H00FFFFFF,&H00000000,&H80000000,-1,0,0,0,100,100,"
       "0,0,1,4,0,2,96,96,54,1", "", "[Events]",
       "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text"]
for i in range(0, secs // 2):
    t0, t1 = 2 * i, 2 * i + 1.9
    step = (t1 - t0) / len(words)
    text = " ".join(("<%s>" % vtt_t(t0 + k * step) if k else "") + w for k, w in enumerate(words))
    vtt += ["%s --> %s" % (vtt_t(t0), vtt_t(t1)), "%d: %s" % (i, text), ""]
    kara = "".join("{\\k%d}%s " % (round(step * 100), w) for w in words)
    ass.append("Dialogue: 0,%s,%s,Default,,0,0,0,,{\\k0}%d: %s" % (ass_t(t0), ass_t(t1), i, kara.strip()))
open("talk.vtt", "w").write("\n".join(vtt) + "\n")
open("talk.ass", "w").write("\n".join(ass) + "\n")
PY
    local common='"encoding": {"codec": "libx264", "preset": "veryfast", "bitrate": "5M", "audio_codec": "aac", "audio_bitrate": "192k"}'
    cat > cap0.json <<JSON
{"template_version": "1.0", "video": {"input": "cap.mp4"}, "overlays": [], $common}
JSON
    cat > cap1.json <<JSON
{"template_version": "1.0", "video": {"input": "cap.mp4"},
 "overlays": [{"type": "captions", "source": "talk.vtt", "highlight": "word",
               "style": {"font": "$FONT", "size": 56, "color": "#FFFFFF", "outline": {"width": 4, "color": "#000000"}},
               "highlight_style": {"color": "#FFD700"}}], $common}
JSON
    # CAPTIONS_ASS=1: also vidforge drawing the ASS file through libass
    cat > cap2.json <<JSON
{"template_version": "1.0", "video": {"input": "cap.mp4"},
 "overlays": [{"type": "captions", "source": "talk.ass", "style": {"font": "$FONT"}}], $common}
JSON
    local enc="-c:v libx264 -preset veryfast -b:v 5M -maxrate 7500k -bufsize 10M -g 60 -c:a aac -b:a 192k -movflags +faststart"
    local works="plain subtitles none captions"
    [ -n "${CAPTIONS_ASS:-}" ] && works="$works ass"
    rm -f cap.*.txt
    for _ in $(seq "$RUNS"); do
        timed cap.plain.txt ffmpeg -hide_banner -loglevel error -y -i cap.mp4 $enc capplain.mp4
        timed cap.subtitles.txt ffmpeg -hide_banner -loglevel error -y -i cap.mp4 \
            -vf "subtitles=talk.ass:fontsdir=$(dirname "$FONT")" $enc capff.mp4
        timed cap.none.txt "$VF" render cap0.json -o cap0.mp4 -y --progress none --cache-dir cache --no-reuse
        timed cap.captions.txt "$VF" render cap1.json -o cap1.mp4 -y --progress none --cache-dir cache --no-reuse
        [ -n "${CAPTIONS_ASS:-}" ] && timed cap.ass.txt "$VF" render cap2.json -o cap2.mp4 -y --progress none \
            --cache-dir cache --no-reuse --allow-path "$(dirname "$FONT")"
    done
    printf "%-22s %10s %10s %12s %10s\n" workload "wall s" "cpu s" "max RSS MB" "load1"
    for w in $works; do
        local s c m l
        s=$(col "cap.$w.txt" 1); c=$(col "cap.$w.txt" 2); m=$(col "cap.$w.txt" 3); l=$(col "cap.$w.txt" 4)
        printf "%-22s %10.2f %10.2f %12.1f %10.2f\n" "$w" "$s" "$c" "$(awk -v m="$m" 'BEGIN { print m / 1024 }')" "$l"
        eval "cap_${w}_s=$s; cap_${w}_c=$c"
    done
    echo "  (plain, subtitles: ffmpeg; none, captions: vidforge) each run (wall cpu rss load):"
    paste -d'|' cap.plain.txt cap.subtitles.txt cap.none.txt cap.captions.txt | sed 's/^/    /'
    target "$cap_captions_s / $cap_none_s <= 1.03" \
        "captions: vidforge with / without captions = $(awk "BEGIN { printf \"%.3f\", $cap_captions_s / $cap_none_s }") wall, $(awk "BEGIN { printf \"%.3f\", $cap_captions_c / $cap_none_c }") CPU (target <= 1.03 wall)"
    [ -n "${CAPTIONS_ASS:-}" ] && echo "  vidforge ASS (libass) / no captions = $(awk "BEGIN { printf \"%.3f\", $cap_ass_s / $cap_none_s }") wall, $(awk "BEGIN { printf \"%.3f\", $cap_ass_c / $cap_none_c }") CPU (no target)"
    target "$cap_captions_s <= $cap_subtitles_s" \
        "captions: vidforge / ffmpeg subtitles= = $(awk "BEGIN { printf \"%.3f\", $cap_captions_s / $cap_subtitles_s }") wall, $(awk "BEGIN { printf \"%.3f\", $cap_captions_c / $cap_subtitles_c }") CPU (target <= 1)"
}
if [ -n "${BENCH_ONLY_CAPTIONS:-}" ]; then
    bench_captions
    [ "$MISSED" -eq 0 ] && echo "every target met" || { echo "some targets were missed"; exit 1; }
    exit 0
fi

# ---- reuse: segment reuse (issue 18) -----------------------------------------------
# A batch of REUSE_ROWS (20) rows of a REUSE_SECS (30) s 1080p template whose
# only personal part is a 4 s name card (a logo and a subtitle are shared):
# with reuse (a fresh cache folder), with --no-reuse, and as a shell loop of
# ffmpeg commands; the last two cost the same for every row, so their rates
# are measured on REUSE_BASE_ROWS (5) rows. Then a second render with another
# name against the first, peak memory of the batch against one render, and
# the speed-up of a second render over a --no-reuse render when the name
# card covers 5, 15, 50 and 100 % of the timeline (REUSE_FRACTIONS; the limit
# is 1/fraction).
reuse_template() { # FILE NAME_START NAME_END
    cat > "$1" <<JSON
{"template_version": "1.0", "video": {"input": "rin.mp4"},
 "variables": {"name": "there"},
 "overlays": [
  {"type": "text", "content": "Hello {{name}}!", "position": {"preset": "CENTER"},
   "style": {"font": "$FONT", "size": 96, "outline": {"width": 3, "color": "#000000"}},
   "timeline": {"start": $2, "end": $3}},
  {"type": "image", "source": "logo.png", "position": {"preset": "TOP_RIGHT", "offset": {"x": -40, "y": 40}},
   "transform": {"scale": 0.4}},
  {"type": "text", "content": "Spring collection: in stores now",
   "position": {"preset": "BOTTOM_CENTER", "offset": {"x": 0, "y": -60}}, "style": {"font": "$FONT2", "size": 48}}],
 "encoding": {"codec": "libx264", "preset": "veryfast", "bitrate": "5M", "audio_bitrate": "192k"}}
JSON
}
wall() { cut -d' ' -f1 "$1"; }
rss_mb() { awk '{ printf "%.0f", $3 / 1024 }' "$1"; }
reuse_ffmpeg_row() { # I: the same video as row I, by one ffmpeg command
    ffmpeg -hide_banner -loglevel error -y -i rin.mp4 -i logo.png -filter_complex \
"[1]scale=iw*0.4:-1[lg];[0]drawtext=fontfile=$FONT:text='Hello Customer $1!':fontsize=96:fontcolor=white:\
borderw=3:bordercolor=black:x=(w-tw)/2:y=(h-th)/2:enable='between(t,3,7)',drawtext=fontfile=$FONT2:\
text='Spring collection\: in stores now':fontsize=48:fontcolor=white:x=(w-tw)/2:y=h-th-60[t];[t][lg]overlay=W-w-40:40" \
        -c:v libx264 -preset veryfast -b:v 5M -maxrate 7500k -bufsize 10M -g 60 -c:a aac -b:a 192k \
        -movflags +faststart "rf$1.mp4"
}
# frames FILE: the frames a --report says were encoded
frames_of() { python3 -c 'import json,sys; r = json.load(open(sys.argv[1])); print(r["frames_encoded"] if "frames_encoded" in r else r["segments"]["frames_encoded"])' "$1"; }
reuse_fraction() { # PERCENT SECS: a second render (another name) against --no-reuse,
    # REUSE_ROUNDS alternating rounds, medians; then a batch of REUSE_FRACTION_ROWS rows
    local start=3 end r rows=${REUSE_FRACTION_ROWS:-0}
    [ "$1" -eq 100 ] && start=0
    end=$(awk -v s=$start -v p="$1" -v d="$2" 'BEGIN { print s + d * p / 100 }')
    reuse_template "f$1.json" $start "$end"
    "$VF" render "f$1.json" --var name=Prime -o fp.mp4 -y --progress none --cache-dir "rcf$1"
    for r in $(seq 1 "${REUSE_ROUNDS:-1}"); do
        timed "f$1.r" "$VF" render "f$1.json" --var "name=Other $r" -o fr.mp4 -y \
            --progress none --cache-dir "rcf$1" --report "f$1.r.json"
        timed "f$1.n" "$VF" render "f$1.json" --var "name=Other $r" -o fn.mp4 -y \
            --progress none --cache-dir "rcf$1" --no-reuse --report "f$1.n.json"
    done
    awk -v p="$1" -v rw="$(col "f$1.r" 1)" -v nw="$(col "f$1.n" 1)" -v rc="$(col "f$1.r" 2)" \
        -v nc="$(col "f$1.n" 2)" -v fr="$(frames_of "f$1.r.json")" -v fn="$(frames_of "f$1.n.json")" \
        -v l="$(col "f$1.r" 4)" 'BEGIN {
        printf "  | %3d %% | %6.2f / %6.2f | %6.2f / %6.2f | %5.2fx | %5.2fx | %d / %d | %5.1fx | %s |\n",
               p, rw, rc, nw, nc, nw / rw, nc / rc, fr, fn, 100 / p, l }'
    [ "$rows" -gt 0 ] || return 0
    echo "id,name" > "f$1.csv"
    for r in $(seq 1 "$rows"); do echo "f$r,Fraction $r" >> "f$1.csv"; done
    timed "f$1.b" "$VF" batch "f$1.json" --rows "f$1.csv" -o "fb$1/{{id}}.mp4" --jobs "${REUSE_JOBS:-2}" \
        --progress none --cache-dir "rcb$1" --report "f$1.b.json" 2>/dev/null
    awk -v p="$1" -v n="$rows" -v bc="$(col "f$1.b" 2)" -v bw="$(col "f$1.b" 1)" -v nc="$(col "f$1.n" 2)" \
        -v fb="$(frames_of "f$1.b.json")" -v fn="$(frames_of "f$1.n.json")" 'BEGIN {
        f = p / 100; printf "    batch of %d rows: %.1f s, %.1f CPU s, %d frames encoded: %.2fx the CPU of %d --no-reuse renders (limit %.2fx for %d rows)\n",
               n, bw, bc, fb, n * nc / bc, n, n / (1 - f + n * f), n }'
}
bench_reuse() {
    local secs=${REUSE_SECS:-30} rows=${REUSE_ROWS:-20} base=${REUSE_BASE_ROWS:-5} jobs=${REUSE_JOBS:-2} i s ff
    echo
    echo "reuse: $rows rows, ${secs} s 1080p30, 4 s name card (3-7 s), shared logo and subtitle (veryfast 5M)"
    echo "  load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
    make_input rin.mp4 1920 1080 "$secs"
    reuse_template r.json 3 7
    echo "id,name" > rrows.csv
    for i in $(seq 1 "$rows"); do echo "r$i,Customer $i" >> rrows.csv; done
    head -n $((base + 1)) rrows.csv > rbase.csv
    if [ -z "${REUSE_SKIP_BATCH:-}" ]; then
    timed reuse.t "$VF" batch r.json --rows rrows.csv -o 'ru/{{id}}.mp4' \
        --jobs "$jobs" --progress none --cache-dir rc1 --report rb.json 2>/dev/null
    timed noreuse.t "$VF" batch r.json --rows rbase.csv -o 'rn/{{id}}.mp4' \
        --jobs "$jobs" --progress none --cache-dir rc2 --no-reuse --report rbn.json 2>/dev/null
    local vr vn vf=0
    vr=$(awk -v n="$rows" -v t="$(col reuse.t 1)" 'BEGIN { print n * 60 / t }')
    vn=$(awk -v n="$base" -v t="$(col noreuse.t 1)" 'BEGIN { print n * 60 / t }')
    printf "  batch with reuse:      %7.1f s, %7.1f CPU s for %d rows: %5.2f videos/min, %s frames encoded (%s shared, in %s chunks)\n" \
        "$(col reuse.t 1)" "$(col reuse.t 2)" "$rows" "$vr" "$(frames_of rb.json)" \
        "$(python3 -c 'import json; print(json.load(open("rb.json"))["shared"]["frames"])')" \
        "$(python3 -c 'import json; print(json.load(open("rb.json"))["shared"]["chunks"])')"
    printf "  batch --no-reuse:      %7.1f s, %7.1f CPU s for %d rows: %5.2f videos/min, %s frames encoded\n" \
        "$(col noreuse.t 1)" "$(col noreuse.t 2)" "$base" "$vn" "$(frames_of rbn.json)"
    if [ -z "${REUSE_SKIP_FFMPEG:-}" ]; then
        s=$(date +%s%N)
        for i in $(seq 1 "$base"); do reuse_ffmpeg_row "$i"; done
        ff=$(awk -v n=$(( $(date +%s%N) - s )) 'BEGIN { print n / 1e9 }')
        vf=$(awk -v n="$base" -v t="$ff" 'BEGIN { print n * 60 / t }')
        printf "  ffmpeg loop:           %7.1f s for %d rows: %5.2f videos/min\n" "$ff" "$base" "$vf"
    fi
    target "$vr >= 4 * $vn" "reuse: batch videos/min with reuse / --no-reuse = $(awk -v a="$vr" -v b="$vn" 'BEGIN { printf "%.2f", a / b }') (target >= 4), / ffmpeg loop = $(awk -v a="$vr" -v b="$vf" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
    echo "  CPU per video: with reuse / --no-reuse = $(awk -v a="$(col reuse.t 2)" -v n="$rows" -v b="$(col noreuse.t 2)" -v m="$base" 'BEGIN { printf "%.3f (%.2fx the videos per CPU second)", (a / n) / (b / m), (b / m) / (a / n) }'), load $(col reuse.t 4) / $(col noreuse.t 4)"
    fi
    timed first.t "$VF" render r.json --var name=Alice -o s1.mp4 -y --progress none --cache-dir rc3
    timed second.t "$VF" render r.json --var name=Bob -o s2.mp4 -y --progress none \
        --cache-dir rc3 --report s2.json
    printf "  first render %.2f s, second with another name %.2f s (%s)\n" "$(col first.t 1)" "$(col second.t 1)" \
        "$(python3 -c 'import json; s = json.load(open("s2.json"))["segments"]; print("%d reused, %d encoded, %.1f encode s saved" % (s["reused"], s["encoded"], s["encode_seconds_saved"]))')"
    target "$(col second.t 1) <= 0.35 * $(col first.t 1)" "reuse: second render / first = $(awk -v a="$(col second.t 1)" -v b="$(col first.t 1)" 'BEGIN { printf "%.3f", a / b }') (target <= 0.35)"
    if [ -z "${REUSE_SKIP_BATCH:-}" ]; then
    echo "  peak RSS: batch --jobs $jobs $(rss_mb reuse.t) MB, batch --no-reuse --jobs $jobs $(rss_mb noreuse.t) MB, one render $(rss_mb first.t) MB"
    target "$(rss_mb reuse.t) <= 1.2 * $(rss_mb first.t)" "reuse: batch peak RSS / one render = $(awk -v a="$(rss_mb reuse.t)" -v b="$(rss_mb first.t)" 'BEGIN { printf "%.2f", a / b }') (target <= 1.2)"
    fi
    local br
    br=$(ffprobe -v error -select_streams v -show_entries stream=bit_rate -of csv=p=0 s2.mp4)
    target "$br >= 4500000 && $br <= 5500000" "reuse: assembled output at $(awk -v b="$br" 'BEGIN { printf "%.2f", b / 1e6 }') Mb/s (target 5 +- 10 %)"
    echo "  speed-up of a second render over --no-reuse by personalised fraction (medians of ${REUSE_ROUNDS:-1}):"
    echo "  | personalised | reuse wall / CPU s | --no-reuse wall / CPU s | wall | CPU | frames encoded | limit 1/f | load |"
    echo "  | --- | --- | --- | --- | --- | --- | --- | --- |"
    for i in ${REUSE_FRACTIONS:-5 15 50 100}; do reuse_fraction "$i" "$secs"; done
    echo "  load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}
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
