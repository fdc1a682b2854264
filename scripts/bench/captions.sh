# Sourced by scripts/bench.sh (its helpers: VF, RUNS, FONT, FONT2, target,
# timed, col, median, make_input). Captions (issue 17).
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
