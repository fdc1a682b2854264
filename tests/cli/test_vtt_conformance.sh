#!/bin/bash
# WebVTT conformance (issue 17): `vidforge probe FILE.vtt` against the cases of
# the web-platform-tests WebVTT file-parsing suite (webvtt/parsing/file-parsing:
# arrows, header-*, ids, newlines, nulls, regions-*, settings-*, signature-*,
# stylesheets-*, timings-*, whitespace-chars), written again here as a table:
# each row is an input (printf format) and Python assertions on the probe JSON
# (probelib.sh). Where the suite and the spec's prose disagree (an unknown
# alignment after "line:" or "position:"), the suite is followed, as browsers do.
# usage: test_vtt_conformance.sh VIDFORGE
set -u
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/probelib.sh"
VF=$(readlink -f "$1")
WORK=$(mktemp -d /tmp/vidforge-vttconf-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

T='00:00:00.000 --> 00:00:01.000'

vtt() { probe_case "$1.vtt" "$2" "$3"; }
# bad NAME FORMAT: not a WebVTT file (the parser aborts): exit 3 naming it.
bad() { probe_bad "$1.vtt" "$2" "$1.vtt is not a WebVTT file"; }

# ---- signature and header ----------------------------------------------------
vtt sig-lf "WEBVTT\n\n$T\nx\n" "assert col('text') == ['x']"
vtt sig-bom "\xef\xbb\xbfWEBVTT\n\n$T\nx\n" "assert col('text') == ['x']"
vtt sig-space "WEBVTT \n\n$T\nx\n" "assert col('text') == ['x']"
vtt sig-tab "WEBVTT\t\n\n$T\nx\n" "assert col('text') == ['x']"
vtt sig-only "WEBVTT" "assert c == [] and r == [] and s == []"
vtt sig-only-space "WEBVTT " "assert c == []"
vtt sig-only-tab "WEBVTT\t" "assert c == []"
vtt sig-only-lf "WEBVTT\n" "assert c == []"
vtt sig-timings "WEBVTT $T\nx\n" "assert c == []"
vtt header-text "WEBVTT with a title\nKind: captions\n\n$T\nx\n" "assert col('text') == ['x']"
vtt header-then-timing "WEBVTT\n$T\nx\n" "assert col('text') == ['x'] and col('id') == ['']"
vtt header-line-then-timing "WEBVTT\nKind: captions\n$T\nx\n" \
    "assert col('text') == ['x'] and col('id') == ['']"
vtt header-region "WEBVTT\nREGION\nid:a\n\n$T region:a\nx\n" \
    "assert r == [] and col('region') == [None] and col('text') == ['x']"
vtt header-style "WEBVTT\nSTYLE\n::cue{}\n\n$T\nx\n" "assert s == [] and len(c) == 1"
bad sig-empty ""
bad sig-partial "WEBVT"
bad sig-lower "webvtt\n\n$T\nx\n"
bad sig-glued "WEBVTTX\n\n$T\nx\n"
bad sig-dash "WEBVTT-\n"
bad sig-vtab "WEBVTT\v\n\n$T\nx\n"
bad sig-late "\nWEBVTT\n\n$T\nx\n"
bad sig-space-first " WEBVTT\n\n$T\nx\n"
bad sig-bom-twice "\xef\xbb\xbf\xef\xbb\xbfWEBVTT\n"
bad sig-nbsp "WEBVTT\xc2\xa0\n\n$T\nx\n"
bad sig-ff "WEBVTT\f\n\n$T\nx\n"
vtt sig-crlf "WEBVTT\r\n\r\n$T\r\nx\r\n" "assert col('text') == ['x']"
vtt sig-cr "WEBVTT\r\r$T\rx" "assert col('text') == ['x']"

# ---- arrows and identifiers -------------------------------------------------
vtt arrows "WEBVTT\n\n-->\n$T\none\nx-->\n$T\ntwo\n-->y\n$T\nthree\n--->\n$T\nfour\n-->-->\n$T\nfive\n$T\nsix\n\n00:00:00.000 -a -->\n\n00:00:00.000 --a -->\n\n00:00:00.000 - -->\n\n00:00:00.000 -- -->\n" \
    "assert col('text') == ['one', 'two', 'three', 'four', 'five', 'six'], col('text')
assert col('id') == [''] * 6"
vtt ids "WEBVTT\n\n lead\n$T\n1\n\ntrail \n$T\n2\n\n-- >\n$T\n3\n\n->\n$T\n4\n\n \n$T\n5\n\n123\n$T\n6\n\nNOTEx\n$T\n7\n" \
    "assert col('id') == [' lead', 'trail ', '-- >', '->', ' ', '123', 'NOTEx'], col('id')"
vtt id-then-arrow-twice "WEBVTT\n\nid\n$T\na\n$T\nb\n" \
    "assert col('id') == ['id', ''] and col('text') == ['a', 'b']"
vtt id-two-lines "WEBVTT\n\nfirst\nsecond\n$T\nx\n\n$T\ny\n" \
    "assert col('text') == ['x', 'y'] and col('id') == ['', '']"
vtt cue-text-lines "WEBVTT\n\n$T\nline one\nline two\n\n$T\nz\n" \
    "assert col('text') == ['line one\nline two', 'z']"
vtt text-arrow-ends-cue "WEBVTT\n\n$T\na\nb --> c\nd\n" \
    "assert col('text') == ['a'], col('text')"
vtt empty-text "WEBVTT\n\n$T\n\n$T\nx\n" "assert col('text') == ['', 'x']"

# ---- line breaks: CR, LF, CRLF; LF CR is two breaks ---------------------------
vtt newline-cr "WEBVTT\r\rcr\r$T\rtext1\r\r$T\rtext2\r" \
    "assert col('id') == ['cr', ''] and col('text') == ['text1', 'text2']"
vtt newline-crlf "WEBVTT\r\n\r\ncrlf\r\n$T\r\ntext1\r\nmore\r\n\r\n" \
    "assert col('id') == ['crlf'] and col('text') == ['text1\nmore']"
vtt newline-mixed "WEBVTT\n\ncr\r$T\rtext1\r\rlf\n$T\ntext2\n\ncrlf\r\n$T\r\ntext3\r\n\r\n" \
    "assert col('id') == ['cr', 'lf', 'crlf'] and col('text') == ['text1', 'text2', 'text3']"
vtt newline-lfcr "WEBVTT\n\nlfcr\n\r$T\ntext4\n\r" \
    "assert col('id') == [''] and col('text') == ['text4'], c"
vtt no-final-newline "WEBVTT\n\n$T\nlast" "assert col('text') == ['last']"
vtt many-blank-lines "WEBVTT\n\n\n\n\n$T\na\n\n\n\n$T\nb\n\n\n" "assert col('text') == ['a', 'b']"

# ---- NUL characters: U+FFFD everywhere; in a timestamp they break it --------
vtt nulls "WEBVTT\n\0\nheader still\n$T\ntext1\n\n\0 id\n$T\ntext2\n\n\xef\xbf\xbd in data\n$T\n\xef\xbf\xbdtext\0003\n\n$T align\0:end\ntext4\n\n$T align:end\0\ntext5\n\n$T\0align:end\ntext6\n\n$T\0 align:end\ntext7\n\n00:00:00.000\0 --> 00:00:01.000\nbad\n\n00:00:0\0.000 --> 00:00:01.000\nbad\n\n00:00:00.000 -\0-> 00:00:01.000\nbad\n\n00:00:00.000 --> 00:00:01.0\0\nbad\n\n00:00:00.000 --> \00:00:01.000\nbad\n" \
    "assert col('text') == ['text1', 'text2', '\ufffdtext\ufffd3', 'text4', 'text5', 'text6', 'text7'], col('text')
assert col('id')[1:3] == ['\ufffd id', '\ufffd in data'], col('id')
assert col('align') == ['center'] * 6 + ['end'], col('align')"

# ---- whitespace around timings: space, tab and FF are whitespace, VT is not --
vtt whitespace "WEBVTT\n\nspaces\n   00:00:00.000    -->  00:00:01.000 \n   text1\n\ntabs\n\t\t00:00:00.000\t\t-->\t00:00:01.000\t\ntext2\n\nform feed\n\f\f00:00:00.000\f-->\f\f00:00:01.000\f\ntext3\n\nvertical tab\n\v00:00:00.000\v-->\v00:00:01.000\v\ntext4\n" \
    "assert col('id') == ['spaces', 'tabs', 'form feed'] and col('text') == ['   text1', 'text2', 'text3']"

# ---- timings ------------------------------------------------------------------
vtt omitted-hours "WEBVTT\n\n00:00.000 --> 00:00:01.000\na\n\n00:00:00.000 --> 00:01.000\nb\n\n00:00.000 --> 00:01.000\nc\n" \
    "assert col('startTime') == [0] * 3 and col('endTime') == [1] * 3 and col('text') == ['a', 'b', 'c']"
vtt long-hours "WEBVTT\n\n000:00:00.000 --> 00:00:01.000\nok1\n\n00:00:00.000 --> 000:00:01.000\nok2\n\n123:04:05.678 --> 1000:00:00.000\nok3\n" \
    "assert col('text') == ['ok1', 'ok2', 'ok3'] and abs(c[2]['startTime'] - 443045.678) < 1e-6 and c[2]['endTime'] == 3600000"
vtt exact-times "WEBVTT\n\n00:00:01.555 --> 00:01:02.017\na\n\n00:01.555 --> 01:00:00.301\nb\n" \
    "assert col('startTime') == [1.555, 1.555] and col('endTime') == [3600.301, 62.017], c"
vtt too-long "WEBVTT\n\n00::00:00.000 --> $T\nx\n\n00:000:00.000 --> 00:00:01.000\nx\n\n00:00::00.000 --> 00:00:01.000\nx\n\n00:00:000.000 --> 00:00:01.000\nx\n\n00:00:00..000 --> 00:00:01.000\nx\n\n00:00:00.0000 --> 00:00:01.000\nx\n\n00:00.0000 --> 00:00:01.000\nx\n\n000:00.000 --> 00:01.000\nx\n\n00::00.000 --> 00:01.000\nx\n\n00:000.000 --> 00:01.000\nx\n\n00:00..000 --> 00:01.000\nx\n\n00:00.000 --> 000:01.000\nx\n" \
    "assert c == [], col('text')"
vtt too-short "WEBVTT\n\n0:00:00.000 --> 0:00:01.000\nok\n\n0000:00.000 --> 00:00:01.000\nx\n\n00:0:00.000 --> 00:00:01.000\nx\n\n00:0000.000 --> 00:00:01.000\nx\n\n00:00:0.000 --> 00:00:01.000\nx\n\n00:00:00000 --> 00:00:01.000\nx\n\n00:00:00.00 --> 00:00:01.000\nx\n\n00:00:00.0 --> 00:00:01.000\nx\n\n00:00:00. --> 00:00:01.000\nx\n\n00:00:00 --> 00:00:01.000\nx\n\n00:00 --> 00:00:01.000\nx\n\n00 --> 00:00:01.000\nx\n\n --> 00:00:01.000\nx\n\n0:00.000 --> 00:01.000\nx\n\n00:0.000 --> 00:01.000\nx\n\n00:00.00 --> 00:01.000\nx\n\n. --> 00:01.000\nx\n\n00:00.000 --> 0:01.000\nx\n" \
    "assert col('text') == ['ok'] and c[0]['startTime'] == 0 and c[0]['endTime'] == 1, col('text')"
vtt sixty "WEBVTT\n\n00:00:00.000 --> 60:00:01.000\na\n\n60:00:00.000 --> 60:00:01.000\nb\n\n00:60:00.000 --> 01:00:00.000\nx\n\n00:00:60.000 --> 00:01:00.000\nx\n\n60:00.000 --> 61:00.000\nx\n\n00:60.000 --> 01:00.000\nx\n\n00:00:00.000 --> 00:00:60.000\nx\n" \
    "assert col('text') == ['a', 'b'] and col('endTime') == [216001, 216001] and c[1]['startTime'] == 216000, c"
vtt negative "WEBVTT\n\n00:00:00.000 --> 00:00:00.000\na\n\n00:00:01.000 --> 00:00:00.999\nb\n\n00:01:00.000 --> 00:00:59.999\nc\n\n01:00:00.000 --> 00:59:59.999\nd\n" \
    "assert col('text') == ['a', 'b', 'c', 'd'] and col('endTime') == [0, 0.999, 59.999, 3599.999]"
vtt timing-garbage "WEBVTT\n\n00:00:00.000 --> 00:00:01.000x\na\n\n00:00:00.000-->00:00:01.000\nb\n\nx00:00:00.000 --> 00:00:01.000\nbad\n\n00:00:00.000 x--> 00:00:01.000\nbad\n\n00:00:00.000 --> x00:00:01.000\nbad\n\n00:00:00,000 --> 00:00:01.000\nbad\n\n-00:00:01.000 --> 00:00:02.000\nbad\n" \
    "assert col('text') == ['a', 'b'], col('text')"
vtt timing-eof "WEBVTT\n\n00:00:00.000 -->" "assert c == []"
vtt cue-order "WEBVTT\n\n00:00:02.000 --> 00:00:02.500\nshort\n\n00:00:01.000 --> 00:00:04.000\nfirst\n\n00:00:02.000 --> 00:00:03.000\nlong\n\n00:00:02.000 --> 00:00:03.000\nlong too\n" \
    "assert col('text') == ['first', 'long', 'long too', 'short'], col('text')"

# ---- cue settings -----------------------------------------------------------
vtt defaults "WEBVTT\n\n$T\nx\n" \
    "q = c[0]; del q['text']
assert q == {'id': '', 'startTime': 0, 'endTime': 1, 'vertical': '', 'snapToLines': True,
             'line': 'auto', 'lineAlign': 'start', 'position': 'auto', 'positionAlign': 'auto',
             'size': 100, 'align': 'center', 'region': None}, q"
vtt align "WEBVTT\n\n$T\na\n\n$T align:start\na\n\n$T align:center\na\n\n$T align:end\na\n\n$T align:left\na\n\n$T align:right\na\n\n$T align:start align:end\na\n\n$T align:end align:CENTER\na\n\n$T align:end align: center\na\n\n$T align:end align:\na\n\n$T align:end align:middle\na\n\n$T align:end align\na\n\n$T align:end align:end align:end align:center\na\n" \
    "assert col('align') == ['center', 'start', 'center', 'end', 'left', 'right', 'end', 'end', 'end', 'end', 'end', 'end', 'center'], col('align')"
vtt vertical "WEBVTT\n\n$T\na\n\n$T vertical:lr\na\n\n$T vertical:rl\na\n\n$T vertical:rl vertical:lr\na\n\n$T vertical:\na\n\n$T vertical:RL\na\n\n$T vertical: rl\na\n\n$T vertical:vertical-rl\na\n" \
    "assert col('vertical') == ['', 'lr', 'rl', 'lr', '', '', '', ''], col('vertical')"
vtt size "WEBVTT\n\n$T\na\n\n$T size:1xx size:2%%\na\n\n$T size:0%%\na\n\n$T size:00%%\na\n\n$T size:50%% size:100%%\na\n\n$T size:50%% size:101%%\na\n\n$T size:1.5%%\na\n\n$T size:\na\n\n$T size:x\na\n\n$T size:%%\na\n\n$T size:%%%%\na\n\n$T size:1%%%%\na\n\n$T size:1%%x\na\n\n$T size:101%%\na\n\n$T size:-3%%\na\n\n$T size:200%%\na\n\n$T size:.5%%\na\n\n$T size:5.%%\na\n\n$T size:1e1%%\na\n" \
    "assert col('size') == [100, 2, 0, 0, 100, 50, 1.5] + [100] * 12, col('size')"
vtt position "WEBVTT\n\n$T position:1%%\na\n\n$T position:100%%\na\n\n$T position:1%% position:x\na\n\n$T position:1.5%%\na\n\n$T position:1%%,line-left\na\n\n$T position:1%%,center\na\n\n$T position:1%%,line-right\na\n\n$T position:1%%,middle\na\n\n$T position:1%% ,center\na\n\n$T position:1%%, center\na\n\n$T position:-1%%\na\n\n$T position:1\na\n\n$T position:1x\na\n\n$T position:1%%x\na\n\n$T position:\na\n\n$T position: 1%%\na\n\n$T position:101%%\na\n\n$T position:65536%%\na\n\n$T position:4294967296%%\na\n\n$T position:101%%,line-left\na\n\n$T position:101%%,center\na\n\n$T position:101%%,line-right\na\n" \
    "assert col('position') == [1, 100, 1, 1.5, 1, 1, 1, 1, 1, 1] + ['auto'] * 12, col('position')
assert col('positionAlign') == ['auto'] * 4 + ['line-left', 'center', 'line-right'] + ['auto'] * 15, col('positionAlign')"
big='179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000'
huge='179769313486231590000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000'
tiny="0.$(printf '0%.0s' $(seq 323))5"
tinier="0.$(printf '0%.0s' $(seq 323))2"
vtt line-valid "WEBVTT\n\n$T line:-1\na\n\n$T line:0\na\n\n$T line:-0\na\n\n$T line:1\na\n\n$T line:100\na\n\n$T line:101\na\n\n$T line:65536\na\n\n$T line:4294967296\na\n\n$T line:18446744073709552000\na\n\n$T line:10000000000000000000000000000000000\na\n\n$T line:1.5\na\n\n$T line:$big\na\n\n$T line:-$big\na\n\n$T line:$tiny\na\n\n$T line:$tinier\na\n" \
    "import sys
assert col('line') == [-1, 0, 0, 1, 100, 101, 65536, 4294967296, 18446744073709552000.0, 1e34, 1.5,
                       sys.float_info.max, -sys.float_info.max, 5e-324, 0], col('line')
assert all(col('snapToLines')) and json_text.count('-0,') == 0"
vtt line-invalid "WEBVTT\n\n$T line:65536%%\na\n\n$T line:4294967296%%\na\n\n$T line:18446744073709552000%%\na\n\n$T line:-0%%\na\n\n$T line:101%%\na\n\n$T line:1%%-\na\n\n$T line:1-\na\n\n$T line:%%1\na\n\n$T line:1%%%%\na\n\n$T line:0%%0\na\n\n$T line: 0%%\na\n\n$T line:0%%x\na\n\n$T line:-\na\n\n$T line:%%\na\n\n$T line:1..5\na\n\n$T line:.5\na\n\n$T line:5.\na\n\n$T line:$huge\na\n\n$T line:-$huge\na\n\n$T line:1e2\na\n\n$T line:+1\na\n\n$T line:--1\na\n" \
    "assert col('line') == ['auto'] * 22 and all(col('snapToLines')), col('line')"
vtt line-percent "WEBVTT\n\n$T line:0%%\na\n\n$T line:00%%\na\n\n$T line:100%%\na\n\n$T line:100%%,start\na\n\n$T line:100%%,center\na\n\n$T line:100%%,end\na\n\n$T line:100%%,middle\na\n\n$T line:$tiny%%\na\n\n$T line:$tinier%%\na\n\n$T line:-2,end\na\n\n$T line:3,\na\n" \
    "assert col('line') == [0, 0, 100, 100, 100, 100, 100, 5e-324, 0, -2, 3], col('line')
assert col('snapToLines') == [False] * 9 + [True] * 2, col('snapToLines')
assert col('lineAlign') == ['start', 'start', 'start', 'start', 'center', 'end', 'start', 'start', 'start', 'end', 'start'], col('lineAlign')"
vtt multiple "WEBVTT\n\nid1\n$T align:start line:1%% vertical:lr size:50%% position:25%%\ntext1\n\nid2\n$T align:center line:1 vertical:rl size:0%% position:100%%\ntext2\n" \
    "a, b = c
assert (a['align'], a['line'], a['snapToLines'], a['vertical'], a['size'], a['position']) == ('start', 1, False, 'lr', 50, 25), a
assert (b['align'], b['line'], b['snapToLines'], b['vertical'], b['size'], b['position']) == ('center', 1, True, 'rl', 0, 100), b"
vtt setting-shapes "WEBVTT\n\n$T :align:end\na\n\n$T align:end:\na\n\n$T align::end\na\n\n$T align=end\na\n\n$T Align:end\na\n\n$T\talign:end\na\n\n$T\falign:end\na\n" \
    "assert col('align') == ['center', 'center', 'center', 'center', 'center', 'end', 'end'], col('align')"

# ---- regions -----------------------------------------------------------------
vtt region-defaults "WEBVTT\n\nREGION\nid:a\n\n$T region:a\nx\n" \
    "assert r == [{'id': 'a', 'width': 100, 'lines': 3, 'regionAnchorX': 0, 'regionAnchorY': 100,
                'viewportAnchorX': 0, 'viewportAnchorY': 100, 'scroll': ''}], r
