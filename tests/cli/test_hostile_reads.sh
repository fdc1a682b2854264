#!/bin/bash
# Hostile reads: image-sequence patterns, the current folder being /, huge
# sparse files and FIFOs. Each case gets its documented exit code, a message
# that names the problem, no output file, and ends within seconds (timeout 10:
# a regression fails instead of hanging).
# usage: test_hostile_reads.sh VIDFORGE
set -u
VF=$(readlink -f "$1")
WORK=$(mktemp -d /tmp/vidforge-reads-XXXXXX)
OUTSIDE=$(mktemp -d /tmp/vidforge-reads-outside-XXXXXX)
trap 'rm -rf "$WORK" "$OUTSIDE"' EXIT
mkdir -p "$WORK/tpl" "$WORK/run"
export XDG_CACHE_HOME="$WORK/cache"  # never the user's raster cache
cd "$WORK/run" || exit 1
passed=0
failed=0
n=0
FF="ffmpeg -hide_banner -loglevel error -y"

fail() { failed=$((failed + 1)); echo "FAIL [$1]: $2" >&2; }

# hostile NAME CODE MESSAGE COMMAND...: exit code, message on stderr, no
# output left; prints how long the refusal took
hostile() {
    local name=$1 code=$2 msg=$3; shift 3
    n=$((n + 1))
    rm -f out.mp4
    local t0=$(date +%s.%N)
    "$@" >out.txt 2>err.txt
    local got=$? t1=$(date +%s.%N)
    printf 'reads: %-34s exit %3d in %.2f s\n' "$name" $got "$(echo "$t1 - $t0" | bc)"
    if [ $got -ne $code ]; then
        fail "$name" "exit $got, expected $code: $(head -c 300 err.txt)"
    elif ! grep -qF -- "$msg" err.txt; then
        fail "$name" "stderr lacks \"$msg\": $(head -c 300 err.txt)"
    elif [ -e out.mp4 ] || ls -a | grep -q vidforge-tmp; then
        fail "$name" "an output was left behind"
    else
        passed=$((passed + 1))
    fi
}
# renders NAME COMMAND...: exit 0 and a non-empty out.mp4
renders() {
    local name=$1; shift
    n=$((n + 1))
    rm -f out.mp4
    if "$@" >out.txt 2>err.txt && [ -s out.mp4 ]; then passed=$((passed + 1)); else
        fail "$name" "$(head -c 300 err.txt)"; fi
    rm -f out.mp4
}
tpl() { # NAME VIDEO_JSON [OVERLAYS_JSON]: writes ../tpl/NAME.json
    printf '{"template_version": "1.0", "video": %s, "overlays": [%s]}\n' "$2" "${3:-}" > "../tpl/$1.json"
}
render() { timeout -k 3 10 "$VF" render "../tpl/$1.json" -o out.mp4 "${@:2}"; }

# fixtures: small frames, one big frame, a clip; their twins outside
png() { $FF -f lavfi -i "color=c=$1:s=32x32" -frames:v 1 "$2"; }
mkdir -p ../tpl/frames ../tpl/big ../tpl/mixed ../tpl/pipe "../tpl/%"
for i in 0 1 2; do
    png red "$OUTSIDE/img$i.png"
    png blue "../tpl/frames/f00$i.png"
    png blue "../tpl/big/b00$i.png"
