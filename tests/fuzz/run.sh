#!/bin/bash
# Runs each fuzz target for a bounded time, seeded with its committed corpus
# (tests/fuzz/corpus/TARGET) and, for the template loader, every template and
# fixture in the repository. Fails on any finding; a crash input is kept in
# tests/fuzz/crashes/ to be fixed and added to the corpus.
# Targets run JOBS at a time (default: the number of processors), each on one
# core for its full time: the fuzzing done is the same as one after another,
# in 1/JOBS of the wall time.
# usage: run.sh BUILD_DIR REPO_ROOT SECONDS_PER_TARGET [JOBS]
set -u
BUILD=$(readlink -f "$1")
ROOT=$(readlink -f "$2")
SECS=${3:-20}
JOBS=${4:-$(nproc 2>/dev/null || echo 2)}
TARGETS="text template rows cache vtt srt words" # the longest first
RESULTS=$(mktemp -d /tmp/vidforge-fuzz-results-XXXXXX)
trap 'rm -rf "$RESULTS"' EXIT
mkdir -p "$ROOT/tests/fuzz/crashes"

# fuzz TARGET: runs one target; RESULTS/TARGET.ok or RESULTS/TARGET.fail (its log's tail)
fuzz() {
    local target=$1 corpus dict="" secs=$SECS
    corpus=$(mktemp -d /tmp/vidforge-fuzz-XXXXXX)
    cp "$ROOT"/tests/fuzz/corpus/$target/* "$corpus"/ 2>/dev/null
    [ $target = template ] && cp "$ROOT"/templates/*.json "$ROOT"/tests/fuzz/corpus/template/* \
        "$ROOT"/tests/fixtures/*/*.json "$corpus"/ 2>/dev/null
    [ $target = template ] && dict="-dict=$ROOT/tests/fuzz/template.dict"
    [ $target = text ] && secs=$((SECS * 3)) # each run opens fonts: slower, so longer
    if (cd "$corpus" && "$BUILD/fuzz_$target" -max_total_time="$secs" -max_len=4096 -timeout=10 \
            -rss_limit_mb=2048 $dict -artifact_prefix="$ROOT/tests/fuzz/crashes/$target-" \
            -print_final_stats=1 "$corpus" >fuzz.log 2>&1); then
        echo "fuzz_$target: $(grep -o 'Done [0-9]* runs' "$corpus/fuzz.log")" > "$RESULTS/$target.ok"
    else
        tail -40 "$corpus/fuzz.log" > "$RESULTS/$target.fail"
    fi
    rm -rf "$corpus"
}

running=0
for target in $TARGETS; do
    if [ "$running" -ge "$JOBS" ]; then wait -n; running=$((running - 1)); fi
    fuzz $target &
    running=$((running + 1))
done
wait

status=0
passed=0
failed=0
for target in $TARGETS; do
    if [ -f "$RESULTS/$target.ok" ]; then
        cat "$RESULTS/$target.ok"
        passed=$((passed + 1))
    else
        echo "fuzz_$target: failed" >&2
        cat "$RESULTS/$target.fail" >&2 2>/dev/null
        failed=$((failed + 1))
        status=1
    fi
done
echo "fuzz: $passed passed, $failed failed"
exit $status
