#!/bin/bash
# Hostile templates, rows and media: every case gets its documented exit code,
# a message that names the problem, and leaves no output file.
# usage: test_hostile.sh VIDFORGE
set -u
VF=$(readlink -f "$1")
WORK=$(mktemp -d /tmp/vidforge-hostile-XXXXXX)
OUTSIDE=$(mktemp -d /tmp/vidforge-outside-XXXXXX)
trap 'rm -rf "$WORK" "$OUTSIDE"' EXIT
mkdir -p "$WORK/tpl" "$WORK/run"
cd "$WORK/run" || exit 1
passed=0
failed=0
n=0
FF="ffmpeg -hide_banner -loglevel error -y"

# hostile NAME CODE MESSAGE COMMAND...: exit code, message on stderr, no out.mp4
hostile() {
    local name=$1 code=$2 msg=$3; shift 3
    n=$((n + 1))
    rm -f out.mp4 out.png
    "$@" >out.txt 2>err.txt
    local got=$?
    if [ $got -ne $code ]; then
        failed=$((failed + 1)); echo "FAIL [$name]: exit $got, expected $code: $(head -c 300 err.txt)" >&2
    elif ! grep -qF -- "$msg" err.txt; then
        failed=$((failed + 1)); echo "FAIL [$name]: stderr lacks \"$msg\": $(head -c 300 err.txt)" >&2
    elif [ -e out.mp4 ] || [ -e out.png ] || ls -a | grep -q vidforge-tmp; then
        failed=$((failed + 1)); echo "FAIL [$name]: an output was left behind" >&2
    else
        passed=$((passed + 1))
    fi
}
tpl() { # NAME VIDEO_JSON [OVERLAYS_JSON]: writes ../tpl/NAME.json
    printf '{"template_version": "1.0", "video": %s, "overlays": [%s]}\n' "$2" "${3:-}" > "../tpl/$1.json"
}
render() { "$VF" render "../tpl/$1.json" -o out.mp4 "${@:2}"; }

# fixtures
$FF -f lavfi -i testsrc2=s=160x90:r=25:d=1 -c:v libx264 -preset ultrafast ../tpl/clip.mp4
$FF -f lavfi -i color=c=red:s=32x32 -frames:v 1 ../tpl/logo.png
cp "$(dirname "$VF")/../fonts/Inter-Regular.otf" ../tpl/font.otf 2>/dev/null ||
    cp /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ../tpl/font.otf
echo "secret" > "$OUTSIDE/secret.mp4"
cp ../tpl/logo.png "$OUTSIDE/logo.png"
cp ../tpl/font.otf "$OUTSIDE/font.otf"
ln -s "$OUTSIDE/secret.mp4" ../tpl/link.mp4
ln -s "$OUTSIDE/logo.png" ../tpl/link.png
head -c 3000 ../tpl/clip.mp4 > ../tpl/truncated.mp4
$FF -f lavfi -i testsrc2=s=320x240 -frames:v 1 ../tpl/big.png
head -c 3000 ../tpl/big.png > ../tpl/truncated.png
head -c 1000 ../tpl/font.otf > ../tpl/truncated.otf
: > ../tpl/empty.mp4; : > ../tpl/empty.png; : > ../tpl/empty.otf
mkdir -p ../tpl/folder.mp4 ../tpl/folder.png
head -c 4000 /dev/urandom > ../tpl/garbage.mp4
printf '#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile://%s\n#EXT-X-ENDLIST\n' "$OUTSIDE/secret.mp4" > ../tpl/list.m3u8
printf "ffconcat version 1.0\nfile '%s'\n" "$OUTSIDE/secret.mp4" > ../tpl/list.ffconcat
TEXT='{"type": "text", "content": "x"}'