done
$FF -f lavfi -i testsrc2=s=320x240 -frames:v 1 ../tpl/big/b003.png  # tens of kB
$FF -f lavfi -i testsrc2=s=160x90:r=25:d=1 -c:v libx264 -preset ultrafast "$OUTSIDE/secret.mp4"
cp "$OUTSIDE/secret.mp4" "$WORK/x.mp4"          # beside tpl/, outside every allowed folder
cp "$OUTSIDE/secret.mp4" local.mp4               # in the current folder
ln -s "$OUTSIDE/secret.mp4" "../tpl/clip%.mp4"
ln -s "$OUTSIDE" ../tpl/outdir
$FF -f lavfi -i testsrc2=s=32x32 -frames:v 1 -pix_fmt gray -f rawvideo ../tpl/raw.y
cp ../tpl/raw.y "$OUTSIDE/raw.U"
ln -s "$OUTSIDE/raw.U" ../tpl/raw.U
png blue ../tpl/mixed/m0.png
ln -s "$OUTSIDE/img1.png" ../tpl/mixed/m1.png
mkfifo ../tpl/pipe/p0.png ../tpl/fifo.png ../tpl/fifo.ttf ../tpl/fifo.json
# a real PNG header (its size is read before drawing), then 20 GB of holes
cp ../tpl/frames/f000.png ../tpl/huge.png
truncate -s 20G ../tpl/huge.png ../tpl/huge.ttf
DUR='"duration": 1, "width": 64, "height": 64'

# --- image-sequence patterns -----------------------------------------------------------
tpl seqout "{\"input\": \"$OUTSIDE/img%d.png\", $DUR}"
hostile "outside %d pattern" 2 "/video/input: input video $OUTSIDE/img%d.png: its folder resolves to $OUTSIDE" render seqout
tpl pct '{"input": "clip%.mp4", "duration": 1}'
hostile "symlink clip%.mp4 out" 2 "resolves to $OUTSIDE/secret.mp4, outside the folders" render pct
tpl pctdir '{"input": "%/../../x.mp4", "duration": 1}'
hostile "%/../../x.mp4" 2 "resolves to $WORK/x.mp4, outside the folders" render pctdir
tpl seqlink "{\"input\": \"outdir/img%d.png\", $DUR}"
hostile "pattern in a symlinked folder" 2 "resolves to $OUTSIDE, outside the folders" render seqlink
tpl seqmixed "{\"input\": \"mixed/m%d.png\", $DUR}"
hostile "one frame a symlink out" 2 "resolves to $OUTSIDE/img1.png, outside" render seqmixed
tpl seqglob "{\"input\": \"$OUTSIDE/img%*.png\", $DUR}"
hostile "glob pattern" 2 "/video/input: input video $OUTSIDE/img%*.png: glob patterns" render seqglob
tpl seqbig "{\"input\": \"big/b%03d.png\", $DUR}"
hostile "one frame over the size limit" 3 "input video ../tpl/big/b003.png is 0.0 MB, over the 0.005 MB limit" render seqbig --limit input_size=0.005
tpl seqpipe "{\"input\": \"pipe/p%d.png\", $DUR}"
hostile "a FIFO frame" 3 "p0.png does not exist or is not readable (not a regular file)" render seqpipe
tpl rawy '{"input": "raw.y", "duration": 1}'
hostile "raw .y brings a .U from outside" 2 "/video/input: input video ../tpl/raw.U resolves to $OUTSIDE/raw.U" render rawy
tpl pctfolder "{\"input\": \"%%/f%d.png\", $DUR}"
hostile "% in a pattern's folder" 2 "may use % only in the file name" render pctfolder
cp ../tpl/frames/f000.png "../tpl/w$(printf '%019d' 0).png"  # "w%99d.png" names it for every number
tpl wide "{\"input\": \"w%99d.png\", $DUR}"
hostile "every number names one file" 3 "input video ../tpl/w%99d.png does not exist" render wide
tpl imgseq '{"duration": 1}' "{\"type\": \"image\", \"source\": \"$OUTSIDE/img%d.png\"}"
hostile "image overlay as a pattern" 2 "/overlays/0/source: image $OUTSIDE/img%d.png" render imgseq
tpl row "{\"input\": \"{{clip}}\", $DUR}"
printf 'id,clip\nr1,%s\n' "$OUTSIDE/img%d.png" > rows.csv
n=$((n + 1)); rm -rf outdir
timeout -k 3 10 "$VF" batch ../tpl/row.json --rows rows.csv -o 'outdir/{{id}}.mp4' >out.txt 2>err.txt
code=$?
if [ $code -ne 5 ] || ! grep -q "row r1 (line 2): /video/input: input video $OUTSIDE/img%d.png" err.txt ||
   [ -e outdir/r1.mp4 ]; then fail "batch row supplies %d" "exit $code $(head -c 300 err.txt)"
