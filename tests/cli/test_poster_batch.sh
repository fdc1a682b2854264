#!/bin/bash
# batch --poster SECONDS[:PATTERN] and the template's output.poster: each row's
# picture is the frame `preview` of that row draws at that time (PNG exactly,
# JPEG and WebP within 35 dB), named by the row's variables, written only with
# its video (a failing poster fails the row and leaves neither), re-made alone
# when only it is missing, and on S3 as the video is. --poster replaces the
# template's poster; a time past the end is exit 2 (render) or a failed row
# (batch), with the JSON pointer of output.poster.time. A transparent template
# previews as its default output (.mov, ProRes 4444) shows it.
# usage: test_poster_batch.sh VIDFORGE REPO_ROOT
set -u
VF=$(readlink -f "$1")
ROOT=$(readlink -f "$2")
. "$ROOT/tests/cli/lib.sh"
. "$ROOT/tests/cli/s3lib.sh" # a work folder, s3rver, cleaned up at exit
FF="ffmpeg -nostdin -hide_banner -loglevel error -y"

$FF -f lavfi -i testsrc2=s=320x180:r=24:d=2 -c:v libx264 -preset ultrafast -pix_fmt yuv420p in.mp4
cp "$ROOT/fonts/Inter-Regular.otf" font.otf
cat > t.json <<'EOF'
{"template_version": "1.0", "video": {"input": "in.mp4", "duration": "{{dur|2}}"},
 "encoding": {"preset": "ultrafast"},
 "overlays": [{"type": "text", "content": "{{name}}", "position": {"preset": "CENTER"},
               "timeline": {"start": 0.5}, "style": {"font": "font.otf", "size": 36}}]}
EOF
printf 'id,name,ext,dur\na,Alpha,png,2\nb,Beta,jpg,2\nc,Gamma,webp,1.5\n' > rows.csv
ypsnr() { # A B: luma PSNR of two pictures
    ffmpeg -nostdin -hide_banner -i "$1" -i "$2" -lavfi "[0:v]format=yuv444p[a];[1:v]format=yuv444p[b];[a][b]psnr" \
        -f null - 2>&1 | sed -n 's/.*PSNR y:\([0-9.inf]*\).*/\1/p'
}
# like ROW AT PICTURE MIN: PICTURE is preview's frame of row ROW at AT (MIN dB, or inf)
like() {
    local line; line=$(grep "^$1," rows.csv)
    IFS=, read -r id name ext dur <<<"$line"
    "$VF" preview "${5:-t.json}" --var "id=$id" --var "name=$name" --var "ext=$ext" \
        --var "dur=$dur" --at "$2" -o "want_$1.png" -y 2>/dev/null
    local db; db=$(ypsnr "$3" "want_$1.png")
    if awk -v v="$db" -v m="$4" 'BEGIN { exit !(v == "inf" || (m != "inf" && v + 0 >= m)) }'; then ok
    else fail "$3 against preview of row $1 at $2: $db dB, want $4"; fi
}

# ---- each row's poster, named by its variables, with --jobs 2 ---------------------------
expect 0 "$VF" batch t.json --rows rows.csv -o 'out/{{id}}.mp4' --jobs 2 \
    --poster '1.25:posters/{{name}}-{{id}}.{{ext}}' --results res.jsonl
like a 1.25 posters/Alpha-a.png inf
like b 1.25 posters/Beta-b.jpg 35
like c 1.25 posters/Gamma-c.webp 35
contains res.jsonl '"poster":"posters/Beta-b.jpg"'
no_temps out; no_temps posters
# --dry-run names each row's poster; everything is up to date
expect 0 "$VF" batch t.json --rows rows.csv -o 'out/{{id}}.mp4' --poster '1.25:posters/{{name}}-{{id}}.{{ext}}' --dry-run
contains out.txt '"output":"out/c.mp4","poster":"posters/Gamma-c.webp"'
check '[ "$(grep -c "\"action\":\"skip\"" out.txt)" = 3 ]' "a second run skips all rows: $(cat out.txt)"

# shards: each process writes the posters of its own rows
expect 0 "$VF" batch t.json --rows rows.csv -o 'sh/{{id}}.mp4' --poster '0.5:sh/{{id}}.png' --shard 1/2
check '[ -s sh/b.png ] && [ -s sh/b.mp4 ] && [ ! -e sh/a.png ] && [ ! -e sh/c.png ]' \
    "shard 1/2 wrote other posters than row b's: $(ls sh)"
like b 0.5 sh/b.png inf

