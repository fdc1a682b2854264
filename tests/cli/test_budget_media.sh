#!/bin/bash
# The memory estimate counts the decoders of video layers and clip sequences
# (issue 15): each source decodes on a thread of its own, holding its
# reference frames, its queue and its decoder state. Adding a 1080p video
# layer raises the estimate by what such a decoder holds, a sequence of clips
# counts its clips, and for a render with a 1080p video layer the estimate is
# within 1.5x of the peak RSS measured.
# The estimate is read from the refusal under --limit memory=1.
# usage: test_budget_media.sh VIDFORGE
set -u
source "$(dirname "$0")/lib.sh"
VF=$(readlink -f "$1")
WORK=$(mktemp -d /tmp/vidforge-budget-media-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
# estimate TEMPLATE [FIELD]: the estimate in MB (or one of its parts, e.g. "video sources")
estimate() {
    "$VF" render "$1" -o o.mp4 -y --dry-run --limit memory=1 >/dev/null 2>est.txt
    if [ -n "${2:-}" ]; then
        sed -n "s/.*[(,] *$2 \([0-9]*\)[,)].*/\1/p" est.txt
    else
        sed -n 's/.*would need about \([0-9]*\) MB.*/\1/p' est.txt
    fi
}

ffmpeg -hide_banner -loglevel error -f lavfi -i "testsrc2=s=1920x1080:r=30:d=2" \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p base.mp4
ffmpeg -hide_banner -loglevel error -f lavfi -i "testsrc=s=1920x1080:r=30:d=2" \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p layer.mp4
ffmpeg -hide_banner -loglevel error -f lavfi -i "testsrc=s=640x360:r=30:d=2" \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p small.mp4
enc='"encoding": {"preset": "veryfast", "bitrate": "5M"}'
cat > without.json <<JSON
{"template_version": "1.0", "video": {"input": "base.mp4", "audio": "mute"}, "overlays": [], $enc}
JSON
cat > with.json <<JSON
{"template_version": "1.0", "video": {"input": "base.mp4", "audio": "mute"},
 "overlays": [{"type": "video", "source": "layer.mp4", "size": {"width": 960, "height": 540},
               "position": {"preset": "BOTTOM_RIGHT"}}], $enc}
JSON
sed 's/layer.mp4/small.mp4/' with.json > small.json
cat > clips.json <<JSON
{"template_version": "1.0",
 "video": {"clips": [{"input": "layer.mp4", "transition": {"type": "fade", "duration": 0.5}},
                    {"input": "base.mp4"}]}, $enc}
JSON

e0=$(estimate without.json); s0=$(estimate without.json "video sources")
e1=$(estimate with.json); s1=$(estimate with.json "video sources")
es=$(estimate small.json "video sources")
ec=$(estimate clips.json "video sources")
echo "estimates (MB): without $e0 (video sources $s0), 1080p layer $e1 (video sources $s1)," \
     "360p layer: video sources $es, two 1080p clips: video sources $ec"
check '[ -n "$e0" ] && [ -n "$e1" ] && [ "$s0" = 0 ]' "no estimate: $(cat est.txt)"
# a 1080p H.264 decoder holds 14 frames of 3 MB and its state: ~50 MB
check '[ "$s1" -ge 40 ] && [ $((e1 - e0)) -ge 40 ]' \
    "a 1080p video layer adds $((e1 - e0)) MB (video sources $s1), not a decoder's worth"
check '[ "$es" -gt 0 ] && [ "$es" -lt "$s1" ]' "a 360p layer's decoder ($es MB) is not smaller than a 1080p one's ($s1 MB)"
check '[ "${ec:-0}" -ge 80 ]' "two 1080p clips count $ec MB of decoders: $(cat est.txt)"

# the estimate against the peak RSS of the render
/usr/bin/time -f "%M" -o rss.txt "$VF" render with.json -o with.mp4 -y --progress none --no-cache \
    2>err.txt
rss=$(( $(tail -1 rss.txt) / 1024 ))
echo "render with the 1080p layer: peak RSS $rss MB, estimate $e1 MB"
check '[ "$rss" -gt 0 ] && [ $((e1 * 2)) -le $((rss * 3)) ] && [ $((rss * 2)) -le $((e1 * 3)) ]' \
    "estimate $e1 MB is not within 1.5x of the measured peak $rss MB"

summary cli_budget_media
