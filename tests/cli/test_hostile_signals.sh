#!/bin/bash
# Never hang, never ignore a signal, never lie about an input: a server that
# trickles one byte every 5 s, signals at any moment (render and batch), a
# closed progress pipe, SIGHUP, a truncated MP4, frame rates out of range and
# tcp:// inputs. Each case checks the exit code, the message, and that no
# output or temporary file is left. The time each hostile input took to be
# refused is printed.
# usage: test_hostile_signals.sh VIDFORGE
set -u
source "$(dirname "$0")/lib.sh"
VF=$(readlink -f "$1")
WORK=$(mktemp -d /tmp/vidforge-signals-XXXXXX)
SERVERS=()
cleanup() {
    for p in "${SERVERS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK" || exit 1
export XDG_CACHE_HOME="$WORK/cache"
FF="ffmpeg -hide_banner -loglevel error -y"

# --- helpers ------------------------------------------------------------------
tpl() { # NAME VIDEO_JSON [OVERLAYS_JSON]: writes NAME.json
    printf '{"template_version": "1.0", "video": %s, "overlays": [%s]}\n' "$2" "${3:-}" > "$1.json"
}
now() { echo "${EPOCHREALTIME/./}"; } # microseconds
ms_since() { echo $(( ($(now) - $1) / 1000 )); }
clean() { # [DIR]: no out.mp4 here, no video in DIR, no temporary file in either
    [ ! -e out.mp4 ] && ! ls -a . "${1:-.}" 2>/dev/null | grep -q vidforge-tmp &&
        { [ "${1:-.}" = . ] || ! ls "$1" 2>/dev/null | grep -q '\.mp4$'; }
}
# refused NAME CODE MESSAGE MAX_MS COMMAND...: exit code, message, nothing left,
# and refused within MAX_MS milliseconds
refused() {
    local name=$1 code=$2 msg=$3 max=$4; shift 4
    rm -f out.mp4
    local t0; t0=$(now)
    "$@" >out.txt 2>err.txt
    local got=$? took; took=$(ms_since "$t0")
    echo "  $name: exit $got after $took ms"
    if [ $got -ne "$code" ]; then fail "[$name] exit $got, expected $code: $(head -c 300 err.txt)"
    elif ! grep -qF -- "$msg" err.txt; then fail "[$name] stderr lacks \"$msg\": $(head -c 300 err.txt)"
    elif ! clean .; then fail "[$name] an output was left behind"
    elif [ "$took" -gt "$max" ]; then fail "[$name] took $took ms, more than $max"
    else ok; fi
}
# waits up to $2 seconds for process $1 to end; kills it (and fails) after that
reap() {
    local i
    for i in $(seq $(($2 * 20))); do kill -0 "$1" 2>/dev/null || break; sleep 0.05; done
    if kill -0 "$1" 2>/dev/null; then
        kill -KILL "$1" 2>/dev/null; wait "$1" 2>/dev/null; return 255
    fi
    wait "$1"
}
mkfifo never
pause() { read -t "$1" <>never; } # sleeps $1 seconds without a fork
# started PID: waits (up to 10 s) until PID is vidforge and catches SIGTERM:
# past the shell's fork and exec and the dynamic loader, at the first line of
# main. A signal before that reaches no code of vidforge's (the default action
# ends the process with 143, leaving nothing); from there on, while the engine
# module loads and everything after, it must give 130. Built-ins only: a fork
# takes tens of ms on a loaded machine.
catches_term() {
    local k v
    [ /proc/$1/exe -ef "$VF" ] || return 1
    while read -r k v; do
        [ "$k" = SigCgt: ] && return $(( (16#$v & 0x4000) == 0 ))
    done < /proc/$1/status
    return 1
}
started() {
    local t0; t0=$(now)
    until catches_term $1 2>/dev/null; do
        [ $(( $(now) - t0 )) -lt 10000000 ] || return 1
    done
}
# signalled NAME SIGNAL DELAY DIR COMMAND...: starts COMMAND, sends SIGNAL
# DELAY seconds after it started; wants 130 within 10 s and nothing left in DIR
signalled() {
    local name=$1 sig=$2 delay=$3 dir=$4; shift 4
    rm -rf out.mp4 outdir
    "$@" >out.txt 2>err.txt &
    local pid=$!
    started $pid
    pause "$delay"
    kill "-$sig" $pid
    local t0; t0=$(now)
    reap $pid 10
    local got=$? took; took=$(ms_since "$t0")
    if [ $got -ne 130 ]; then fail "[$name] exit $got, expected 130: $(head -c 300 err.txt)"
    elif ! clean "$dir"; then fail "[$name] an output was left in $dir: $(ls -a "$dir")"
    else ok; fi
    [ $got -eq 130 ] && echo "  $name: exit 130 $took ms after the signal"
}
# server MODE [FILE]: starts a test server on 127.0.0.1, sets PORT
server() {
    rm -f port.txt
    python3 "$WORK/server.py" "$@" > port.txt &
    SERVERS+=($!)
    for _ in $(seq 200); do [ -s port.txt ] && break; sleep 0.05; done
    PORT=$(cat port.txt)
}
cat > server.py <<'EOF'
# slow: answers every HTTP request one byte every 5 s (headers included), so
#       no single read ever waits long enough for a read timeout;
# stall FILE: serves FILE over HTTP, its first 60 % at once, then a byte every 5 s;
# raw FILE: sends FILE over plain TCP to whoever connects, then closes.
import socket, sys, threading, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(16)
print(s.getsockname()[1], flush=True)
def slow(c):
    c.recv(4096)
    reply = b"HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 1000000\r\n\r\n"
    for b in reply + bytes(1000000):
        c.sendall(bytes([b]))
        time.sleep(5)
def stall(c):
    c.recv(4096)
    with open(sys.argv[2], "rb") as f:
        data = f.read()
    cut = len(data) * 6 // 10
    c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: %d\r\n\r\n"
              % len(data) + data[:cut])
    for b in data[cut:]:
        c.sendall(bytes([b]))
        time.sleep(5)
def raw(c):
    with open(sys.argv[2], "rb") as f:
        c.sendall(f.read())
def serve(c):
    try:
        {"slow": slow, "stall": stall, "raw": raw}[sys.argv[1]](c)
    except OSError:
        pass
    c.close()
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
EOF

# --- fixtures -----------------------------------------------------------------
# moov first, so a cut file still has its index and states 4 s
$FF -f lavfi -i testsrc2=s=320x180:r=25:d=4 -f lavfi -i sine=d=4 -c:v libx264 -preset ultrafast \
    -c:a aac -movflags +faststart clip4.mp4
head -c $(( $(stat -c %s clip4.mp4) * 60 / 100 )) clip4.mp4 > cut60.mp4
TEXT='{"type": "text", "content": "signals"}'
tpl long '{"duration": 4, "width": 640, "height": 360}' "$TEXT"
tpl longer '{"duration": 12, "width": 640, "height": 360}' "$TEXT"
# a still picture encodes in a fifth of a second now: "mid-render" needs
# moving pictures (about 3 CPU-seconds), encoded afresh (no segment reuse)
tpl moving '{"input": "clip4.mp4", "width": 1280, "height": 720}' "$TEXT"
printf 'id,name\na,Ann\nb,Bob\nc,Cy\n' > rows.csv
tpl row '{"duration": 2, "width": 640, "height": 360}' '{"type": "text", "content": "{{name}}"}'

# --- 5. a server that sends one byte every 5 s ----------------------------------
server slow
URL="http://127.0.0.1:$PORT/clip.mp4"
tpl slow "{\"input\": \"$URL\", \"duration\": 1}"
refused "slow server, --limit network_seconds=3" 3 "network input $URL took more than 3 s" 10000 \
    timeout -k 2 30 "$VF" render slow.json -o out.mp4 --limit network_seconds=3
refused "--limit network_seconds range" 2 "--limit network_seconds needs a number" 10000 \
    "$VF" render slow.json -o out.mp4 --limit network_seconds=0
signalled "SIGTERM while a slow server stalls the probe" TERM 2 . "$VF" render slow.json -o out.mp4
signalled "SIGINT while a slow server stalls the probe" INT 2 . "$VF" render slow.json -o out.mp4
signalled "SIGTERM while a slow server stalls vidforge probe" TERM 2 . "$VF" probe "$URL"

server stall clip4.mp4
URL2="http://127.0.0.1:$PORT/clip4.mp4"
tpl stall "{\"input\": \"$URL2\"}"
refused "server stalls mid-file, --limit network_seconds=3" 3 \
    "network input $URL2 took more than 3 s" 12000 \
    timeout -k 2 30 "$VF" render stall.json -o out.mp4 --limit network_seconds=3

# --- 6. a signal at any moment: 130 and no output --------------------------------
for delay in 0.005 0.01 0.02 0.04; do
    for try in 1 2 3 4 5; do
        signalled "SIGTERM ${delay}s into render ($try)" TERM $delay . "$VF" render long.json -o out.mp4
        signalled "SIGTERM ${delay}s into batch ($try)" TERM $delay outdir \
            "$VF" batch row.json --rows rows.csv -o 'outdir/{{id}}.mp4' --jobs 1
    done
done
signalled "SIGTERM mid-render" TERM 0.5 . "$VF" render moving.json -o out.mp4 --no-reuse

# --- 8. SIGHUP, a closed progress pipe -------------------------------------------
signalled "SIGHUP into render" HUP 0.02 . "$VF" render long.json -o out.mp4
signalled "SIGHUP mid-render" HUP 0.5 . "$VF" render moving.json -o out.mp4 --no-reuse
rm -f out.mp4
"$VF" render longer.json -o out.mp4 --progress json 2>err.txt | head -1 > head.txt
codes=("${PIPESTATUS[@]}")
check '[ "${codes[0]}" -eq 130 ] && grep -q "\"event\":\"progress\"" head.txt && clean .' \
    "[--progress json | head -1] exit ${codes[0]}, expected 130 and no output: $(ls -a) $(cat err.txt)"

# --- 9. truncated input vs an input short by design --------------------------------
tpl cut '{"input": "cut60.mp4"}'
refused "MP4 cut at 60 %" 3 "cut60.mp4 is corrupt at 2." 30000 "$VF" render cut.json -o out.mp4
tpl cutlong '{"input": "cut60.mp4", "duration": 6}'
refused "MP4 cut at 60 %, longer duration" 3 "cut60.mp4" 30000 "$VF" render cutlong.json -o out.mp4
tpl short '{"input": "clip4.mp4", "duration": 6}'
rm -f out.mp4
expect 0 "$VF" render short.json -o out.mp4
d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 out.mp4 2>/dev/null)
check 'awk -v d="${d:-0}" "BEGIN { exit !(d > 5.9 && d < 6.1) }"' "[short by design] lasts ${d:-?} s, want 6 (frozen)"
rm -f out.mp4

# --- 11. frame rates, and the duration limit ----------------------------------------
tpl fps0 '{"duration": 3, "fps": 0.001}'
refused "fps 0.001" 2 "/video/fps: must be a number in [1, 240], got 0.001" 10000 \
    "$VF" render fps0.json -o out.mp4 --limit duration=5
tpl fps241 '{"duration": 1, "fps": 241}'
refused "fps 241" 2 "/video/fps: must be a number in [1, 240], got 241" 10000 "$VF" render fps241.json -o out.mp4
tpl fpsin '{"input": "clip4.mp4", "fps": 0.5}'
refused "fps 0.5 with an input" 2 "/video/fps: must be a number in [1, 240], got 0.5" 10000 \
    "$VF" render fpsin.json -o out.mp4
tpl onefps '{"duration": 0.3, "fps": 1}'
refused "one frame at 1 fps outlasts --limit duration" 2 "over the 0.5 s limit" 10000 \
    "$VF" render onefps.json -o out.mp4 --limit duration=0.5

# --- 12. only file, http and https open -------------------------------------------------
server raw clip4.mp4
tpl tcp "{\"input\": \"tcp://127.0.0.1:$PORT\", \"duration\": 1}"
refused "tcp:// input" 3 "tcp://127.0.0.1:$PORT" 10000 timeout -k 2 30 "$VF" render tcp.json -o out.mp4
refused "tcp:// probe" 3 "tcp://127.0.0.1:$PORT" 10000 timeout -k 2 30 "$VF" probe "tcp://127.0.0.1:$PORT"

summary hostile_signals