assert col('region') == ['a']"
vtt region-settings "WEBVTT\n\nREGION\nid:fred width:40%% lines:3 regionanchor:0%%,100%%\nviewportanchor:10%%,90%% scroll:up\n\n$T region:fred\nx\n" \
    "assert r[0] == {'id': 'fred', 'width': 40, 'lines': 3, 'regionAnchorX': 0, 'regionAnchorY': 100,
                  'viewportAnchorX': 10, 'viewportAnchorY': 90, 'scroll': 'up'}, r"
vtt region-ids "WEBVTT\n\nNOTE lines tell the regions apart\n\nREGION\nid:foo\nid:bar\nlines:1\n\nREGION\nid:bar id:foo\nlines:2\n\nREGION\nid:id\nid: foo\nid :bar\nlines:3\n\nREGION\nid:\v\nlines:4\n\n$T region:foo\na\n\n$T region:bar\na\n\n$T region:id\na\n\n$T region:\v\na\n" \
    "assert [reg(q)['lines'] for q in c] == [2, 1, 3, 4], c"
vtt region-lines "WEBVTT\n\nREGION\nid:0\nlines:0\n\nREGION\nid:1\nlines:1\n\nREGION\nid:2\nlines:100\n\nREGION\nid:3\nlines:101\n\nREGION\nid:4\nlines:65536\n\nREGION\nid:5\nlines:4294967296\n\nREGION\nid:6\nlines:18446744073709552000\n\nREGION\nid:7\nlines:10000000000000000000000000000000000\n\nREGION\nid:8\nlines:-0 lines:2\n\nREGION\nid:9\nlines:-1\n\nREGION\nid:10\nlines:1.5\n\nREGION\nid:11\nlines: 1\n\nREGION\nid:12\nlines:1%%\n\n$T region:0\na\n\n$T region:1\na\n\n$T region:2\na\n\n$T region:3\na\n\n$T region:4\na\n\n$T region:5\na\n\n$T region:6\na\n\n$T region:7\na\n\n$T region:8\na\n\n$T region:9\na\n\n$T region:10\na\n\n$T region:11\na\n\n$T region:12\na\n" \
    "assert [reg(q)['lines'] for q in c] == [0, 1, 100, 101, 65536, 4294967296, 18446744073709552000.0, 1e34, 2, 3, 3, 3, 3], [x['lines'] for x in r]"
