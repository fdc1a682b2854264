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

# --- the 4:5 feed preset; every preset names its platforms -----------------------------
expect 0 "$VF" presets
contains out.txt "1080x1350_portrait   1080x1350"
contains out.txt "Instagram and Facebook feed posts; 4:5"
check '! awk "NR > 1 && NF < 7" out.txt | grep -q .' "a preset without its platforms: $(cat out.txt)"
printf '{"template_version": "1.0", "video": {"duration": 1, "output_preset": "1080x1350_portrait", "background": "white"}}\n' > feed.json
expect 0 "$VF" preview feed.json --at 0 -o feed.png
check '[ "$(ffprobe -v error -show_entries stream=width,height -of csv=p=0 feed.png)" = "1080,1350" ]' \
      "1080x1350_portrait is not 1080x1350"

# --- --guides reels|tiktok|shorts: what each app covers is shaded ------------------------
printf '{"template_version": "1.0", "video": {"duration": 1, "output_preset": "1080x1920_vertical", "background": "white"}}\n' > vert.json
for app in reels tiktok shorts; do
    expect 0 "$VF" preview vert.json --at 0 -o $app.png --guides $app
done
expect 0 "$VF" preview vert.json --at 0 -o plain.png --guides
white="255 255 255"
check 'near "$(rgb_at plain.png 540 60)" "$white" 2' "--guides alone shades the header: $(rgb_at plain.png 540 60)"
for app in reels tiktok shorts; do
    check '! near "$(rgb_at $app.png 540 60)" "$white" 30' "$app: the header band is not shaded"
    check '! near "$(rgb_at $app.png 540 1880)" "$white" 30' "$app: the caption band is not shaded"
    check '! near "$(rgb_at $app.png 1070 1200)" "$white" 30' "$app: the button column is not shaded"
    check 'near "$(rgb_at $app.png 500 960)" "$white" 2' "$app: the middle is shaded"
done
# the apps differ: Reels' header is deeper than TikTok's
check '! near "$(rgb_at reels.png 540 220)" "$white" 30' "reels: y=220 is not covered"
check 'near "$(rgb_at tiktok.png 540 220)" "$white" 2' "tiktok: y=220 is covered"
expect 0 "$VF" preview vert.json --guides=shorts --at 0 -o eq.png
expect 2 "$VF" storyboard vert.json -o s.png --guides reels # a template named reels
expect 2 "$VF" preview vert.json --at 0 -o x.png --guides=youtube
contains err.txt "no guides for \"youtube\""

summary test_looks
