#!/bin/bash
# Hostile writes: outputs named by a template or a row stay in their folder,
# multi-file muxers are refused, a failure after the commit cannot happen
# silently (report, stdout on a full disk), long names and big --vars files
# get the documented answer. Every case checks the exit code, the message and
# that nothing was written where it must not be.
# usage: test_hostile_writes.sh VIDFORGE
set -u
VF=$(readlink -f "$1")
WORK=$(mktemp -d /tmp/vidforge-writes-XXXXXX)
OUTSIDE=$(mktemp -d /tmp/vidforge-writes-outside-XXXXXX)
trap 'rm -rf "$WORK" "$OUTSIDE"' EXIT
mkdir -p "$WORK/tpl" "$WORK/run" "$WORK/victim"
cd "$WORK/run" || exit 1
export XDG_CACHE_HOME="$WORK/cache"
passed=0
failed=0
n=0
fail() { failed=$((failed + 1)); echo "FAIL [$1]: $2" >&2; }
# no file but the listed ones in a folder (temporaries included)
only() { # FOLDER EXPECTED...: the sorted names must be exactly EXPECTED
    local got want
    got=$(ls -A "$1" | sort | tr '\n' ' ')
    want=$(printf '%s\n' "${@:2}" | sed '/^$/d' | sort | tr '\n' ' ')
    [ "$got" = "$want" ]
}

# hostile NAME CODE MESSAGE COMMAND...: exit code, message on stderr, and
# nothing new in the run folder, the victim folder or the outside folder
hostile() {
    local name=$1 code=$2 msg=$3; shift 3
    n=$((n + 1))
    local before_run before_victim before_out
    before_run=$(ls -A | sort); before_victim=$(ls -A ../victim | sort); before_out=$(ls -A "$OUTSIDE" | sort)
    "$@" >out.txt 2>err.txt
    local got=$?
    rm -f out.txt
    mv err.txt ../err.txt
    if [ $got -ne $code ]; then
        fail "$name" "exit $got, expected $code: $(head -c 300 ../err.txt)"
    elif ! grep -qF -- "$msg" ../err.txt; then
        fail "$name" "stderr lacks \"$msg\": $(head -c 300 ../err.txt)"
    elif [ "$(ls -A | sort)" != "$before_run" ] || [ "$(ls -A ../victim | sort)" != "$before_victim" ] ||
         [ "$(ls -A "$OUTSIDE" | sort)" != "$before_out" ]; then
        fail "$name" "a file was left behind: $(ls -A . ../victim "$OUTSIDE" | tr '\n' ' ')"
    else
        passed=$((passed + 1))
    fi
    local f # leave the run folder as it was, so one leak fails one case only
    for f in $(ls -A); do printf '%s\n' "$before_run" | grep -qxF -- "$f" || rm -rf -- "$f"; done
}
tpl() { # NAME OUTPUT_JSON_OR_EMPTY: a 0.2 s 64x64 template with one text layer
    local out=""
    [ -n "$2" ] && out="\"output\": $2, "
    printf '{"template_version": "1.0", %s"video": {"duration": 0.2, "width": 64, "height": 64},
  "overlays": [{"type": "text", "content": "{{name}}"}], "variables": {"name": "x"}}\n' \
        "$out" > "../tpl/$1.json"
}

# --- 3: outputs named by a template or a row stay in the template's folder ---------------------
tpl abs "\"$OUTSIDE/victim.mp4\""
hostile "template output absolute" 2 "/output: " "$VF" render ../tpl/abs.json -y
echo keep > ../victim.mp4
tpl up '"../victim.mp4"'
hostile "template output ../ with -y" 2 "/output: " "$VF" render ../tpl/up.json -y
n=$((n + 1)); [ "$(cat ../victim.mp4)" = keep ] && passed=$((passed + 1)) ||
    fail "../victim.mp4 untouched" "it was overwritten"
tpl var '"out/{{name}}.mp4"'
hostile "template output climbing through a variable" 2 "/output: " \
    "$VF" render ../tpl/var.json -y --var "name=../../victim/x"

