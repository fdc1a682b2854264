#!/bin/bash
# Formats found wanting in review (issue 21): a GIF lasts exactly its planned
# length (the muxer times the last frame like the one before it unless told:
# 48 frames at 12 fps summed to 4.01 s, 60 at 15 fps to 3.99 s); a WebP of a
# picture that does not move (libwebp then writes a still, which verification
# refused with exit 4) is the planned animation: one frame lasting the whole
# length, looping forever, opaque or with alpha, readable by libwebp (vidforge
# takes it as an image source) and equal to preview; a destination preset
# names its format when nothing else does (gif_email without -o was exit 2,
# "a .mp4 file cannot carry gif video"); a GIF carries its content key (in a
# comment extension), so a batch of GIFs skips the rows that are current
# instead of rendering every row again ("the output carries no content key");
# an animated WebP carries it in an XMP chunk, libwebp still reads it; audio
# tracks rendered to a format without sound are exit 2 (they were dropped
# without a word, exit 0), the input's own sound is still dropped quietly;
# thumbnails into a folder that is not there name it (not a hidden name);
# "audio_codec": "opus", the name `vidforge formats` shows, is libopus; HEVC
# in MP4, MOV and HLS is tagged hvc1, which Apple's players require (hev1
# was written, which Safari and QuickTime refuse); `vidforge formats` keeps
# its columns under their headings (libwebp_anim pushed webp's row right);
# a GIF's --dry-run prints its palette graph (max_width, dither) too; an
# output (or an HLS folder) whose folder is a file or is missing names that
# folder (it named a hidden temporary file, "cannot create a.mp4/.vf-...");
# batch --dry-run prints its rows in the rows file's order, whichever job
# planned them first (a row with a large input came last); a CSV header
# naming a column twice is exit 2 (the last column silently won); `deps`
# names the target render writes (it said NAME.mp4 for a .gif, .mov, .webm);
# ProRes frames carry BT.709 in their headers; --poster takes decimals only.
# usage: test_review_formats.sh VIDFORGE
VF=$(readlink -f "${1:?usage: test_review_formats.sh path/to/vidforge}")
shopt -s extglob
HERE=$(dirname "$(readlink -f "$0")")
. "$HERE/lib.sh"
cd "$(mktemp -d /tmp/vidforge-review-XXXXXX)" || exit 1
trap 'rm -rf "$PWD"' EXIT
ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=s=160x120:r=25:d=4 \
    -c:v libx264 -preset ultrafast in.mp4 || exit 1

# gif_cs FILE: the number of frames and the sum of their delays (centiseconds)
gif_cs() { python3 -c 'import sys
d, i, n = open(sys.argv[1], "rb").read(), 0, []
while (i := d.find(b"\x21\xf9\x04", i)) >= 0: n.append(d[i + 4] | d[i + 5] << 8); i += 8
print(len(n), sum(n))' "$1"; }
for fps in 12 15; do
    printf '{"template_version": "1.0", "video": {"input": "in.mp4"}, "encoding": {"gif": {"fps": %s}}}\n' \
        "$fps" >g$fps.json
    expect 0 "$VF" render g$fps.json -o g$fps.gif --no-reuse
    check '[ "$(gif_cs g$fps.gif)" = "$((4 * fps)) 400" ]' \
        "g$fps.gif: frames and delays $(gif_cs g$fps.gif), planned $((4 * fps)) frames, 400 cs"
    d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 g$fps.gif)
    check '[ "$d" = 4.000000 ]' "g$fps.gif lasts $d s, planned 4"
done

