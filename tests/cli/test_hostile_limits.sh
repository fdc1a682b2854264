#!/bin/bash
# Hostile sizes: layers too large to draw, positions past any screen, NUL
# characters, and plans whose memory would run away. Each is a template error
# (exit 2) named by its JSON pointer or by the memory figure, found before
# anything is drawn, and validate finds the same ones render does.
# usage: test_hostile_limits.sh VIDFORGE
set -u
VF=$(readlink -f "$1")
WORK=$(mktemp -d /tmp/vidforge-limits-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/tpl" "$WORK/run"
cd "$WORK/run" || exit 1
passed=0
failed=0
FF="ffmpeg -hide_banner -loglevel error -y"
# a plan the old code would try to render must not take the machine with it
MEM_KB=6000000
# AddressSanitizer reserves terabytes of address space for its shadow: under
# it, the plans are bounded by the sanitizer's own allocator instead
[ -n "${ASAN_OPTIONS:-}" ] && MEM_KB=unlimited

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL [$1]: $2" >&2; }

# hostile NAME CODE MESSAGE COMMAND...: exit code, message on stderr, no output
hostile() {
    local name=$1 code=$2 msg=$3; shift 3
    rm -f out.mp4
    ( ulimit -v $MEM_KB; "$@" ) >out.txt 2>err.txt
    local got=$?
    if [ $got -ne $code ]; then fail "$name" "exit $got, expected $code: $(head -c 300 err.txt)"
    elif ! grep -qF -- "$msg" err.txt; then fail "$name" "stderr lacks \"$msg\": $(head -c 300 err.txt)"
    elif [ -e out.mp4 ]; then fail "$name" "an output was left behind"
    else ok; fi
}
render() { timeout 60 "$VF" render "../tpl/$1.json" -o out.mp4 "${@:2}"; }
validate() { timeout 60 "$VF" validate "../tpl/$1.json" "${@:2}"; }
# both NAME MESSAGE TEMPLATE: render and validate refuse it alike
both() {
    hostile "$1 (render)" 2 "$2" render "$3"
    hostile "$1 (validate)" 2 "$2" validate "$3"
}
# tpl NAME JSON: writes ../tpl/NAME.json from a Python expression's JSON
tpl() { python3 -c "import json, sys; json.dump($2, open(sys.argv[1], 'w'))" "../tpl/$1.json"; }
V='{"duration": 1, "fps": 10, "width": 320, "height": 240}'

# --- layers larger than can be drawn --------------------------------------------
tpl emoji "{'template_version': '1.0', 'video': $V, 'overlays': [
    {'type': 'text', 'content': '\U0001F600' * 10000, 'style': {'size': 100}}]}"
both "10,000 emoji at size 100" "/overlays/0/content: the text would be" emoji
tpl ws "{'template_version': '1.0', 'video': $V, 'overlays': [
    {'type': 'text', 'content': 'W' * 2000, 'style': {'size': 100}}]}"
both "2,000 W at size 100" "over the 16384 a layer may measure a side" ws

# --- positions past any screen ----------------------------------------------------
tpl wrap "{'template_version': '1.0', 'video': $V, 'overlays': [
    {'type': 'text', 'content': 'x', 'position': {'offset': {'x': 4294967346}}}]}"
both "offset 2^32+50" "/overlays/0/position/offset/x: must be a number in [-100000, 100000]" wrap
tpl huge "{'template_version': '1.0', 'video': $V, 'overlays': [
    {'type': 'text', 'content': 'x', 'position': {'offset': {'y': -1.7e308}}}]}"
hostile "offset -1.7e308" 2 "/overlays/0/position/offset/y: must be a number" render huge
tpl custom "{'template_version': '1.0', 'video': $V, 'overlays': [
    {'type': 'text', 'content': 'x', 'position': {'custom': {'x': 100001, 'y': 0}}}]}"
hostile "custom x past 100000" 2 "/overlays/0/position/custom/x: must be a number" render custom

# --- NUL in text -----------------------------------------------------------------------
printf '{"template_version": "1.0", "video": %s,\n "overlays": [{"type": "text", "content": "ab\\u0000cd"}]}\n' \
    "$V" > ../tpl/nul.json
both "NUL in text" "nul.json:2:43: /overlays/0/content: contains a NUL character" nul

# --- memory --------------------------------------------------------------------------------
$FF -f lavfi -i "color=c=red@0.5:s=8192x8192,format=rgba" -frames:v 1 ../tpl/big.png
tpl eight "{'template_version': '1.0', 'video': {'duration': 1, 'width': 1920, 'height': 1080},
    'overlays': [{'type': 'image', 'source': 'big.png', 'transform': {'opacity': 0.5 + i / 100},
                  'timeline': {'animation': {'in': {'type': 'zoom', 'duration': 0.5}}}}
                 for i in range(8)]}"
