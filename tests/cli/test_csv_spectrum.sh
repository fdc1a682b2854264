#!/bin/bash
# CSV rows (`batch --rows`) against the cases of the csv-spectrum suite
# (max-mapper/csv-spectrum: comma_in_quotes, empty, empty_crlf, escaped_quotes,
# json, latin1, location_coordinates, newlines, newlines_crlf, newlines_cr,
# null, quotes_and_newlines, simple, simple_crlf, utf8), written again here,
# plus a BOM, blank lines and a missing final newline. Each file goes through
# `vidforge batch --dry-run`, whose JSON lines carry each row's variables; the
# expected rows are the suite's, except that an empty cell leaves its variable
# unset (so the template's default applies: docs/batch.md), which shows as an
# absent key. A file that is not UTF-8 is read as Windows-1252, as the suite's
# latin1 case expects, with a warning (unless it holds UTF-8 sequences too:
# then it is damaged UTF-8 and the stray bytes become U+FFFD).
# usage: test_csv_spectrum.sh VIDFORGE
set -u
source "$(dirname "$0")/lib.sh"
VF=$(readlink -f "$1")
WORK=$(mktemp -d /tmp/vidforge-csvspec-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

ffmpeg -hide_banner -loglevel error -f lavfi -i color=c=0x203040:s=160x90:r=25 -t 1 \
    -pix_fmt yuv420p in.mp4
cat > t.json <<'JSON'
{"template_version": "1.0",
 "video": {"input": "in.mp4", "duration": 0.6},
 "overlays": [{"type": "text", "content": "row", "style": {"size": 14}}],
 "encoding": {"preset": "ultrafast"}}
JSON

# csv NAME FORMAT EXPECTED: the rows file printf FORMAT makes is read (exit 0)
# into rows whose variables (without the automatic "id") are the Python list
# EXPECTED; checked together at the end, in one Python process.
csv() {
    printf -- "$2" > "$1.csv"
    if "$VF" batch t.json --rows "$1.csv" -o 'out/{{id}}.mp4' --dry-run >"$1.jsonl" 2>"$1.err"; then
        printf '%s' "$3" > "$1.want"
        echo "$1" >> cases.txt
    else
        fail "$1: exit $?: $(head -c 300 "$1.err")"
    fi
}

csv comma_in_quotes 'first,last,address,city,zip\nJohn,Doe,120 any st.,"Anytown, WW",08123\n' \
    "[{'first': 'John', 'last': 'Doe', 'address': '120 any st.', 'city': 'Anytown, WW', 'zip': '08123'}]"
csv empty 'a,b,c\n1,"",""\n2,3,4\n' "[{'a': '1'}, {'a': '2', 'b': '3', 'c': '4'}]"
csv empty_crlf 'a,b,c\r\n1,"",""\r\n2,3,4\r\n' "[{'a': '1'}, {'a': '2', 'b': '3', 'c': '4'}]"
csv empty_unquoted 'a,b,c\n,,\n1,,\n' "[{}, {'a': '1'}]"
csv escaped_quotes 'a,b\n1,"ha ""ha"" ha"\n3,4\n' "[{'a': '1', 'b': 'ha \"ha\" ha'}, {'a': '3', 'b': '4'}]"
csv json 'key,val\n1,"{""type"": ""Point"", ""coordinates"": [102.0, 0.5]}"\n' \
    "[{'key': '1', 'val': '{\"type\": \"Point\", \"coordinates\": [102.0, 0.5]}'}]"
csv latin1 'a,b,c\n1,2,3\n4,5,\xa9\n' "[{'a': '1', 'b': '2', 'c': '3'}, {'a': '4', 'b': '5', 'c': '\u00a9'}]"
csv location_coordinates 'Contact Phone Number,Location Coordinates,Cities,Counties\n02095257564,37\xb036'"'"'37.8"N 121\xb02'"'"'17.9"W,Modesto,Stanislaus\n' \
    "[{'Contact Phone Number': '02095257564', 'Location Coordinates': '37\u00b036\'37.8\"N 121\u00b02\'17.9\"W', 'Cities': 'Modesto', 'Counties': 'Stanislaus'}]"
csv newlines 'a,b,c\n1,2,3\n"Once upon \na time",5,6\n7,8,9\n' \
    "[{'a': '1', 'b': '2', 'c': '3'}, {'a': 'Once upon \na time', 'b': '5', 'c': '6'}, {'a': '7', 'b': '8', 'c': '9'}]"
csv newlines_crlf 'a,b,c\r\n1,2,3\r\n"Once upon \r\na time",5,6\r\n7,8,9\r\n' \
    "[{'a': '1', 'b': '2', 'c': '3'}, {'a': 'Once upon \r\na time', 'b': '5', 'c': '6'}, {'a': '7', 'b': '8', 'c': '9'}]"
csv newlines_cr 'a,b,c\r1,2,3\r"Once upon \ra time",5,6\r7,8,9\r' \
    "[{'a': '1', 'b': '2', 'c': '3'}, {'a': 'Once upon \ra time', 'b': '5', 'c': '6'}, {'a': '7', 'b': '8', 'c': '9'}]"
csv null 'a,b,c\n1,,2\n3,"NULL",4\n5,NULL,6\n' \
    "[{'a': '1', 'c': '2'}, {'a': '3', 'b': 'NULL', 'c': '4'}, {'a': '5', 'b': 'NULL', 'c': '6'}]"
csv quotes_and_newlines 'a,b\n1,"ha \n""ha"" \nha"\n3,4\n' \
    "[{'a': '1', 'b': 'ha \n\"ha\" \nha'}, {'a': '3', 'b': '4'}]"
csv simple 'a,b,c\n1,2,3\n' "[{'a': '1', 'b': '2', 'c': '3'}]"
csv simple_crlf 'a,b,c\r\n1,2,3\r\n' "[{'a': '1', 'b': '2', 'c': '3'}]"
csv utf8 'a,b,c\n1,2,3\n4,5,\xca\xa4\n' "[{'a': '1', 'b': '2', 'c': '3'}, {'a': '4', 'b': '5', 'c': '\u02a4'}]"
csv bom '\xef\xbb\xbfa,b\r\n1,2\r\n' "[{'a': '1', 'b': '2'}]"
csv bom_utf8 '\xef\xbb\xbfname\nZo\xc3\xab\n' "[{'name': 'Zo\u00eb'}]"
csv no_final_newline 'a,b\n1,2\n3,4' "[{'a': '1', 'b': '2'}, {'a': '3', 'b': '4'}]"
csv no_final_newline_quoted 'a,b\n1,"2\n3"' "[{'a': '1', 'b': '2\n3'}]"
csv blank_lines 'a,b\n\n1,2\n\n\n3,4\n\n' "[{'a': '1', 'b': '2'}, {'a': '3', 'b': '4'}]"
csv blank_lines_crlf 'a,b\r\n\r\n1,2\r\n\r\n' "[{'a': '1', 'b': '2'}]"
csv spaces_kept 'a,b\n  1 , 2  \n' "[{'a': '  1 ', 'b': ' 2  '}]"
csv cp1252 'a\n\x93quoted\x94 \x80 caf\xe9\n' "[{'a': '\u201cquoted\u201d \u20ac caf\u00e9'}]"
csv damaged_utf8 'a\ncaf\xc3\xa9 \xe9t\xe9\n' "[{'a': 'caf\u00e9 \ufffdt\ufffd'}]"

python3 - <<'PY' > results.txt
import json
for name in open('cases.txt').read().split():
    try:
        rows = sorted((json.loads(l) for l in open(name + '.jsonl', encoding='utf-8')),
                      key=lambda r: r['row'])  # printed as planned, not in file order
        got = [{k: v for k, v in r['vars'].items() if k != 'id'} for r in rows]
        want = eval(open(name + '.want', encoding='utf-8').read())
        assert got == want, (got, want)
        assert [r['row'] for r in rows] == list(range(1, len(rows) + 1)), rows
        print('ok', name)
    except Exception as e:
        print('FAIL', name, repr(e)[:600])
PY
while read -r status rest; do
    if [ "$status" = ok ]; then ok; else fail "$rest"; fi
done < results.txt
check '[ "$(wc -l < results.txt)" = "$(wc -l < cases.txt)" ]' "cases did not all run"
contains latin1.err "latin1.csv is not UTF-8: read as Windows-1252 (Latin-1)"
contains damaged_utf8.err "damaged_utf8.csv: bytes that are not UTF-8 (the first at byte 9) read as U+FFFD"
if grep -q "UTF-8" utf8.err; then fail "utf8.csv warned: $(cat utf8.err)"; else ok; fi

summary csv_spectrum
