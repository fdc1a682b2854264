#!/bin/bash
# Output formats (docs/formats.md): each format's file as ffprobe sees it,
# a frame of it against `vidforge preview` at the same time, transparent
# renders' alpha against the layer's, GIF's caps and loop, and the
# combinations a format cannot carry (exit 2, nothing left behind).
# usage: test_formats.sh VIDFORGE REPO_ROOT
set -u
VF=$(readlink -f "$1")
ROOT=$(readlink -f "$2")
WORK=$(mktemp -d /tmp/vidforge-formats-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
. "$ROOT/tests/cli/lib.sh"
FF="ffmpeg -nostdin -hide_banner -loglevel error -y"

$FF -f lavfi -i testsrc2=s=320x180:r=24:d=2 -f lavfi -i sine=f=440:d=2 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest in.mp4
# a layer whose alpha is known: red at alpha 0.5 with an opaque white square
SQ='between(X,40,55)*between(Y,8,23)'
$FF -f lavfi -i "color=c=red:s=64x48,format=rgba,geq=r=255:g='255*$SQ':b='255*$SQ':a='if($SQ,255,128)'" \
    -frames:v 1 half.png
cp "$ROOT/fonts/Inter-Regular.otf" font.otf

TEXT='{"type": "text", "id": "t", "content": "Formats", "position": {"preset": "CENTER"},
       "style": {"font": "font.otf", "size": 36, "color": "#FFCC00"}}'
IMAGE='{"type": "image", "id": "half", "source": "half.png",
        "position": {"preset": "TOP_LEFT", "offset": {"x": 16, "y": 16}}}'
tpl() { # NAME VIDEO_JSON OVERLAYS_JSON [ENCODING_JSON]
    printf '{"template_version": "1.0", "video": %s, "overlays": [%s], "encoding": %s}\n' \
        "$2" "$3" "${4:-{\}}" > "$1.json"
}
probe() { # FILE ENTRIES: "codec_name,width,..." of the first video stream, as k=v|k=v
    ffprobe -v error -select_streams v:0 -show_entries "stream=$2" -of compact=p=0 "$1"
}
frames() { ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$1"; }
audio_codec() { ffprobe -v error -select_streams a:0 -show_entries stream=codec_name -of csv=p=0 "$1"; }
# ypsnr VIDEO N PNG: luma PSNR of VIDEO's frame N against PNG (both in BT.709 limited range)
ypsnr() {
    local conv=format=yuv444p
    case $1 in *.gif) conv=scale=out_color_matrix=bt709:out_range=tv,format=yuv444p ;; esac
    ffmpeg -nostdin -hide_banner -i "$1" -i "$3" -lavfi "[0:v]select=eq(n\,$2),$conv[a];[1:v]scale=out_color_matrix=bt709:out_range=tv,format=yuv444p[b];[a][b]psnr" \
        -f null - 2>&1 | sed -n 's/.*PSNR y:\([0-9.inf]*\).*/\1/p'
}
at_least() { # VALUE MIN WHAT
    if awk -v v="$1" -v m="$2" 'BEGIN { exit !(v == "inf" || v + 0 >= m) }'; then ok; else
        fail "$3: $1 < $2"; fi
}

# ---- each format: probe fields and a golden frame ------------------------------
tpl clip '{"input": "in.mp4"}' "$TEXT"
expect 0 "$VF" preview clip.json --at 1.0 -o golden.png
#        output      codec   frames  rate   audio   extra encoding      min dB
while read -r out codec nframes rate audio enc min; do
    name=${out%.*}
    [ "$enc" = - ] && enc='{"preset": "ultrafast"}'
    tpl "$name" '{"input": "in.mp4"}' "$TEXT" "$enc"
    expect 0 "$VF" render "$name.json" -o "$out"
    check "[ \"\$(probe $out codec_name,width,height)\" = 'codec_name=$codec|width=320|height=180' ]" \
        "$out: $(probe "$out" codec_name,width,height), planned $codec 320x180"
    check "[ \"\$(frames $out)\" = $nframes ]" "$out: $(frames "$out") frames, planned $nframes"
    [ "$rate" = - ] || check "[ \"\$(probe $out r_frame_rate)\" = r_frame_rate=$rate ]" \
        "$out: $(probe "$out" r_frame_rate), planned $rate"
    check "[ \"\$(audio_codec $out)\" = '${audio/-/}' ]" "$out: audio '$(audio_codec "$out")', planned $audio"
    n=$((nframes / 2)) # the frame shown at 1.0 s
    at_least "$(ypsnr "$out" $n golden.png)" "$min" "$out frame $n against preview, PSNR Y"