both "eight zooming 8192x8192 images" "over the 4096 MB limit (--limit memory=SIZE)" eight
# refused before anything is decoded: one 8192x8192 picture alone is 256 MB (measured by
# peak memory, not time: timings are never tested; ~46 MB in release, ~110 MB under ASan)
/usr/bin/time -f %M -o rss.txt "$VF" render ../tpl/eight.json -o never.mp4 -y 2>/dev/null
rss=$(tail -1 rss.txt)
if [ "${rss:-999999}" -lt 230000 ]; then ok; else fail "refused before decoding" "peak ${rss} KB"; fi
grep -qE "would need about [0-9]+ MB of memory \(encoder [0-9]+, frames [0-9]+, layer rasters [0-9]+" err.txt &&
    ok || fail "memory figure" "$(cat err.txt)"

# the same image eight times, still: one raster, cropped to the frame, drawn once
tpl same "{'template_version': '1.0', 'video': {'duration': 1, 'width': 1920, 'height': 1080},
    'overlays': [{'type': 'image', 'source': 'big.png'} for i in range(8)]}"
( ulimit -v $MEM_KB; timeout 120 /usr/bin/time -f "%M" -o rss.txt "$VF" render ../tpl/same.json \
    -o out.mp4 --dry-run --no-cache ) >out.txt 2>err.txt
rss=$(tail -1 rss.txt 2>/dev/null)
if [ "$(grep -c 'raster 1920x1080 at (0,0)' out.txt)" -ne 8 ]; then
    fail "eight identical 8192x8192 images" "not cropped: $(grep -m1 layer out.txt) $(head -c 200 err.txt)"
elif [ "${rss:-9999999}" -gt 1500000 ]; then
    fail "eight identical 8192x8192 images" "peak ${rss} KB, over 1.5 GB"
else ok; fi

tpl many "{'template_version': '1.0', 'video': {'duration': 1, 'width': 1920, 'height': 1080},
    'variables': {'v': 'word ' * 2000},
    'overlays': [{'type': 'text', 'content': '{{v}}', 'style': {'max_width': 1800}}
                 for i in range(256)]}"
hostile "256 overlays of a 10,000-character variable" 2 "over the 4096 MB limit" render many

tpl small "{'template_version': '1.0', 'video': $V, 'overlays': [{'type': 'text', 'content': 'hi'}]}"
hostile "tiny --limit memory refuses" 2 "over the 10 MB limit" render small --limit memory=10
hostile "--limit memory takes sizes" 2 "over the 10 MB limit" validate small --limit memory=10240K
if "$VF" render ../tpl/small.json -o out.mp4 --dry-run --limit memory=1G >out.txt 2>err.txt; then ok
else fail "--limit memory=1G lets it through" "$(head -c 300 err.txt)"; fi
hostile "--limit memory needs a size" 2 "--limit memory needs a number" render small --limit memory=4X

# --- rasters larger than the frame are cropped to it ------------------------------------
# left half red, right half blue, 1000x200, placed 600 px left of the frame: only
# blue shows, and only the 320x200 that can be on screen is kept
$FF -f lavfi -i "color=c=red:s=500x200,format=rgba" -f lavfi -i "color=c=blue:s=500x200,format=rgba" \
    -filter_complex hstack -frames:v 1 ../tpl/wide.png
tpl crop "{'template_version': '1.0', 'video': $V, 'overlays': [
    {'type': 'image', 'source': 'wide.png', 'position': {'offset': {'x': -600, 'y': 20}}}]}"
"$VF" render ../tpl/crop.json -o out.mp4 --dry-run >out.txt 2>err.txt
grep -qF "layer overlay-0: box 1000x200 at (-600,20), raster 320x200 at (0,20)" out.txt && ok ||
    fail "raster cropped to the frame" "$(grep layer out.txt) $(head -c 200 err.txt)"
"$VF" preview ../tpl/crop.json --at 0 -o crop.png -y >/dev/null 2>err.txt
px=($($FF -i crop.png -vf crop=1:1:10:100 -f rawvideo -pix_fmt rgb24 - | od -An -tu1))
[ "${px[0]:-255}" -lt 40 ] && [ "${px[2]:-0}" -gt 200 ] && ok ||
    fail "the cropped raster lands where the whole one did" "pixel ${px[*]} (expected blue)"
# a slide brings pixels off the frame into view: those are kept
tpl slide "{'template_version': '1.0', 'video': $V, 'overlays': [
    {'type': 'image', 'source': 'wide.png', 'position': {'offset': {'x': -600, 'y': 20}},
     'timeline': {'animation': {'in': {'type': 'slide_right', 'duration': 0.5, 'distance': 300}}}}]}"
"$VF" render ../tpl/slide.json -o out.mp4 --dry-run >out.txt 2>err.txt
grep -qF "raster 700x200 at (-300,20)" out.txt && ok ||
    fail "a slide keeps its path" "$(grep layer out.txt) $(head -c 200 err.txt)"

echo "hostile limits: $passed passed, $failed failed"
[ $failed -eq 0 ]
