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

# expect CODE CMD...: runs CMD, stdout to out.txt, stderr to err.txt
expect() {
    local want=$1; shift
    "$@" >out.txt 2>err.txt
    local got=$?
    if [ "$got" -eq "$want" ]; then ok; else
        fail "$* exited $got, expected $want; stderr: $(head -c 400 err.txt)"; fi
}
contains() { # FILE TEXT
    if grep -qF -- "$2" "$1"; then ok; else fail "$1 lacks \"$2\": $(head -c 400 "$1")"; fi
}
same() { # FILE EXPECTED_FILE
    if diff -u "$2" "$1" >diff.txt; then ok; else fail "$1 differs from $2: $(cat diff.txt)"; fi
}
empty() {
    if [ ! -s "$1" ]; then ok; else fail "$1 is not empty: $(head -c 300 "$1")"; fi
}
absent() {
    if [ ! -e "$1" ]; then ok; else fail "$1 exists"; fi
}
no_temps() {
    if ls -a "${1:-.}" | grep -q vidforge-tmp; then fail "temporary files left in ${1:-.}"; else ok; fi
}