anchors='0%%,0%% 1%%,1%% 100%%,0%% 0%%,100%% 100%%,100%% 0,0 0%%,0 0,0%% 1%% ,1%% 101%%,1%% 1%%,101%% -0%%,0%% 0%%,-0%% 65536%%,65536%% 4294967296%%,4294967296%% 1%%,,1%% 1.5%%,2.5%%'
for kind in regionanchor viewportanchor; do
    f="WEBVTT\n\nREGION\nid:d\n\n"
    n=0
    for a in $anchors; do f+="REGION\nid:a$n\n$kind:$a\n\n"; n=$((n + 1)); done
    f+="REGION\nid:spaces\n$kind: 1%%,1%%\n$kind :1%%,1%%\n$kind:1%% ,1%%\n$kind:1%%, 1%%\n\n"
    for i in d $(seq 0 $((n - 1))) spaces; do f+="$T region:${i/#[0-9]*/a$i}\nx\n\n"; done
    X=regionAnchorX Y=regionAnchorY
    [ $kind = viewportanchor ] && X=viewportAnchorX Y=viewportAnchorY
    vtt "region-$kind" "$f" \
        "got = [(reg(q)['$X'], reg(q)['$Y']) for q in c]
assert got == [(0, 100), (0, 0), (1, 1), (100, 0), (0, 100), (100, 100)] + [(0, 100)] * 12 + [(1.5, 2.5), (0, 100)], got"
done
vtt region-width "WEBVTT\n\nREGION\nid:a\nwidth:0%%\n\nREGION\nid:b\nwidth:12.5%%\n\nREGION\nid:c\nwidth:101%%\n\nREGION\nid:d\nwidth:50\n\nREGION\nid:e\nwidth:-1%%\n\n$T region:a\nx\n\n$T region:b\nx\n\n$T region:c\nx\n\n$T region:d\nx\n\n$T region:e\nx\n" \
    "assert [reg(q)['width'] for q in c] == [0, 12.5, 100, 100, 100]"
