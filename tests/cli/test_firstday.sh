#!/bin/bash
# The first day with vidforge (issue 20), "Commands and help": every command
# answers --help and -h, help lists what the parser takes, preview and
# storyboard past the input's end show what render shows, the storyboard
# cap is said, paths in messages are normalised, the NVENC fallback reads
# as what it is.
# usage: test_firstday.sh VIDFORGE
set -u
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/firstday_lib.sh"
VF=$(readlink -f "$1")
WORK=$(mktemp -d /tmp/vidforge-firstday-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
FF="ffmpeg -hide_banner -loglevel error -y"

# --- every command answers --help and -h with its own help, exit 0 -----------------
commands=$("$VF" help | awk '/^Commands:/ { on = 1; next } on && NF == 0 { exit } on { print $1 }' |
           grep -v -- '^--')
check '[ "$(echo $commands | wc -w)" -ge 10 ]' "help lists the commands: $commands"
for c in $commands; do
    for h in --help -h; do
        expect 0 "$VF" $c $h
        contains out.txt "Usage: vidforge $c"
        contains out.txt "-h, --help"
        empty err.txt
    done
done
expect 0 "$VF" render x.json -o y.mp4 --help; contains out.txt "Usage: vidforge render"
expect 0 "$VF" batch -h --rows r.csv; contains out.txt "Usage: vidforge batch"
# a value that reads "-h" is a value, not a request for help
expect 2 "$VF" render missing.json --var -h;  contains err.txt "--var needs KEY=VALUE"

# --- help lists every option each command takes, and only those -------------------
# (the parser and help read one table: an option help shows is never refused as
# "does not apply", and one refused is never shown)
for c in render preview storyboard batch validate; do
    "$VF" help $c > help.txt
    for o in $(grep -oE '^  (-[a-z], )?--[a-z-]+' help.txt | grep -oE -- '--[a-z-]+'); do
        "$VF" $c nothing.json $o >/dev/null 2>err.txt
        check '! grep -q "does not apply" err.txt' "help $c lists $o but $c refuses it"
    done
    for o in --allow-path --limit --no-network --var --vars -q -v; do
        contains help.txt "$o"
    done
done
"$VF" help render > help.txt
check '! grep -q -- "--at SECONDS" help.txt' "help render lists preview's --at"
expect 2 "$VF" render x.json --at 1; contains err.txt "--at does not apply to render"
"$VF" help storyboard > help.txt; contains help.txt "--max-tiles N"
"$VF" help preview > help.txt; contains help.txt "--guides [reels|tiktok|shorts]"

# --- preview and storyboard past the input's end show what render shows ------------
$FF -f lavfi -i testsrc2=s=320x240:r=30:d=2 -c:v libx264 -preset ultrafast -pix_fmt yuv420p clip.mp4
for mode in freeze background; do
    cat > $mode.json <<JSON
{"template_version": "1.0",
 "video": {"input": "clip.mp4", "duration": 12, "extend": "$mode", "background": "#204080"},
 "overlays": [{"type": "text", "id": "title", "content": "Past the end",
               "position": {"preset": "BOTTOM_CENTER", "offset": {"x": 0, "y": -20}}, "style": {"size": 28}}],
 "encoding": {"preset": "ultrafast", "crf": 10}}
JSON
    expect 0 "$VF" preview $mode.json --at 10 -o $mode-10.png
    expect 0 "$VF" render $mode.json -o $mode.mp4
    frame_of $mode.mp4 300 $mode-300.png
    d=$(mean_diff $mode-10.png $mode-300.png)
    check 'below "$d" 2' "$mode: preview --at 10 differs from render's frame 300 by $d"
    expect 0 "$VF" storyboard $mode.json -o $mode-sheet.png --every 3
    check '[ -s $mode-sheet.png ]' "$mode: storyboard past the end wrote nothing"
done
# freeze holds the input's last frame; background shows the background
"$VF" preview freeze.json --at 1.99 -o last.png # the input's last frame, frame 59
d=$(mean_diff freeze-10.png last.png 320:160:0:0) # above the title
check 'below "$d" 1' "freeze: the frame past the end is not the input's last ($d)"
check 'near "$(rgb_at background-10.png 160 60)" "32 64 128" 6' \
      "background: $(rgb_at background-10.png 160 60) is not #204080"
# a storyboard tile past the end: the sheet's last tile (frame 270) as render shows it
"$VF" storyboard freeze.json -o one.png --every 9 2>/dev/null
check '[ -s one.png ]' "storyboard --every 9 past the end"

# --- the storyboard cap is said, and --max-tiles moves it --------------------------
expect 0 "$VF" storyboard freeze.json -o many.png --every 0.1
contains err.txt "warning: the storyboard shows 64 of 120 frames (--max-tiles 64)"
expect 0 "$VF" storyboard freeze.json -o many2.png --every 0.1 --max-tiles 120 -y
empty err.txt
w64=$(ffprobe -v error -show_entries stream=height -of csv=p=0 many.png)
w120=$(ffprobe -v error -show_entries stream=height -of csv=p=0 many2.png)
check '[ "$w120" -gt "$w64" ]' "--max-tiles 120 made no taller sheet ($w64 vs $w120)"
expect 2 "$VF" storyboard freeze.json -o x.png --max-tiles 0
contains err.txt "--max-tiles needs a number from 1 to 256, not \"0\""

# --- paths in messages are normalised ------------------------------------------------
mkdir -p templates media out
printf '{"template_version": "1.0", "video": {"input": "../media/gone.mp4", "duration": 1}}\n' \
    > templates/gone.json
expect 3 "$VF" render templates/gone.json -o templates/../out/x.mp4
contains err.txt "input video media/gone.mp4 does not exist"
check '! grep -q "templates/\.\./" err.txt' "a message keeps templates/../: $(cat err.txt)"
cp clip.mp4 media/gone.mp4
expect 0 "$VF" render templates/gone.json -o templates/../out/x.mp4 --progress json
contains out.txt '"output":"out/x.mp4"'
expect 4 "$VF" render templates/gone.json -o templates/../out/x.mp4
contains err.txt "vidforge: out/x.mp4 already exists"
# "x/.." is folded only where it names the same file: not through a symbolic link
mkdir -p deep/inner; ln -s "$WORK/deep/inner" hop
expect 4 "$VF" render templates/gone.json -o hop/../y/z.mp4 -y # deep/y does not exist
contains err.txt "cannot write to folder hop/../y"

# --- the NVENC fallback says what is missing; --report keeps the detail ---------------
sed 's/"duration": 1}/"duration": 1}, "encoding": {"codec": "h264_nvenc", "preset": "ultrafast"}/' \
    templates/gone.json > templates/nv.json
expect 0 "$VF" render templates/nv.json -o nv.mp4 --report nv.json
if grep -q '"name":\s*"h264_nvenc"' nv.json; then ok; else # no NVIDIA encoder here
    contains err.txt "vidforge: no NVIDIA encoder available (h264_nvenc asked for): encoding with libx264"
    check '! grep -q "not permitted" err.txt' "the notice reads like a permissions problem"
    contains nv.json "h264_nvenc is not usable here ("
fi

summary test_firstday
