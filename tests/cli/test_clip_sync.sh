#!/bin/bash
# Audio of clip sequences stays in sync (issue 15: "a beep on a flash,
# measured as the existing sync test does", golden/test_inputs.c av_sync):
# sources made here have one white frame and a 1 kHz beep starting at the
# same instant; after a sequence with a fade and a wipe between trimmed clips,
# and through a video layer at speed 2, every flash is on its planned frame
# and every beep starts within 0.02 s of its flash (less than one frame at
# 25 fps; the onset is found to the millisecond on the decoded sound, finer
# than av_sync's silencedetect). The beep through speed 2 keeps its pitch.
# usage: test_clip_sync.sh VIDFORGE
VF=$(readlink -f "${1:?usage: test_clip_sync.sh path/to/vidforge}")
. "$(dirname "$0")/lib.sh"
cd "$(mktemp -d)" || exit 1
trap 'rm -rf "$PWD"' EXIT
FF="ffmpeg -hide_banner -loglevel error -y"

# source NAME AT BEEP_SECONDS: 3 s at 25 fps, grey, white at frame AT*25 only,
# a 1 kHz beep from AT for BEEP_SECONDS, silence elsewhere (aevalsrc: to the
# sample; volume's enable= would start it at the next 1024-sample frame)
source() {
    local n
    n=$(python3 -c "print(round($2 * 25))")
    $FF -f lavfi -i "color=c=0x404040:s=160x90:r=25:d=3,drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable=eq(n\\,$n)" \
        -f lavfi -i "aevalsrc=0.5*sin(2*PI*1000*t)*between(t\\,$2\\,$2+$3):s=48000:d=3" \
        -c:v libx264 -preset ultrafast -bf 3 -pix_fmt yuv420p -c:a aac -shortest "$1.mp4"
}
source a 1.0 0.15
source b 2.0 0.15  # trimmed from 0.48 s: 12 frames
source c 1.2 0.15
source d 2.0 0.3

