#!/bin/bash
# A text background box with its own shadow (issue 20, "Looks"):
# style.background.shadow falls under the pill, moved by its offset and
# softened by its blur; style.shadow still falls on the letters only; a
# change of any of its keys reaches the raster cache key. Pixels are read
# back through the ffmpeg CLI (pill_measure.py).
# usage: test_box_shadow.sh VIDFORGE
set -u
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/firstday_lib.sh"
VF=$(readlink -f "$1")
MEASURE="python3 $(readlink -f "$(dirname "$0")")/pill_measure.py"
WORK=$(mktemp -d /tmp/vidforge-boxshadow-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

# pill NAME BOX_SHADOW [TEXT_SHADOW]: white "Hello" on a blue pill, on white
pill() {
    printf '{"template_version": "1.0", "video": {"duration": 1, "width": 400, "height": 240, "background": "white"},
 "overlays": [{"type": "text", "content": "Hello", "position": {"preset": "CENTER", "offset": {"y": -30}},
   "style": {"size": 48, "color": "#FFFFFF"%s,
     "background": {"color": "#2040A0", "padding": {"x": 24, "y": 12}, "radius": 12%s}}}]}\n' \
        "${3:+, \"shadow\": $3}" "${2:+, \"shadow\": $2}" > "$1.json"
}
PILL=32,64,160
# measure PNG: sets P (pill x0 y0 x1 y1), S (shadow box), DARK, EDGE
measure() {
    local m; m=$($MEASURE "$1" $PILL) || { fail "measuring $1"; return; }
    eval "$(echo "$m" | sed 's/pill=\([^ ]*\)/P=(\1)/; s/shadow=\([^ ]*\)/S=(\1)/; s/dark_inside/DARK/; s/edge/EDGE/' | tr ',' ' ')"
}
within() { local d=$(( $1 - $2 )); d=${d#-}; [ "$d" -le "$3" ]; }

# --- a hard box shadow: where the offset puts it, outside the pill; no shadow on the letters
pill hard '{"color": "#000000", "offset": {"x": 20, "y": 14}, "blur": 0}'
expect 0 "$VF" preview hard.json --at 0 -o hard.png --no-cache
measure hard.png
check 'within ${S[2]} $(( ${P[2]} + 20 )) 2 && within ${S[3]} $(( ${P[3]} + 14 )) 2' \
      "the box shadow's far corner (${S[2]},${S[3]}) is not the pill's (${P[2]},${P[3]}) + (20,14)"
check 'near "$(rgb_at hard.png $(( ${P[2]} + 10 )) $(( ${P[1]} + 30 )))" "0 0 0" 8' \
      "right of the pill, inside the offset, is not shadow"
check 'near "$(rgb_at hard.png $(( ${P[0]} + 30 )) $(( ${P[3]} + 7 )))" "0 0 0" 8' \
      "below the pill, inside the offset, is not shadow"
check 'near "$(rgb_at hard.png $(( ${P[0]} - 4 )) $(( ${P[1]} + 30 )))" "255 255 255" 2' \
      "left of the pill (against the offset) is not white"
check 'near "$(rgb_at hard.png $(( ${P[0]} + 30 )) $(( ${P[1]} - 4 )))" "255 255 255" 2' \
      "above the pill (against the offset) is not white"
check '[ "$DARK" -eq 0 ]' "the letters carry a shadow ($DARK dark pixels inside the pill)"

# the letters' own shadow (style.shadow) is still theirs: dark pixels inside the pill,
# none outside it
pill letters '' '{"color": "#000000", "offset": {"x": 4, "y": 4}, "blur": 0}'
expect 0 "$VF" preview letters.json --at 0 -o letters.png --no-cache
measure letters.png
check '[ "$DARK" -gt 100 ]' "style.shadow left the letters without a shadow ($DARK)"
check 'near "$(rgb_at letters.png $(( ${P[2]} + 6 )) $(( ${P[1]} + 30 )))" "255 255 255" 2' \
      "style.shadow fell outside the pill"

# --- a soft box shadow: its edge spreads with the blur (sigma = blur / 2: the
# 90%-10% fall of a Gaussian edge is 2.56 sigma, 10 px for blur 8; the three box
# passes and whole pixels make it 12 here)
pill soft '{"color": "#000000", "offset": {"x": 0, "y": 20}, "blur": 8}'
expect 0 "$VF" preview soft.json --at 0 -o soft.png --no-cache
measure soft.png
check '[ "$EDGE" -ge 9 ] && [ "$EDGE" -le 15 ]' "blur 8: the shadow's edge falls over $EDGE px, not 9..15 (blur 4: 6, 12: 17)"
HARD_EDGE=$($MEASURE hard.png $PILL | sed 's/.*edge=//')
check '[ "$HARD_EDGE" -le 2 ]' "blur 0: the shadow's edge is soft ($HARD_EDGE px)"
check '[ "$DARK" -eq 0 ]' "a soft box shadow darkened the letters ($DARK)"

# --- the raster cache key holds every key of the box shadow: a second preview with
# one value changed, through the same cache, draws the change
CACHE="--cache-dir $WORK/cache"
expect 0 "$VF" preview hard.json --at 0 -o c0.png $CACHE
pill left '{"color": "#000000", "offset": {"x": -20, "y": 14}, "blur": 0}'
expect 0 "$VF" preview left.json --at 0 -o c1.png $CACHE
measure c1.png
check 'near "$(rgb_at c1.png $(( ${P[0]} - 10 )) $(( ${P[1]} + 30 )))" "0 0 0" 8' \
      "offset.x changed but the cached raster was reused"
pill down '{"color": "#000000", "offset": {"x": 20, "y": 30}, "blur": 0}'
expect 0 "$VF" preview down.json --at 0 -o c2.png $CACHE
check 'near "$(rgb_at c2.png $(( ${P[0]} + 30 )) $(( ${P[3]} + 22 )))" "0 0 0" 8' \
      "offset.y changed but the cached raster was reused"
pill red '{"color": "#FF0000", "offset": {"x": 20, "y": 14}, "blur": 0}'
expect 0 "$VF" preview red.json --at 0 -o c3.png $CACHE
check 'near "$(rgb_at c3.png $(( ${P[2]} + 10 )) $(( ${P[1]} + 30 )))" "255 0 0" 8' \
      "color changed but the cached raster was reused"
pill blurred '{"color": "#000000", "offset": {"x": 20, "y": 14}, "blur": 8}'
expect 0 "$VF" preview blurred.json --at 0 -o c4.png $CACHE
check '! near "$(rgb_at c4.png $(( ${P[2]} + 18 )) $(( ${P[1]} + 30 )))" "0 0 0" 8' \
      "blur changed but the cached raster was reused"

# --- the schema: keys checked like style.shadow's
pill badblur '{"blur": -1}'
expect 2 "$VF" validate badblur.json --schema-only
contains err.txt "/overlays/0/style/background/shadow/blur: must be a number in [0, 200], got -1"
pill badkey '{"spread": 3}'
expect 2 "$VF" validate badkey.json --schema-only
contains err.txt "/overlays/0/style/background/shadow/spread: unknown key"
expect 0 "$VF" schema
check 'python3 -c "import json,sys; s=json.load(open(\"out.txt\")); print(s)" | grep -q "A drop shadow under the box"' \
      "the JSON schema lacks style.background.shadow"

summary box_shadow
