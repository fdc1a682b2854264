# Sourced by scripts/bench.sh (its helpers: VF, RUNS, FONT, FONT2, target,
# timed, col, median, make_input). Batch posters (issue 21).
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