vtt region-scroll "WEBVTT\n\nREGION\nid:1\n\nREGION\nid:2\nscroll:up\n\nREGION\nid:3\nscroll:up scroll:up scroll:up\nscroll:up scroll:up\n\nREGION\nid:4\nscroll:down\nscroll:left\nscroll:right\n\nREGION\nid:5\nscroll: up\nscroll :up\n\nREGION\nid:6\nscroll:up scroll:\n\nREGION\nid:7\nscroll:UP\n\n$T region:1\na\n\n$T region:2\na\n\n$T region:3\na\n\n$T region:4\na\n\n$T region:5\na\n\n$T region:6\na\n\n$T region:7\na\n" \
    "assert [reg(q)['scroll'] for q in c] == ['', 'up', 'up', '', '', 'up', ''], r"
vtt region-setting "WEBVTT\n\nREGION\nid:foo\nlines:1\n\nREGION\nid:bar\n\nREGION\nid:foo\nlines:2\n\nREGION\nwidth:10%%\n\n$T region:foo\na\n\n$T region:bar\nb\n\n$T region:foo region:bar\nc\n\n$T region:invalid\nd\n\n$T region:invalid region:foo\ne\n\n$T region:\nf\n\n$T region: foo\ng\n\n$T region :foo\nh\n\n$T region:FOO\ni\n" \
    "assert col('region') == ['foo', 'bar', 'bar', None, 'foo', None, None, None, None], col('region')
