#!/bin/bash
# ASS/SSA captions drawn by libass per frame (issue 17): a styled, \pos'd,
# karaoke file rendered by vidforge matches libass's own rendering of it
# (the ffmpeg CLI's ass filter) frame for frame; the text shows on the event's
# frames only; libass takes fonts from the allowed folders, never the system's.
# usage: test_captions_ass.sh VIDFORGE
set -u
VF=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
FONTS=$(cd "$HERE/../../fonts" && pwd)
WORK=$(mktemp -d /tmp/vidforge-captions-ass-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
fc() { python3 "$HERE/frame_check.py" "$@"; }

mkdir fonts
cp "$FONTS/OpenSans-Bold.ttf" fonts/
# ass NAME FONTNAME: a red top-left style placed by \pos, and a karaoke line
# (yellow once sung, blue before) centred at the bottom
ass() {
    cat > "$1.ass" <<ASS
[Script Info]
ScriptType: v4.00+
PlayResX: 320
PlayResY: 180

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Red,$2,40,&H000000FF,&H00FFFFFF,&H00000000,&H00000000,-1,0,0,0,100,100,0,0,1,0,0,7,10,10,10,1
Style: Kara,$2,30,&H0000FFFF,&H00FF0000,&H00000000,&H00000000,-1,0,0,0,100,100,0,0,1,0,0,2,10,10,10,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:00.50,0:00:01.50,Red,,0,0,0,,{\pos(40,60)}HELLO
Dialogue: 0,0:00:01.00,0:00:03.00,Kara,,0,0,0,,{\k50}ka{\k50}ra{\k50}o{\k50}ke
ASS
}
# tpl NAME ASSFILE [EXTRA KEYS]
tpl() {
    printf '{"template_version": "1.0", "video": {"width": 320, "height": 180, "fps": 10, "duration": 3, "background": "#000000"},
 "overlays": [{"type": "captions", "source": "%s"%s}], "encoding": {"preset": "ultrafast", "crf": 0}}\n' \
        "$2" "${3:-}" > "$1.json"
}
ref() { # ASSFILE OUT: libass's own rendering through ffmpeg's ass filter
    ffmpeg -v error -f lavfi -i color=c=black:s=320x180:r=10:d=3 -vf "ass=$1:fontsdir=fonts" \
        -c:v libx264 -preset ultrafast -crf 0 -pix_fmt yuv420p -y "$2"
}

ass open "Open Sans"
tpl open fonts/../open.ass
expect 0 "$VF" render open.json -o open.mp4 --allow-path fonts
expect 0 "$VF" render open.json -o dry.mp4 --dry-run
contains out.txt 'drawn by libass'
ref open.ass open_ref.mp4
p=$(fc --psnr open.mp4 open_ref.mp4)
check "python3 -c 'import sys; sys.exit(not $p >= 35)'" "vidforge vs libass: lowest PSNR $p dB over the frames (want >= 35)"

# the red event: frames [5, 15) at 10 fps, its top-left at \pos(40,60)
read -r n4 _ < <(fc open.mp4 320 180 4 red)
read -r n5 x0 y0 x1 y1 < <(fc open.mp4 320 180 5 red)
read -r r5 rx0 ry0 rx1 ry1 < <(fc open_ref.mp4 320 180 5 red)
read -r n14 _ < <(fc open.mp4 320 180 14 red)
read -r n15 _ < <(fc open.mp4 320 180 15 red)
check "[ $n4 -eq 0 ] && [ $n5 -gt 300 ] && [ $n14 -gt 300 ] && [ $n15 -eq 0 ]" \
    "red text on frames [5, 15) only: $n4 $n5 $n14 $n15 red pixels on frames 4 5 14 15"
check "[ $x0 -ge 40 ] && [ $x0 -le 46 ] && [ $y0 -ge 60 ] && [ $y0 -le 75 ]" \
    "\\pos(40,60): the red text's top-left at $x0,$y0"
check "[ $((x0 - rx0)) -ge -1 ] && [ $((x0 - rx0)) -le 1 ] && [ $((x1 - rx1)) -ge -1 ] && [ $((x1 - rx1)) -le 1 ] && [ $((y0 - ry0)) -ge -1 ] && [ $((y0 - ry0)) -le 1 ] && [ $((y1 - ry1)) -ge -1 ] && [ $((y1 - ry1)) -le 1 ]" \
    "the red text's box $x0,$y0-$x1,$y1 is libass's $rx0,$ry0-$rx1,$ry1 (1 px)"
check "[ $((n5 - r5)) -ge $((-r5 / 20)) ] && [ $((n5 - r5)) -le $((r5 / 20)) ]" \
    "as many red pixels as libass's ($n5, $r5)"

# karaoke: each syllable turns from blue to yellow on its beat, as in libass
for n in 12 17 22 27; do
    read -r y _ < <(fc open.mp4 320 180 $n yellow)
    read -r ry _ < <(fc open_ref.mp4 320 180 $n yellow)
    read -r b _ < <(fc open.mp4 320 180 $n blue)
    check "[ $((y - ry)) -ge $((-ry / 10 - 5)) ] && [ $((y - ry)) -le $((ry / 10 + 5)) ]" \
        "karaoke at frame $n: $y yellow pixels, libass $ry"
    eval "yellow_$n=$y blue_$n=$b"
done
check "[ $yellow_12 -lt $yellow_17 ] && [ $yellow_17 -lt $yellow_22 ] && [ $blue_12 -gt $blue_27 ]" \
    "karaoke fills as sung: yellow $yellow_12 < $yellow_17 < $yellow_22, blue $blue_12 > $blue_27"

# fonts: a family found only on the system (fontconfig) is not used; libass
# falls back to the overlay's style.font, exactly as for a family it lacks
if fc-list | grep -q 'DejaVu Sans:'; then
    ass sys "DejaVu Sans"
    ass none "No Such Family"
    tpl sys sys.ass ', "style": {"font": "fonts/OpenSans-Bold.ttf"}'
    tpl none none.ass ', "style": {"font": "fonts/OpenSans-Bold.ttf"}'
    expect 0 "$VF" render sys.json -o sys.mp4
    expect 0 "$VF" render none.json -o none.mp4
    ref sys.ass sys_ref.mp4
    same_px=$(fc --psnr sys.mp4 none.mp4)
    sys_px=$(fc --psnr sys.mp4 sys_ref.mp4 7)
    check "python3 -c 'import sys; sys.exit(not ($same_px >= 60 and $sys_px < 30))'" \
        "system font kept out: sys vs none $same_px dB (want >= 60), vs fontconfig's DejaVu $sys_px dB (want < 30)"
fi

# a broken ASS file is exit 3 naming it
printf 'not a subtitle file\n' > bad.ass
tpl bad bad.ass
expect 3 "$VF" render bad.json -o bad.mp4
contains err.txt 'bad.ass'
absent bad.mp4

echo "psnr $p; red $n4 $n5 $n14 $n15 box $x0,$y0-$x1,$y1 ref $rx0,$ry0-$rx1,$ry1 $r5; kara $yellow_12 $yellow_17 $yellow_22 $yellow_27 blue $blue_12 $blue_27; fonts ${same_px:-} ${sys_px:-}"
summary captions_ass
