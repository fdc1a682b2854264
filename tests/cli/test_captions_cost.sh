#!/bin/bash
# What captions planning costs and what names its pictures (issue 17):
# identical caption and word rasters are kept once (the dry-run marks the
# items that share one, counted here); an ASS file's key names the font files
# libass may use by content, so an unrelated file written into the template's
# folder or a touched font keeps it, and a font added or edited changes it;
# an ASS layer's canvas is only the part of the frame libass draws in, with
# the same pixels as libass's own rendering.
# usage: test_captions_cost.sh VIDFORGE
set -u
VF=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
FONTS=$(cd "$HERE/../../fonts" && pwd)
WORK=$(mktemp -d /tmp/vidforge-captions-cost-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

# --- identical rasters are shared -------------------------------------------------
# 12 cues of 1 s, three distinct texts of two words each, word highlighting:
# per cue a caption and two words, 36 items, of which 3 captions and 6 words
# are distinct; the other 27 take an earlier item's raster
python3 - <<'PY'
texts = ["red fox", "blue owl", "green eel"]
cues = ["WEBVTT", ""]
for i in range(12):
    a, b = i, i + 0.9
    w1, w2 = texts[i % 3].split()
    cues += ["00:00:%06.3f --> 00:00:%06.3f" % (a, b),
             "%s <00:00:%06.3f>%s" % (w1, a + 0.45, w2), ""]
open("rep.vtt", "w").write("\n".join(cues) + "\n")
PY
cat > rep.json <<JSON
{"template_version": "1.0", "video": {"width": 320, "height": 180, "fps": 10, "duration": 12},
 "overlays": [{"type": "captions", "source": "rep.vtt", "highlight": "word",
               "style": {"font": "$FONTS/Inter-Bold.otf", "size": 24}}]}
JSON
expect 0 "$VF" render rep.json -o rep.mp4 --dry-run --allow-path "$FONTS"
items=$(grep -c '^  layer overlay-0\.' out.txt)
shared=$(grep -c '^  layer overlay-0\..*(raster shared)$' out.txt)
check '[ "$items" -eq 36 ]' "36 caption and word items planned, got $items"
check '[ "$shared" -eq 27 ]' "27 of 36 items share an identical raster, got $shared"
# the first of each text keeps its own; every repeat shares
check '! grep -q "overlay-0\.[012]\(\.w[01]\)\?: .*(raster shared)" out.txt' \
    "a first occurrence is marked shared: $(grep 'overlay-0\.[012][.:]' out.txt | head -3)"
check 'grep -q "overlay-0\.11\.w1: .*(raster shared)" out.txt' "the last cue's second word is not shared"

# --- the ASS key: font files by content, nothing else ------------------------------
mkdir t
cp "$FONTS/OpenSans-Bold.ttf" t/
cat > t/c.ass <<'ASS'
[Script Info]
ScriptType: v4.00+
PlayResX: 320
PlayResY: 180

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Open Sans,30,&H00FFFFFF,&H00FFFFFF,&H00000000,&H00000000,-1,0,0,0,100,100,0,0,1,0,0,2,10,10,10,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:00.00,0:00:01.00,Default,,0,0,0,,hello
ASS
printf '{"template_version": "1.0", "video": {"width": 320, "height": 180, "fps": 10, "duration": 1},
 "overlays": [{"type": "captions", "source": "c.ass"}]}\n' > t/c.json