# --- paths --------------------------------------------------------------------
tpl up '{"input": "../../../../../../../../etc/passwd", "duration": 1}'
hostile "input ../ traversal" 2 "/video/input: input" render up
tpl abs "{\"input\": \"$OUTSIDE/secret.mp4\", \"duration\": 1}"
hostile "absolute input outside" 2 "resolves to $OUTSIDE/secret.mp4, outside the folders" render abs
tpl link '{"input": "link.mp4", "duration": 1}'
hostile "symlink out of the root" 2 "resolves to $OUTSIDE/secret.mp4" render link
tpl img '{"duration": 1}' "{\"type\": \"image\", \"source\": \"$OUTSIDE/logo.png\"}"
hostile "image outside" 2 "/overlays/0/source: image" render img
tpl imglink '{"duration": 1}' '{"type": "image", "source": "link.png"}'
hostile "image symlink out" 2 "outside the folders" render imglink
tpl font '{"duration": 1}' "{\"type\": \"text\", \"content\": \"x\", \"style\": {\"font\": \"$OUTSIDE/font.otf\"}}"
hostile "font outside" 2 "/overlays/0/style/font: font" render font
tpl var '{"input": "{{clip}}", "duration": 1}'
hostile "traversal via a variable" 2 "outside the folders" render var --var clip=../../../../etc/hostname
tpl varimg '{"duration": 1}' '{"type": "image", "source": "{{logo}}"}'
hostile "image via a variable" 2 "outside the folders" render varimg --var "logo=$OUTSIDE/logo.png"
n=$((n + 1)); "$VF" render ../tpl/img.json -o out.mp4 --allow-path "$OUTSIDE" >out.txt 2>err.txt &&
    [ -s out.mp4 ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL [--allow-path]: $(cat err.txt)" >&2; }
rm -f out.mp4
hostile "--allow-path needs a folder" 2 "--allow-path /nonexistent: no such folder" render img --allow-path /nonexistent
tpl imgurl '{"duration": 1}' '{"type": "image", "source": "http://127.0.0.1:9/x.png"}'
hostile "image URL" 2 "images must be files, not URLs" render imgurl

# --- protocols --------------------------------------------------------------------
tpl concat '{"input": "concat:/etc/passwd|/etc/hostname", "duration": 1}'
hostile "concat: protocol" 3 "does not exist" render concat
tpl subfile '{"input": "subfile:,,start,0,end,0,,:/etc/passwd", "duration": 1}'
hostile "subfile: protocol" 3 "does not exist" render subfile
tpl hls '{"input": "list.m3u8", "duration": 1}'
hostile "HLS playlist naming a local file" 3 "list.m3u8" render hls
tpl ffconcat '{"input": "list.ffconcat", "duration": 1}'
hostile "concat list" 3 "list.ffconcat" render ffconcat
tpl net '{"input": "http://127.0.0.1:9/clip.mp4", "duration": 1}'
hostile "--no-network" 2 "network inputs are turned off" render net --no-network
tpl ftp '{"input": "ftp://127.0.0.1:9/clip.mp4", "duration": 1}'
hostile "other protocols" 3 "ftp://127.0.0.1:9/clip.mp4" render ftp

# --- limits -----------------------------------------------------------------------
tpl long '{"duration": 700}'
hostile "duration limit" 2 "over the 600 s limit (--limit duration=SECONDS)" render long
n=$((n + 1)); "$VF" render ../tpl/long.json --dry-run --limit duration=800 >out.txt 2>err.txt &&
    passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL [raised limit]: $(cat err.txt)" >&2; }
tpl clip '{"input": "clip.mp4"}'
hostile "input size limit" 3 "MB limit (--limit input_size=MB)" render clip --limit input_size=0.001
tpl big '{"duration": 1, "width": 1920, "height": 1080}'
hostile "frame limit" 2 "over the 1000 pixel limit" render big --limit frame=1000
hostile "input frame limit" 3 "frame 160x90 is over the 100 pixel limit" render clip --limit frame=100
python3 -c 'import json; print(json.dumps({"template_version": "1.0", "video": {"duration": 1}, "overlays": [{"type": "text", "content": "x"}] * 257}))' > ../tpl/many.json 2>/dev/null ||
    { printf '{"template_version": "1.0", "video": {"duration": 1}, "overlays": ['; for i in $(seq 256); do printf '%s,' "$TEXT"; done; printf '%s]}' "$TEXT"; } > ../tpl/many.json
hostile "overlay limit" 2 "257 overlays, over the limit of 256" render many
long=$(head -c 10001 /dev/zero | tr '\0' 'a')
tpl text '{"duration": 1}' "{\"type\": \"text\", \"content\": \"$long\"}"
hostile "text limit" 2 "10001 characters, over the limit of 10000" render text
tpl fsize '{"duration": 1}' '{"type": "text", "content": "x", "style": {"size": 200}}'
hostile "font size limit" 2 "over the limit of 100 (--limit font_size=PX)" render fsize --limit font_size=100
{ printf '{"template_version": "1.0", "video": {"duration": 1}, "output": "'; head -c 1100000 /dev/zero | tr '\0' 'a'; printf '"}'; } > ../tpl/huge.json
hostile "template size limit" 2 "larger than the 1 MB limit" render huge
{ printf '{"template_version": "1.0", "video": {"duration": 1}, "x": '; for i in $(seq 70); do printf '['; done; for i in $(seq 70); do printf ']'; done; printf '}'; } > ../tpl/deep.json
hostile "nesting limit" 2 "nested deeper than 64 levels" render deep
hostile "bad --limit" 2 "--limit takes NAME=VALUE" render clip --limit speed=9

# --- broken media, images, fonts ------------------------------------------------------
tpl trunc '{"input": "truncated.mp4"}'
hostile "truncated MP4" 3 "truncated.mp4" render trunc
tpl empty '{"input": "empty.mp4", "duration": 1}'
hostile "zero-byte input" 3 "empty.mp4" render empty
tpl garbage '{"input": "garbage.mp4", "duration": 1}'
hostile "garbage input" 3 "garbage.mp4" render garbage
tpl folder '{"input": "folder.mp4", "duration": 1}'
hostile "a folder as input" 3 "folder.mp4 does not exist or is not readable" render folder
tpl tpng '{"duration": 1}' '{"type": "image", "source": "truncated.png"}'
hostile "truncated PNG" 3 "truncated.png" render tpng
tpl epng '{"duration": 1}' '{"type": "image", "source": "empty.png"}'
hostile "zero-byte image" 3 "empty.png" render epng
tpl dpng '{"duration": 1}' '{"type": "image", "source": "folder.png"}'
hostile "a folder as image" 3 "folder.png does not exist" render dpng
tpl tfont '{"duration": 1}' '{"type": "text", "content": "x", "style": {"font": "truncated.otf"}}'
hostile "truncated font" 3 "truncated.otf" render tfont
tpl efont '{"duration": 1}' '{"type": "text", "content": "x", "style": {"font": "empty.otf"}}'
hostile "zero-byte font" 3 "cannot open font" render efont
hostile "a folder as template" 2 "cannot read template ../tpl (is it a folder?)" "$VF" render ../tpl -o out.mp4

# --- hostile JSON and values ------------------------------------------------------------
head -c 2000 /dev/urandom > ../tpl/binary.json
hostile "binary garbage as JSON" 2 "invalid JSON" render binary
tpl hugenum '{"duration": 1e400}'
hostile "huge number" 2 "/video/duration: must be a number in (0, 36000], got inf" render hugenum
tpl nan '{"duration": "NaN"}'
hostile "NaN-like value" 2 "/video/duration: must be a number, got \"NaN\"" render nan
tpl nanvar '{"duration": "{{d}}"}'
hostile "NaN via a variable" 2 "/video/duration: must be a number, got \"nan\"" render nanvar --var d=nan
printf '{"template_version": "1.0", "video": {"duration": 1}, "overlays": [{"type": "text", "content": "ab\xff\xfecd"}]}' > ../tpl/utf8.json
hostile "invalid UTF-8" 2 "/overlays/0/content: not valid UTF-8 (byte 0xFF at offset 2)" render utf8
tpl inj '{"duration": 1}' '{"type": "text", "id": "t", "content": "{{name}}"}'
n=$((n + 1)); "$VF" render ../tpl/inj.json --dry-run --var 'name={{secret}}", "x": {"y": 1}' >out.txt 2>err.txt &&
    grep -q "layer t:" out.txt && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL [value with {{ and JSON]: $(cat err.txt)" >&2; }

# --- batch outputs stay in their folder ------------------------------------------------------
tpl row '{"duration": 0.2, "width": 64, "height": 64}' '{"type": "text", "content": "{{name}}"}'
printf 'id,name\n../../escape,Eve\nok,Bob\n' > rows.csv
n=$((n + 1)); "$VF" batch ../tpl/row.json --rows rows.csv -o 'outdir/{{id}}.mp4' >out.txt 2>err.txt
code=$?
if [ $code -eq 5 ] && grep -q "outside the pattern's folder outdir" err.txt && [ ! -e ../escape.mp4 ] &&
   [ -f outdir/ok.mp4 ]; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL [batch output escape]: exit $code $(cat err.txt)" >&2; fi

# --- disk full: a write that fails mid-way (file size limit) -------------------------------------
tpl full '{"duration": 3, "width": 640, "height": 360}' "$TEXT"
hostile "write fails (disk full)" 4 "out.mp4" bash -c "trap '' XFSZ; ulimit -f 1; exec '$VF' render ../tpl/full.json -o out.mp4"

# --- found by a review after the merges --------------------------------------------------------
printf '{"t": "a\\u0000b"}' > ../tpl/nul-vars.json
tpl nulvar '{"duration": 0.2, "width": 64, "height": 64}' '{"type": "text", "content": "{{t}}"}'
hostile "NUL in a --vars value" 2 "contains a NUL character" render nulvar --vars ../tpl/nul-vars.json
printf '{"id": "x", "t": "a\\u0000b"}\n' > nul-rows.jsonl
hostile "NUL in a JSONL row" 2 "contains a NUL character" "$VF" batch ../tpl/nulvar.json --rows nul-rows.jsonl -o 'o/{{id}}.mp4'
mkdir -p patdir "$OUTSIDE/victim"; ln -sfn "$OUTSIDE/victim" patdir/vl
printf 'id,t\nvl/q2,hi\n' > link-rows.csv
n=$((n + 1)); "$VF" batch ../tpl/nulvar.json --rows link-rows.csv -o 'patdir/{{id}}.mp4' >out.txt 2>err.txt
code=$?
if [ $code -eq 5 ] && grep -q "outside the pattern's folder" err.txt && [ -z "$(ls -A "$OUTSIDE/victim")" ]; then
    passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL [batch output through a symlink]: exit $code $(cat err.txt)" >&2; fi
mkfifo rows-fifo.csv
hostile "FIFO as rows file" 2 "a readable regular file is needed" timeout -k 3 10 "$VF" batch ../tpl/nulvar.json --rows rows-fifo.csv -o 'o/{{id}}.mp4'
tpl fsz '{"duration": 1, "width": 640, "height": 360}' "$TEXT"
hostile "file size limit (preview)" 4 "File too large" bash -c "ulimit -f 1; exec '$VF' preview ../tpl/fsz.json --at 0.5 -o out.png"

tpl missout "{\"input\": \"$OUTSIDE/nothing-here.mp4\", \"duration\": 1}"
hostile "a missing file outside is refused as outside (no probing)" 2 "outside the folders" render missout
tpl vlong '{"duration": 700}'
hostile "validate applies the duration limit" 2 "over the 600 s limit" "$VF" validate ../tpl/vlong.json
hostile "validate applies the read folders" 2 "outside the folders" "$VF" validate ../tpl/abs.json

mkfifo probe-fifo.mp4
hostile "probe of a FIFO" 3 "not a regular file" timeout -k 3 10 "$VF" probe probe-fifo.mp4

echo "hostile: $n cases"
echo "hostile: $passed passed, $failed failed"
[ $failed -eq 0 ]
