#!/bin/bash
# s3:// in and out against a real S3-compatible server (s3rver from npm,
# installed by scripts/install-deps.sh into .deps/) behind a proxy
# (tests/support/s3proxy.py) that checks every request's SigV4 signature with
# botocore and injects failures. Cases: the origin template (s3:// media,
# template and output), policy and --no-network, missing objects and wrong
# credentials, range reads into the middle of a large input, retried and
# failing uploads, a multipart upload stopped by SIGTERM, and a batch with
# rows, outputs and results on S3 across three shards.
# usage: test_s3.sh VIDFORGE
set -u
source "$(dirname "$0")/lib.sh"
VF=$(readlink -f "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/s3lib.sh" # work folder, s3rver + proxy, put/get/status/count
meta_key() { curl -s "${SIGN[@]}" -I "http://127.0.0.1:$UP/$1" | tr -d '\r' |
             sed -n 's/^x-amz-meta-vidforge-key: //Ip'; }

# --- fixtures ---------------------------------------------------------------------
$FF -f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i sine=f=440 -t 3 -c:v libx264 \
    -preset ultrafast -c:a aac -shortest base-video.mp4
$FF -f lavfi -i "color=red@0.8:size=120x60,format=rgba" -frames:v 1 brand-logo.png
# ~15 MB, a key frame every second, the index (moov) at the end as cameras write it
$FF -f lavfi -i "testsrc2=size=640x360:rate=25,noise=alls=30:allf=t" -t 12 -c:v libx264 \
    -preset ultrafast -g 25 -b:v 10M large.mp4
put base-video.mp4 media/base-video.mp4
put brand-logo.png media/brand-logo.png
put large.mp4 media/large.mp4
origin() { # NAME INPUT LOGO [OUTPUT]: the origin template's shape
    printf '{"template_version": "1.0",
  "video": {"input": "%s", "duration": 1, "width": 320, "height": 240, "fps": 25},
  "overlays": [
    {"type": "text", "content": "Hello {{name}}", "position": {"preset": "CENTER"},
     "style": {"size": 24, "color": "#FFFFFF"}},
    {"type": "image", "source": "%s", "position": {"preset": "TOP_RIGHT"}}]%s}\n' \
        "$2" "$3" "${4:+, \"output\": \"$4\"}" > "$1"
}

# --- the origin template: s3:// media and output ------------------------------------
origin origin.json s3://media/base-video.mp4 s3://media/brand-logo.png
expect 0 "$VF" render origin.json --var name=Ana --allow-path s3://media/ -o s3://out/origin.mp4
check '[ "$(status out/origin.mp4)" = 200 ]' "the output object exists"
check '[ "$(meta_key out/origin.mp4 | wc -c)" = 65 ]' "the object carries its content key"
get out/origin.mp4 origin.mp4
check '[ "$(ffprobe -v error -show_entries format=duration -of csv=p=0 origin.mp4)" = 1.000000 ]' \
    "the uploaded video is the render"
check '[ "$(count "e[\"sig\"] != \"ok\"")" = 0 ]' "every request's signature checks out with botocore"
check '[ "$(count "e[\"sig\"] == \"ok\"")" -ge 5 ]' "the requests were signed"
no_temps tmp
# the template itself on S3: its relative names resolve in its S3 folder, which it may read
origin tpl.json base-video.mp4 brand-logo.png out.mp4
put tpl.json media/tpl.json
expect 0 "$VF" render s3://media/tpl.json --var name=Bo
check '[ "$(status media/out.mp4)" = 200 ]' "the template's own output lands beside it"
expect 4 "$VF" render s3://media/tpl.json --var name=Bo
contains err.txt "s3://media/out.mp4 already exists (use -y to overwrite)"
origin escape.json base-video.mp4 brand-logo.png s3://out/escape.mp4
put escape.json media/escape.json
expect 2 "$VF" render s3://media/escape.json --var name=Bo
contains err.txt "leaves the template's folder"

