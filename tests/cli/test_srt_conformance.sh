#!/bin/bash
# SubRip conformance (issue 17): `vidforge probe FILE.srt` on the variants SRT
# files come in, as a table (probelib.sh): byte order mark, CRLF and CR-only
# line breaks, ',' or '.' before the milliseconds (and fewer digits), tags kept
# in the text, a missing final newline, blank lines that hold spaces, several
# blank lines, none between cues, numbering gaps, no numbers, numbers in the
# text, position coordinates after the times. A malformed cue is skipped with
# a warning naming its line; a file with no cue at all, binary or UTF-16 is
# exit 3 naming it.
# usage: test_srt_conformance.sh VIDFORGE
set -u
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/probelib.sh"
VF=$(readlink -f "$1")
WORK=$(mktemp -d /tmp/vidforge-srtconf-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

A='00:00:01,000 --> 00:00:02,000'
B='00:00:03,000 --> 00:00:04,000'
C='00:00:05,000 --> 00:00:06,000'
srt() { probe_case "$1.srt" "$2" "$3"; }

srt basic "1\n$A\nHello\n\n2\n00:00:03,000 --> 00:00:04,500\nWorld\n" \
    "assert col('id') == ['1', '2'] and col('text') == ['Hello', 'World'], c
assert col('startTime') == [1, 3] and col('endTime') == [2, 4.5], c
q = dict(c[0]); [q.pop(k) for k in ('id', 'startTime', 'endTime', 'text')]
assert q == {'vertical': '', 'snapToLines': True, 'line': 'auto', 'lineAlign': 'start',
             'position': 'auto', 'positionAlign': 'auto', 'size': 100, 'align': 'center',
             'region': None}, q"
srt bom "\xef\xbb\xbf1\n$A\nx\n" "assert col('id') == ['1'] and col('text') == ['x']"
srt crlf "1\r\n$A\r\nline one\r\nline two\r\n\r\n2\r\n$B\r\nb\r\n" \
    "assert col('text') == ['line one\nline two', 'b'] and col('id') == ['1', '2']"
srt cr-only "1\r$A\ra\r\r2\r$B\rb\r" "assert col('text') == ['a', 'b']"
srt bom-crlf-no-eol "\xef\xbb\xbf1\r\n$A\r\nend" "assert col('text') == ['end'] and col('id') == ['1']"
srt no-final-newline "1\n$A\nfirst\n\n2\n$B\nlast" "assert col('text') == ['first', 'last']"
srt dot "1\n00:00:01.500 --> 00:00:02.250\nx\n" "assert col('startTime') == [1.5] and col('endTime') == [2.25]"
srt comma-dot "1\n00:00:01,500 --> 00:00:02.250\nx\n" "assert col('startTime') == [1.5] and col('endTime') == [2.25]"
srt short-fraction "1\n00:00:01,5 --> 00:00:02,25\nx\n" "assert col('startTime') == [1.5] and col('endTime') == [2.25]"
srt exact-times "1\n00:00:01,555 --> 01:00:00,301\nx\n" "assert col('startTime') == [1.555] and col('endTime') == [3600.301]"
srt long-hours "1\n100:00:00,000 --> 100:00:01,000\nx\n" "assert col('startTime') == [360000]"
srt spaced-arrow "1\n00:00:01,000-->00:00:02,000\na\n\n2\n00:00:03,000    -->\t00:00:04,000  \nb\n" \
    "assert col('text') == ['a', 'b'] and col('endTime') == [2, 4]"
srt coordinates "1\n$A  X1:100 X2:600 Y1:20 Y2:80\nx\n" "assert col('text') == ['x'] and col('endTime') == [2]"
srt glued-times "1\n00:00:01,000x --> 00:00:02,000\nbad\n\n2\n00:00:01,000 --> 00:00:02,000x\nbad\n\n3\n00:00:01,0000 --> 00:00:02,000\nbad\n\n4\n$B\nok\n" \
    "assert col('text') == ['ok'], c"
srt blank-lines "\n\n\n1\n$A\na\n\n\n\n2\n$B\nb\n\n\n\n" "assert col('text') == ['a', 'b']"
srt space-blank-line "1\n$A\na\n \t \n2\n$B\nb\n" "assert col('text') == ['a', 'b'] and col('id') == ['1', '2']"
srt crlf-space-blank "1\r\n$A\r\na\r\n  \r\n2\r\n$B\r\nb\r\n" "assert col('text') == ['a', 'b']"
srt no-blank-line "1\n$A\na\n2\n$B\nb\n3\n$C\nc\n" \
    "assert col('text') == ['a', 'b', 'c'] and col('id') == ['1', '2', '3'], c"
srt numbering-gaps "1\n$A\na\n\n5\n$B\nb\n\n3\n$C\nc\n" \
    "assert col('id') == ['1', '5', '3'] and col('text') == ['a', 'b', 'c']"
srt numbering-order "2\n$B\nb\n\n1\n$A\na\n" "assert col('id') == ['1', '2'] and col('text') == ['a', 'b']"
srt no-numbers "$A\na\n\n$B\nb\n" "assert col('id') == ['', ''] and col('text') == ['a', 'b']"
srt number-spaces " 7 \n$A\nx\n" "assert col('id') == ['7']"
srt zero-and-big "0\n$A\na\n\n99999999999\n$B\nb\n" "assert col('id') == ['0', '99999999999']"
srt digits-in-text "1\n$A\nThe answer is\n42\n\n2\n$B\n2024\n" \
    "assert col('text') == ['The answer is\n42', '2024'], c"
srt arrow-in-text "1\n$A\nx\na --> b\n" "assert col('text') == ['x\na --> b']"
srt empty-text "1\n$A\n\n2\n$B\nb\n" "assert col('text') == ['', 'b'], c"
srt tags "1\n$A\n<b>bold</b> <i>it</i> <u>u</u> <font color=\"#ff0000\">red</font> {\\\\an8}top\n" \
    "assert col('text') == ['<b>bold</b> <i>it</i> <u>u</u> <font color=\"#ff0000\">red</font> {\\\\an8}top'], c"
srt utf8 "1\n$A\nZo\xc3\xab \xe6\x9d\xb1\xe4\xba\xac\n" "assert col('text') == ['Zo\u00eb \u6771\u4eac']"
srt invalid-utf8 "1\n$A\na\xffb\n" "assert col('text') == ['a\ufffdb']"
srt overlapping "1\n00:00:01,000 --> 00:00:05,000\nlong\n\n2\n00:00:02,000 --> 00:00:03,000\nshort\n" \
    "assert col('text') == ['long', 'short']"
srt malformed-middle "1\n$A\na\n\n2\n00:00:0x,000 --> 00:00:04,000\nbad\n\n3\n00:60:00,000 --> 01:00:01,000\nbad\n\n4\n00:00:05,000 --> 00:00:04,000\nbackwards\n\n5\n$C\nc\n" \
    "assert col('text') == ['a', 'c'] and col('id') == ['1', '5'], c"
contains malformed-middle.err "malformed-middle.srt:6: skipped cue: bad start time"
contains malformed-middle.err "malformed-middle.srt:10: skipped cue: bad start time"
contains malformed-middle.err "malformed-middle.srt:14: skipped cue: it ends before it starts"
srt stray-text "1\n$A\na\n\njust a note\n\n2\n$B\nb\n" "assert col('text') == ['a', 'b']"
contains stray-text.err "stray-text.srt:5: skipped cue: no timing line"
srt truncated-last "1\n$A\na\n\n2\n00:00:03,000 --> 00:0" "assert col('text') == ['a']"
contains truncated-last.err "truncated-last.srt:6: skipped cue: bad end time"
srt empty "" "assert c == []"
srt only-blank "\n\r\n \n" "assert c == []"

probe_bad utf16le.srt "\xff\xfe1\0\n\0" "utf16le.srt is UTF-16 text"
probe_bad utf16be.srt "\xfe\xff\0001\0\n" "utf16be.srt is UTF-16 text"
probe_bad binary.srt "1\n$A\nab\0\0\x01\x02\n" "binary.srt is not an SRT file: it holds binary data"
probe_bad prose.srt "Dear diary,\nnothing here is a cue.\n\nReally.\n" "prose.srt is not an SRT file: none of its 2 blocks is a cue"
probe_bad truncated.srt "1\n00:00:01,0" "truncated.srt is not an SRT file"
head -c 3000 /dev/urandom | tr -d '\0' > noise.srt
"$VF" probe noise.srt >noise.out 2>noise.err
if [ $? -eq 3 ] && grep -qF "noise.srt" noise.err && [ ! -s noise.out ]; then ok; else
    fail "noise.srt: $(head -c 300 noise.err)"; fi

check_all
summary srt_conformance
