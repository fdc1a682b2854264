#!/bin/bash
# --notify URL: the report POSTed as JSON when a render ends (success or
# failure), one event per batch row and a summary, signed with
# VIDFORGE_WEBHOOK_SECRET, retried on 5xx, and a receiver that always fails
# never changes the exit code (a warning; the report says so). The receiver
# is tests/support/webhook.py on 127.0.0.1.
# usage: test_notify.sh VIDFORGE
set -u
source "$(dirname "$0")/lib.sh"
VF=$(readlink -f "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/vidforge-notify-XXXXXX)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$WORK" || exit 1
export XDG_CACHE_HOME="$WORK/cache"
SECRET="s3cr3t-for-hooks"
receiver() { # FAIL_FIRST: (re)starts the receiver, a fresh log
    [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
    rm -f port hook.log
    python3 "$ROOT/tests/support/webhook.py" port hook.log "$1" "$SECRET" & PID=$!
    for _ in $(seq 100); do [ -s port ] && break; sleep 0.05; done
    URL="http://127.0.0.1:$(cat port)/hook"
}
field() { # N EXPR: a Python expression on entry e of line N of hook.log
    python3 -c "import json; e=[json.loads(l) for l in open('hook.log')][$1]; print($2)"
}
printf '{"template_version": "1.0", "video": {"width": 160, "height": 120, "fps": 10,
  "duration": 0.5, "background": "#203040"}, "overlays": [{"type": "text",
  "content": "{{name}}", "style": {"size": 20, "color": "#FFFFFF"}}]}\n' > t.json

receiver 0
VIDFORGE_WEBHOOK_SECRET=$SECRET expect 0 "$VF" render t.json --var name=A -o a.mp4 --notify "$URL"
check '[ "$(wc -l < hook.log)" = 1 ]' "one notification per render"
check '[ "$(field 0 "e[\"sig\"]")" = ok ]' "X-Vidforge-Signature is the HMAC-SHA256 of the body"
check '[ "$(field 0 "e[\"type\"]")" = application/json ]' "sent as application/json"
check '[ "$(field 0 "e[\"body\"][\"event\"], e[\"body\"][\"exit_code\"], e[\"body\"][\"output\"]")" = "render 0 a.mp4" ]' \
    "the body is the render's report"
expect 4 "$VF" render t.json --var name=A -o a.mp4 --notify "$URL"
check '[ "$(field 1 "e[\"sig\"], e[\"body\"][\"exit_code\"]")" = "none 4" ]' \
    "a failed render is notified too, unsigned without a secret"
check '[ "$(field 1 "\"already exists\" in e[\"body\"][\"error\"]")" = True ]' "with its error"

receiver 2
expect 0 "$VF" render t.json --var name=B -o b.mp4 --notify "$URL"
check '[ "$(wc -l < hook.log)" = 3 ] && [ "$(field 2 "e[\"status\"]")" = 200 ]' \
    "two 500 answers are retried"
empty err.txt

receiver -1
expect 0 "$VF" render t.json --var name=C -o c.mp4 --notify "$URL" --report c.json
contains err.txt "warning: notification to $URL failed after 4 attempts: HTTP 500"
check '[ "$(wc -l < hook.log)" = 4 ]' "retries are bounded"
check '[ -s c.mp4 ]' "the video is kept"
check 'python3 -c "import json,sys; n=json.load(open(\"c.json\"))[\"notify\"]; sys.exit(n[\"delivered\"] or \"HTTP 500\" not in n[\"error\"])"' \
    "the report says the notification failed"
expect 0 "$VF" render t.json --var name=D -o d.mp4 --notify "http://127.0.0.1:1/none"
contains err.txt "warning: notification to http://127.0.0.1:1/none failed"

receiver 0
printf 'id,name\nx,Ann\ny,Bob\n' > rows.csv
VIDFORGE_WEBHOOK_SECRET=$SECRET expect 0 "$VF" batch t.json --rows rows.csv -o "out/{{id}}.mp4" \
    --notify "$URL" --jobs 1
check '[ "$(wc -l < hook.log)" = 3 ]' "batch: a notification per row and a summary"
check '[ "$(field 0 "e[\"body\"][\"event\"], e[\"body\"][\"status\"], e[\"sig\"]")" = "row ok ok" ]' \
    "a row event, signed"
check '[ "$(field 2 "e[\"body\"][\"event\"], e[\"body\"][\"ok\"], e[\"body\"][\"exit_code\"]")" = "done 2 0" ]' \
    "the summary event"

summary test_notify
