#!/bin/bash
# vidforge and an independent validator (ajv, JSON Schema draft 2020-12) agree:
# every shipped and valid template passes both, every fixture in
# tests/fixtures/invalid fails both, and the committed schema is exactly what
# `vidforge schema` generates from the key tables.
# usage: test_schema.sh VIDFORGE REPO_ROOT
set -u
VF=$(readlink -f "$1")
ROOT=$(readlink -f "$2")
AJV="$ROOT/.deps/node_modules/.bin/ajv"
SCHEMA="$ROOT/docs/template.schema.json"
passed=0
failed=0
ok()   { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

if [ ! -x "$AJV" ]; then
    echo "FAIL: $AJV missing: run scripts/install-deps.sh" >&2
    echo "schema: 0 passed, 1 failed"
    exit 1
fi
# One ajv process per set of files (node's start-up and the schema's compile
# are paid once); ajv prints "FILE valid" or "FILE invalid" for each file.
ajv_verdicts() {
    "$AJV" validate --spec=draft2020 --strict=true --strict-required=false -s "$SCHEMA" \
        $(printf -- '-d %s ' "$@") 2>&1 | grep -E ' (valid|invalid)$'
}
# verdict FILE EXPECTED VERDICTS: is FILE's verdict in VERDICTS the expected one?
verdict() { grep -qxF "$1 $2" <<<"$3"; }

if "$VF" schema | diff -q - "$SCHEMA" >/dev/null; then ok
else fail "docs/template.schema.json is stale: regenerate with 'vidforge schema'"; fi
if "$AJV" compile --spec=draft2020 --strict=true --strict-required=false -s "$SCHEMA" >/dev/null 2>&1; then ok
else fail "the schema does not compile in strict mode"; fi

n_invalid=0
invalid_verdicts=$(ajv_verdicts "$ROOT"/tests/fixtures/invalid/*.json)
for f in "$ROOT"/tests/fixtures/invalid/*.json; do
    n_invalid=$((n_invalid + 1))
    "$VF" validate --schema-only "$f" >/dev/null 2>&1
    code=$?
    [ $code -eq 2 ] && ok || fail "vidforge accepted $(basename "$f") (exit $code)"
    verdict "$f" invalid "$invalid_verdicts" && ok || fail "ajv accepted $(basename "$f")"
done
[ $n_invalid -ge 30 ] && ok || fail "only $n_invalid invalid fixtures"

valid_verdicts=$(ajv_verdicts "$ROOT"/templates/*.json "$ROOT"/tests/fixtures/valid/*.json)
for f in "$ROOT"/templates/*.json "$ROOT"/tests/fixtures/valid/*.json; do
    "$VF" validate --schema-only "$f" >/dev/null 2>err.txt
    code=$?
    [ $code -eq 0 ] && ok || fail "vidforge rejected $f: $(cat err.txt)"
    verdict "$f" valid "$valid_verdicts" && ok || fail "ajv rejected $f"
done
rm -f err.txt
echo "schema: $passed passed, $failed failed"
[ $failed -eq 0 ]