# --- policy, missing objects, credentials ---------------------------------------------
expect 2 "$VF" render origin.json --var name=Ana -o s3://out/x.mp4
contains err.txt "/video/input: input video s3://media/base-video.mp4 is outside the S3 prefixes"
expect 2 "$VF" render origin.json --var name=Ana --allow-path s3://media/ --no-network -o x.mp4
contains err.txt "network inputs are turned off (--no-network)"
expect 2 "$VF" render s3://media/tpl.json --no-network
contains err.txt "network inputs are turned off (--no-network): template s3://media/tpl.json"
origin missing.json s3://media/nothing.mp4 s3://media/brand-logo.png
expect 3 "$VF" render missing.json --var name=A --allow-path s3://media/ -o x.mp4
contains err.txt "s3://media/nothing.mp4 does not exist"
AWS_ACCESS_KEY_ID=NOTAKEY AWS_SECRET_ACCESS_KEY=sEcReT9 expect 3 "$VF" render origin.json \
    --var name=A --allow-path s3://media/ -o x.mp4
contains err.txt "access denied to s3://media/brand-logo.png (credentials from the environment (AWS_ACCESS_KEY_ID))"
check '! grep -q sEcReT9 err.txt' "the secret is never printed"
absent x.mp4
# a profile in ~/.aws: keys from credentials, region and endpoint from config
mkdir -p home/.aws
printf '[default]\naws_access_key_id = NOPE\naws_secret_access_key = NOPE\n[render]\naws_access_key_id = S3RVER\naws_secret_access_key = S3RVER\n[bad]\naws_access_key_id = BADKEY\naws_secret_access_key = x\n' \
    > home/.aws/credentials
printf '[profile render]\nregion = us-east-1\nendpoint_url = %s\n[profile bad]\nendpoint_url = %s\n' \
    "$AWS_ENDPOINT_URL" "$AWS_ENDPOINT_URL" > home/.aws/config
( unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_ENDPOINT_URL AWS_REGION
  AWS_PROFILE=render expect 0 "$VF" render origin.json --var name=P --allow-path s3://media/ \
      -o s3://out/profile.mp4 -y
  AWS_PROFILE=bad expect 3 "$VF" render origin.json --var name=P --allow-path s3://media/ -o x.mp4
  contains err.txt "access denied to s3://media/brand-logo.png (credentials from profile bad in ~/.aws/credentials)"
  summary profile >/dev/null ) || fail "AWS_PROFILE with ~/.aws/credentials and ~/.aws/config"
rm -rf home/.aws
check '[ "$(status out/profile.mp4)" = 200 ]' "a profile's keys and endpoint_url are used"
# a bucket in another region: the server names it
rules '[{"match": "HEAD /media/brand-logo.png", "times": 1, "status": 301, "headers": {"x-amz-bucket-region": "eu-west-1"}},
        {"match": "GET /media/brand-logo.png", "times": 1, "status": 400, "body": "<Error><Code>AuthorizationHeaderMalformed</Code><Region>eu-west-1</Region></Error>"}]'
expect 3 "$VF" render origin.json --var name=A --allow-path s3://media/ -o x.mp4
check 'grep -q "s3://media/brand-logo.png: bucket media is in region eu-west-1, not us-east-1: set AWS_REGION=eu-west-1" err.txt' \
    "a wrong region names the bucket's region"
rules '[]'

# --- range reads: a second from the middle of a 16 MB input ---------------------------
: > proxy.log
printf '{"template_version": "1.0", "video": {"input": "s3://media/large.mp4", "start": 6,
  "duration": 1, "width": 320, "height": 180, "fps": 25}, "overlays": []}\n' > seek.json
