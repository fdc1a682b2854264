# Shared by the S3 test scripts (sourced after lib.sh, with VF and ROOT set):
# a work folder, s3rver (from .deps/, see scripts/install-deps.sh) with the
# buckets "media" and "out" on 127.0.0.1, behind tests/support/s3proxy.py
# (SigV4 checked with botocore, injected faults, one JSON line per request in
# proxy.log), both stopped when the script exits. Then the AWS variables
# point vidforge at the proxy.
S3RVER="$ROOT/.deps/node_modules/.bin/s3rver"
if [ ! -x "$S3RVER" ]; then
    echo "$(basename "$0"): s3rver is missing: run scripts/install-deps.sh" >&2
    exit 1
fi
WORK=$(mktemp -d /tmp/vidforge-s3-XXXXXX)
PIDS=()
s3_cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap s3_cleanup EXIT
cd "$WORK" || exit 1
export XDG_CACHE_HOME="$WORK/cache" TMPDIR="$WORK/tmp"
mkdir -p tmp data home
export HOME="$WORK/home" # no ~/.aws of the user's
FF="ffmpeg -hide_banner -loglevel error -y"

"$S3RVER" -d data -a 127.0.0.1 -p 0 --configure-bucket media --configure-bucket out \
    >s3rver.log 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do grep -q listening s3rver.log && break; sleep 0.1; done
UP=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' s3rver.log)
python3 "$ROOT/tests/support/s3proxy.py" "$UP" proxy.port proxy.log S3RVER >proxy.err 2>&1 &
PIDS+=($!)
for _ in $(seq 150); do [ -s proxy.port ] && break; sleep 0.1; done
PORT=$(cat proxy.port)
if [ -z "$UP" ] || [ -z "$PORT" ]; then
    echo "$(basename "$0"): servers did not start" >&2
    cat s3rver.log proxy.err >&2
    exit 1
fi
export AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" AWS_ACCESS_KEY_ID=S3RVER \
       AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL_S3 AWS_DEFAULT_REGION VIDFORGE_S3_ATTEMPTS \
      VIDFORGE_S3_ADDRESSING AWS_SHARED_CREDENTIALS_FILE AWS_CONFIG_FILE
# requests straight to s3rver, signed by curl (the test's own view of the bucket)
SIGN=(--aws-sigv4 "aws:amz:us-east-1:s3" -u S3RVER:S3RVER -H "x-amz-content-sha256: UNSIGNED-PAYLOAD")
put() { curl -sf "${SIGN[@]}" -T "$1" "http://127.0.0.1:$UP/$2" >/dev/null || fail "put $2"; }
status() { curl -s -o /dev/null -w '%{http_code}' "${SIGN[@]}" -I "http://127.0.0.1:$UP/$1"; }
get() { curl -sf "${SIGN[@]}" -o "$2" "http://127.0.0.1:$UP/$1"; }
rules() { curl -sf -X POST --data-binary "$1" "http://127.0.0.1:$PORT/__control" >/dev/null; }
# count FILTER: requests in proxy.log matching a Python expression on e
count() { python3 -c "import json,sys
print(sum(1 for l in open('proxy.log') for e in [json.loads(l)] if $1))"; }
# fetched PATH: response bytes of GETs of /bucket/key
fetched() { python3 -c "import json
print(sum(e['bytes'] for l in open('proxy.log') for e in [json.loads(l)] if e['method'] == 'GET' and e['path'] == '$1'))"; }
