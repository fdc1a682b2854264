#!/bin/bash
# Runs each fuzz target for a bounded time, seeded with its committed corpus
# (tests/fuzz/corpus/TARGET) and, for the template loader, every template and
# fixture in the repository. Fails on any finding; a crash input is kept in
# tests/fuzz/crashes/ to be fixed and added to the corpus.
# usage: run.sh BUILD_DIR REPO_ROOT SECONDS_PER_TARGET
set -u
BUILD=$(readlink -f "$1")
ROOT=$(readlink -f "$2")
SECS=${3:-20}
status=0
passed=0
failed=0
for target in template rows text cache vtt srt words; do
    corpus=$(mktemp -d /tmp/vidforge-fuzz-XXXXXX)
    cp "$ROOT"/tests/fuzz/corpus/$target/* "$corpus"/ 2>/dev/null
    [ $target = template ] && cp "$ROOT"/templates/*.json "$ROOT"/tests/fuzz/corpus/template/* \
        "$ROOT"/tests/fixtures/*/*.json "$corpus"/ 2>/dev/null
    dict=""
    [ $target = template ] && dict="-dict=$ROOT/tests/fuzz/template.dict"
    secs=$SECS
    [ $target = text ] && secs=$((SECS * 3)) # each run opens fonts: slower, so longer
    mkdir -p "$ROOT/tests/fuzz/crashes"
    if (cd "$corpus" && "$BUILD/fuzz_$target" -max_total_time="$secs" -max_len=4096 -timeout=10 \
            -rss_limit_mb=2048 $dict -artifact_prefix="$ROOT/tests/fuzz/crashes/$target-" \
            -print_final_stats=1 "$corpus" >fuzz.log 2>&1); then
        echo "fuzz_$target: $(grep -o 'Done [0-9]* runs' "$corpus/fuzz.log")"
        passed=$((passed + 1))
    else
        tail -40 "$corpus/fuzz.log" >&2
        failed=$((failed + 1))
        status=1
    fi
    rm -rf "$corpus"
done
echo "fuzz: $passed passed, $failed failed"
exit $status