else passed=$((passed + 1)); fi
mkfifo ../tpl/rowfifo.mp4
printf 'id,clip\nr2,rowfifo.mp4\n' > rows2.csv
hostile "batch row names a FIFO" 5 "row r2 (line 2): input video ../tpl/rowfifo.mp4 does not exist or is not readable (not a regular file)" \
    timeout -k 3 10 "$VF" batch ../tpl/row.json --rows rows2.csv -o 'outdir/{{id}}.mp4'
tpl seqok "{\"input\": \"frames/f%03d.png\", $DUR}"
renders "sequence in the template folder" timeout -k 3 20 "$VF" render ../tpl/seqok.json -o out.mp4

# --- the current folder is allowed, unless it is / --------------------------------------
tpl abs "{\"input\": \"$OUTSIDE/secret.mp4\", \"duration\": 1}"
hostile "cwd / reads nothing more" 2 "resolves to $OUTSIDE/secret.mp4, outside the folders" \
    bash -c "cd / && exec timeout -k 3 10 '$VF' render '$WORK/tpl/abs.json' -o '$WORK/run/out.mp4'"
tpl cwd "{\"input\": \"$WORK/run/local.mp4\", \"duration\": 1}"
renders "cwd other than / is allowed" timeout -k 3 20 "$VF" render ../tpl/cwd.json -o out.mp4

# --- sparse giants and FIFOs -------------------------------------------------------------
tpl hugeimg '{"duration": 1}' '{"type": "image", "source": "huge.png"}'
hostile "20 GB sparse image" 3 "image ../tpl/huge.png is 21474.8 MB, over the 500 MB limit" render hugeimg
tpl hugefont '{"duration": 1}' '{"type": "text", "content": "x", "style": {"font": "huge.ttf"}}'
hostile "20 GB sparse font" 3 "font ../tpl/huge.ttf is 21474.8 MB, over the 500 MB limit" render hugefont
tpl fifoimg '{"duration": 1}' '{"type": "image", "source": "fifo.png"}'
hostile "FIFO as image" 3 "fifo.png does not exist or is not readable (not a regular file)" render fifoimg
tpl fifofont '{"duration": 1}' '{"type": "text", "content": "x", "style": {"font": "fifo.ttf"}}'
hostile "FIFO as font" 3 "fifo.ttf does not exist or is not readable (not a regular file)" render fifofont
hostile "FIFO as template" 2 "template ../tpl/fifo.json is not a regular file" render fifo
hostile "FIFO as template (validate)" 2 "is not a regular file" timeout -k 3 10 "$VF" validate ../tpl/fifo.json

n=$((n + 1))
if "$VF" help limits | grep -qE "input_size +500 MB per file read: input video, sequence frame, image, font"
then passed=$((passed + 1)); else fail "help limits names images and fonts" "$("$VF" help limits)"; fi

# hashing a file under a raised limit stops on SIGTERM within a second
n=$((n + 1)); rm -f out.mp4
"$VF" render ../tpl/hugeimg.json -o out.mp4 --limit input_size=30000 >out.txt 2>err.txt &
pid=$!
sleep 1
kill -TERM $pid; t0=$(date +%s.%N)
for i in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
if kill -0 $pid 2>/dev/null; then kill -KILL $pid; wait $pid; fail "SIGTERM while hashing" "still running 10 s after SIGTERM"
else
    wait $pid; code=$?
    printf 'reads: %-34s exit %3d %.2f s after SIGTERM\n' "SIGTERM while hashing" $code "$(echo "$(date +%s.%N) - $t0" | bc)"
    if [ $code -ne 130 ] || [ -e out.mp4 ]; then fail "SIGTERM while hashing" "exit $code: $(head -c 300 err.txt)"
    else passed=$((passed + 1)); fi
fi

echo "hostile reads: $n cases"
echo "hostile reads: $passed passed, $failed failed"
[ $failed -eq 0 ]