expect 0 "$VF" render seek.json --allow-path s3://media/ -o seek.mp4
size=$(stat -c %s large.mp4)
fetched=$(python3 -c "import json
print(sum(e['bytes'] for l in open('proxy.log') for e in [json.loads(l)] if e['method'] == 'GET' and e['path'] == '/media/large.mp4'))")
echo "range reads: fetched $fetched of $size bytes for 1 s from the middle"
check '[ "$fetched" -gt 0 ] && [ $((fetched * 100 / size)) -lt 30 ]' \
    "a seek into the middle fetches under 30 % of the object ($fetched of $size)"
check '[ "$(count "e[\"path\"] == \"/media/large.mp4\" and e[\"range\"] == \"\" and e[\"method\"] == \"GET\"")" = 0 ]' \
    "every read of the input is a range request"

# --- retries --------------------------------------------------------------------------
: > proxy.log
rules '[{"match": "PUT /out/retry.mp4", "times": 2, "status": 503}]'
expect 0 "$VF" render origin.json --var name=R --allow-path s3://media/ -o s3://out/retry.mp4
check '[ "$(count "e[\"injected\"]")" = 2 ] && [ "$(status out/retry.mp4)" = 200 ]' \
    "two 503 answers are retried and the upload lands"
: > proxy.log
rules '[{"match": "PUT /out/fail.mp4", "times": -1, "status": 500}]'
VIDFORGE_S3_ATTEMPTS=3 expect 4 "$VF" render origin.json --var name=F --allow-path s3://media/ \
    -o s3://out/fail.mp4
contains err.txt "s3://out/fail.mp4: the S3 server kept failing (HTTP 500 InternalError) after 3 attempts"
check '[ "$(count "e[\"injected\"]")" = 3 ] && [ "$(status out/fail.mp4)" = 404 ]' \
    "an always failing server: three attempts, then nothing uploaded"
rules '[{"match": "GET /media/brand-logo.png", "times": -1, "status": 403}]'
expect 3 "$VF" render origin.json --var name=F --allow-path s3://media/ -o s3://out/denied.mp4
check '[ "$(count "e[\"injected\"] and e[\"status\"] == 403")" = 1 ]' "a 403 is not retried"
no_temps tmp

# --- multipart upload stopped by SIGTERM ----------------------------------------------
: > proxy.log
rules '[{"match": "?partNumber=2&", "times": -1, "delay": 3}]'
VIDFORGE_S3_MULTIPART_BYTES=20000 VIDFORGE_S3_PART_BYTES=10000 "$VF" render origin.json \
    --var name=M --allow-path s3://media/ -o s3://out/multi.mp4 >out.txt 2>err.txt &
pid=$!
# the proxy logs a request once answered: part 1 done, part 2 held for 3 s
for _ in $(seq 200); do grep -q 'partNumber=1&' proxy.log && break; sleep 0.05; done
sleep 0.3
kill -TERM "$pid"
wait "$pid"
check '[ $? = 130 ]' "a stopped upload exits 130"
rules '[]'
sleep 3.2 # the delayed part answers
check '[ "$(count "e[\"method\"] == \"DELETE\" and \"uploadId=\" in e[\"query\"]")" = 1 ]' \
    "the unfinished multipart upload is aborted"
check '[ "$(status out/multi.mp4)" = 404 ]' "no object appears"
: > proxy.log
VIDFORGE_S3_MULTIPART_BYTES=20000 VIDFORGE_S3_PART_BYTES=10000 expect 0 "$VF" render origin.json \
    --var name=M --allow-path s3://media/ -o s3://out/multi.mp4
check '[ "$(count "\"partNumber=\" in e[\"query\"]")" -ge 3 ] && [ "$(status out/multi.mp4)" = 200 ]' \
    "a multipart upload completes"
get out/multi.mp4 multi.mp4
check 'ffprobe -v error multi.mp4' "the multipart object is the whole video"

# --- batch: rows, outputs and results on S3, three shards ------------------------------
printf 'id,name\nr0,Ana\nr1,Bo\nr2,Cy\nr3,Di\n' > rows.csv
put rows.csv media/batch/rows.csv
origin row.json s3://media/base-video.mp4 s3://media/brand-logo.png
put row.json media/batch/row.json
for i in 0 1 2; do
    expect 0 "$VF" batch s3://media/batch/row.json --rows s3://media/batch/rows.csv \
        --allow-path s3://media/ -o "s3://out/batch/{{id}}.mp4" --shard "$i/3" \
        --results "s3://out/batch/results-$i.jsonl" --jobs 1
done
for r in r0 r1 r2 r3; do
    check '[ "$(status out/batch/$r.mp4)" = 200 ]' "batch row $r is an object"
done
get out/batch/results-0.jsonl results-0.jsonl
check '[ "$(grep -c "\"status\":\"ok\"" results-0.jsonl)" = 2 ]' "shard 0 rendered rows 0 and 3"
expect 0 "$VF" batch s3://media/batch/row.json --rows s3://media/batch/rows.csv \
    --allow-path s3://media/ -o "s3://out/batch/{{id}}.mp4" --shard 1/3 \
    --results "s3://out/batch/results-1.jsonl"
get out/batch/results-1.jsonl results-1.jsonl
contains results-1.jsonl '"status":"skipped"'
no_temps tmp
check '[ -z "$(ls tmp)" ]' "no private copies are left in TMPDIR"

summary test_s3
