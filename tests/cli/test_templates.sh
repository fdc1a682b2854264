#!/bin/bash
# The shipped templates (issue 20): each one's frames at chosen times, as
# `vidforge preview` draws them, match the committed golden frames
# (tests/golden/templates/NAME@T.png, scaled to 384 px across) with a PSNR of
# at least 35 dB: font hinting, encoder or ffmpeg version differences pass, a
# layout, colour or timing change fails. Every template also has a golden
# frame here, a storyboard in docs/templates/NAME.png (< 300 kB) and a place
# in the README. Pictures are compared by the ffmpeg CLI.
# usage: test_templates.sh VIDFORGE REPO_ROOT [--update]
#   --update rewrites the golden frames from this build (review them first)
set -u
source "$(dirname "$0")/lib.sh"
VF=$(readlink -f "$1")
ROOT=$(readlink -f "$2")
UPDATE=${3:-}
GOLDEN=$ROOT/tests/golden/templates
WORK=$(mktemp -d /tmp/vidforge-templates-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

# the frames checked: NAME@SECONDS, chosen to show each template's features
FRAMES="social-post@2.4 social-post@7.2 product-demo@1.6 product-demo@5.2 tutorial-video@6"
WIDTH=384
MIN_PSNR=35

[ -s "$ROOT/templates/media/sample.mp4" ] ||
    fail "templates/media/sample.mp4 is missing: build the sample_media target"
# small DOWNSCALED copy of a PNG: IN OUT
small() {
    ffmpeg -hide_banner -loglevel error -y -i "$1" -vf "scale=$WIDTH:-2:flags=area,format=rgb24" "$2"
}
# psnr A B: the average PSNR of two pictures of one size ("inf" when equal)
psnr() {
    ffmpeg -hide_banner -nostats -i "$1" -i "$2" -lavfi "[0]format=rgb24[a];[1]format=rgb24[b];[a][b]psnr" \
        -f null - 2>&1 | sed -n 's/.*average:\([0-9.inf]*\).*/\1/p' | tail -1
}
at_least() { [ "$1" = inf ] || awk -v v="$1" -v l="$2" 'BEGIN { exit !(v >= l) }'; }

for f in $FRAMES; do
    name=${f%@*} t=${f#*@}
    expect 0 "$VF" preview "$ROOT/templates/$name.json" --at "$t" -o "$f.png" --no-cache -q
    small "$f.png" "$f-small.png" || fail "scaling $f"
    if [ "$UPDATE" = --update ]; then
        mkdir -p "$GOLDEN" && cp "$f-small.png" "$GOLDEN/$f.png"
        echo "updated $GOLDEN/$f.png"
        continue
    fi
    p=$(psnr "$f-small.png" "$GOLDEN/$f.png")
    check 'at_least "${p:-0}" $MIN_PSNR' "$name at $t s: PSNR ${p:-none} dB against its golden frame (< $MIN_PSNR)"
done

# every template: a golden frame, a small storyboard, a line in the README
for tpl in "$ROOT"/templates/*.json; do
    name=$(basename "$tpl" .json)
    check 'ls "$GOLDEN/$name@"*.png >/dev/null 2>&1' "$name has no golden frame in tests/golden/templates"
    sb=$ROOT/docs/templates/$name.png
    check '[ -s "$sb" ] && [ "$(stat -c %s "$sb")" -lt 300000 ]' "docs/templates/$name.png is missing or not < 300 kB"
    contains "$ROOT/README.md" "docs/templates/$name.png"
    expect 0 "$VF" validate "$tpl" --strict
done
summary templates