assert reg(c[0])['lines'] == 2 and len(r) == 4 and r[3]['id'] == ''"
vtt region-dropped-by "WEBVTT\n\nREGION\nid:r\n\n$T region:r vertical:rl\na\n\n$T region:r line:1\nb\n\n$T region:r line:10%%\nc\n\n$T region:r size:50%%\nd\n\n$T region:r size:100%%\ne\n\n$T vertical:lr line:2 size:5%% region:r\nf\n\n$T region:r position:10%% align:start\ng\n\n$T region:r vertical:x line:x size:x\nh\n" \
    "assert col('region') == [None, None, None, None, 'r', 'r', 'r', 'r'], col('region')"
vtt region-old-syntax "WEBVTT\n\nREGION: id=foo width=40%% lines=3\n\n$T region:foo\na\n" \
    "assert r == [] and col('region') == [None] and col('text') == ['a']"
vtt region-after-cue "WEBVTT\n\n$T\na\n\nREGION\nid:late\n\n$T region:late\nb\n" \
    "assert r == [] and col('region') == [None, None]"
vtt region-keyword-space "WEBVTT\n\nREGION \t\nid:a\n\n$T region:a\nb\n" "assert col('region') == ['a']"

# ---- style sheets --------------------------------------------------------------
vtt style-one "WEBVTT\n\nSTYLE\n::cue(#foo) {\n  color: red;\n} /*\nNOTE inside\n00:00:00.000 -- > 00:00:01.000\n*/\n.foo {\n  color: blue;\n}\n\n.bar {\n  color: green;\n}\n\nfoo\n$T\ntext\n\nSTYLE\n::cue(::bar) { color: lime; }\n\nbar\n$T\ntext\n" \
    "assert s == ['::cue(#foo) {\n  color: red;\n} /*\nNOTE inside\n00:00:00.000 -- > 00:00:01.000\n*/\n.foo {\n  color: blue;\n}'], s
