# Sourced by scripts/bench.sh (its helpers: VF, RUNS, FONT, FONT2, target,
# timed, col, median, make_input). Segment reuse (issue 18).
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