key() { # the segment key of the dry-run (it holds the ASS layer's key)
    "$VF" render t/c.json -o t/out.mp4 -y --dry-run 2>err.txt | sed -n 's/^segment 0: .* key //p'
}
k0=$(key)
check '[ -n "$k0" ]' "no segment key in the dry-run: $(head -c 300 err.txt)"
echo "an output" > t/out.mp4
echo "notes" > t/notes.txt
mkdir t/renders
check '[ "$(key)" = "$k0" ]' "files that are no fonts, written into the template's folder, changed the key"
touch -d '2001-01-01' t/OpenSans-Bold.ttf
check '[ "$(key)" = "$k0" ]' "touching a font (same bytes) changed the key"
cp "$FONTS/OpenSans-Regular.ttf" t/
k1=$(key)
check '[ -n "$k1" ] && [ "$k1" != "$k0" ]' "a font added to the folder kept the key $k0"
printf 'x' >> t/OpenSans-Regular.ttf
touch -d '2001-01-01' t/OpenSans-Regular.ttf
k2=$(key)
check '[ -n "$k2" ] && [ "$k2" != "$k1" ]' "a font edited (modification time restored) kept the key $k1"
# readdir's order does not matter: the same fonts copied into a fresh folder
# in the other order give the same key
mkdir u
cp t/c.ass t/c.json u/
cp t/OpenSans-Regular.ttf u/
cp t/OpenSans-Bold.ttf u/
ku=$("$VF" render u/c.json -o u/out.mp4 -y --dry-run 2>err.txt | sed -n 's/^segment 0: .* key //p')
check '[ "$ku" = "$k2" ]' "the same fonts in another folder (written in another order): key $ku, not $k2"

# --- an ASS layer is cropped to what libass draws ----------------------------------
# a bottom line and a word at the top right: the canvas spans both, not the
# frame's full height, and the frames match ffmpeg's ass filter (libass)
mkdir crop
cp "$FONTS/OpenSans-Bold.ttf" crop/
cat > crop/c.ass <<'ASS'
[Script Info]
ScriptType: v4.00+
PlayResX: 320
PlayResY: 180

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Open Sans,24,&H00FFFFFF,&H00FFFFFF,&H00000000,&H00000000,-1,0,0,0,100,100,0,0,1,0,0,2,10,10,10,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:00.00,0:00:02.00,Default,,0,0,0,,a line at the bottom
Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{\an9\pos(316,60)}WIDE
ASS
printf '{"template_version": "1.0", "video": {"width": 320, "height": 180, "fps": 10, "duration": 2, "background": "#000000"},
 "overlays": [{"type": "captions", "source": "c.ass"}], "encoding": {"preset": "ultrafast", "crf": 0}}\n' > crop/c.json
expect 0 "$VF" render crop/c.json -o crop/dry.mp4 --dry-run
read -r cw ch < <(sed -n 's/^layer overlay-0: box \([0-9]*\)x\([0-9]*\) .*/\1 \2/p' out.txt)
check '[ -n "${ch:-}" ] && [ "$ch" -lt 150 ] && [ "$cw" -le 320 ]' \
    "the ASS layer's canvas is ${cw:-?}x${ch:-?}, not cropped to its text: $(grep 'layer overlay-0:' out.txt)"
expect 0 "$VF" render crop/c.json -o crop/vf.mp4 --no-reuse
ffmpeg -v error -f lavfi -i color=c=black:s=320x180:r=10:d=2 -vf "ass=crop/c.ass:fontsdir=crop" \
    -c:v libx264 -preset ultrafast -crf 0 -pix_fmt yuv420p -y crop/ref.mp4
fc() { python3 "$HERE/frame_check.py" "$@"; }
p=$(fc --psnr crop/vf.mp4 crop/ref.mp4)
check "python3 -c 'import sys; sys.exit(not $p >= 35)'" "cropped ASS vs libass: lowest PSNR $p dB (want >= 35)"
for n in 5 15; do
    read -r c x0 y0 x1 y1 < <(fc crop/vf.mp4 320 180 $n white)
    read -r rc rx0 ry0 rx1 ry1 < <(fc crop/ref.mp4 320 180 $n white)
    check "[ $((c - rc)) -ge $((-rc / 50 - 2)) ] && [ $((c - rc)) -le $((rc / 50 + 2)) ] && [ $((x1 - rx1)) -ge -1 ] && [ $((x1 - rx1)) -le 1 ] && [ $((y0 - ry0)) -ge -1 ] && [ $((y0 - ry0)) -le 1 ] && [ $((x0 - rx0)) -ge -1 ] && [ $((x0 - rx0)) -le 1 ] && [ $((y1 - ry1)) -ge -1 ] && [ $((y1 - ry1)) -le 1 ]" \
        "frame $n: $c white pixels in $x0,$y0-$x1,$y1; libass $rc in $rx0,$ry0-$rx1,$ry1"
done

summary test_captions_cost
