# Sourced by scripts/bench.sh (its helpers: VF, RUNS, FONT, FONT2, target,
# timed, col, median, make_input). Output formats (issue 21).
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