# flashes FILE: the times (s) of the frames that are mostly white, one a line
flashes() {
    $FF -i "$1" -vf scale=16:9,format=gray -f rawvideo - |
        python3 -c "
import sys
d = sys.stdin.buffer.read()
for n in range(len(d) // 144):
    if sum(d[n * 144:(n + 1) * 144]) / 144 > 200: print('%.3f' % (n / 25))"
}
# beeps FILE: the times (s) where a beep starts, one a line: the first
# millisecond whose RMS passes a third of the loudest after at least 0.2 s
# below a twentieth of it (to the millisecond, where silencedetect is only
# as fine as its 1024-sample frames)
beeps() {
    ffmpeg -hide_banner -loglevel error -i "$1" -vn -ac 1 -ar 48000 -f f32le - | python3 -c "
import array, math, sys
s = array.array('f', sys.stdin.buffer.read())
rms = [math.sqrt(sum(v * v for v in s[i:i + 48]) / 48) for i in range(0, len(s) - 47, 48)]
top, quiet = max(rms), 0
for ms, r in enumerate(rms):
    if r > top / 3 and quiet >= 200: print('%.4f' % (ms / 1000))
    quiet = quiet + 1 if r < top / 20 else 0"
}
$FF -f lavfi -i "aevalsrc=0.5*sin(2*PI*1000*t)*gte(t\\,1.01):s=48000:d=3" beep.wav
bias=$(python3 -c "print($(beeps beep.wav | head -1) - 1.01)")
check "python3 -c 'import sys; sys.exit(not 0 <= $bias < 0.002)'" "detector latency $bias s"

# in_sync NAME FILE EXPECTED_FLASHES...: the flashes are exactly there, each
# with a beep within 0.02 s, and no other beep
in_sync() {
    local name=$1 file=$2; shift 2
    local f b
    f=$(flashes "$file" | tr '\n' ' ')
    b=$(beeps "$file" | tr '\n' ' ')
    echo "$name: flashes at $f; beeps at $b"
    check "python3 - '$f' '$b' '$*' $bias <<'PY'
import sys
flash = [float(x) for x in sys.argv[1].split()]
beep = [float(x) - float(sys.argv[4]) for x in sys.argv[2].split()]
want = [float(x) for x in sys.argv[3].split()]
ok = len(flash) == len(want) and all(abs(a - b) < 0.001 for a, b in zip(flash, want))
ok = ok and len(beep) == len(flash) and all(abs(a - v) <= 0.02 for a, v in zip(beep, flash))
sys.exit(not ok)
PY" "$name: flashes at $f(want $*), beeps at $b(less ${bias} s detector latency)"
}

# A fade and a wipe between trimmed clips (whole frames at 25 fps): a from
# 0.4 s (2.6 s, flash at 0.6), b from 0.48 to 2.88 s starting at 2.6 - 0.4 =
# 2.2 (flash at 2.2 + 1.52 = 3.72), c whole from 2.2 + 2.4 - 0.4 = 4.2 (flash at
# 4.2 + 1.2 = 5.4): 7.2 s.
cat >seq.json <<'JSON'
{"template_version": "1.0",
 "video": {"width": 160, "height": 90, "fps": 25, "clips": [
   {"input": "a.mp4", "trim": {"start": 0.4}, "transition": {"type": "fade", "duration": 0.4}},
   {"input": "b.mp4", "trim": {"start": 0.48, "end": 2.88}, "transition": {"type": "wipeleft", "duration": 0.4}},
   {"input": "c.mp4"}]},
 "encoding": {"preset": "ultrafast"}}
JSON
expect 0 "$VF" render seq.json -o seq.mp4
frames=$(ffprobe -v error -count_frames -show_entries stream=nb_read_frames -select_streams v -of csv=p=0 seq.mp4)
check "[ '$frames' = 180 ]" "2.6 + 2.4 + 3 - 0.8 s = 180 frames, got $frames"
in_sync sequence seq.mp4 0.600 3.720 5.400

# The same clips in another order with other transitions: the sync does not
# depend on where a clip lands (b whole, then a from 0.2 s after a 0.6 s dissolve).
cat >seq2.json <<'JSON'
{"template_version": "1.0",
 "video": {"width": 160, "height": 90, "fps": 25, "clips": [
   {"input": "b.mp4", "transition": {"type": "dissolve", "duration": 0.6}},
   {"input": "a.mp4", "trim": {"start": 0.2}}]},
 "encoding": {"preset": "ultrafast"}}
JSON
expect 0 "$VF" render seq2.json -o seq2.mp4
in_sync sequence-dissolve seq2.mp4 2.000 3.200

# A video layer at speed 2 from trim 0.4 s, on screen from 0.52 s: source
# 2.0 s shows at 0.52 + (2.0 - 0.4) / 2 = 1.32 s (frame 33), its beep with it.
cat >pip.json <<'JSON'
{"template_version": "1.0",
 "video": {"width": 160, "height": 90, "fps": 25, "duration": 2.4, "background": "#404040"},
 "overlays": [{"type": "video", "source": "d.mp4", "trim": {"start": 0.4}, "speed": 2,
               "audio": {"volume": 0}, "timeline": {"start": 0.52}}],
 "encoding": {"preset": "ultrafast"}}
JSON
expect 0 "$VF" render pip.json -o pip.mp4
in_sync speed-2 pip.mp4 1.320
# pitch kept: the 0.15 s beep is still 1 kHz (the strongest of 500 Hz to 4 kHz)
$FF -ss 1.34 -t 0.1 -i pip.mp4 -ac 1 -ar 44100 -f s16le beep.raw
peak=$(python3 - <<'PY'
import array, math
s = array.array('h', open('beep.raw', 'rb').read())
def power(f):
    c = sum(v * math.cos(2 * math.pi * f * i / 44100) for i, v in enumerate(s))
    d = sum(v * math.sin(2 * math.pi * f * i / 44100) for i, v in enumerate(s))
    return c * c + d * d
print(max(range(500, 4001, 100), key=power))
PY
)
check "[ '$peak' -ge 900 ] && [ '$peak' -le 1100 ]" "speed 2 changed the pitch: the beep peaks at $peak Hz"

summary cli_clip_sync
