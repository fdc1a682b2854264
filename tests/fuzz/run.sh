#!/bin/bash
# Runs the template fuzzer for a bounded time, seeded with every template and
# fixture in the repository. Fails on any finding.
# usage: run.sh FUZZ_BINARY REPO_ROOT SECONDS
set -eu
BIN=$(readlink -f "$1")
ROOT=$(readlink -f "$2")
SECS=${3:-30}
CORPUS=$(mktemp -d /tmp/vidforge-fuzz-XXXXXX)
trap 'rm -rf "$CORPUS"' EXIT
cp "$ROOT"/templates/*.json "$ROOT"/tests/fixtures/*/*.json "$CORPUS"/
cd "$CORPUS"
"$BIN" -max_total_time="$SECS" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -dict="$ROOT/tests/fuzz/template.dict" -print_final_stats=1 "$CORPUS" 2>fuzz.log || {
    tail -60 fuzz.log >&2
    echo "fuzz: 0 passed, 1 failed"
    exit 1
}
grep -E "stat::number_of_executed_units|Done" fuzz.log | tail -2
echo "fuzz: 1 passed, 0 failed"
