# Shared by the captions conformance scripts (test_vtt_conformance.sh,
# test_srt_conformance.sh): a table row is an input file (a printf format) and
# Python assertions on `vidforge probe`'s JSON, with c the cues, r the regions,
# s the style sheets, col('line') one field of every cue, reg(cue) the region a
# cue names (the last with that id) and json_text the JSON as printed.
# Needs lib.sh, VF and the current folder holding nothing else.

# probe_case NAME.EXT FORMAT CHECK: the file printf FORMAT makes probes with
# exit 0, and CHECK holds. The checks run together at the end (check_all), in
# one Python process: starting one per case costs seconds on a loaded machine.
probe_case() {
    local file=$1 name=${1%.*}
    printf -- "$2" > "$file"
    if "$VF" probe "$file" >"$name.json" 2>"$name.err"; then
        printf '%s' "$3" > "$name.check"
        echo "$name" >> checks.txt
    else
        fail "$name: exit $?: $(head -c 300 "$name.err")"
    fi
}

# probe_bad NAME.EXT FORMAT MESSAGE: exit 3, stderr holds MESSAGE (which names
# the file), stdout empty.
probe_bad() {
    local file=$1 name=${1%.*}
    printf -- "$2" > "$file"
    "$VF" probe "$file" >"$name.out" 2>"$name.err"
    local got=$?
    if [ $got -ne 3 ]; then fail "$name: exit $got, expected 3: $(head -c 200 "$name.err")"
    elif ! grep -qF -- "$3" "$name.err"; then fail "$name: stderr lacks \"$3\": $(cat "$name.err")"
    elif [ -s "$name.out" ]; then fail "$name: stdout is not empty"
    else ok; fi
}

check_all() {
    touch checks.txt
    python3 - <<'PY' > results.txt
import json
def run(name):
    text = open(name + '.json', encoding='utf-8').read()
    j = json.loads(text)
    c, r, s = j['cues'], j['regions'], j['styleSheets']
    def col(k): return [q[k] for q in c]
    def reg(q): return [x for x in r if x['id'] == q['region']][-1]
    code = open(name + '.check', encoding='utf-8').read()
    exec(code, {'c': c, 'r': r, 's': s, 'col': col, 'reg': reg, 'json_text': text})
for name in open('checks.txt').read().split():
    try:
        run(name)
        print('ok', name)
    except Exception as e:
        print('FAIL', name, repr(e)[:600])
PY
    while read -r status rest; do
        if [ "$status" = ok ]; then ok; else fail "$rest"; fi
    done < results.txt
    [ "$(wc -l < results.txt)" = "$(wc -l < checks.txt)" ] || fail "checks did not all run"
}