assert col('id') == ['foo', 'bar'] and col('text') == ['text', 'text']"
vtt style-none "WEBVTT\n" "assert s == []"
vtt style-two "WEBVTT\n\nSTYLE\na{}\n\nNOTE between\n\nSTYLE  \nb{}\n\n$T\nx\n" "assert s == ['a{}', 'b{}'], s"
vtt style-arrow "WEBVTT\n\nSTYLE\n::cue { content: '-->' }\n\n$T\nx\n" \
    "assert s == [] and col('text') == ['x'], (s, c)"
vtt style-named-cue "WEBVTT\n\nSTYLE\n$T\nx\n" "assert s == [] and col('id') == ['STYLE']"
vtt style-lower "WEBVTT\n\nstyle\na{}\n\n$T\nx\n" "assert s == [] and len(c) == 1"

# ---- comments -----------------------------------------------------------------
vtt notes "WEBVTT\n\nNOTE\n$T\nnot a cue? it is: the arrow is on line 2\n\nNOTE one line\n\nNOTE\tsecond\nmore\n\n$T\nx\n" \
    "assert col('id') == ['NOTE', ''] and col('text')[1] == 'x', c"

# ---- dropped blocks are warned about, naming the file and the line ----------
contains too-short.err "too-short.vtt:6: skipped cue: bad start time"
contains sixty.err "sixty.vtt:9: skipped cue: bad start time"
contains timing-garbage.err "timing-garbage.vtt:12: skipped cue: no \"-->\" after the start time"
contains id-two-lines.err "id-two-lines.vtt:3: skipped block"
if grep -q "skipped" notes.err; then fail "NOTE blocks are warned about: $(cat notes.err)"; else ok; fi

check_all
summary vtt_conformance
