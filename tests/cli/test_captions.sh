#!/bin/bash
# The captions layer's template keys (issue 17): a bad key is exit 2 with the
# file, line, column and JSON pointer; a good captions template validates and
# renders; style.balance is a boolean.
# usage: test_captions.sh VIDFORGE
set -u
VF=$(readlink -f "$1")
. "$(dirname "$0")/lib.sh"
WORK=$(mktemp -d /tmp/vidforge-captions-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

VIDEO='{"width": 320, "height": 180, "fps": 10, "duration": 2}'
CUES='"cues": [{"start": 0, "end": 1.5, "text": "Hello {{who|there}} world"}]'
# tpl NAME OVERLAY_KEYS: one captions overlay
tpl() {
    printf '{"template_version": "1.0",\n "video": %s,\n "overlays": [{"type": "captions", %s}]}\n' \
        "$VIDEO" "$2" > "$1.json"
}
# bad NAME KEYS MESSAGE: validate exits 2 naming the pointer and the problem
bad() {
    tpl "$1" "$2"
    expect 2 "$VF" validate "$1.json"
    contains err.txt "$1.json:"
    contains err.txt "$3"
}

bad highlight "$CUES, \"highlight\": \"glow\"" \
    '/overlays/0/highlight: unknown highlight "glow" (expected one of: none, word, karaoke, reveal)'
bad max_lines "$CUES, \"max_lines\": 0" '/overlays/0/max_lines: must be an integer in [1, 20], got 0'
bad words "$CUES, \"words_per_caption\": -1" '/overlays/0/words_per_caption: must be an integer'
bad neither '"style": {"size": 30}' '/overlays/0: missing required key "source" (or "cues")'
bad both "$CUES, \"source\": \"talk.vtt\"" '/overlays/0: give "source" or "cues", not both'
bad cue_end '"cues": [{"start": 2, "end": 1, "text": "x"}]' \
    '/overlays/0/cues/0/end: must be greater than start (2), got 1'
bad cue_key '"cues": [{"start": 0, "end": 1, "txt": "x"}]' \
    '/overlays/0/cues/0/txt: unknown key (did you mean "text"?)'
bad cue_text '"cues": [{"start": 0, "end": 1, "text": 5}]' '/overlays/0/cues/0/text: must be a string'
bad word_time '"cues": [{"start": 0, "end": 1, "text": "x", "words": [{"text": "x", "start": -1, "end": 1}]}]' \
    '/overlays/0/cues/0/words/0/start: must be a time in seconds'
bad cue_settings "$CUES, \"use_cue_settings\": \"yes\"" '/overlays/0/use_cue_settings: must be true or false'
bad balance "$CUES, \"style\": {\"balance\": 1}" '/overlays/0/style/balance: must be true or false'
bad offset "$CUES, \"offset\": \"soon\"" '/overlays/0/offset: must be a number'
bad unknown "$CUES, \"hilight\": \"word\"" '/overlays/0/hilight: unknown key (did you mean "highlight"?)'

# text layers take style.balance too
printf '{"template_version": "1.0", "video": %s, "overlays": [{"type": "text", "content": "x", "style": {"balance": "no"}}]}\n' \
    "$VIDEO" > text_balance.json
expect 2 "$VF" validate text_balance.json
contains err.txt '/overlays/0/style/balance: must be true or false, got "no"'

# a good one validates, and renders with the variable's value
tpl good "$CUES, \"highlight\": \"karaoke\", \"words_per_caption\": 2, \"offset\": 0.2, \"style\": {\"balance\": true}"
expect 0 "$VF" validate good.json
expect 0 "$VF" render good.json -o good.mp4 --var who=Ada --dry-run
contains out.txt 'layer overlay-0.0: '
contains out.txt 'frames [2, 12)'
contains out.txt 'layer overlay-0.1.w0: '
expect 0 "$VF" render good.json -o good.mp4 --var who=Ada
check '[ -s good.mp4 ]' "the captions render wrote no file"

# a caption over max_lines without fit: a warning naming its time, still rendered
tpl long '"cues": [{"start": 0.5, "end": 2, "text": "far too many words for one line of this frame"}], "max_lines": 1'
expect 0 "$VF" render long.json -o long.mp4 --dry-run
contains err.txt 'overlay "overlay-0": the caption at 0.500 s takes 5 lines, over max_lines 1 ("fit": true shrinks it)'

# captions from files: WebVTT and SRT through the parser, a missing file exit 3
printf 'WEBVTT\n\n00:00.500 --> 00:01.500\n<b>From</b> a <00:01.000>file\n' > talk.vtt
printf '1\r\n00:00:00,200 --> 00:00:01,800\r\nSRT <i>cue</i>\r\n' > talk.srt
for f in talk.vtt talk.srt; do
    tpl "src_${f#*.}" "\"source\": \"$f\", \"highlight\": \"word\""
    expect 0 "$VF" render "src_${f#*.}.json" -o "src.mp4" -y --dry-run
    contains out.txt 'layer overlay-0.0: '
done
contains out.txt 'frames [2, 18)'
tpl src_missing '"source": "gone.vtt"'
expect 3 "$VF" render src_missing.json -o missing.mp4
contains err.txt 'gone.vtt'
absent missing.mp4

summary captions