# ---- a missing poster is re-made without re-rendering the video --------------------------
rm posters/Beta-b.jpg
inode=$(stat -c %i out/b.mp4)
expect 0 "$VF" batch t.json --rows rows.csv -o 'out/{{id}}.mp4' --poster '1.25:posters/{{name}}-{{id}}.{{ext}}' --dry-run
contains out.txt '"id":"b","vars":{"id":"b","name":"Beta","ext":"jpg","dur":"2"},"output":"out/b.mp4","poster":"posters/Beta-b.jpg"'
contains out.txt '"action":"poster","reason":"the poster is missing"'
expect 0 "$VF" batch t.json --rows rows.csv -o 'out/{{id}}.mp4' --poster '1.25:posters/{{name}}-{{id}}.{{ext}}' --results res.jsonl
like b 1.25 posters/Beta-b.jpg 35
check '[ "$(stat -c %i out/b.mp4)" = "$inode" ]' "the current video b was rendered again"
contains res.jsonl '"id":"b","output":"out/b.mp4","poster":"posters/Beta-b.jpg","poster_only":true,"status":"ok"'
check '[ "$(grep -c "\"status\":\"skipped\"" res.jsonl)" = 2 ]' "rows a and c are skipped: $(cat res.jsonl)"

# ---- a failing poster fails its row and leaves neither file ------------------------------
# row c lasts 1.5 s: a poster at 1.75 s is past its end
expect 5 "$VF" batch t.json --rows rows.csv -o 'late/{{id}}.mp4' --poster '1.75:late/{{id}}.jpg'
contains err.txt "row c (line 4): --poster 1.75: the time is past the end of the video (1.5 s long)"
absent late/c.mp4; absent late/c.jpg
check '[ -s late/a.mp4 ] && [ -s late/a.jpg ]' "row a was not written beside the failed row"
# the poster's folder cannot be made (a file is in the way): no video either
echo x > blocked
expect 5 "$VF" batch t.json --rows rows.csv -o 'none/{{id}}.mp4' --poster '1:blocked/{{id}}.png' --jobs 2
contains err.txt "cannot write the poster blocked/a.png"
check '[ -z "$(ls -A none 2>/dev/null | grep -v "^\.[a-z]*\.mp4\.lock$")" ]' "a row left files: $(ls -A none)"
no_temps .
# refused before anything is written (exit 2)
expect 2 "$VF" batch t.json --rows rows.csv -o 'x/{{id}}.mp4' --poster soon
contains err.txt "--poster soon: give SECONDS or SECONDS:PATTERN"
expect 2 "$VF" batch t.json --rows rows.csv -o 'x/{{id}}.mp4' --poster '1:x/{{id}}.bmp'
contains err.txt "name a .png, .jpg or .webp picture"
expect 2 "$VF" batch t.json --rows rows.csv -o 'x/{{id}}.mp4' --poster '1:x/same.png'
contains err.txt "rows a and b would both write x/same.png"
expect 5 "$VF" batch t.json --rows rows.csv -o 'x/{{id}}.mp4' --poster '1:x/{{nope}}.png'
contains err.txt "--poster pattern uses {{nope}}, which this row does not have"
printf 'id,name\nq,../up\n' > up.csv
expect 5 "$VF" batch t.json --rows up.csv -o 'x/{{id}}.mp4' --poster '1:x/{{name}}.png'
contains err.txt "poster x/../up.png is outside the pattern's folder x"
absent x

# ---- output.poster in the template ------------------------------------------------------
cat > tp.json <<'EOF'
{"template_version": "1.0", "video": {"input": "in.mp4", "duration": "{{dur|2}}"},
 "encoding": {"preset": "ultrafast"},
 "overlays": [{"type": "text", "content": "{{name}}", "position": {"preset": "CENTER"},
               "timeline": {"start": 0.5}, "style": {"font": "font.otf", "size": 36}}],
 "output": {"file": "tout/{{id}}.mp4",
            "poster": {"time": 0.75, "file": "pics/{{id}}.png"}}}