# a batch without -o: the row's id moves the template's output
tpl row '"out/{{id}}.mp4"'
printf 'id,name\n../../victim/x,Eve\nok,Bob\n' > rows.csv
n=$((n + 1)); "$VF" batch ../tpl/row.json --rows rows.csv --jobs 1 >out.txt 2>../err.txt
code=$?
if [ $code -eq 5 ] && grep -q "/output: " ../err.txt && only ../victim && [ -f ../tpl/out/ok.mp4 ]; then
    passed=$((passed + 1)); else fail "batch row id ../../victim/x" "exit $code $(cat ../err.txt)"; fi
rm -rf ../tpl/out out.txt rows.csv

# a symbolic link inside the template's folder does not lead out either
ln -s "$OUTSIDE" ../tpl/linkdir
tpl link '"linkdir/x.mp4"'
hostile "template output through a symlinked folder" 2 "/output: " "$VF" render ../tpl/link.json
rm ../tpl/linkdir

# only -o on the command line may point anywhere (a guard: this worked before too)
tpl plain '"plain.mp4"'
n=$((n + 1)); "$VF" render ../tpl/plain.json -o "$OUTSIDE/chosen.mp4" 2>../err.txt &&
    [ -s "$OUTSIDE/chosen.mp4" ] && passed=$((passed + 1)) || fail "-o anywhere" "$(cat ../err.txt)"
rm -f "$OUTSIDE/chosen.mp4"

# --- 4: muxers that write more than one file are refused -------------------------------------
tpl mux ''
hostile "hls (.m3u8)" 2 "hls muxer" "$VF" render ../tpl/mux.json -o out.m3u8
echo keep > init-stream0.m4s
hostile "dash (.mpd), init-stream0.m4s kept" 2 "dash muxer" "$VF" render ../tpl/mux.json -o out.mpd
n=$((n + 1)); [ "$(cat init-stream0.m4s)" = keep ] && passed=$((passed + 1)) ||
    fail "init-stream0.m4s untouched" "it was overwritten"
rm -f init-stream0.m4s
hostile "image sequence img%03d.png" 2 "image2 muxer" "$VF" render ../tpl/mux.json -o 'img%03d.png'
hostile "one image name frame.png" 2 "image2 muxer" "$VF" render ../tpl/mux.json -o frame.png
hostile "webm chunks (.chk)" 2 "webm_chunk muxer" "$VF" render ../tpl/mux.json -o out.chk
hostile "batch pattern of .m3u8" 5 "hls muxer" \
    bash -c "printf 'id\na\n' > ../rows.csv; exec '$VF' batch ../tpl/mux.json --rows ../rows.csv -o 'seg/{{id}}.m3u8'"
rmdir seg 2>/dev/null

