#!/bin/bash
# What the docs claim, checked: --dry-run prints exactly the graph texts the
# render parses (compared with the render's -v log, not grepped), and
# encoding.audio_codec is honoured (aac, libopus, none) or refused.
# usage: test_claims.sh VIDFORGE REPO_ROOT
set -u
VF=$(readlink -f "$1")
ROOT=$(readlink -f "$2")
WORK=$(mktemp -d /tmp/vidforge-claims-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
. "$ROOT/tests/cli/lib.sh"
FF="ffmpeg -hide_banner -loglevel error -y"

# fixtures: odd geometries, with and without audio, one turned by its display matrix
$FF -f lavfi -i testsrc2=s=640x360:r=25:d=1.2 -f lavfi -i sine=f=440:d=1.2 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest clip640.mp4
$FF -f lavfi -i testsrc2=s=200x150:r=30:d=1 -c:v libx264 -preset ultrafast \
    -pix_fmt yuvj420p clip200.mp4
$FF -display_rotation 90 -i clip200.mp4 -c copy rotated.mp4 2>/dev/null ||
    $FF -i clip200.mp4 -c copy -metadata:s:v rotate=90 rotated.mp4
$FF -f lavfi -i color=c=red:s=48x30 -frames:v 1 logo.png
cp "$ROOT/fonts/Inter-Regular.otf" font.otf

TEXT='{"type": "text", "id": "t", "content": "Claims 1",
       "position": {"preset": "CENTER_LEFT", "offset": {"x": 40, "y": -40}},
       "timeline": {"start": 0.2}, "style": {"font": "font.otf", "size": 60}}'
IMAGE='{"type": "image", "id": "logo", "source": "logo.png",
        "position": {"preset": "TOP_RIGHT", "offset": {"x": -20, "y": 20}}}'
tpl() { # NAME VIDEO_JSON OVERLAYS_JSON ENCODING_JSON
    printf '{"template_version": "1.0", "video": %s, "overlays": [%s], "encoding": %s}\n' \
        "$2" "$3" "${4:-{\"preset\": \"ultrafast\"\}}" > "$1.json"
}

# graphs FILE: from a render's -v stderr, the video text as one graph (base and
# overlays joined at [b0], as the dry run prints it), then the audio text
graphs() {
    python3 - "$1" <<'EOF'
import re, sys
log = open(sys.argv[1]).read()
def block(name):
    m = re.search(r"vidforge: debug: %s graph:\n(.*?)\n\(end of %s graph\)\n" % (name, name), log, re.S)
    return m.group(1) if m else None
base, video, audio = block("base"), block("video"), block("audio")
print("filter graph:")
print(base + ";\n" + video if base is not None else video)
if audio is not None:
    print("audio graph:")
    print(audio)
EOF
}
# dry_graphs FILE: the dry run's graph section, from "filter graph:" on
dry_graphs() { sed -n '/^filter graph:$/,$p' "$1"; }

# same_graph NAME [ARGS]: the dry run's graphs equal the ones the render parsed
same_graph() {
    local name=$1; shift
    expect 0 "$VF" render "$name.json" -o "$name.mp4" --dry-run "$@"
    dry_graphs out.txt > "$name.dry"
    # --no-reuse: a render made of segments cached by an earlier case builds no graph
    expect 0 "$VF" render "$name.json" -o "$name.mp4" -y -v --no-reuse "$@"
    graphs err.txt > "$name.built"
    check "grep -qF '[out]' $name.built" \
        "$name: the render logged no video graph: $(head -c 300 err.txt)"
    same "$name.dry" "$name.built"
}

# 640x360 with audio into a 1080x1920 preset, text and image layers (product-demo-like)
tpl vertical '{"input": "clip640.mp4", "output_preset": "1080x1920_vertical",
               "background": "#0B1020"}' "$TEXT, $IMAGE"
same_graph vertical
check "grep -q 'scale=1080:608' vertical.dry" "vertical: the fit is not 640x360 scaled to 1080x608"
# no input: the background colour
tpl background '{"width": 320, "height": 240, "duration": 0.5, "background": "#102030"}' "$TEXT"
same_graph background
# no layers: one graph; a full-range input is converted; blur fit
tpl blur '{"input": "clip200.mp4", "width": 320, "height": 240, "fit": "blur"}' ""
same_graph blur
# a rotated input with cover fit
tpl rotated '{"input": "rotated.mp4", "width": 240, "height": 320, "fit": "cover"}' "$IMAGE"
same_graph rotated
# libopus: its sample format reaches both graph texts alike
tpl opusgraph '{"input": "clip640.mp4", "width": 320, "height": 180}' "" \
    '{"preset": "ultrafast", "audio_codec": "libopus"}'
same_graph opusgraph

# --- encoding.audio_codec -----------------------------------------------------
audio_codec() { ffprobe -v error -select_streams a -show_entries stream=codec_name -of csv=p=0 "$1"; }
for ext in mkv mp4; do # (WebM takes no H.264 video)
    tpl opus '{"input": "clip640.mp4", "width": 320, "height": 180}' "" \
        '{"preset": "ultrafast", "audio_codec": "libopus", "audio_bitrate": "64k"}'
    expect 0 "$VF" render opus.json -o "opus.$ext" -y
    check "[ \"\$(audio_codec opus.$ext)\" = opus ]" "opus.$ext: audio is '$(audio_codec opus.$ext)', not opus"
done
grep -q "audio: libopus 64000 bit/s" <("$VF" render opus.json -o opus.mkv --dry-run) && ok ||
    fail "the dry run does not say libopus"
# MOV cannot carry Opus: refused before anything is written (usage, exit 2)
expect 2 "$VF" render opus.json -o opus.mov
contains err.txt "a .mov file cannot carry libopus audio"
absent opus.mov; no_temps .
# none: no audio stream, and verification agrees
tpl mute '{"input": "clip640.mp4", "width": 320, "height": 180}' "" \
    '{"preset": "ultrafast", "audio_codec": "none"}'
expect 0 "$VF" render mute.json -o mute.mp4 -y
check "[ -z \"\$(audio_codec mute.mp4)\" ]" "mute.mp4 has audio: $(audio_codec mute.mp4)"
check "! grep -q '^audio' <(\"$VF\" render mute.json -o mute.mp4 --dry-run)" \
    "the dry run plans audio for audio_codec none"
# aac stays the default
tpl aac '{"input": "clip640.mp4", "width": 320, "height": 180}' ""
expect 0 "$VF" render aac.json -o aac.mp4 -y
check "[ \"\$(audio_codec aac.mp4)\" = aac ]" "aac.mp4: audio is '$(audio_codec aac.mp4)'"
# anything else: exit 2 with the pointer
tpl bad '{"input": "clip640.mp4", "width": 320, "height": 180}' "" '{"audio_codec": "mp3"}'
expect 2 "$VF" render bad.json -o bad.mp4
contains err.txt '/encoding/audio_codec: unknown audio codec "mp3"'
absent bad.mp4

summary claims
