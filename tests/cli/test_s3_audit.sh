#!/bin/bash
# The parts of issue 19's S3 contract test_s3.sh leaves unchecked, against
# s3rver behind the SigV4-checking proxy (s3lib.sh): multipart parts retried
# one by one, a multipart upload aborted when a part keeps failing,
# If-None-Match on writes without -y, the credentials chain
# (AWS_SESSION_TOKEN, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL_S3 over
# AWS_ENDPOINT_URL, AWS_SHARED_CREDENTIALS_FILE), path-style addressing and
# anonymous access.
# usage: test_s3_audit.sh VIDFORGE
set -u
source "$(dirname "$0")/lib.sh"
VF=$(readlink -f "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/cli/s3lib.sh"

$FF -f lavfi -i "color=red@0.8:size=40x30,format=rgba" -frames:v 1 logo.png
put logo.png media/logo.png
# noise: the output is some 100 KB, ten parts of 10 KB
$FF -f lavfi -i "testsrc2=size=320x240:rate=25,noise=alls=40:allf=t" -t 1 -c:v libx264 \
    -preset ultrafast -b:v 2M noise.mp4
printf '{"template_version": "1.0", "video": {"input": "noise.mp4", "duration": 1},
 "overlays": [{"type": "image", "source": "s3://media/logo.png"}]}\n' > t.json
A=(--allow-path s3://media/)
MULTI=(env VIDFORGE_S3_MULTIPART_BYTES=20000 VIDFORGE_S3_PART_BYTES=10000)
q() { count "$1"; } # shorter

# --- multipart: one part failing twice is retried alone -------------------------------
: > proxy.log
rules '[{"match": "?partNumber=2&", "times": 2, "status": 500}]'
expect 0 "${MULTI[@]}" "$VF" render t.json "${A[@]}" -o s3://out/multi.mp4
check '[ "$(q "e[\"method\"] == \"PUT\" and e[\"query\"].startswith(\"partNumber=2&\")")" = 3 ]' \
    "the failing part is sent three times"
check '[ "$(q "e[\"method\"] == \"PUT\" and e[\"query\"].startswith(\"partNumber=1&\")")" = 1 ]' \
    "the other parts are sent once"
check '[ "$(status out/multi.mp4)" = 200 ]' "the multipart object is complete"
get out/multi.mp4 multi.mp4
check '[ "$(ffprobe -v error -show_entries format=duration -of csv=p=0 multi.mp4)" = 1.000000 ]' \
    "the object is the whole video"
# --- multipart: a part that keeps failing aborts the upload ---------------------------
: > proxy.log
rules '[{"match": "?partNumber=2&", "times": -1, "status": 500}]'
VIDFORGE_S3_ATTEMPTS=2 expect 4 "${MULTI[@]}" "$VF" render t.json "${A[@]}" -o s3://out/broken.mp4
rules '[]'
contains err.txt "s3://out/broken.mp4"
check '[ "$(q "e[\"method\"] == \"DELETE\" and \"uploadId=\" in e[\"query\"]")" = 1 ]' \
    "a failed multipart upload is aborted"
check '[ "$(q "e[\"method\"] == \"POST\" and \"uploadId=\" in e[\"query\"]")" = 0 ]' \
    "and never completed"
check '[ "$(status out/broken.mp4)" = 404 ]' "no object appears"
no_temps tmp

# --- If-None-Match: * on writes without -y, none with -y -------------------------------
: > proxy.log
expect 0 "$VF" render t.json "${A[@]}" -o s3://out/inm.mp4
check '[ "$(q "e[\"method\"] == \"PUT\" and e[\"path\"] == \"/out/inm.mp4\" and e[\"if_none_match\"] == \"*\"")" = 1 ]' \
    "a write without -y carries If-None-Match: *"
: > proxy.log
expect 0 "$VF" render t.json "${A[@]}" -o s3://out/inm.mp4 -y
check '[ "$(q "e[\"method\"] == \"PUT\" and e[\"path\"] == \"/out/inm.mp4\" and e[\"if_none_match\"] == \"\"")" = 1 ]' \
    "a write with -y does not"
# a store that honours it (the proxy answers 412 as S3 does when another writer won)
rules '[{"match": "PUT /out/race.mp4", "times": 1, "status": 412, "body": "<Error><Code>PreconditionFailed</Code></Error>"}]'
expect 4 "$VF" render t.json "${A[@]}" -o s3://out/race.mp4
rules '[]'
contains err.txt "s3://out/race.mp4 already exists"

# --- credentials chain ---------------------------------------------------------------
: > proxy.log
AWS_SESSION_TOKEN=tok3n expect 0 "$VF" preview t.json "${A[@]}" --at 0 -o a.png
check '[ "$(q "e[\"token\"] != \"tok3n\"")" = 0 ] && [ "$(q "e[\"sig\"] != \"ok\"")" = 0 ]' \
    "AWS_SESSION_TOKEN is sent as x-amz-security-token, inside the signature"
check '! grep -q tok3n err.txt' "the token is never printed"
: > proxy.log
( unset AWS_REGION; AWS_DEFAULT_REGION=eu-central-1 "$VF" preview t.json "${A[@]}" --at 0 -o b.png -y )
check '[ "$(q "e[\"scope\"] != \"eu-central-1/s3\"")" = 0 ] && [ "$(q "True")" -ge 1 ]' \
    "AWS_DEFAULT_REGION signs for that region"
: > proxy.log
AWS_REGION=ap-south-1 AWS_DEFAULT_REGION=eu-central-1 expect 0 "$VF" preview t.json "${A[@]}" \
    --at 0 -o c.png -y
check '[ "$(q "e[\"scope\"] != \"ap-south-1/s3\"")" = 0 ]' "AWS_REGION wins over AWS_DEFAULT_REGION"
: > proxy.log
AWS_ENDPOINT_URL=http://127.0.0.1:9 AWS_ENDPOINT_URL_S3="http://127.0.0.1:$PORT" \
    expect 0 "$VF" preview t.json "${A[@]}" --at 0 -o d.png -y
check '[ "$(q "True")" -ge 1 ]' "AWS_ENDPOINT_URL_S3 wins over AWS_ENDPOINT_URL"
mkdir -p creds
printf '[default]\naws_access_key_id = S3RVER\naws_secret_access_key = S3RVER\naws_session_token = fil3tok\n' \
    > creds/credentials
: > proxy.log
( unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
  AWS_SHARED_CREDENTIALS_FILE="$WORK/creds/credentials" "$VF" preview t.json "${A[@]}" --at 0 -o e.png -y )
check '[ -s e.png ] && [ "$(q "e[\"token\"] != \"fil3tok\" or e[\"sig\"] != \"ok\"")" = 0 ]' \
    "keys and session token from AWS_SHARED_CREDENTIALS_FILE"
# --- addressing: path-style with a custom endpoint -------------------------------------
check '[ "$(q "e[\"host\"] != \"127.0.0.1:$PORT\" or not e[\"path\"].startswith(\"/media/\")")" = 0 ]' \
    "path-style: http://endpoint/bucket/key"
# --- anonymous: no credentials anywhere, unsigned requests -----------------------------
: > proxy.log
( unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY; "$VF" preview t.json "${A[@]}" --at 0 -o f.png -y )
check '[ -s f.png ] && [ "$(q "e[\"sig\"] != \"none\"")" = 0 ] && [ "$(q "True")" -ge 1 ]' \
    "without credentials the requests are anonymous (unsigned)"

summary test_s3_audit