# --- 10: the report is written before the video is committed --------------------------------
# a full disk for the report only: a 64 KB tmpfs in a private mount namespace, filled
if unshare -rm true 2>/dev/null; then
    mkdir -p ../full
    hostile "report on a full disk" 4 "the video was not written" unshare -rm bash -c \
        "mount -t tmpfs -o size=64k none ../full && dd if=/dev/zero of=../full/fill bs=4k 2>/dev/null;
         '$VF' render ../tpl/mux.json -o out.mp4 --report ../full/report.json; code=\$?
         [ \"\$(ls -A ../full)\" = fill ] && exit \$code; echo 'report temporary left' >&2; exit 99"
else
    n=$((n + 1)); fail "report on a full disk" "unshare -rm is not available to simulate it"
fi
mkdir report.json
hostile "report path is a folder" 4 "cannot write report report.json" \
    "$VF" render ../tpl/mux.json -o out.mp4 --report report.json
rmdir report.json
# the report of a render that worked names the output; nothing else is left
n=$((n + 1)); "$VF" render ../tpl/mux.json -o out.mp4 --report rep.json 2>../err.txt &&
    [ -s out.mp4 ] && grep -q '"exit_code":[[:space:]]*0' rep.json && only . out.mp4 rep.json &&
    passed=$((passed + 1)) || fail "report beside a good render" "$(cat ../err.txt; ls -A)"
rm -f out.mp4 rep.json

# after the commit nothing fails the render: stdout on a full disk is a warning, exit 0
n=$((n + 1)); "$VF" render ../tpl/mux.json -o out.mp4 --report - >/dev/full 2>../err.txt &&
    [ -s out.mp4 ] && grep -q "the video out.mp4 was written, but standard output failed" ../err.txt &&
    passed=$((passed + 1)) || fail "--report - > /dev/full after the commit" "$(cat ../err.txt)"
rm -f out.mp4

# --- 12: --vars size, long names, stdout on a full disk -------------------------------------
python3 -c 'import json; print(json.dumps({"name": "y", "pad": "z" * 1900000}))' > ../big.json
hostile "--vars of 1.9 MB" 2 "over the template_size limit" \
    "$VF" render ../tpl/mux.json -o out.mp4 --vars ../big.json
n=$((n + 1)); "$VF" render ../tpl/mux.json --dry-run --vars ../big.json --limit template_size=3 \
    >/dev/null 2>../err.txt && passed=$((passed + 1)) || fail "--vars of 1.9 MB under a raised limit" "$(cat ../err.txt)"

long=$(printf 'n%.0s' $(seq 240)).mp4 # 244 characters
n=$((n + 1)); "$VF" render ../tpl/mux.json -o "$long" 2>../err.txt && [ -s "$long" ] && only . "$long" &&
    passed=$((passed + 1)) || fail "244-character output name" "$(cat ../err.txt)"
rm -f "$long"

"$VF" render ../tpl/mux.json -o clip.mp4 2>/dev/null
hostile "probe > /dev/full" 4 "cannot write to standard output" bash -c "exec '$VF' probe clip.mp4 > /dev/full"
hostile "render --dry-run > /dev/full" 4 "cannot write to standard output" \
    bash -c "exec '$VF' render ../tpl/mux.json --dry-run > /dev/full"
hostile "schema > /dev/full" 4 "cannot write to standard output" bash -c "exec '$VF' schema > /dev/full"
rm -f clip.mp4

# a stale temporary file of a killed render is removed by the next render of the same output
tpl slow ''
sed -i 's/"duration": 0.2, "width": 64, "height": 64/"duration": 20, "width": 640, "height": 360/' ../tpl/slow.json
"$VF" render ../tpl/slow.json -o slow.mp4 2>/dev/null &
pid=$!
for _ in $(seq 100); do [ -n "$(ls -A)" ] && break; sleep 0.1; done
kill -KILL $pid; wait $pid 2>/dev/null
stale=$(ls -A)
sed -i 's/"duration": 20, "width": 640, "height": 360/"duration": 0.2, "width": 64, "height": 64/' ../tpl/slow.json
n=$((n + 1)); [ -n "$stale" ] && "$VF" render ../tpl/slow.json -o slow.mp4 2>../err.txt && only . slow.mp4 &&
    passed=$((passed + 1)) || fail "stale temporary removed" "before: $stale; after: $(ls -A)"
rm -f slow.mp4

# --- help security names every limit ------------------------------------------------------
n=$((n + 1)); "$VF" help security > ../security.txt 2>../err.txt
code=$?
limits=$("$VF" help limits | awk 'NR > 2 && NF { print $1 }')
missing=""
for l in $limits; do grep -q -- "$l" ../security.txt || missing="$missing $l"; done
if [ $code -eq 0 ] && [ -n "$limits" ] && [ -z "$missing" ] && grep -q -- "--allow-path" ../security.txt &&
   grep -q -- "--no-network" ../security.txt; then passed=$((passed + 1))
else fail "help security" "exit $code, missing:$missing $(cat ../err.txt)"; fi

echo "hostile writes: $n cases"
echo "hostile writes: $passed passed, $failed failed"
[ $failed -eq 0 ]