EOF
expect 0 "$VF" batch tp.json --rows rows.csv
like a 0.75 tout/pics/a.png inf tp.json
like c 0.75 tout/pics/c.png inf tp.json
check '[ -s tout/b.mp4 ]' "the template's output was not written"
# render honours it too: the file is relative to the output's folder (-o's here)
mkdir -p r/pics
expect 0 "$VF" render tp.json --var id=a --var name=Alpha -o r/a.mp4
like a 0.75 r/pics/a.png inf tp.json
# the flag replaces the template's poster, for batch and render
expect 0 "$VF" batch tp.json --rows rows.csv -o 'flag/{{id}}.mp4' --poster '1.25:flag/{{id}}-over.png'
like b 1.25 flag/b-over.png inf tp.json
absent flag/pics
expect 0 "$VF" render tp.json --var id=b --var name=Beta -o r/b.mp4 --poster 1.25:r/b.jpg
like b 1.25 r/b.jpg 35 tp.json
absent r/pics/b.png
# a time past the end: exit 2 with the key's place (render), a failed row (batch)
sed 's/"time": 0.75/"time": 1.75/' tp.json > late.json
expect 2 "$VF" render late.json --var id=c --var name=Gamma --var dur=1.5 -o r/c.mp4
contains err.txt "vidforge: late.json:6:32: /output/poster/time: the poster's time 1.75 s is past the end of the video (1.5 s long)"
absent r/c.mp4; absent r/pics/c.png
expect 5 "$VF" batch late.json --rows rows.csv -o 'lt/{{id}}.mp4'
contains err.txt "row c (line 4): late.json:6:32: /output/poster/time: the poster's time 1.75 s"
absent lt/c.mp4; absent lt/pics/c.png
check '[ -s lt/pics/a.png ]' "row a's poster is missing"
# the poster stays in the output's folder
sed 's|"pics/{{id}}.png"|"../{{id}}.png"|' tp.json > up.json
expect 2 "$VF" validate up.json --var id=a --var name=A
contains err.txt "up.json:6:46: /output/poster/file: poster \"../a.png\" leaves the output's folder"
ln -s /tmp r/away
sed 's|"pics/{{id}}.png"|"away/{{id}}.png"|' tp.json > away.json
expect 2 "$VF" render away.json --var id=a --var name=A -o r/w.mp4
contains err.txt "away.json:6:46: /output/poster/file: the poster resolves to /tmp/a.png, outside the output's folder"
absent r/w.mp4
sed 's|"time": 0.75|"time": -1|' tp.json > neg.json
expect 2 "$VF" validate neg.json --var id=a --var name=A
contains err.txt "neg.json:6:32: /output/poster/time:"

# ---- a transparent template: preview draws it as its default .mov would show it ----------
cat > clear.json <<'EOF'
{"template_version": "1.0",
 "video": {"background": "transparent", "width": 320, "height": 180, "fps": 24, "duration": 1},
 "overlays": [{"type": "text", "content": "Clear", "position": {"preset": "CENTER"},
               "style": {"font": "font.otf", "size": 40}}]}
EOF
expect 0 "$VF" preview clear.json --at 0.5 -o clear_want.png
expect 0 "$VF" render clear.json --poster 0.5:clear.png
check '[ "$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 clear.mov)" = prores ]' \
    "a transparent template's default output is not clear.mov (ProRes)"
check '[ "$(ypsnr clear.png clear_want.png)" = inf ]' "the transparent poster differs from preview"

# ---- S3: the poster is uploaded after the video; a missing one is re-made ----------------
expect 0 "$VF" batch t.json --rows rows.csv -o 's3://out/p/{{id}}.mp4' --poster '1.25:s3://out/p/{{id}}.jpg' --jobs 2
for r in a b c; do
    check '[ "$(status out/p/$r.mp4)" = 200 ] && [ "$(status out/p/$r.jpg)" = 200 ]' "row $r on S3"
done
get out/p/b.jpg s3b.jpg
like b 1.25 s3b.jpg 35
curl -sf -X DELETE "${SIGN[@]}" "http://127.0.0.1:$UP/out/p/c.jpg" || fail "delete out/p/c.jpg"
puts_before=$(count 'e["method"] == "PUT" and e["path"] == "/out/p/c.mp4"')
expect 0 "$VF" batch t.json --rows rows.csv -o 's3://out/p/{{id}}.mp4' --poster '1.25:s3://out/p/{{id}}.jpg'
check '[ "$(status out/p/c.jpg)" = 200 ]' "the missing poster of row c was not re-made"
check '[ "$(count '"'"'e["method"] == "PUT" and e["path"] == "/out/p/c.mp4"'"'"')" = "$puts_before" ]' \
    "the current video c was uploaded again"
# render to S3: the default poster beside the object; an existing one is refused first
expect 0 "$VF" render t.json --var name=R -o s3://out/r/v.mp4 --poster 1
check '[ "$(status out/r/v.png)" = 200 ]' "render's default poster is not on S3"
expect 4 "$VF" render t.json --var name=R -o s3://out/r/w.mp4 --poster 1:s3://out/r/v.png
contains err.txt "s3://out/r/v.png already exists (use -y to overwrite)"
check '[ "$(status out/r/w.mp4)" = 404 ]' "the video was uploaded though its poster exists"
no_temps tmp

summary poster_batch