done <<'EOF'
h264.mp4   h264    48  24/1  aac   -                                    35
vp9.webm   vp9     48  24/1  opus  {"crf":30}                           35
av1.webm   av1     48  24/1  opus  {"codec":"av1","crf":35,"preset":"ultrafast"} 35
vp9.mkv    vp9     48  24/1  aac   {"codec":"vp9","crf":30}             35
prores.mov prores  48  24/1  aac   {"codec":"prores"}                   35
clip.gif   gif     30  -     -     -                                    30
EOF
# what the formats table says, for whoever reads --help
expect 0 "$VF" formats; contains out.txt "webm   webm"; contains out.txt "prores_4444"
# its rows are exactly the names encoding.format takes (the template's list)
rows=$(awk 'NR > 1 { print $1 }' out.txt | sort | tr '\n' ' ')
names=$("$VF" schema | python3 -c 'import json, sys
s = json.load(sys.stdin)["properties"]["encoding"]["properties"]["format"]
e = s.get("enum") or next(a["enum"] for a in s["anyOf"] if "enum" in a)
print(" ".join(sorted(e)), end=" ")')
check "[ \"$rows\" = \"$names\" ]" "vidforge formats lists '$rows', encoding.format takes '$names'"

# ---- GIF: rate and width caps, loop count ---------------------------------------
loops() { # GIF: the NETSCAPE2.0 loop count, or "none"
    python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); i=d.find(b"NETSCAPE2.0")
print("none" if i < 0 else d[i+13] | d[i+14] << 8)' "$1"
}
check "[ \"\$(loops clip.gif)\" = 0 ]" "clip.gif loops $(loops clip.gif), planned 0 (forever)"
tpl small '{"input": "in.mp4"}' "$TEXT" '{"gif": {"fps": 8, "max_width": 160, "loop": -1, "dither": "bayer"}}'
expect 0 "$VF" render small.json -o small.gif
check "[ \"\$(probe small.gif width,height)\" = 'width=160|height=90' ]" "small.gif: $(probe small.gif width,height)"
check "[ \"\$(frames small.gif)\" = 16 ]" "small.gif: $(frames small.gif) frames at 8 fps, planned 16"
check "[ \"\$(loops small.gif)\" = none ]" "small.gif loops $(loops small.gif), planned once"
# the output preset for e-mail
tpl email '{"input": "in.mp4", "output_preset": "gif_email"}' "$TEXT"
expect 0 "$VF" render email.json -o email.gif
check "[ \"\$(probe email.gif width,height)\" = 'width=480|height=270' ]" "email.gif: $(probe email.gif width,height)"
check "[ \"\$(frames email.gif)\" = 24 ]" "email.gif: $(frames email.gif) frames at 12 fps, planned 24"

# ---- transparent output: the layer's alpha, exactly ----------------------------
tpl clear '{"duration": 1, "width": 160, "height": 96, "fps": 10, "background": "transparent"}' "$IMAGE"
# ALPHA FILE [DECODER]: the alpha plane of the first frame as rows of numbers
alpha_rows() {
    $FF ${3:+-c:v $3} -i "$1" -vf alphaextract,format=gray -frames:v 1 -f rawvideo - |
        od -An -tu1 -w"$2" -v
}
png_alpha=$($FF -i half.png -vf alphaextract,format=gray -f rawvideo - | od -An -tu1 -w64 -v)
expected=$(python3 - "$png_alpha" <<'EOF'
import sys
rows = [list(map(int, r.split())) for r in sys.argv[1].strip().split("\n")]
out = [[0] * 160 for _ in range(96)]
for y, r in enumerate(rows):
    for x, a in enumerate(r):
        out[16 + y][16 + x] = a
print("\n".join(" ".join(map(str, r)) for r in out))
EOF
)
alpha_matches() { # FILE WHAT [DECODER]
    python3 - "$expected" "$(alpha_rows "$1" 160 ${3:-})" "$2" <<'EOF' && ok || fail "$2: alpha differs from the layer's"
import sys
want = [list(map(int, r.split())) for r in sys.argv[1].strip().split("\n")]
got = [list(map(int, r.split())) for r in sys.argv[2].strip().split("\n")]
bad = [(x, y, g, w) for y, (gr, wr) in enumerate(zip(got, want)) for x, (g, w) in enumerate(zip(gr, wr))
       if abs(g - w) > 2]
if len(got) != len(want) or bad:
    print(sys.argv[3], "rows", len(got), "first differences (x, y, got, want):", bad[:5], file=sys.stderr)
    sys.exit(1)
EOF
}
expect 0 "$VF" render clear.json -o clear.mov
check "[ \"\$(probe clear.mov codec_name,pix_fmt)\" = 'codec_name=prores|pix_fmt=yuva444p12le' ]" \
    "clear.mov: $(probe clear.mov codec_name,pix_fmt), planned ProRes 4444 with alpha"
