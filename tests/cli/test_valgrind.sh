#!/bin/bash
# A full render (input with audio, text, image, an animation) under valgrind
# memcheck: no invalid reads or writes, no definite leaks from vidforge's code;
# then text layers of odd widths (zoom, typewriter, wipe, shadow) on an odd-sized
# frame: no use of uninitialised bytes (layer frames' row padding).
# usage: test_valgrind.sh VIDFORGE SUPPRESSIONS
set -u
VF=$(readlink -f "$1")
SUPP=$(readlink -f "$2")
HERE=$(dirname "$(readlink -f "$0")")
WORK=$(mktemp -d /tmp/vidforge-valgrind-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
# Valgrind 3.19's emulated CPU claims RDTSCP even where the host lacks it (an AMD
# EPYC VM here: no rdtscp in /proc/cpuinfo). libhwy (loaded by FFmpeg's libjxl)
# then executes RDTSCP in hwy::platform::TimerResolution() at load time, and
# valgrind, which decodes it only when the host has it, stops with SIGILL before
# vidforge runs. A preloaded replacement of that one function avoids it.
PRELOAD=
if ! grep -qw rdtscp /proc/cpuinfo; then
    if ! ${CC:-cc} -shared -fPIC -O2 -o hwy_timer.so "$HERE/../sanitizer/hwy_timer.c"; then
        echo "valgrind: cannot build hwy_timer.so, needed on this CPU (no RDTSCP)" >&2
        echo "valgrind: 0 passed, 1 failed"
        exit 1
    fi
    PRELOAD=$WORK/hwy_timer.so
    echo "valgrind: host CPU lacks RDTSCP: preloading hwy_timer.so (libhwy's timer probe)"
fi
ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=s=160x90:r=10:d=1 -f lavfi \
    -i sine=d=1 -c:v libx264 -preset ultrafast -c:a aac in.mp4
ffmpeg -hide_banner -loglevel error -y -f lavfi -i color=c=red:s=16x16 -frames:v 1 logo.png
cat > t.json <<'JSON'
{"template_version": "1.0", "video": {"input": "in.mp4", "fps": 10},
 "overlays": [
  {"type": "text", "content": "Valgrind", "style": {"size": 20},
   "timeline": {"animation": {"in": {"type": "slide_up", "duration": 0.5}}}},
  {"type": "image", "source": "logo.png", "position": {"preset": "BOTTOM_RIGHT"},
   "timeline": {"animation": {"in": {"type": "zoom", "duration": 0.3}}}}],
 "encoding": {"preset": "ultrafast"}}
JSON
cat > text.json <<'JSON'
{"template_version": "1.0", "video": {"duration": 0.6, "fps": 10, "width": 198, "height": 110},
 "overlays": [
  {"type": "text", "content": "Valgrind a", "style": {"size": 17}},
  {"type": "text", "content": "Wg", "style": {"size": 23, "outline": {"width": 1}},
   "position": {"preset": "CENTER"},
   "timeline": {"animation": {"in": {"type": "zoom", "duration": 0.3}}}},
  {"type": "text", "content": "typing", "style": {"size": 15}, "position": {"preset": "BOTTOM_LEFT"},
   "timeline": {"animation": {"in": {"type": "typewriter", "duration": 0.3},
                              "out": {"type": "fade", "duration": 0.2}}}},
  {"type": "text", "content": "wipe", "style": {"size": 13, "shadow": {}},
   "position": {"preset": "TOP_RIGHT"},
   "timeline": {"animation": {"in": {"type": "wipe_left", "duration": 0.3}}}}],
 "encoding": {"preset": "ultrafast"}}
JSON
passed=0
failed=0
for t in t text; do
    LD_PRELOAD=$PRELOAD valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite \
        --error-exitcode=9 --suppressions="$SUPP" "$VF" render $t.json -o $t.mp4 -q 2>vg-$t.txt
    code=$?
    if [ $code -eq 0 ] && [ -s $t.mp4 ]; then
        passed=$((passed + 1))
    else
        tail -60 vg-$t.txt >&2
        echo "FAIL [$t.json]: exit $code under valgrind" >&2
        failed=$((failed + 1))
    fi
done
echo "valgrind: $passed passed, $failed failed"
[ $failed -eq 0 ]
