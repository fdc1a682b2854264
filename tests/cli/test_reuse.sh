#!/bin/bash
# Segment reuse (issue 18): a second render with another name encodes only
# the segment the name is in; the reused output against --no-reuse frame by
# frame (PSNR >= 40 dB everywhere, the frames at the joins within 2 dB of the
# median, the same frame count, timestamps and audio); a damaged or truncated
# entry is encoded again; a template edit invalidates exactly the segments it
# touches; two batches sharing a cache folder at once encode each shared
# segment once; ABR output within 10 % of its bitrate; --no-reuse, and the
# whole-render fallback for outputs that cannot be stitched, in --report.
# usage: test_reuse.sh VIDFORGE TESTS_SOURCE_DIR
set -u
source "$(dirname "$0")/lib.sh"
VF=$(readlink -f "$1")
SRC=$(readlink -f "$2")
WORK=$(mktemp -d /tmp/vidforge-reuse-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
export XDG_CACHE_HOME="$WORK/xdg"

# seg REPORT FIELD: a field of the report's "segments" object
seg() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["segments"].get(sys.argv[2], ""))' "$1" "$2"; }
# states REPORT: each segment's state, one letter (r reused, e encoded)
states() { python3 -c 'import json,sys
print("".join(s["state"][0] for s in json.load(open(sys.argv[1]))["segments"]["list"]))' "$1"; }
# seg_key REPORT I, bounds REPORT: segment I's key; the segments' first frames after the first
seg_key() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["segments"]["list"][int(sys.argv[2])]["key"])' "$1" "$2"; }
bounds() { python3 -c 'import json,sys
print(" ".join(str(s["first_frame"]) for s in json.load(open(sys.argv[1]))["segments"]["list"][1:]))' "$1"; }
# entry DIR KEY: the cache file of a segment key (render/segstore.c names it)
VERSION=$("$VF" --version | awk '{print $2}')
entry() { echo "$1/$(printf '%s\nsegment %s' "$VERSION" "$2" | sha256sum | cut -c1-64).vfseg"; }
pkt_times() { ffprobe -v error -select_streams "$2" -show_entries "packet=$3" -of csv=p=0 "$1" | sort -n; }
decodes() { [ -z "$(ffmpeg -hide_banner -v error -i "$1" -f null - 2>&1)" ]; }

ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=s=320x180:r=25:d=8 -f lavfi \
    -i sine=f=440:d=8 -c:v libx264 -preset ultrafast -g 25 -c:a aac base.mp4 || exit 1
ffmpeg -hide_banner -loglevel error -y -f lavfi -i color=c=red:s=48x48 -frames:v 1 logo.png || exit 1
cp "$SRC/../fonts/Inter-Bold.otf" font.otf

# template NAME SIZE LOGO_PRESET SUBTITLE [ENCODING]: a name card from 3 s to 5 s,
# a logo and a subtitle all along; veryfast (B-frames) at CRF 18 unless ENCODING
# (two encodes of testsrc2 at 320x180 differ by about 43 dB there, 41 at CRF 23)
template() {
    cat > "$1.json" <<JSON
{"template_version": "1.0", "video": {"input": "base.mp4"},
 "variables": {"name": "World"},
 "overlays": [
  {"type": "text", "content": "Hello {{name}}", "position": {"preset": "CENTER"},
   "style": {"font": "font.otf", "size": $2}, "timeline": {"start": 3, "end": 5}},
  {"type": "image", "source": "logo.png", "position": {"preset": "$3"}},
  {"type": "text", "content": "$4", "position": {"preset": "BOTTOM_CENTER"},
   "style": {"font": "font.otf", "size": 20}}],
 "encoding": {"codec": "libx264", "preset": "veryfast"${5:-", \"crf\": 18"}}}
JSON
}
template t 40 TOP_RIGHT "A shared subtitle"

# --- first render encodes every segment, a second with another name one --------
expect 0 "$VF" render t.json -o a.mp4 --report ra.json
check '[ "$(seg ra.json encoded)" = 3 ] && [ "$(seg ra.json reused)" = 0 ]' \
    "first render: 3 encoded, 0 reused; got $(seg ra.json encoded)/$(seg ra.json reused)"
expect 0 "$VF" render t.json --var name=Bob -o b.mp4 --report rb.json
check '[ "$(states rb.json)" = rer ]' "another name: only the name's segment encoded, got $(states rb.json)"
check '[ "$(seg rb.json audio_reused)" = True ]' "another name: the audio track is reused"
check "awk -v s=\"$(seg rb.json encode_seconds_saved)\" 'BEGIN { exit !(s > 0) }'" \
    "report: encode seconds saved, got $(seg rb.json encode_seconds_saved)"

# --- the reused output against a whole render -----------------------------------
expect 0 "$VF" render t.json --var name=Bob -o bn.mp4 --no-reuse --report rbn.json
check '[ "$(seg rbn.json reuse)" = False ] && [ "$(seg rbn.json whole_render)" = --no-reuse ]' \
    "--no-reuse: the report says the whole render ran because of it"
check 'decodes b.mp4' "the reused output does not decode cleanly"
pkt_times b.mp4 v pts,duration >b.v; pkt_times bn.mp4 v pts,duration >bn.v
same b.v bn.v   # the same frames at the same times
pkt_times b.mp4 v dts >b.d; pkt_times bn.mp4 v dts >bn.d
same b.d bn.d   # the same decoding delay
check '[ "$(wc -l <b.v)" = 200 ]' "200 video packets, got $(wc -l <b.v)"
pkt_times b.mp4 a pts,dts,duration >b.a; pkt_times bn.mp4 a pts,dts,duration >bn.a
same b.a bn.a
check '[ "$(ffmpeg -v error -i b.mp4 -map 0:a -f md5 -)" = "$(ffmpeg -v error -i bn.mp4 -map 0:a -f md5 -)" ]' \
    "the audio differs from the whole render's"
check "ffprobe -v error -select_streams v -show_entries packet=dts -of csv=p=0 b.mp4 | \
       awk 'NR > 1 && \$1 <= prev { exit 1 } { prev = \$1 }'" "DTS not increasing across the joins"
ffmpeg -hide_banner -loglevel error -i b.mp4 -i bn.mp4 -lavfi "[0:v][1:v]psnr=stats_file=psnr.log" \
    -f null - || fail "psnr run"
cat >psnr.py <<'PY'
import statistics, sys
v = []
for line in open("psnr.log"):
    d = dict(kv.split(":") for kv in line.split())
    v.append(100.0 if d["psnr_avg"] == "inf" else float(d["psnr_avg"]))
med = statistics.median(v)
bad = [i for i, x in enumerate(v) if x < 40]
seams = [b + k for b in map(int, sys.argv[1:]) for k in (-1, 0, 1)]
worse = [(i, v[i]) for i in seams if v[i] < med - 2]
print(len(v), "frames, min %.2f median %.2f" % (min(v), med), "below 40:", bad, "seams worse:", worse)
sys.exit(1 if bad or worse or len(v) != 200 else 0)
PY
python3 psnr.py $(bounds rb.json) >psnr.txt
check '[ $? = 0 ]' "PSNR against --no-reuse: $(cat psnr.txt)"

# --- a damaged and a truncated entry are encoded again -----------------------------
e1=$(entry xdg/vidforge "$(seg_key rb.json 1)"); e0=$(entry xdg/vidforge "$(seg_key rb.json 0)")
check '[ -f "$e1" ] && [ -f "$e0" ]' "cache entries not found where expected ($e1)"
size=$(stat -c %s "$e1")
printf 'XXXXXXXXXXXXXXXX' | dd of="$e1" bs=1 seek=$((size / 2)) conv=notrunc status=none
truncate -s $(($(stat -c %s "$e0") / 2)) "$e0"
expect 0 "$VF" render t.json --var name=Bob -o c.mp4 --report rc.json
check '[ "$(states rc.json)" = eer ]' "damaged and truncated entries encoded again, got $(states rc.json)"
check 'decodes c.mp4' "the output after damaged entries does not decode cleanly"
expect 0 "$VF" render t.json --var name=Bob -o c2.mp4 --report rc2.json
check '[ "$(states rc2.json)" = rrr ]' "the re-encoded entries are stored again, got $(states rc2.json)"

# --- segments are trimmed with the rasters, least recently used first -------------
expect 0 "$VF" render t.json -o lru.mp4 --cache-dir small --cache-size 100K
kept=$(find small -name '*.vfseg' -o -name '*.png' | xargs -r stat -c %b | awk '{ s += $1 * 512 } END { print s + 0 }')
check '[ "$kept" -le 102400 ] && [ "$(find small -name "*.vfseg" | wc -l)" -lt 3 ]' \
    "a 100K cache kept $kept bytes, $(find small -name '*.vfseg' | wc -l) segments"
check 'decodes lru.mp4' "the output of a render whose entries were trimmed does not decode"

# --- a template edit invalidates exactly the segments it touches --------------------
template t 44 TOP_RIGHT "A shared subtitle"   # the name card's size: its segment only
expect 0 "$VF" render t.json --var name=Bob -o d.mp4 --report rd.json
check '[ "$(states rd.json)" = rer ]' "name size edit: middle segment only, got $(states rd.json)"
template t 44 TOP_LEFT "A shared subtitle"    # the logo: every segment
expect 0 "$VF" render t.json --var name=Bob -o d2.mp4 --report rd2.json
check '[ "$(states rd2.json)" = eee ]' "logo edit: every segment, got $(states rd2.json)"

# --- two batches at once on one cache folder encode each shared segment once -------
template s 40 TOP_RIGHT "Subtitle of the batches"
printf 'id,name\nx1,Xena\nx2,Xavier\nx3,Xu\n' >x.csv
printf 'id,name\ny1,Yann\ny2,Yara\ny3,Yusuf\n' >y.csv
"$VF" batch s.json --rows x.csv -o 'x/{{id}}.mp4' --jobs 2 --cache-dir shared -v >x.out 2>x.err &
px=$!
"$VF" batch s.json --rows y.csv -o 'y/{{id}}.mp4' --jobs 2 --cache-dir shared -v >y.out 2>y.err &
py=$!
wait $px; rx=$?; wait $py; ry=$?
check '[ $rx = 0 ] && [ $ry = 0 ]' "concurrent batches exited $rx and $ry: $(tail -n 3 x.err y.err)"
cat x.err y.err | grep -o 'encoded segment [0-9]* (frames [0-9-]*) [0-9a-f]*' | awk '{print $NF}' \
    | sort >keys.txt
check '[ "$(wc -l <keys.txt)" = 8 ] && [ -z "$(uniq -d keys.txt)" ]' \
    "two batches: 8 distinct encodes (2 shared + 6 names), got $(wc -l <keys.txt): $(uniq -c keys.txt | sort -rn | head -3)"
for f in x/x1 x/x2 x/x3 y/y1 y/y2 y/y3; do check "decodes $f.mp4" "$f.mp4 does not decode cleanly"; done
"$VF" batch s.json --rows x.csv -o 'xn/{{id}}.mp4' --no-reuse --cache-dir shared -v >xn.out 2>xn.err
check '! grep -q -e "encoded segment" -e "reused, " xn.err && grep -q "whole render: --no-reuse" xn.err && [ -f xn/x3.mp4 ]' \
    "batch --no-reuse used segments: $(grep -m2 segments xn.err)"

# --- ABR: the assembled output's bitrate within 10 % of the target ----------------
template abr 40 TOP_RIGHT "Rate control" ', "bitrate": "400k"'
expect 0 "$VF" render abr.json -o abr1.mp4 --report rabr1.json
expect 0 "$VF" render abr.json --var name=Quentin -o abr2.mp4 --report rabr2.json
check '[ "$(states rabr2.json)" = rer ]' "ABR second render: $(states rabr2.json)"
for f in abr1 abr2; do
    br=$(ffprobe -v error -select_streams v -show_entries stream=bit_rate -of csv=p=0 $f.mp4)
    check "[ $br -ge 360000 ] && [ $br -le 440000 ]" "$f.mp4: video at $br b/s, target 400000 +- 10 %"
done

# --- outputs that cannot be stitched take the whole-render path and say so --------
template h 40 TOP_RIGHT "x265" ', "codec": "hevc"'
sed -i 's/"codec": "libx264", //' h.json
expect 0 "$VF" render h.json -o h.mp4 --report rh.json
check '[ "$(seg rh.json reuse)" = False ]' "hevc: segments used"
contains rh.json "the encoder cannot be made stitchable"
expect 0 "$VF" render t.json -o w.mkv --report rw.json
check '[ "$(seg rw.json reuse)" = True ] && decodes w.mkv' "Matroska: not assembled from segments"
expect 0 "$VF" render t.json -o n.mp4 --no-cache --report rn.json
contains rn.json "no cache folder"

summary test_reuse
