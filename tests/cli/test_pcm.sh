#!/bin/bash
# PCM audio for editors (docs/formats.md): encoding.audio_codec pcm_s16le and
# pcm_s24le in .mov and .mkv, the samples' format and bits as ffprobe reads
# them, the samples equal to the input's; refused with
# exit 2 and nothing left where the container cannot carry PCM.
# usage: test_pcm.sh VIDFORGE REPO_ROOT
set -u
VF=$(readlink -f "$1")
ROOT=$(readlink -f "$2")
WORK=$(mktemp -d /tmp/vidforge-pcm-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
. "$ROOT/tests/cli/lib.sh"
FF="ffmpeg -nostdin -hide_banner -loglevel error -y"

# lossless input sound, so the PCM output can be compared sample for sample
$FF -f lavfi -i testsrc2=s=160x90:r=24:d=2 -f lavfi -i "sine=f=440:d=2:sample_rate=48000,pan=stereo|c0=c0|c1=c0" \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a pcm_s16le -shortest in.mkv
tpl() { # NAME AUDIO_CODEC
    printf '{"template_version": "1.0", "video": {"input": "in.mkv"},
             "encoding": {"audio_codec": "%s", "preset": "ultrafast"}}\n' "$2" > "$1.json"
}
astream() { ffprobe -v error -select_streams a:0 -show_entries stream=codec_name,sample_fmt,bits_per_raw_sample,sample_rate -of compact=p=0 "$1"; }
# the largest difference between two files' samples (16-bit stereo 48 kHz), or
# "length A B" when their lengths differ
maxdiff() {
    python3 - "$1" "$2" <<'PY'
import array, subprocess, sys
def pcm(f):
    b = subprocess.run(["ffmpeg", "-v", "error", "-i", f, "-f", "s16le", "-ac", "2", "-ar", "48000", "-"],
                       capture_output=True).stdout
    return array.array("h", b)
a, b = pcm(sys.argv[1]), pcm(sys.argv[2])
print(max(abs(x - y) for x, y in zip(a, b)) if len(a) == len(b) and a else f"length {len(a)} {len(b)}")
PY
}

while read -r codec ext want; do
    tpl "$codec" "$codec"
    expect 0 "$VF" render "$codec.json" -o "$codec.$ext"
    got=$(astream "$codec.$ext")
    check "[ \"$got\" = \"$want\" ]" "$codec.$ext: audio $got, planned $want"
    d=$(maxdiff "$codec.$ext" in.mkv)
    check "[ \"$d\" = 0 ]" "$codec.$ext: samples differ from the input's by up to $d"
done <<'EOF2'
pcm_s16le mov codec_name=pcm_s16le|sample_fmt=s16|sample_rate=48000|bits_per_raw_sample=N/A
pcm_s24le mov codec_name=pcm_s24le|sample_fmt=s32|sample_rate=48000|bits_per_raw_sample=24
pcm_s16le mkv codec_name=pcm_s16le|sample_fmt=s16|sample_rate=48000|bits_per_raw_sample=N/A
EOF2

# containers that cannot carry PCM: exit 2 with the pointer, nothing written
for ext in mp4 webm; do
    expect 2 "$VF" render pcm_s24le.json -o "bad.$ext"
    contains err.txt "/encoding/audio_codec: a .$ext file cannot carry pcm_s24le audio"
    absent "bad.$ext"
done
no_temps
summary test_pcm
