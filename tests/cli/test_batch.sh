#!/bin/bash
# vidforge batch: shards running at once cover every row exactly once, each
# output shows its own row; reruns skip finished rows; a killed batch resumes;
# bad rows fail alone (exit 5) with a message naming the row and variable.
# usage: test_batch.sh VIDFORGE
set -u
source "$(dirname "$0")/lib.sh"
VF=$(readlink -f "$1")
WORK=$(mktemp -d /tmp/vidforge-batch-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
# waits (up to 30 s) until a render is under way in folder $1: its temporary file exists
wait_render() {
    for _ in $(seq 300); do
        ls -a "$1" 2>/dev/null | grep -q vidforge-tmp && return 0
        sleep 0.1
    done
    return 1
}
pixel() { # FILE -> "R G B" at (5,5) of the first frame
    ffmpeg -hide_banner -loglevel error -i "$1" -vf crop=2:2:4:4,format=rgb24 -frames:v 1 -f rawvideo \
        -pix_fmt rgb24 - | od -An -tu1 | xargs | cut -d" " -f1-3
}
near() { # "R G B" "R G B": every channel within 12
    local a=($1) b=($2)
    for i in 0 1 2; do
        [ $(( ${a[$i]:-999} - ${b[$i]} )) -le 12 ] && [ $(( ${b[$i]} - ${a[$i]:-999} )) -le 12 ] || return 1
    done
}

cat > t.json <<'JSON'
{"template_version": "1.0",
 "video": {"width": 160, "height": 90, "duration": 0.5, "background": "{{color}}"},
 "overlays": [{"type": "text", "content": "{{name}}", "position": {"preset": "BOTTOM_LEFT"},
               "style": {"size": 14}}],
 "encoding": {"preset": "ultrafast"}}
JSON
echo "id,name,color" > rows.csv
for i in $(seq 1 30); do
    printf 'row%02d,"Name %d, Jr.",#%02X%02X%02X\n' $i $i $((i * 8)) $((255 - i * 8)) $(( (i * 37) % 256 )) >> rows.csv
done
mkdir -p out

# three shards at once
for s in 0 1 2; do
    "$VF" batch t.json --rows rows.csv -o 'out/{{id}}.mp4' --shard $s/3 --jobs 2 \
        --results res$s.jsonl >log$s.txt 2>&1 &
done
wait
check '[ "$(ls out/*.mp4 | wc -l)" -eq 30 ]' "30 outputs, got $(ls out | wc -l)"
check '[ "$(cat res*.jsonl | grep -c "\"status\":\"ok\"")" -eq 30 ]' "30 rows rendered once"
check '[ "$(cat res*.jsonl | grep -o "\"id\":\"row[0-9]*\"" | sort -u | wc -l)" -eq 30 ]' "each row once"
bad=0
for i in $(seq 1 30); do
    id=$(printf 'row%02d' $i)
    want="$((i * 8)) $((255 - i * 8)) $(( (i * 37) % 256 ))"
    near "$(pixel out/$id.mp4)" "$want" || { bad=$((bad + 1)); echo "$id: $(pixel out/$id.mp4) != $want" >&2; }
done
check '[ $bad -eq 0 ]' "$bad outputs do not show their own row"

# a rerun renders nothing and is quick
start=$(date +%s%N)
"$VF" batch t.json --rows rows.csv -o 'out/{{id}}.mp4' >out.txt 2>err.txt
code=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check '[ $code -eq 0 ]' "rerun exit $code"
check 'grep -q "30 rows: 0 rendered, 30 up to date" err.txt' "rerun: $(cat err.txt)"
# (timing is reported, not asserted: speed is the benchmark's job)
echo "batch: rerun of 30 finished rows took $ms ms"

# killed mid-way, then rerun: everything completes, nothing torn, nothing left over
# long enough that the signals below land mid-batch (6 rows, --jobs 1)
sed 's/"duration": 0.5/"duration": 4/; s/160, "height": 90/640, "height": 360/; s/ultrafast/slow/' t.json > slow.json
head -7 rows.csv > six.csv
mkdir -p slow
"$VF" batch slow.json --rows six.csv -o 'slow/{{id}}.mp4' --jobs 1 >/dev/null 2>&1 &
pid=$!
wait_render slow
kill -KILL $pid
wait $pid 2>/dev/null
"$VF" batch slow.json --rows six.csv -o 'slow/{{id}}.mp4' --jobs 2 >out.txt 2>err.txt
check '[ $? -eq 0 ]' "resumed batch failed: $(cat err.txt)"
check '[ "$(ls slow/*.mp4 | wc -l)" -eq 6 ]' "6 outputs after resuming"
valid=0
for f in slow/*.mp4; do ffprobe -v error -show_entries stream=codec_name "$f" >/dev/null 2>&1 && valid=$((valid + 1)); done
check '[ $valid -eq 6 ]' "$valid of 6 outputs probe valid"
check '[ -z "$(ls -a slow | grep -e vidforge-tmp -e "\.lock")" ]' "leftovers: $(ls -a slow)"

# SIGINT: stops, says how to finish, exit 130 (--no-reuse: the segments the
# batch above cached would finish it before the signal)
"$VF" batch slow.json --rows six.csv -o 'slow2/{{id}}.mp4' --jobs 1 --no-reuse >out.txt 2>err.txt &
pid=$!
mkdir -p slow2
wait_render slow2
kill -INT $pid
wait $pid
check '[ $? -eq 130 ]' "SIGINT exit code"
check 'grep -q "rerun the same command" err.txt' "SIGINT message: $(cat err.txt)"
check '[ -z "$(ls -a slow2 | grep vidforge-tmp)" ]' "temp files left after SIGINT"

# bad rows fail alone: exit 5, message names the row and the variable
printf 'id,color\nx1,#FF0000\nx2,#00FF00\n' > noname.csv
"$VF" batch t.json --rows noname.csv -o 'bad/{{id}}.mp4' >out.txt 2>err.txt
check '[ $? -eq 5 ]' "missing column: exit 5"
check 'grep -q "row x1 (line 2): .*variable \"name\" has no value" err.txt' "message: $(head -2 err.txt)"
printf 'id,name,color\ny1,Ann,#FF0000\ny2,Bob,reddish\ny3,Cy,#0000FF\n' > mixed.csv
mkdir -p mixed
"$VF" batch t.json --rows mixed.csv -o 'mixed/{{id}}.mp4' --jobs 1 --progress json >out.txt 2>err.txt
check '[ $? -eq 5 ]' "one bad row: exit 5"
check '[ -f mixed/y1.mp4 ] && [ -f mixed/y3.mp4 ] && [ ! -e mixed/y2.mp4 ]' "the good rows rendered"
check 'grep -q "{\"event\":\"row\",\"id\":\"y2\",\"status\":\"failed\"" out.txt' "json row event"
check 'tail -1 out.txt | grep -q "\"ok\":2,.*\"failed\":1"' "json done event: $(tail -1 out.txt)"
rm -rf mixed
"$VF" batch t.json --rows mixed.csv -o 'mixed/{{id}}.mp4' --jobs 1 --fail-fast \
    --results ff.jsonl >out.txt 2>err.txt
check '[ $? -eq 5 ] && [ "$(wc -l < ff.jsonl)" -eq 2 ]' "--fail-fast stops after the failure"

# rows over one base input (probed once, shared)
ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=s=160x90:r=25:d=1 -c:v libx264 \
    -preset ultrafast base.mp4
sed 's/"width": 160, "height": 90, "duration": 0.5, /"input": "base.mp4", /' t.json > withinput.json
"$VF" batch withinput.json --rows six.csv -o 'wi/{{id}}.mp4' --jobs 2 >out.txt 2>err.txt
check '[ $? -eq 0 ] && [ "$(ls wi/*.mp4 | wc -l)" -eq 6 ]' "rows over a shared input: $(cat err.txt)"

# two rows, one output: refused before anything renders
"$VF" batch t.json --rows rows.csv -o 'same/x.mp4' >out.txt 2>err.txt
check '[ $? -eq 2 ]' "duplicate outputs: exit 2"
check 'grep -q "rows row01 and row02 would both write same/x.mp4" err.txt' "dup message: $(cat err.txt)"
check '[ ! -e same ]' "nothing rendered"
"$VF" batch t.json --rows rows.csv >out.txt 2>err.txt
check '[ $? -eq 5 ] && grep -q "give -o PATTERN" err.txt' "no pattern and no template output"
"$VF" batch t.json --rows rows.csv -o 'o/{{id}}.mp4' --shard 3/3 >out.txt 2>err.txt
check '[ $? -eq 2 ] && grep -q "I/N with 0 <= I < N" err.txt' "bad shard"
"$VF" batch t.json --rows missing.csv -o 'o/{{id}}.mp4' >out.txt 2>err.txt
check '[ $? -eq 2 ] && grep -q "cannot open rows file missing.csv" err.txt' "missing rows file"

summary batch