alpha_matches clear.mov "ProRes 4444"
expect 0 "$VF" render clear.json -o clear.webm
check "[ \"\$(ffprobe -v error -show_entries stream_tags=alpha_mode -of csv=p=0 clear.webm)\" = 1 ]" \
    "clear.webm: no alpha_mode tag"
alpha_matches clear.webm "VP9 alpha" libvpx-vp9
# the opaque square stays white where it is opaque
px=$($FF -i clear.mov -frames:v 1 -vf crop=1:1:60:30 -f rawvideo -pix_fmt rgba - | od -An -tu1)
check "[ \"\$(echo $px)\" = '255 255 255 255' ] || python3 -c 'import sys; v=list(map(int,sys.argv[1:])); sys.exit(not all(abs(a-b)<=2 for a,b in zip(v,[255,255,255,255])))' $px" \
    "clear.mov: the opaque white pixel is $px"

# ---- what a format cannot carry: exit 2, the pointer, nothing left -------------
refuse() { # JSON OUT MESSAGE
    expect 2 "$VF" render "$1" -o "$2"; contains err.txt "$3"; absent "$2"; no_temps .
}
refuse clear.json clear.mp4 "/video/background: a transparent background needs a format with alpha"
refuse clear.json clear.gif "/video/background"
tpl x264 '{"input": "in.mp4"}' "" '{"codec": "libx264"}'
refuse x264.json x264.webm "/encoding/codec: a .webm file cannot carry h264 video"
tpl gifaudio '{"input": "in.mp4"}' "" '{"audio_codec": "aac"}'
refuse gifaudio.json gifaudio.gif "/encoding/audio_codec: a .gif file cannot carry aac audio"
tpl prores4 '{"input": "in.mp4"}' "" '{"codec": "prores"}'
refuse prores4.json prores4.mp4 "/encoding/codec: a .mp4 file cannot carry prores video"
tpl named '{"input": "in.mp4"}' "" '{"format": "webm"}'
refuse named.json named.mp4 "/encoding/format: the format is webm, but the output named.mp4 names mp4"
# encoding.format names the default output's extension
(cd "$WORK" && "$VF" render named.json >out.txt 2>err.txt); check "[ -s named.webm ]" "no named.webm: $(cat err.txt)"
refuse clip.json clip.m3u8 "writes a playlist"

# ---- animated WebP: its chunks, its first frame against preview ----------------
webp_facts() { # FILE: "WxH alpha=A loop=L frames=N ms=M" from VP8X, ANIM and ANMF
    python3 - "$1" <<'EOF'
import struct, sys
d = open(sys.argv[1], "rb").read()
assert d[:4] == b"RIFF" and d[8:16] == b"WEBPVP8X" and d[20] & 2, "not an animated WebP"
w, h = int.from_bytes(d[24:27], "little") + 1, int.from_bytes(d[27:30], "little") + 1
i, loop, frames, ms = 30, None, 0, 0
while i + 8 <= len(d):
    tag, size = d[i:i+4], struct.unpack("<I", d[i+4:i+8])[0]
    if tag == b"ANIM": loop = int.from_bytes(d[i+12:i+14], "little")
    if tag == b"ANMF": frames += 1; ms += int.from_bytes(d[i+20:i+23], "little")
    i += 8 + size + (size & 1)
print(f"{w}x{h} alpha={(d[20] >> 4) & 1} loop={loop} frames={frames} ms={ms}")
EOF
}
tpl anim '{"input": "in.mp4"}' "$TEXT"
expect 0 "$VF" render anim.json -o anim.webp
facts=$(webp_facts anim.webp)
check "[[ \"\$facts\" == '320x180 alpha='?' loop=0 frames='* ]]" "anim.webp: $facts"
ms=${facts##*ms=}; n=${facts##*frames=}; n=${n%% *}
check "[ $ms -ge 1958 ] && [ $ms -le 2042 ] && [ $n -ge 2 ] && [ $n -le 48 ]" "anim.webp: $n frames, $ms ms, planned 48, 2000 ms"
python3 "$ROOT/tests/cli/webp_frame.py" anim.webp frame0.webp 0 >/dev/null
expect 0 "$VF" preview anim.json --at 0 -o golden0.png
at_least "$(ffmpeg -nostdin -hide_banner -i frame0.webp -i golden0.png -lavfi "[0:v]format=yuv444p[a];[1:v]format=yuv444p[b];[a][b]psnr" \
    -f null - 2>&1 | sed -n 's/.*PSNR y:\([0-9.inf]*\).*/\1/p')" 35 "anim.webp frame 0 against preview, PSNR Y"
expect 0 "$VF" render clear.json -o clear.webp
check "[[ \"\$(webp_facts clear.webp)\" == '160x96 alpha=1 loop=0 '* ]]" "clear.webp: $(webp_facts clear.webp)"
refuse gifaudio.json gifaudio.webp "/encoding/audio_codec: a .webp file cannot carry aac audio"

summary formats
