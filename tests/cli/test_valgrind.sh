#!/bin/bash
# A full render (input with audio, text, image, an animation) under valgrind
# memcheck: no invalid reads or writes, no definite leaks from vidforge's code.
# usage: test_valgrind.sh VIDFORGE SUPPRESSIONS
set -u
VF=$(readlink -f "$1")
SUPP=$(readlink -f "$2")
WORK=$(mktemp -d /tmp/vidforge-valgrind-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
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
valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=9 \
    --suppressions="$SUPP" "$VF" render t.json -o out.mp4 -q 2>vg.txt
code=$?
if [ $code -eq 0 ] && [ -s out.mp4 ]; then
    echo "valgrind: 1 passed, 0 failed"
else
    tail -60 vg.txt >&2
    echo "valgrind: 0 passed, 1 failed"
    exit 1
fi
