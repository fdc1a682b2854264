#!/bin/sh
# Remakes docs/templates/NAME.png, the storyboards of the shipped templates
# shown in the README: `vidforge storyboard` every EVERY seconds, scaled to
# 960 px across with a 256-colour palette so each stays well under 300 kB.
# usage: scripts/storyboards.sh [VIDFORGE]   (from the repository's root)
set -eu
vf=${1:-./build/vidforge}
mkdir -p docs/templates
for spec in social-post:0.8 product-demo:0.75 tutorial-video:1; do
    name=${spec%%:*}
    "$vf" storyboard "templates/$name.json" -o "docs/templates/$name.full.png" \
        --every "${spec#*:}" -y -q
    ffmpeg -hide_banner -loglevel error -nostdin -y -i "docs/templates/$name.full.png" \
        -vf "scale=960:-2:flags=area,split[a][b];[a]palettegen=max_colors=256[p];[b][p]paletteuse=dither=sierra2_4a" \
        "docs/templates/$name.png"
    rm -f "docs/templates/$name.full.png"
done
