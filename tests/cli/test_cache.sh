#!/bin/bash
# The on-disk raster cache and the run report: a second render rasterizes
# nothing and writes the same frames; keys follow file contents; LRU trimming
# under --cache-size; processes sharing a cache; damaged entries; --no-cache;
# --report fields; --min-psnr (exit 4, no output).
# usage: test_cache.sh VIDFORGE TESTS_SOURCE_DIR
set -u
source "$(dirname "$0")/lib.sh"
VF=$(readlink -f "$1")
SRC=$(readlink -f "$2")
FONTS=$(readlink -f "$SRC/../fonts")
WORK=$(mktemp -d /tmp/vidforge-cache-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
export XDG_CACHE_HOME="$WORK/xdg" # nothing goes to the real user's cache

# jget FILE KEY: the value of the first "KEY": line of a pretty-printed report
jget() { grep -m1 "\"$2\":" "$1" | sed 's/.*":[[:space:]]*//; s/,$//; s/"//g'; }
entries() { find "$1" -name '*.png' 2>/dev/null | wc -l; }
bytes() { # allocated bytes of the entries in folder $1 (what the cap counts)
    local t=0
    for f in "$1"/*.png; do [ -e "$f" ] && t=$((t + $(stat -c %b "$f") * 512)); done
    echo $t
}
frames_md5() { ffmpeg -hide_banner -loglevel error -i "$1" -map 0:v -f md5 -; }

ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=s=320x240:r=30:d=1 -f lavfi \
    -i sine=d=1 -c:v libx264 -preset ultrafast -c:a aac base.mp4 || exit 1
ffmpeg -hide_banner -loglevel error -y -f lavfi -i color=c=red:s=40x40 -frames:v 1 logo.png || exit 1
cp "$FONTS/Inter-Bold.otf" font.otf

# template NAME TEXT: two texts (one with outline, shadow and a fade) and an image
template() {
    cat > "$1.json" <<JSON
{"template_version": "1.0", "video": {"input": "base.mp4"},
 "overlays": [
  {"type": "text", "content": "$2", "position": {"preset": "TOP_CENTER"},
   "style": {"font": "font.otf", "size": 40, "outline": {"width": 2, "color": "#000000"},
             "shadow": {"offset": {"x": 2, "y": 2}, "blur": 4, "color": "#00000080"}},
   "timeline": {"start": 0, "end": 1, "animation": {"in": {"type": "fade", "duration": 0.3}}}},
  {"type": "text", "content": "Second line", "position": {"preset": "CENTER"},
   "style": {"font": "font.otf", "size": 24}},
  {"type": "image", "source": "logo.png", "position": {"preset": "BOTTOM_RIGHT"}}],
 "encoding": {"codec": "libx264", "preset": "ultrafast"}}
JSON
}
template a "Hello cache"

# --- first render fills the cache, the report says what happened -----------
expect 0 "$VF" render a.json -o a1.mp4 --cache-dir c1 --report r1.json
check '[ "$(jget r1.json misses)" = 3 ] && [ "$(jget r1.json hits)" = 0 ]' \
    "first render: 3 misses, 0 hits; got $(jget r1.json misses)/$(jget r1.json hits)"
check '[ "$(entries c1)" = 3 ]' "three cache entries, found $(entries c1)"
check '[ "$(jget r1.json frames)" = 30 ] && [ "$(jget r1.json exit_code)" = 0 ]' "report: frames 30, exit 0"
check '[ "$(jget r1.json name)" = libx264 ]' "report: encoder libx264"
contains r1.json '"reason":'
for stage in parse plan rasterize decode composite encode mux verify; do
    check "awk -v v=\"\$(jget r1.json $stage)\" 'BEGIN { exit !(v + 0 >= 0 && v != \"\") }'" \
        "report: stage $stage is a number"
done
check "awk -v p=\"\$(jget r1.json psnr)\" 'BEGIN { exit !(p > 25 && p < 80) }'" \
    "report: psnr from the encoder, got $(jget r1.json psnr)"
check "awk -v s=\"\$(jget r1.json ssim)\" 'BEGIN { exit !(s > 0.8 && s <= 1) }'" \
    "report: ssim from the encoder, got $(jget r1.json ssim)"
check "sed -n '/stage_cpu/,/}/p' r1.json | grep -cE '\"(decode|composite|encode_thread)\":[[:space:]]*[0-9]' | grep -qx 3" \
    "report: CPU seconds of the decode, composite and encode threads"
check "awk -v m=\"\$(jget r1.json peak_rss_mb)\" 'BEGIN { exit !(m > 10) }'" "report: peak RSS"
check "awk -v s=\"\$(jget r1.json speed)\" -v f=\"\$(jget r1.json fps)\" 'BEGIN { exit !(s > 0 && f > 0) }'" \
    "report: speed and fps"

expect 0 "$VF" render a.json -o a0.mp4 --cache-dir c1 --report -
check '[ "$(wc -l < out.txt)" = 1 ] && grep -q "\"exit_code\":0" out.txt && grep -q "\"hits\":3" out.txt' \
    "--report - prints one JSON line on stdout"

# --- second render: everything from the cache, same frames -------------------
expect 0 "$VF" render a.json -o a2.mp4 --cache-dir c1 --report r2.json
check '[ "$(jget r2.json misses)" = 0 ] && [ "$(jget r2.json hits)" = 3 ]' \
    "second render rasterizes nothing; got misses $(jget r2.json misses)"
check '[ "$(frames_md5 a1.mp4)" = "$(frames_md5 a2.mp4)" ]' "cached rasters give the same frames"
no_temps c1

# --- typewriter layers keep their cluster map in the entry -------------------
sed 's/"type": "fade", "duration": 0.3/"type": "typewriter", "duration": 0.6/' a.json > tw.json
expect 0 "$VF" render tw.json -o tw1.mp4 --cache-dir c5 --report rt1.json
expect 0 "$VF" render tw.json -o tw2.mp4 --cache-dir c5 --report rt2.json
check '[ "$(jget rt2.json hits)" = 3 ] && [ "$(jget rt2.json misses)" = 0 ]' "typewriter: all hits"
check '[ "$(frames_md5 tw1.mp4)" = "$(frames_md5 tw2.mp4)" ]' "typewriter from the cache types the same"
expect 0 "$VF" render tw.json -o tw3.mp4 --no-cache
check '[ "$(frames_md5 tw1.mp4)" = "$(frames_md5 tw3.mp4)" ]' "and the same as without a cache"

# --- the default folder is $XDG_CACHE_HOME/vidforge ---------------------------
expect 0 "$VF" render a.json -o a3.mp4
check '[ "$(entries "$XDG_CACHE_HOME/vidforge")" = 3 ]' "default cache folder under XDG_CACHE_HOME"

# --- keys follow file contents, not names ------------------------------------
cp "$FONTS/OpenSans-Regular.ttf" font.otf
expect 0 "$VF" render a.json -o a4.mp4 --cache-dir c1 --report r4.json
check '[ "$(jget r4.json misses)" = 2 ] && [ "$(jget r4.json hits)" = 1 ]' \
    "a changed font file misses (2 texts), the image hits; got $(jget r4.json misses)/$(jget r4.json hits)"
check '[ "$(frames_md5 a1.mp4)" != "$(frames_md5 a4.mp4)" ]' "the new font shows"
cp "$FONTS/Inter-Bold.otf" font.otf

# --- a font installed where fontconfig looks changes text keys (fallback fonts) --
mkdir -p fcdir fccache
cat > fonts.conf <<XML
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>$WORK/fcdir</dir><cachedir>$WORK/fccache</cachedir></fontconfig>
XML
FONTCONFIG_FILE=$WORK/fonts.conf "$VF" render a.json -o f1.mp4 --cache-dir c6 >/dev/null 2>&1
expect 0 env FONTCONFIG_FILE="$WORK/fonts.conf" "$VF" render a.json -o f2.mp4 --cache-dir c6 --report rf2.json
check '[ "$(jget rf2.json hits)" = 3 ]' "same fonts installed: hits"
sleep 0.05
cp "$FONTS/OpenSans-Regular.ttf" fcdir/
expect 0 env FONTCONFIG_FILE="$WORK/fonts.conf" "$VF" render a.json -o f3.mp4 --cache-dir c6 --report rf3.json
check '[ "$(jget rf3.json misses)" = 2 ] && [ "$(jget rf3.json hits)" = 1 ]' \
    "a newly installed font redraws the texts; got misses $(jget rf3.json misses)"

# --- a damaged entry is a miss, rewritten --------------------------------------
for f in c1/*.png; do head -c 100 "$f" > t && mv t "$f"; done
expect 0 "$VF" render a.json -o a5.mp4 --cache-dir c1 --report r5.json
check '[ "$(jget r5.json misses)" = 3 ]' "damaged entries are misses, got $(jget r5.json misses)"
check '[ "$(frames_md5 a1.mp4)" = "$(frames_md5 a5.mp4)" ]' "damaged entries do not show"
expect 0 "$VF" render a.json -o a6.mp4 --cache-dir c1 --report r6.json
check '[ "$(jget r6.json hits)" = 3 ]' "rewritten entries hit"

# --- --no-cache ------------------------------------------------------------------
expect 0 "$VF" render a.json -o a7.mp4 --cache-dir c2 --no-cache --report r7.json
check '[ "$(jget r7.json misses)" = 3 ] && [ ! -e c2 ]' "--no-cache neither reads nor writes"

# --- LRU under --cache-size -------------------------------------------------------
# three templates whose first text differs; each entry is about the same size
# (--no-reuse: encoded segments share the folder and its cap, and would be trimmed
# with the rasters; test_reuse.sh covers them)
template b "Hello cachf"
template c "Hello cachg"
expect 0 "$VF" render a.json -o l1.mp4 --cache-dir c3 --no-reuse
only_a=$(bytes c3)
expect 0 "$VF" render b.json -o l2.mp4 --cache-dir c3 --no-reuse     # adds b's first text
touch -d "2 hours ago" c3/*.png                           # whatever the clock's resolution
expect 0 "$VF" render a.json -o l3.mp4 --cache-dir c3 --no-reuse     # a's entries are now the newest
full=$(bytes c3)
b1=$(( full - only_a ))
cap=$(( full + b1 / 2 ))   # room for a's entries and one more text, not two
expect 0 "$VF" render c.json -o l4.mp4 --cache-dir c3 --no-reuse --cache-size "${cap}B" --report r8.json
check '[ "$(bytes c3)" -le "$cap" ]' "cache trimmed under its cap: $(bytes c3) > $cap"
expect 0 "$VF" render a.json -o l5.mp4 --cache-dir c3 --no-reuse --report r9.json
check '[ "$(jget r9.json misses)" = 0 ]' "the recently used entries survive; misses $(jget r9.json misses)"
expect 0 "$VF" render b.json -o l6.mp4 --cache-dir c3 --no-reuse --report r10.json
check '[ "$(jget r10.json misses)" = 1 ]' "the least recently used entry went; misses $(jget r10.json misses)"

# --- processes sharing one empty cache ------------------------------------------------
for i in 1 2 3 4; do
    "$VF" render a.json -o p$i.mp4 --cache-dir c4 >/dev/null 2>p$i.err &
done
codes=""
for job in $(jobs -p); do wait "$job"; codes="$codes$?"; done
check '[ "$codes" = 0000 ]' "four renders sharing a cache all succeed: $codes"
no_temps c4
check '[ "$(entries c4)" = 3 ]' "one entry per raster, found $(entries c4)"
expect 0 "$VF" render a.json -o p5.mp4 --cache-dir c4 --report r11.json
check '[ "$(jget r11.json hits)" = 3 ]' "every entry written concurrently is whole"
for i in 2 3 4; do
    check '[ "$(frames_md5 p1.mp4)" = "$(frames_md5 p$i.mp4)" ]' "concurrent render $i matches"
done

# --- an unusable folder is a warning, not a failure ----------------------------------
touch notdir
expect 0 "$VF" render a.json -o u.mp4 --cache-dir notdir/sub
contains err.txt "warning: raster cache off: cannot use cache folder notdir/sub"

# --- --min-psnr and bad values -------------------------------------------------------------
expect 4 "$VF" render a.json -o q.mp4 --min-psnr 99 --report rq.json
contains err.txt "quality check failed: PSNR"
contains err.txt "is below --min-psnr 99.00"
absent q.mp4
no_temps .
check '[ "$(jget rq.json exit_code)" = 4 ]' "a failed render still writes its report"
contains rq.json "quality check failed"
expect 0 "$VF" render a.json -o q.mp4 --min-psnr 20
sed 's/"base.mp4"/"missing.mp4"/' a.json > missing.json
expect 3 "$VF" render missing.json -o m.mp4 --report rm.json
check '[ "$(jget rm.json exit_code)" = 3 ]' "a render that cannot start still reports, exit_code 3"
contains rm.json "missing.mp4"
sed 's/"codec": "libx264"/"codec": "libx265"/' a.json > hevc.json
expect 2 "$VF" render hevc.json -o q4.mp4 --min-psnr 30
contains err.txt "--min-psnr needs an encoder that measures PSNR (libx264); this render uses libx265"
absent q4.mp4
expect 2 "$VF" render a.json -o q2.mp4 --min-psnr loud
contains err.txt '--min-psnr needs decibels above 0, such as 35, not "loud"'
expect 2 "$VF" render a.json -o q2.mp4 --cache-size 12X
contains err.txt '--cache-size needs a size such as 256M, 2G or 500K'
expect 4 "$VF" render a.json -o q3.mp4 --report nodir/r.json
contains err.txt "cannot write report nodir/r.json"
absent q3.mp4

# --- help describes what exists ------------------------------------------------------
expect 0 "$VF" help render
contains out.txt "--report FILE.json"
contains out.txt "--min-psnr DB"
contains out.txt "--cache-dir DIR"
contains out.txt "--no-cache"
expect 0 "$VF" help batch
contains out.txt "--cache-size SIZE"

# --- the encoder's reason when NVENC is asked for on a machine without it ---------------
sed 's/"codec": "libx264"/"codec": "h264_nvenc"/' a.json > nv.json
expect 0 "$VF" render nv.json -o nv.mp4 --report rn.json
if [ "$(jget rn.json name)" = h264_nvenc ]; then
    ok # a machine with a usable NVIDIA encoder
else
    contains rn.json "h264_nvenc is not usable here"
fi

# --- stage times are measured, not just present ---------------------------------------
# Eight large blurred texts: a miss draws them (about half a second), a hit only reads
# the entries back; rasterizing happens inside planning, so it takes less than it.
{
    printf '{"template_version": "1.0", "video": {"input": "base.mp4"}, "overlays": ['
    for i in 1 2 3 4 5 6 7 8; do
        [ $i = 1 ] || printf ','
        printf '{"type": "text", "content": "Stage time line %s of words", "position": {"preset": "CENTER"},
          "style": {"font": "font.otf", "size": 90, "max_width": 300, "outline": {"width": 4, "color": "#000000"},
                    "shadow": {"offset": {"x": 3, "y": 3}, "blur": 30, "color": "#00000080"}}}' $i
    done
    printf '], "encoding": {"codec": "libx264", "preset": "ultrafast"}}\n'
} > heavy.json
expect 0 "$VF" render heavy.json -o h1.mp4 --cache-dir c7 --report rh1.json
expect 0 "$VF" render heavy.json -o h2.mp4 --cache-dir c7 --report rh2.json
check '[ "$(jget rh1.json misses)" = 8 ] && [ "$(jget rh1.json hits)" = 0 ] &&
       [ "$(jget rh2.json misses)" = 0 ] && [ "$(jget rh2.json hits)" = 8 ]' \
    "eight misses then eight hits; got $(jget rh1.json misses)/$(jget rh1.json hits), $(jget rh2.json misses)/$(jget rh2.json hits)"
for r in rh1 rh2; do
    check "awk -v r=\"\$(jget $r.json rasterize)\" -v p=\"\$(jget $r.json plan)\" 'BEGIN { exit !(r > 0 && r < p) }'" \
        "$r: rasterize $(jget $r.json rasterize) s is above 0 and below plan $(jget $r.json plan) s"
done
check "awk -v m=\"\$(jget rh1.json rasterize)\" -v h=\"\$(jget rh2.json rasterize)\" 'BEGIN { exit !(m > 0.05 && h < m) }'" \
    "drawing (miss, $(jget rh1.json rasterize) s) takes longer than reading back (hit, $(jget rh2.json rasterize) s)"

summary test_cache
