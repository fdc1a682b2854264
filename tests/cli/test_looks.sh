#!/bin/bash
# Looks (issue 20): colours as designers write them, the 4:5 feed preset and
# the platforms each preset is for, and --guides for the apps that cover
# parts of the frame. Pixels are read back through the ffmpeg CLI.
# usage: test_looks.sh VIDFORGE
set -u
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/firstday_lib.sh"
VF=$(readlink -f "$1")
WORK=$(mktemp -d /tmp/vidforge-looks-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

# --- colours: #RGB, #RGBA, CSS names, transparent ---------------------------------------
bg() { # NAME BACKGROUND [OVERLAYS]
    printf '{"template_version": "1.0", "video": {"duration": 1, "width": 64, "height": 64, "background": "%s"}, "overlays": [%s]}\n' "$2" "${3:-}" > "$1.json"
}
for c in "#f80:255 136 0" "#F80C:255 136 0" "rebeccapurple:102 51 153" "white:255 255 255" \
         "navy:0 0 128" "#11223344:17 34 51"; do
    bg col "${c%%:*}"
    expect 0 "$VF" preview col.json --at 0 -o col.png -y
    check 'near "$(rgb_at col.png 32 32)" "${c#*:}" 3' "background ${c%%:*}: $(rgb_at col.png 32 32), not ${c#*:}"
done
# transparent text on white leaves white; a #RGBA fill half covers
bg tr white '{"type": "text", "content": "MMMM", "position": {"preset": "CENTER"}, "style": {"size": 60, "color": "transparent"}}'
expect 0 "$VF" preview tr.json --at 0 -o tr.png -y
check 'near "$(rgb_at tr.png 32 32)" "255 255 255" 2' "transparent text drew: $(rgb_at tr.png 32 32)"
for bad in "#ff" "#fffff" "navyblue" "Red" "#gg0"; do
    bg badc "$bad"
    expect 2 "$VF" validate badc.json --schema-only
    contains err.txt "/video/background: must be a colour \"#RRGGBB\", \"#RRGGBBAA\", \"#RGB\", \"#RGBA\" or a CSS name, got \"$bad\""
done

summary test_looks
