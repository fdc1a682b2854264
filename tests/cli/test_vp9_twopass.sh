#!/bin/bash
# VP9 two-pass (encoding.two_pass, docs/formats.md): a 2 s 320x240 WebM
# rendered in two passes is VP9 with every planned frame, the report says
# two passes ran (and, for a .mkv, why segments were not reused), its video
# bitrate is within 20 % of encoding.bitrate, a frame matches `vidforge
# preview` at the same time (PSNR Y >= 35 dB); two_pass with an encoder
# other than libvpx-vp9 is exit 2 with the pointer, no file.
# usage: test_vp9_twopass.sh VIDFORGE REPO_ROOT
set -u
VF=$(readlink -f "$1")
ROOT=$(readlink -f "$2")
WORK=$(mktemp -d /tmp/vidforge-vp9twopass-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
. "$ROOT/tests/cli/lib.sh"
FF="ffmpeg -nostdin -hide_banner -loglevel error -y"

$FF -f lavfi -i testsrc2=s=320x240:r=24:d=2 -c:v libx264 -preset ultrafast -qp 0 in.mkv
TARGET=400000
tpl() { # NAME ENCODING_JSON
    printf '{"template_version": "1.0", "video": {"input": "in.mkv"}, "encoding": %s}\n' "$2" > "$1.json"
}
frames() { ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$1"; }
codec() { ffprobe -v error -select_streams v:0 -show_entries stream=codec_name -of csv=p=0 "$1"; }
# video bits per second: the packets' bytes over the 2 s
rate() { ffprobe -v error -select_streams v:0 -show_entries packet=size -of csv=p=0 "$1" |
    awk '{ s += $1 } END { printf "%d", s * 8 / 2 }'; }
within() { # VALUE TARGET PERCENT WHAT
    if awk -v v="$1" -v t="$2" -v p="$3" 'BEGIN { d = v - t; if (d < 0) d = -d; exit !(d <= t * p / 100) }'
    then ok; else fail "$4: $1 bit/s, target $2 +-$3 %"; fi
}
at_least() { # VALUE MIN WHAT
    if awk -v v="$1" -v m="$2" 'BEGIN { exit !(v == "inf" || v + 0 >= m) }'; then ok; else
        fail "$3: $1 < $2"; fi
}

tpl two "{\"bitrate\": $TARGET, \"two_pass\": true}"
tpl one "{\"bitrate\": $TARGET}"
expect 0 "$VF" render two.json -o two.webm --report two-report.json
expect 0 "$VF" render one.json -o one.webm --report one-report.json
check "[ \"\$(codec two.webm)\" = vp9 ]" "two.webm: codec $(codec two.webm), planned vp9"
check "[ \"\$(frames two.webm)\" = 48 ]" "two.webm: $(frames two.webm) frames, planned 48"
passes() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["encoder"]["passes"])' "$1"; }
check "[ \"\$(passes two-report.json)\" = 2 ]" "two-report.json: passes $(passes two-report.json), not 2"
check "[ \"\$(passes one-report.json)\" = 1 ]" "one-report.json: passes $(passes one-report.json), not 1"
two_rate=$(rate two.webm); one_rate=$(rate one.webm)
echo "target $TARGET bit/s: two-pass $two_rate, one-pass $one_rate"
within "$two_rate" $TARGET 20 "two.webm video bitrate"

# segment reuse falls back to the whole render, saying why (a .mkv, which
# segments could otherwise serve)
tpl mkv "{\"codec\": \"vp9\", \"bitrate\": $TARGET, \"two_pass\": true}"
expect 0 "$VF" render mkv.json -o two.mkv --report mkv-report.json
contains mkv-report.json "two-pass encoding runs the whole render twice"
check "[ \"\$(frames two.mkv)\" = 48 ]" "two.mkv: $(frames two.mkv) frames, planned 48"

# the frame shown at 1.0 s against preview
expect 0 "$VF" preview two.json --at 1.0 -o golden.png
y=$(ffmpeg -nostdin -hide_banner -i two.webm -i golden.png -lavfi "[0:v]select=eq(n\,24),format=yuv444p[a];[1:v]scale=out_color_matrix=bt709:out_range=tv,format=yuv444p[b];[a][b]psnr" \
    -f null - 2>&1 | sed -n 's/.*PSNR y:\([0-9.inf]*\).*/\1/p')
echo "two.webm frame 24 against preview: PSNR Y $y dB"
at_least "$y" 35 "two.webm frame 24 against preview, PSNR Y"

# two-pass is libvpx-vp9's only
tpl x264 '{"codec": "libx264", "two_pass": true}'
expect 2 "$VF" render x264.json -o x264.mp4
contains err.txt "/encoding/two_pass"
absent x264.mp4
no_temps
summary test_vp9_twopass
