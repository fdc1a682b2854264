#!/bin/bash
# CLI contract: exit codes, exact error text, stdout/stderr discipline,
# progress events, atomic output, interruption. Fixtures come from the ffmpeg
# CLI; independent checks use ffprobe.
# usage: test_cli.sh VIDFORGE TESTS_SOURCE_DIR
set -u
source "$(dirname "$0")/lib.sh"
VF=$(readlink -f "$1")
SRC=$(readlink -f "$2")
WORK=$(mktemp -d /tmp/vidforge-cli-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
probe_field() { # FILE STREAM FIELD
    ffprobe -v error -select_streams "$2" -show_entries stream="$3" -of csv=p=0 "$1" | head -1
}

FF="ffmpeg -hide_banner -loglevel error -y"
$FF -f lavfi -i testsrc2=s=320x240:r=30:d=2 -f lavfi -i sine=d=2 -c:v libx264 -preset ultrafast \
    -c:a aac base.mp4 || exit 1
$FF -f lavfi -i color=c=white:s=32x32 -frames:v 1 logo.png || exit 1
head -c 5000 /dev/urandom > corrupt.mp4
echo "this is not a font" > broken.ttf

cat > ok.json <<'JSON'
{"template_version": "1.0",
 "video": {"input": "base.mp4", "output_preset": "720p_web"},
 "overlays": [
   {"type": "text", "id": "t", "content": "{{title|Default}}",
    "position": {"preset": "CENTER"}, "style": {"size": 48}},
   {"type": "image", "source": "logo.png", "position": {"preset": "TOP_RIGHT"}}],
 "encoding": {"preset": "ultrafast"}}
JSON
bg() { # NAME EXTRA_VIDEO_KEYS EXTRA_TOP_LEVEL
    printf '{"template_version": "1.0", "video": {"duration": %s, "width": 160, "height": 120%s}%s}\n' \
        "${4:-1}" "$2" "$3" > "$1.json"
}

# --- basics ---------------------------------------------------------------
expect 0 "$VF" --version;              contains out.txt "vidforge 0.1.0"; empty err.txt
expect 0 "$VF" help;                   contains out.txt "Exit codes:"; contains out.txt "render"
expect 0 "$VF" help render;            contains out.txt "--dry-run"
expect 2 "$VF" frobnicate;             contains err.txt 'unknown command "frobnicate"'
expect 2 "$VF" render;                 contains err.txt "missing TEMPLATE"
expect 2 "$VF" render ok.json --bogus; contains err.txt "unknown option --bogus"
# an option another command takes is refused, not silently ignored
expect 2 "$VF" render ok.json --at 3;  contains err.txt "vidforge: --at does not apply to render (see vidforge help render)"
expect 2 "$VF" preview ok.json --at 1 -o p.png --report r.json; contains err.txt "--report does not apply to preview"
expect 2 "$VF" validate ok.json --output x.mp4; contains err.txt "--output does not apply to validate"
expect 2 "$VF" batch ok.json --rows r.csv -y; contains err.txt "--overwrite does not apply to batch"
expect 2 "$VF" storyboard ok.json -o s.png --dry-run; contains err.txt "--dry-run does not apply to storyboard"
expect 2 "$VF" render ok.json --progress loud; contains err.txt "--progress must be auto, bar, json or none"
expect 2 "$VF" render missing.json;    contains err.txt "cannot open template missing.json"
expect 0 "$VF" presets;                contains out.txt "1080x1920_vertical"
expect 0 "$VF" fonts;                  contains out.txt "$(printf 'Inter\tBold\t')"
contains out.txt "$(printf 'Open Sans\tRegular\t')"
# the executable alone: light commands work, media commands say what is missing
mkdir -p lonely && cp "$VF" lonely/vidforge
expect 0 lonely/vidforge validate ok.json
expect 1 lonely/vidforge probe base.mp4; contains err.txt "vidforge: cannot load vidforge-engine.so"
# validate answers a template with errors before loading the module (a module
# that cannot load, here: the answer is still the findings, with no notice);
# a template without errors goes on to the module (the notice)
mkdir -p broken && cp "$VF" broken/vidforge && echo "not a module" > broken/vidforge-engine.so
(cd "$SRC/fixtures/errors" && "$WORK/broken/vidforge" validate bad-json.json >"$WORK/out.txt" 2>"$WORK/err.txt")
[ $? -eq 2 ] && ok || fail "broken module: validate bad-json.json did not exit 2"
same err.txt "$SRC/fixtures/errors/bad-json.expected"
expect 0 broken/vidforge validate ok.json; contains err.txt "notice: overlays not laid out: cannot load vidforge-engine.so"
# installed layout: bin/vidforge finds lib/vidforge/vidforge-engine.so
mkdir -p inst/bin inst/lib/vidforge && cp "$VF" inst/bin/ && cp "$(dirname "$VF")/vidforge-engine.so" inst/lib/vidforge/
expect 0 inst/bin/vidforge probe base.mp4; contains out.txt '"codec":	"h264"'

# --- validation findings, exact text --------------------------------------
for f in "$SRC"/fixtures/errors/*.json "$SRC"/fixtures/invalid/*.json; do
    name=$(basename "$f")
    (cd "$(dirname "$f")" && "$VF" validate "$name" >"$WORK/out.txt" 2>"$WORK/err.txt")
    code=$?
    if [ $code -eq 2 ]; then ok; else fail "validate $name exited $code"; fi
    same err.txt "${f%.json}.expected"
    empty out.txt
done
(cd "$SRC/fixtures/errors" && "$VF" validate many-errors.json --format json >"$WORK/out.txt" 2>"$WORK/err.txt")
contains out.txt '"pointer":	"/overlays/0/style/size"'
contains out.txt '"severity":	"warning"'
contains out.txt '"line":	6'
empty err.txt
expect 0 "$VF" validate ok.json;       check '! grep -v ": warning: " err.txt | grep -q .' "validate ok.json: $(cat err.txt)"

# --- variables and output names (dry run: nothing rendered) ----------------
bg named "" ', "output": "{{name}}-{{size|big}}.mp4"'
echo '{"name": "from-file", "size": "small"}' > vars.json
expect 0 "$VF" render named.json --dry-run --vars vars.json --var name=from-cli
contains out.txt "output file: ./from-cli-small.mp4"
expect 0 "$VF" render ok.json --dry-run; contains out.txt "output file: ok.mp4"
contains out.txt "filter graph:"; contains out.txt "overlay=x="
echo '{"template_version": "1.0", "video": {"duration": 2}}' > plain.json
expect 0 "$VF" render plain.json --dry-run
contains out.txt "output: 1920x1080 @ 30/1 fps, 60 frames (2.000 s)"
absent ok.mp4
# the whole dry-run text, exactly (the segment key aside: it names the version)
cat > exact.json <<'JSON'
{"template_version": "1.0",
 "video": {"duration": 2, "width": 320, "height": 240, "fps": 25, "background": "#102030"},
 "overlays": [
   {"type": "image", "id": "logo", "source": "logo.png",
    "position": {"preset": "TOP_RIGHT", "offset": {"x": -10, "y": 10}},
    "timeline": {"start": 0.5, "end": 1.5, "animation": {"in": {"type": "fade", "duration": 0.2}}}}],
 "encoding": {"preset": "ultrafast", "audio_codec": "none"}}
JSON
cat > exact.expected <<'TEXT'
output: 320x240 @ 25/1 fps, 50 frames (2.000 s)
input: (background colour)
video: libx264, preset ultrafast, crf 20
layer logo: box 32x32 at (278,10), raster 32x32 at (278,10), frames [13, 38)
track 0 (video): base colour [0, 50)
track 1 (video): logo raster [13, 38)
segment 0: frames [0, 50) key KEY
output file: exact.mp4
filter graph:
color=c=0x102030:s=320x240:r=25/1,format=rgb24,scale=out_color_matrix=bt709:out_range=tv,format=yuv420p,loop=loop=-1:size=1,setpts=N+0[b0];
[ov0]scale=out_color_matrix=bt709:out_range=tv,format=yuva420p[ov0y];
[b0][ov0y]overlay=x=278:y=10:eof_action=pass:repeatlast=0:format=yuv420[out]
TEXT
expect 0 "$VF" render exact.json --dry-run
sed -i 's/ key [0-9a-f]\{16\}$/ key KEY/' out.txt
check "diff -u exact.expected out.txt" "dry-run text: $(diff exact.expected out.txt | head -5)"
expect 2 "$VF" render ok.json --var novalue; contains err.txt "--var needs KEY=VALUE"

# --- missing or broken assets: exit 3 ----------------------------------------
sed 's/base.mp4/nothere.mp4/' ok.json > noinput.json
expect 3 "$VF" render noinput.json -o x.mp4
contains err.txt "vidforge: input video ./nothere.mp4 does not exist or is not readable"
absent x.mp4
sed 's/base.mp4/corrupt.mp4/' ok.json > corrupt.json
expect 3 "$VF" render corrupt.json -o x.mp4; contains err.txt "corrupt.mp4"; absent x.mp4
sed 's/"size": 48/"size": 48, "font": "fonts\/Nope.ttf"/' ok.json > nofont.json
expect 3 "$VF" render nofont.json -o x.mp4; contains err.txt 'font "fonts/Nope.ttf" not found'
sed 's/"size": 48/"size": 48, "font": "broken.ttf"/' ok.json > badfont.json
expect 3 "$VF" render badfont.json -o x.mp4; contains err.txt "cannot open font ./broken.ttf"
sed 's/"size": 48/"size": 48, "font": "No Such Family"/' ok.json > nofamily.json
expect 3 "$VF" render nofamily.json -o x.mp4; contains err.txt 'font "No Such Family" not found'
sed 's/logo.png/nologo.png/' ok.json > noimage.json
expect 3 "$VF" render noimage.json -o x.mp4; contains err.txt "image ./nologo.png does not exist"
sed 's/logo.png/corrupt.mp4/' ok.json > badimage.json
expect 3 "$VF" render badimage.json -o x.mp4; absent x.mp4
expect 3 "$VF" probe corrupt.mp4;      contains err.txt "cannot read media corrupt.mp4"; empty out.txt
no_temps

# --- a real render, quiet when not on a terminal ---------------------------
expect 0 "$VF" render ok.json -o out.mp4
empty out.txt; empty err.txt
[ "$(probe_field out.mp4 v:0 codec_name)" = "h264" ] && ok || fail "out.mp4 is not h264"
[ "$(probe_field out.mp4 v:0 width,height)" = "1280,720" ] && ok || fail "out.mp4 is not 1280x720"
[ "$(probe_field out.mp4 a:0 codec_name)" = "aac" ] && ok || fail "out.mp4 has no AAC audio"
# faststart: the moov atom comes before mdat
if head -c 100000 out.mp4 | grep -boa -m1 -E 'moov|mdat' | head -1 | grep -q moov; then ok
else fail "moov is not at the front"; fi
expect 0 "$VF" probe out.mp4
contains out.txt '"codec":	"h264"'; contains out.txt '"width":	1280'; contains out.txt '"sample_rate":	48000'

# --- every shipped template renders with shipped assets only ------------------
for t in "$SRC"/../templates/*.json; do
    name=$(basename "$t" .json)
    expect 0 "$VF" render "$t" -o "$WORK/shipped-$name.mp4"
    [ "$(probe_field "shipped-$name.mp4" v:0 codec_name)" = "h264" ] && ok ||
        fail "shipped template $name did not render"
done

# --- preview ---------------------------------------------------------------------
expect 0 "$VF" preview ok.json --at 1 -o frame.png
[ "$(probe_field frame.png v:0 codec_name)" = "png" ] && ok || fail "frame.png is not a PNG"
[ "$(probe_field frame.png v:0 width,height)" = "1280,720" ] && ok || fail "frame.png is not 1280x720"
expect 4 "$VF" preview ok.json --at 1 -o frame.png;  contains err.txt "frame.png already exists"
expect 0 "$VF" preview ok.json --at 1 -o frame.png -y --guides
expect 2 "$VF" preview ok.json --at 5 -o late.png;   contains err.txt "--at 5 is past the end of the video (2.000 s)"
absent late.png
expect 2 "$VF" preview ok.json -o x.png;             contains err.txt "preview needs --at SECONDS"
expect 2 "$VF" preview ok.json --at soon -o x.png;   contains err.txt '--at needs a number of seconds, not "soon"'
expect 2 "$VF" preview ok.json --at 1;               contains err.txt "preview needs -o FRAME.png"
no_temps

# --- storyboard: tile count and size -------------------------------------------
# ok.json: 2 s at 1280x720 -> tiles 480x270, 16 px margins, 28 px labels
expect 0 "$VF" storyboard ok.json --every 0.5 -o sheet.png
[ "$(probe_field sheet.png v:0 width,height)" = "2000,330" ] && ok ||
    fail "4 tiles in one row should be 2000x330, got $(probe_field sheet.png v:0 width,height)"
expect 0 "$VF" storyboard ok.json --every 0.25 -o sheet8.png --guides
[ "$(probe_field sheet8.png v:0 width,height)" = "2000,644" ] && ok ||
    fail "8 tiles in two rows should be 2000x644, got $(probe_field sheet8.png v:0 width,height)"
expect 0 "$VF" storyboard ok.json --at-changes -o changes.png
[ "$(probe_field changes.png v:0 width,height)" = "1008,330" ] && ok ||
    fail "first and last frame: 2 tiles, 1008x330, got $(probe_field changes.png v:0 width,height)"
expect 2 "$VF" storyboard ok.json --every 1 --at-changes -o x.png; contains err.txt "not both"
expect 2 "$VF" storyboard ok.json --every 0 -o x.png; contains err.txt "--every needs a number of seconds above 0"

# --- overwrite rules ----------------------------------------------------------
cp out.mp4 before.mp4
expect 4 "$VF" render ok.json -o out.mp4
contains err.txt "vidforge: out.mp4 already exists (use -y to overwrite)"
cmp -s out.mp4 before.mp4 && ok || fail "out.mp4 changed without -y"
expect 0 "$VF" render ok.json -o out.mp4 -y
expect 4 "$VF" render ok.json -o /nonexistent/dir/x.mp4; contains err.txt "cannot write to folder"
expect 2 "$VF" render ok.json -o out.xyz; contains err.txt "cannot tell the container"
no_temps

# --- NVENC fallback -----------------------------------------------------------
bg nv "" ', "encoding": {"codec": "h264_nvenc", "preset": "p3"}'
expect 0 "$VF" render nv.json -o nv.mp4
if grep -q "h264_nvenc is not usable here" err.txt; then
    contains err.txt "encoding with libx264, preset veryfast"
    [ "$(wc -l < err.txt)" -eq 1 ] && ok || fail "the fallback notice is not one line"
else
    ok # a machine with a usable NVIDIA encoder: nothing to fall back from
fi
[ "$(probe_field nv.mp4 v:0 codec_name)" = "h264" ] && ok || fail "nv.mp4 is not h264"
bg nvq "" ', "encoding": {"codec": "hevc_nvenc"}'
expect 0 "$VF" render nvq.json -o nvq.mp4 -q; empty err.txt
[ "$(probe_field nvq.mp4 v:0 codec_name)" = "hevc" ] && ok || fail "nvq.mp4 is not hevc"

# --- shaping matches HarfBuzz's own tool (kerning applied) --------------------
bg kern "" ', "overlays": [{"type": "text", "content": "AVATAR", "style": {"font": "Inter", "size": 64}}]'
expect 0 "$VF" render kern.json --dry-run
box_w=$(sed -n 's/^layer overlay-0: box \([0-9]*\)x.*/\1/p' out.txt)
hb_sum=$(( $(hb-shape "$SRC/../fonts/Inter-Regular.otf" AVATAR --font-size=6400 |
             grep -o '+[0-9]*' | tr -d + | paste -sd+) ))
hb_w=$(( (hb_sum + 99) / 100 ))
[ -n "$box_w" ] && [ $(( box_w - hb_w )) -le 1 ] && [ $(( hb_w - box_w )) -le 1 ] && ok ||
    fail "AVATAR box $box_w px, hb-shape says $hb_w px"
nokern=$(( $(hb-shape "$SRC/../fonts/Inter-Regular.otf" AVATAR --font-size=6400 --features=-kern |
             grep -o '+[0-9]*' | tr -d + | paste -sd+) ))
[ $(( nokern / 100 - box_w )) -ge 10 ] && ok || fail "kerning made no difference ($nokern vs $box_w)"

# --- progress bar on a terminal -----------------------------------------------
bg tty "" "" 1
script -qec "'$VF' render tty.json -o tty.mp4" /dev/null > tty.txt 2>&1
contains tty.txt "100% | frame 30/30 |"
contains tty.txt "fps |"
contains tty.txt "x | ETA"

# --- JSON progress on stdout ------------------------------------------------
bg prog "" "" 2
expect 0 "$VF" render prog.json -o prog.mp4 --progress json
contains out.txt '{"event":"progress","frame":'
contains out.txt '"frames":60'
tail -1 out.txt | grep -q '^{"event":"done","output":"prog.mp4","seconds":[0-9.e-]*,"frames":60,"encoder":"libx264"}$' \
    && ok || fail "last line is not the done event: $(tail -1 out.txt)"
if grep -v '^{"event":"\(progress\|done\)".*}$' out.txt | grep -q .; then
    fail "stdout has something besides JSON events"; else ok; fi
empty err.txt

# --- interruption: exit 130, nothing left ------------------------------------
bg long "" ', "encoding": {"preset": "veryslow"}' 600
sed -i 's/"width": 160, "height": 120/"width": 1920, "height": 1080/' long.json
"$VF" render long.json -o long.mp4 >out.txt 2>err.txt &
pid=$!
for _ in $(seq 300); do ls -a | grep -q vidforge-tmp && break; sleep 0.1; done
kill -INT $pid
start=$(date +%s%N)
wait $pid
code=$?
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
[ $code -eq 130 ] && ok || fail "SIGINT exit code $code, expected 130"
[ $elapsed -lt 3000 ] && ok || fail "took ${elapsed} ms to stop"
absent long.mp4; no_temps
contains err.txt "vidforge: interrupted"

summary cli
