#!/bin/bash
# Segment reuse in a batch (issue 18): every row planned first, the segments
# rows share encoded once (the long one in chunks two jobs share, cut at GOP
# boundaries), counted in batch --report; the chunked joins against a
# --no-reuse render (PSNR >= 40 dB on every frame, the frames at every join
# within 2 dB of the median); reused segments streamed into the muxer give
# the same bytes as an output assembled from memory; an entry damaged inside
# its packets (found only while streaming) is encoded again, never a broken
# output. The input has B-frames and one keyframe (a pass decodes from 0 s,
# skipping the frames nothing refers to).
# usage: test_reuse_batch.sh VIDFORGE TESTS_SOURCE_DIR
set -u
source "$(dirname "$0")/lib.sh"
VF=$(readlink -f "$1")
SRC=$(readlink -f "$2")
WORK=$(mktemp -d /tmp/vidforge-reusebatch-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
export XDG_CACHE_HOME="$WORK/xdg"

json() { python3 -c 'import json,sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2:]:
    v = v[int(k)] if isinstance(v, list) else v[k]
print(v)' "$@"; }
states() { python3 -c 'import json,sys
print("".join(s["state"][0] for s in json.load(open(sys.argv[1]))["segments"]["list"]))' "$1"; }
decodes() { [ -z "$(ffmpeg -hide_banner -v error -i "$1" -f null - 2>&1)" ]; }
VERSION=$("$VF" --version | awk '{print $2}')
entry() { echo "$1/$(printf '%s\nsegment %s' "$VERSION" "$2" | sha256sum | cut -c1-64).vfseg"; }

# 12 s, B-frames (veryfast), a single keyframe (-g 300)
ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=s=320x180:r=25:d=12 -f lavfi \
    -i sine=f=440:d=12 -c:v libx264 -preset veryfast -g 300 -c:a aac base.mp4 || exit 1
ffmpeg -hide_banner -loglevel error -y -f lavfi -i color=c=red:s=48x48 -frames:v 1 logo.png || exit 1
cp "$SRC/../fonts/Inter-Bold.otf" font.otf
# a name card from 3 s to 5 s; a logo and a subtitle all along (segments 0-74, 75-124, 125-299)
cat > t.json <<'JSON'
{"template_version": "1.0", "video": {"input": "base.mp4"},
 "variables": {"name": "World"},
 "overlays": [
  {"type": "text", "content": "Hello {{name}}", "position": {"preset": "CENTER"},
   "style": {"font": "font.otf", "size": 40}, "timeline": {"start": 3, "end": 5}},
  {"type": "image", "source": "logo.png", "position": {"preset": "TOP_RIGHT"}},
  {"type": "text", "content": "A shared subtitle", "position": {"preset": "BOTTOM_CENTER"},
   "style": {"font": "font.otf", "size": 20}}],
 "encoding": {"codec": "libx264", "preset": "veryfast", "crf": 18}}
JSON
printf 'id,name\nr1,Ann\nr2,Bo\nr3,Cy\nr4,Di\n' >rows.csv

# --- the shared segments encoded once, before the rows, in chunks ---------------
expect 0 "$VF" batch t.json --rows rows.csv -o 'o/{{id}}.mp4' --jobs 2 --encoders 2 --cache-dir c \
    --report br.json -v
cp err.txt batch.err
check '[ "$(json br.json shared segments)" = 2 ]' "shared segments stored: $(json br.json shared segments), want 2"
check '[ "$(json br.json encoders allowed)" = 2 ]' "encoders allowed: $(json br.json encoders allowed), want 2"
# 250 shared frames over 2 encoders: chunks of 2 GOPs (100 frames): 0-74 whole, 125-224 and 225-299
check '[ "$(json br.json shared chunks)" = 3 ]' "shared chunks: $(json br.json shared chunks), want 3"
check '[ "$(json br.json frames_encoded)" = 450 ]' \
    "frames encoded by the batch: $(json br.json frames_encoded), want 250 shared + 4 x 50"
grep -o 'encoded segment [0-9]* (frames [0-9-]*) [0-9a-f]*' batch.err | awk '{print $NF}' | sort >keys.txt
check '[ "$(wc -l <keys.txt)" = 6 ] && [ -z "$(uniq -d keys.txt)" ]' \
    "each segment encoded once (2 shared + 4 names): $(uniq -c keys.txt | sort -rn | head -3)"
for i in 0 1 2 3; do
    check '[ "$(json br.json list $i segments_encoded)" = 1 ] && [ "$(json br.json list $i segments_reused)" = 2 ]' \
        "row $i encoded $(json br.json list $i segments_encoded) and reused $(json br.json list $i segments_reused), want 1 and 2"
done
for f in o/r1 o/r2 o/r3 o/r4; do check "decodes $f.mp4" "$f.mp4 does not decode cleanly"; done
grep -o 'encoded chunk 2/2 (frames [0-9]*' batch.err | grep -o '[0-9]*$' >chunkjoin.txt
check '[ "$(cat chunkjoin.txt)" = 225 ]' "the long segment's chunks join at frame 225, got $(cat chunkjoin.txt)"

# --- the chunked joins against a whole render ------------------------------------
expect 0 "$VF" render t.json --var name=Ann -o whole.mp4 --no-reuse
ffmpeg -hide_banner -loglevel error -i o/r1.mp4 -i whole.mp4 \
    -lavfi "[0:v][1:v]psnr=stats_file=psnr.log" -f null - || fail "psnr run"
cat >psnr.py <<'PY'
import statistics, sys
v = []
for line in open("psnr.log"):
    d = dict(kv.split(":") for kv in line.split())
    v.append(100.0 if d["psnr_avg"] == "inf" else float(d["psnr_avg"]))
med = statistics.median(v)
bad = [i for i, x in enumerate(v) if x < 40]
joins = [b + k for b in map(int, sys.argv[1:]) for k in (-1, 0, 1)]
worse = [(i, v[i]) for i in joins if v[i] < med - 2]
print(len(v), "frames, min %.2f median %.2f" % (min(v), med), "below 40:", bad, "joins worse:", worse)
sys.exit(1 if bad or worse or len(v) != 300 else 0)
PY
python3 psnr.py 75 125 225 >psnr.txt
check '[ $? = 0 ]' "PSNR of a batch row against --no-reuse: $(cat psnr.txt)"
check "ffprobe -v error -select_streams v -show_entries packet=dts -of csv=p=0 o/r1.mp4 | \
       awk 'NR > 1 && \$1 <= prev { exit 1 } { prev = \$1 }'" "DTS not increasing across the chunk join"

# --- one encoder at a time (the default on 2 cores): two jobs take turns -----------
# Both jobs start on a shared segment (two: 0-3 s and 5-10 s, a chunk each);
# one waits for the other's encoder, and no two encoders ever run at once.
expect 0 "$VF" batch t.json --rows rows.csv -o 'g/{{id}}.mp4' --jobs 2 --encoders 1 --cache-dir cg \
    --report bg.json
check '[ "$(json bg.json encoders allowed)" = 1 ] && [ "$(json bg.json encoders peak)" = 1 ]' \
    "encoders allowed $(json bg.json encoders allowed), at most $(json bg.json encoders peak) at once, want 1 and 1"
check '[ "$(json bg.json encoders waits)" -ge 1 ]' "no pass waited for the one encoder: $(json bg.json encoders waits)"
check '[ "$(json bg.json shared chunks)" = 2 ] && [ "$(json bg.json frames_encoded)" = 450 ]' \
    "one encoder: $(json bg.json shared chunks) chunks and $(json bg.json frames_encoded) frames, want 2 and 450"
for i in 1 2 3 4; do check 'cmp -s g/r$i.mp4 o/r$i.mp4 || decodes g/r$i.mp4' "g/r$i.mp4 does not decode cleanly"; done
expect 2 "$VF" batch t.json --rows rows.csv -o 'g/{{id}}.mp4' --encoders 0
contains err.txt "--encoders needs a number from 1 to 64"

# --- a second batch finds everything; --force renders reusing every segment -------
expect 0 "$VF" batch t.json --rows rows.csv -o 'o/{{id}}.mp4' --jobs 2 --cache-dir c --force \
    --report br2.json
check '[ "$(json br2.json frames_encoded)" = 0 ] && [ "$(json br2.json shared segments)" = 0 ]' \
    "a second batch encoded $(json br2.json frames_encoded) frames, want 0"

# --- streamed from the cache = assembled from memory, byte for byte --------------
expect 0 "$VF" render t.json --var name=Eve -o mem.mp4 --cache-dir fresh --report rm.json
expect 0 "$VF" render t.json --var name=Eve -o streamed.mp4 --cache-dir fresh --report rs.json
check '[ "$(states rm.json)" = eee ] && [ "$(states rs.json)" = rrr ]' \
    "fresh cache then all reused: got $(states rm.json) and $(states rs.json)"
check 'cmp -s mem.mp4 streamed.mp4' "the streamed output differs from the one assembled in memory"

# --- an entry damaged inside its packets: found while streaming, encoded again ---
e2=$(entry fresh "$(json rs.json segments list 2 key)")
size=$(stat -c %s "$e2")
printf 'XXXXXXXXXXXXXXXX' | dd of="$e2" bs=1 seek=$((size - 2000)) conv=notrunc status=none
expect 0 "$VF" render t.json --var name=Eve -o healed.mp4 --cache-dir fresh --report rh.json -v
contains err.txt "failed its digest; encoding it again"
check '[ "$(states rh.json)" = rre ]' "damaged entry: got $(states rh.json), want rre"
check 'decodes healed.mp4' "the output after a damaged entry does not decode cleanly"
ffmpeg -hide_banner -loglevel error -i healed.mp4 -i mem.mp4 \
    -lavfi "[0:v][1:v]psnr=stats_file=psnr.log" -f null - || fail "psnr run"
python3 psnr.py 75 125 >psnr.txt
check '[ $? = 0 ]' "PSNR of the output after a damaged entry against the first: $(cat psnr.txt)"
check '! ls -a | grep -q vidforge-tmp' "temporary output left behind"
expect 0 "$VF" render t.json --var name=Eve -o again.mp4 --cache-dir fresh --report ra.json
check '[ "$(states ra.json)" = rrr ]' "the re-encoded entry is stored again, got $(states ra.json)"

summary test_reuse_batch
