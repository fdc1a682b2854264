#!/bin/bash
# Where CI's time goes: runs what .ci/run runs (make test) in a fresh clone of
# this repository's HEAD, one make target at a time, and prints each phase's
# wall time, CPU seconds (user+sys) and the load average it started at, then
# the 10 longest tests of each suite. Nothing is shared with the working tree
# but .deps/ (linked, when present, so npm is not asked again).
#   scripts/ci-times.sh [PHASES]   (default: "deps build test-fast test-asan fuzz")
#   KEEP=1 keeps the clone (its path is printed).
# Also run by `BENCH_ONLY_CI=1 scripts/bench.sh`.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PHASES=${1:-deps build test-fast test-asan fuzz}
WORK=$(mktemp -d /tmp/vidforge-ci-XXXXXX)
[ -n "${KEEP:-}" ] && echo "ci-times: clone in $WORK/repo" || trap 'rm -rf "$WORK"' EXIT
git clone -q "$ROOT" "$WORK/repo" || exit 2
[ -d "$ROOT/.deps/node_modules" ] && ln -s "$(readlink -f "$ROOT/.deps")" "$WORK/repo/.deps"
cd "$WORK/repo" || exit 2
export VIDFORGE_CI=1

status=0
printf '%-10s %8s %8s  %s\n' phase wall_s cpu_s "load at start" > "$WORK/phases.txt"
for p in $PHASES; do
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    /usr/bin/time -f '%e %U %S' -o "$WORK/$p.time" make "$p" > "$WORK/$p.log" 2>&1 || {
        status=1; echo "ci-times: make $p failed (log: $WORK/$p.log)" >&2; tail -30 "$WORK/$p.log" >&2; }
    read -r wall user sys < <(tail -1 "$WORK/$p.time")
    printf '%-10s %8.0f %8.0f  %s\n' "$p" "$wall" "$(echo "$user + $sys" | bc)" "$load" >> "$WORK/phases.txt"
done
cat "$WORK/phases.txt"
# the longest tests of a suite, from ctest's own log
for b in build build-asan; do
    log="$b/Testing/Temporary/LastTest.log"
    [ -f "$log" ] || continue
    echo "$b: the 10 longest tests (s)"
    awk '/^[0-9]+\/[0-9]+ Test: / { name = $3 } /^Test time = / { printf "%8.1f %s\n", $4, name }' \
        "$log" | sort -rn | head -10
done
[ -n "${KEEP:-}" ] && cp "$WORK/phases.txt" "$WORK/repo/ci-phases.txt"
exit $status
