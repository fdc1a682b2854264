#!/bin/bash
# `vidforge probe` on captions files (issue 17): the cues as JSON with the W3C
# VTTCue / VTTRegion attribute names, for WebVTT, SRT, word timings and ASS;
# exit 3 naming the file for a missing, binary or not-captions file, with
# nothing on stdout.
# usage: test_captions_probe.sh VIDFORGE
set -u
VF=$(readlink -f "$1")
WORK=$(mktemp -d /tmp/vidforge-captions-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
passed=0
failed=0

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL [$1]: $2" >&2; }

# probe_json NAME FILE PYTHON-ASSERTIONS: probe exits 0 and the assertions
# hold for j, the parsed JSON.
probe_json() {
    local name=$1 file=$2 check=$3
    if ! "$VF" probe "$file" >out.json 2>err.txt; then
        fail "$name" "exit $?: $(head -c 300 err.txt)"
    elif ! python3 -c "import json,sys; j=json.load(open('out.json')); $check" 2>py.txt; then
        fail "$name" "$(tail -1 py.txt): $(head -c 600 out.json)"
    else
        ok
    fi
}

# probe_fails NAME FILE MESSAGE: exit 3, stderr names MESSAGE, stdout empty.
probe_fails() {
    local name=$1 file=$2 msg=$3
    "$VF" probe "$file" >out.txt 2>err.txt
    local got=$?
    if [ $got -ne 3 ]; then
        fail "$name" "exit $got, expected 3: $(head -c 300 err.txt)"
    elif ! grep -qF -- "$msg" err.txt; then
        fail "$name" "stderr lacks \"$msg\": $(head -c 300 err.txt)"
    elif [ -s out.txt ]; then
        fail "$name" "stdout is not empty"
    else
        ok
    fi
}

printf 'WEBVTT\r\n\r\nREGION\r\nid:r1 width:50%% lines:2 regionanchor:0%%,100%% scroll:up\r\n\r\n' > talk.vtt
printf 'STYLE\r\n::cue { color: lime }\r\n\r\nlater\r\n00:02.000 --> 00:03.000 line:-2 align:left\r\n' >> talk.vtt
printf 'second\r\n\r\nfirst\r\n00:00:00.500 --> 00:00:01.500 position:30%%,line-right size:60%% region:r1\r\n' >> talk.vtt
printf '<v Ann>one <00:00:01.000>two</v>\r\n\r\n00:04.000 --> 00:xx.000\r\nbroken\r\n' >> talk.vtt
probe_json vtt talk.vtt "
c = j['cues']; assert j['format'] == 'webvtt' and len(c) == 2, c
a, b = c
assert a['id'] == 'first' and a['startTime'] == 0.5 and a['endTime'] == 1.5, a
assert a['position'] == 30 and a['positionAlign'] == 'line-right' and a['size'] == 60, a
assert a['region'] == 'r1' and a['line'] == 'auto' and a['lineAlign'] == 'start', a
assert a['snapToLines'] is True and a['vertical'] == '' and a['align'] == 'center', a
assert a['text'] == '<v Ann>one <00:00:01.000>two</v>', a
assert a['words'] == [{'text': 'one', 'start': 0.5, 'end': 1.0},
                      {'text': 'two', 'start': 1.0, 'end': 1.5}], a['words']
assert b['line'] == -2 and b['align'] == 'left' and b['position'] == 'auto' and 'words' not in b, b
assert b['positionAlign'] == 'auto' and b['size'] == 100 and b['region'] is None, b
r = j['regions']; assert len(r) == 1, r
assert r[0] == {'id': 'r1', 'width': 50, 'lines': 2, 'regionAnchorX': 0, 'regionAnchorY': 100,
                'viewportAnchorX': 0, 'viewportAnchorY': 100, 'scroll': 'up'}, r
assert j['styleSheets'] == ['::cue { color: lime }'], j['styleSheets']
"
if grep -qF "talk.vtt:17: skipped cue: bad end time" err.txt; then ok; else
    fail vtt-warning "no warning naming line 17: $(cat err.txt)"; fi

printf '\xef\xbb\xbf1\r\n00:00:01,000 --> 00:00:02,000\r\n<i>Hello</i>\r\n\r\n2\r\n00:00:02.5 --> 00:00:03,000\r\nbye' > subs.srt
probe_json srt subs.srt "
c = j['cues']; assert j['format'] == 'srt' and len(c) == 2, c
assert c[0]['id'] == '1' and c[0]['text'] == '<i>Hello</i>' and c[0]['endTime'] == 2, c
assert c[1]['startTime'] == 2.5 and c[1]['text'] == 'bye' and c[1]['line'] == 'auto', c
"

cat > words.json <<'JSON'
{"words": [{"text": "Hi", "start": 0.2, "end": 0.4}, {"text": "all.", "start": 0.5, "end": 0.9},
           {"text": "Next", "start": 1.0, "end": 1.3}]}
JSON
probe_json words words.json "
c = j['cues']; assert j['format'] == 'words' and len(c) == 2, c
assert c[0]['text'] == 'Hi all.' and c[0]['startTime'] == 0.2 and c[0]['endTime'] == 0.9, c
assert [w['text'] for w in c[0]['words']] == ['Hi', 'all.'] and c[1]['words'][0]['end'] == 1.3, c
"

cat > show.ass <<'ASS'
[Script Info]
ScriptType: v4.00+

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Open Sans,40,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,0,2,10,10,10,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:01.00,0:00:02.25,Default,,0,0,0,,{\i1}Styled{\i0} words
ASS
probe_json ass show.ass "
c = j['cues']; assert j['format'] == 'ass' and len(c) == 1, c
assert c[0]['startTime'] == 1 and c[0]['endTime'] == 2.25, c
assert c[0]['text'] == '{\\\\i1}Styled{\\\\i0} words', c
"

head -c 2000 /dev/urandom > noise.vtt
printf 'WEBVTTX\n\n00:00.000 --> 00:01.000\nx\n' > wrong.vtt
printf '1\n00:00:01,000 --> 00:00:02,000\n\0\0binary\n' > binary.srt
printf 'just some text\nnot captions\n' > plain.srt
printf '{"title": "not words"}' > other.json
printf 'not json at all' > broken.json
printf '[Script Info]\n\0\0' > binary.ass
probe_fails missing "$WORK/none.vtt" "none.vtt"
probe_fails noise noise.vtt "noise.vtt is not a WebVTT file"
probe_fails signature wrong.vtt "wrong.vtt is not a WebVTT file: it does not start with the WEBVTT signature"
probe_fails binary-srt binary.srt "binary.srt is not an SRT file: it holds binary data"
probe_fails plain-srt plain.srt "plain.srt is not an SRT file"
probe_fails other-json other.json "other.json is not a word-timings file"
probe_fails broken-json broken.json "broken.json is not a word-timings file: it is not valid JSON"
probe_fails binary-ass binary.ass "binary.ass is not an ASS/SSA file"
mkdir folder.vtt
probe_fails folder folder.vtt "folder.vtt"

echo "captions_probe: $passed passed, $failed failed"
[ $failed -eq 0 ]