# webp_chunks FILE: "vp8x=FLAGS loop=N ms=.. (one per ANMF) riff_ok" from the chunks
# (VP8X flags: 2 animation, 4 XMP metadata, 16 alpha)
webp_chunks() { python3 -c 'import sys
d, i, out = open(sys.argv[1], "rb").read(), 12, []
while i + 8 <= len(d):
    t, n = d[i:i + 4], int.from_bytes(d[i + 4:i + 8], "little")
    if t == b"VP8X": out.append("vp8x=%d" % d[i + 8])
    if t == b"ANIM": out.append("loop=%d" % int.from_bytes(d[i + 12:i + 14], "little"))
    if t == b"ANMF": out.append("ms=%d" % int.from_bytes(d[i + 20:i + 23], "little"))
    i += 8 + n + (n & 1)
print(" ".join(out), "riff_ok" if int.from_bytes(d[4:8], "little") + 8 == len(d) else "riff_bad")' "$1"; }
card='{"type": "text", "content": "Still", "position": {"preset": "CENTER"}, "style": {"size": 30, "color": "#FF000080"}}'
printf '{"template_version": "1.0", "video": {"width": 160, "height": 120, "fps": 25, "duration": 2, "background": "#203040"}, "overlays": [%s]}\n' \
    "$card" >card.json
printf '{"template_version": "1.0", "video": {"width": 160, "height": 120, "fps": 25, "duration": 2, "background": "transparent"}, "overlays": [%s]}\n' \
    "$card" >clear.json
expect 0 "$VF" render card.json -o card.webp
check '[ "$(webp_chunks card.webp)" = "vp8x=6 loop=0 ms=2000 riff_ok" ]' "card.webp: $(webp_chunks card.webp)"
no_temps .
expect 0 "$VF" render clear.json -o clear.webp
check '[ "$(webp_chunks clear.webp)" = "vp8x=22 loop=0 ms=2000 riff_ok" ]' "clear.webp: $(webp_chunks clear.webp)"
# the frame against preview (decoded by FFmpeg as a still WebP)
python3 "$HERE/webp_frame.py" card.webp frame.webp 0 >/dev/null || fail "card.webp: no frame"
expect 0 "$VF" preview card.json --at 1 -o golden.png
psnr=$(ffmpeg -nostdin -hide_banner -i frame.webp -i golden.png \
    -lavfi "[0:v]format=yuv444p[a];[1:v]format=yuv444p[b];[a][b]psnr" -f null - 2>&1 |
    sed -n 's/.*PSNR y:\([0-9.inf]*\).*/\1/p')
check "awk -v p=\"$psnr\" 'BEGIN { exit !(p == \"inf\" || p >= 35) }'" "card.webp against preview: PSNR Y $psnr"
# libwebp's demuxer reads it: the transparent one over blue through vidforge
printf '{"template_version": "1.0", "video": {"width": 160, "height": 120, "fps": 25, "duration": 1, "background": "#0000FF"}, "overlays": [{"type": "image", "source": "clear.webp", "position": {"preset": "TOP_LEFT"}}]}\n' >over.json
expect 0 "$VF" preview over.json --at 0.5 -o over.png
corner=$(ffmpeg -v error -i over.png -vf "crop=1:1:2:2,format=rgb24" -f rawvideo - | od -An -tu1)
check "echo $corner | awk '{ exit !(\$1 < 8 && \$2 < 8 && \$3 > 247) }'" "the clear WebP's corner over blue: $corner"
# presets name the default output's format: NAME.gif, NAME.webm, NAME.mov
for p in gif_email:gif:gif webm_web:webm:vp9 prores_edit:mov:prores av1_archive:mp4:av1; do
    IFS=: read -r name ext codec <<<"$p"
    printf '{"template_version": "1.0", "video": {"input": "in.mp4", "output_preset": "%s", "duration": 0.25}}\n' \
        "$name" >"$name.json"
    expect 0 "$VF" render "$name.json" --no-reuse
    got=$(ffprobe -v error -select_streams v -show_entries stream=codec_name -of csv=p=0 "$name.$ext")
    check '[ "$got" = "$codec" ]' "$name: $name.$ext holds $got, expected $codec ($(ls))"
done
expect 2 "$VF" render gif_email.json -o mail.mp4   # an output naming another format keeps it
contains err.txt "/video/output_preset: a .mp4 file cannot carry gif video"
absent mail.mp4
# a batch of GIFs: the rerun skips them, an edited row renders again
printf 'id,name\nr1,Ann\nr2,Bob\n' >rows.csv
printf '{"template_version": "1.0", "video": {"input": "in.mp4", "duration": 1}, "overlays": [{"type": "text", "content": "Hi {{name}}", "style": {"size": 20}}], "encoding": {"gif": {"fps": 10}}}\n' >hi.json
expect 0 "$VF" batch hi.json --rows rows.csv -o 'mail/{{id}}.gif' --jobs 1
expect 0 "$VF" batch hi.json --rows rows.csv -o 'mail/{{id}}.gif' --dry-run
check '[ "$(grep -c "\"action\":\"skip\",\"reason\":\"up to date\"" out.txt)" = 2 ]' "GIF rows not skipped: $(cat out.txt)"
key=$(sed -n 's/.*"row":1,.*"key":"\([0-9a-f]*\)".*/\1/p' out.txt)
expect 0 "$VF" probe mail/r1.gif
contains out.txt "$key"
check '[ -z "$(ffmpeg -v error -i mail/r1.gif -f null - 2>&1)" ]' "mail/r1.gif does not decode cleanly"
printf 'id,name\nr1,Ann\nr2,Bobby\n' >rows.csv
expect 0 "$VF" batch hi.json --rows rows.csv -o 'mail/{{id}}.gif' --dry-run
check 'grep -q "\"row\":2.*\"action\":\"render\",\"reason\":\"stale" out.txt && grep -q "\"row\":1.*\"skip\"" out.txt' \
    "edited GIF row: $(cat out.txt)"
# WebP rows: the key in XMP; skipped when current; still an image source
expect 0 "$VF" batch hi.json --rows rows.csv -o 'web/{{id}}.webp' --jobs 1
expect 0 "$VF" batch hi.json --rows rows.csv -o 'web/{{id}}.webp' --dry-run
check '[ "$(grep -c "\"action\":\"skip\",\"reason\":\"up to date\"" out.txt)" = 2 ]' "WebP rows not skipped: $(cat out.txt)"
key=$(sed -n 's/.*"row":2,.*"key":"\([0-9a-f]*\)".*/\1/p' out.txt)
check "grep -q 'vidforge:key=\"$key\"' web/r2.webp" "web/r2.webp has no XMP key $key"
check '[[ "$(webp_chunks web/r2.webp)" == vp8x=@(6|22)\ loop=0\ ms=*riff_ok ]]' "web/r2.webp: $(webp_chunks web/r2.webp)"
printf '{"template_version": "1.0", "video": {"width": 160, "height": 120, "fps": 10, "duration": 1}, "overlays": [{"type": "image", "source": "web/r2.webp"}]}\n' >use.json
expect 0 "$VF" render use.json -o use.mp4 --no-reuse
# audio tracks into GIF, WebP, PNG frames: exit 2 naming /audio, nothing left
ffmpeg -hide_banner -loglevel error -y -f lavfi -i sine=f=300:d=1 tone.wav || fail "tone.wav"
printf '{"template_version": "1.0", "video": {"width": 160, "height": 120, "fps": 10, "duration": 1}, "audio": [{"source": "tone.wav"}]}\n' >tone.json
for out in tone.gif tone.webp toneframes/%05d.png; do
    expect 2 "$VF" render tone.json -o "$out"
    contains err.txt "/audio: a .${out##*.} file has no audio, and the template mixes 1 audio track into it"
    absent "$out"
    absent toneframes
    no_temps .
done
expect 0 "$VF" preview tone.json --at 0.5 -o tone.png   # preview writes no sound
expect 0 "$VF" render tone.json -o tone.mp4 --no-reuse
printf '{"template_version": "1.0", "video": {"input": "tone.mp4"}}\n' >silent.json
expect 0 "$VF" render silent.json -o silent.gif   # the input's own sound: dropped
# thumbnails into a missing folder: exit 4 naming the folder, nothing drawn
expect 4 "$VF" thumbnails card.json --every 1 -o nothere/sprite.jpg
contains err.txt "cannot write nothere/sprite.jpg: folder nothere: No such file or directory"
check '! grep -q vidforge-tmp err.txt' "the error names a temporary file: $(cat err.txt)"
absent nothere
# "opus" as `vidforge formats` names it (it was exit 2: unknown audio codec)
printf '{"template_version": "1.0", "video": {"input": "tone.mp4"}, "encoding": {"audio_codec": "opus", "preset": "ultrafast"}}\n' >opus.json
for ext in webm mkv mp4; do
    expect 0 "$VF" render opus.json -o opus.$ext --no-reuse
    got=$(ffprobe -v error -select_streams a -show_entries stream=codec_name -of csv=p=0 opus.$ext)
    check '[ "$got" = opus ]' "opus.$ext: audio $got"
done
# HEVC as hvc1 in MP4, MOV and HLS; Matroska has no such tag
printf '{"template_version": "1.0", "video": {"input": "in.mp4", "duration": 1}, "encoding": {"codec": "libx265", "preset": "ultrafast", "hls": {"segment": 1}}}\n' >hevc.json
for out in hevc.mp4 hevc.mov hevchls/index.m3u8; do
    expect 0 "$VF" render hevc.json -o $out
    tag=$(ffprobe -v error -select_streams v -show_entries stream=codec_tag_string -of csv=p=0 $out | head -1)
    check '[ "$tag" = hvc1 ]' "$out: HEVC tagged $tag, expected hvc1"
    check '[ -z "$(ffmpeg -v error -i $out -f null - 2>&1)" ]' "$out does not decode cleanly"
done
# every column of `vidforge formats` starts under its heading
expect 0 "$VF" formats
check "python3 -c 'import sys
rows = open(sys.argv[1]).read().splitlines()
cols = [rows[0].index(h) for h in rows[0].split()]
sys.exit(any(r[c - 1] != \" \" or r[c] == \" \" for r in rows[1:] for c in cols[1:]))' out.txt" \
    "vidforge formats columns: $(cat out.txt)"
# a GIF's dry run shows the palette pass: the width cap and the dither
printf '{"template_version": "1.0", "video": {"input": "in.mp4"}, "encoding": {"gif": {"max_width": 100, "dither": "bayer"}}}\n' >dry.json
expect 0 "$VF" render dry.json -o dry.gif --dry-run
contains out.txt "palette graph:"
contains out.txt "scale=w=100:h=76"
contains out.txt "paletteuse=dither=bayer"
absent dry.gif
# outputs whose folder is missing or a file: the folder is named
: >afile
for out in afile/x.mp4 afile/h/index.m3u8 gone/h/index.m3u8 gone/x.gif; do
    expect 4 "$VF" render card.json -o "$out"
    check "grep -qx \"vidforge: cannot write to folder ${out%%/*}: \\(Not a directory\\|No such file or directory\\)\" err.txt" \
        "$out: $(cat err.txt)"
    absent gone
    no_temps .
done
# dry-run lines in row order: row 1's input takes longest to digest
ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=s=640x480:r=25:d=2 -c:v rawvideo \
    -pix_fmt yuv420p big.mkv || fail "big.mkv"
printf '{"template_version": "1.0", "video": {"input": "{{clip}}", "duration": 0.5}}\n' >order.json
printf 'id,clip\n1,big.mkv\n2,in.mp4\n3,in.mp4\n4,in.mp4\n5,in.mp4\n6,in.mp4\n' >order.csv
expect 0 "$VF" batch order.json --rows order.csv -o 'ord/{{id}}.mp4' --dry-run --jobs 2
rows=$(sed 's/^{"row":\([0-9]*\),.*/\1/' out.txt | tr '\n' ' ')
check '[ "$rows" = "1 2 3 4 5 6 " ]' "dry-run rows in the order $rows"
expect 0 "$VF" batch order.json --rows order.csv -o 'ord/{{id}}.mp4' --dry-run --jobs 2 --shard 1/2
rows=$(sed 's/^{"row":\([0-9]*\),.*/\1/' out.txt | tr '\n' ' ')
check '[ "$rows" = "2 4 6 " ]' "shard 1/2 dry-run rows: $rows"
rm -f big.mkv
# a CSV header naming one column twice
printf 'id,name,name\n1,Ann,Bob\n' >twice.csv
expect 2 "$VF" batch order.json --rows twice.csv -o 'ord/{{id}}.mp4' --dry-run
contains err.txt 'twice.csv:1: columns 2 and 3 are both named "name"'
empty out.txt
# deps' target is what render writes without -o
expect 0 "$VF" deps gif_email.json
check 'grep -q "^gif_email.gif: gif_email.json" out.txt' "deps of gif_email.json: $(head -1 out.txt)"
expect 0 "$VF" deps clear.json
check 'grep -q "^clear.mov: clear.json" out.txt' "deps of clear.json: $(head -1 out.txt)"
# ProRes frames carry BT.709 in their own headers (editors read those; the
# decoder reported unknown before), reused or not; --poster takes decimal
# seconds only ("0x10" was 16 s)
printf '{"template_version": "1.0", "video": {"input": "in.mp4", "duration": 1}, "encoding": {"codec": "prores"}}\n' >pr.json
for flag in --no-reuse ""; do
    expect 0 "$VF" render pr.json -o pr.mov -y $flag
    got=$(ffprobe -v error -select_streams v -show_entries stream=color_space,color_primaries,color_transfer -of csv=p=0 pr.mov)
    check '[ "$got" = "bt709,bt709,bt709" ]' "ProRes ${flag:-reused}: colour $got, expected bt709 x3"
done
expect 2 "$VF" render pr.json -o pr2.mov --poster 0x10:p.png
contains err.txt "--poster 0x10:p.png: give SECONDS"
absent pr2.mov
summary test_review_formats
