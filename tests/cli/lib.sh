# Shared by the CLI test scripts: counting checks and the closing line
# "NAME: N passed, N failed".
passed=0
failed=0
ok()   { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
# check CONDITION MESSAGE: evaluates CONDITION, fails with MESSAGE
check() { if eval "$1"; then ok; else fail "$2"; fi; }
# summary NAME: prints the closing line; the script's exit status follows it
summary() { echo "$1: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; }
