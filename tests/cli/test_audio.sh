#!/bin/bash
# Sound (issue 16): placement to the sample, loops, fades, ducking, loudness,
# encodings and bad inputs. Sources are made by the ffmpeg CLI; every result
# is measured independently on the written file (ffmpeg's ebur128 filter,
# or audio_measure.py on the ffmpeg-decoded samples).
# usage: test_audio.sh VIDFORGE
set -u
VF=$(readlink -f "$1")
. "$(dirname "$(readlink -f "$0")")/lib.sh"
M="python3 $(dirname "$(readlink -f "$0")")/audio_measure.py"
WORK=$(mktemp -d /tmp/vidforge-audio-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
FF="ffmpeg -hide_banner -loglevel error -y"
# near A B TOL: |A - B| <= TOL
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; exit !(d <= t && -d <= t) }'; }
le()   { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
# tpl NAME DURATION AUDIO_JSON [MIX_JSON] [ENCODING_JSON]: a background-only template
tpl() {
    printf '{"template_version": "1.0", "video": {"duration": %s, "width": 64, "height": 64, "fps": 25},
 "audio": [%s], "mix": %s, "encoding": %s}\n' "$2" "$3" "${4:-{\}}" "${5:-{\}}" > "$1.json"
}
ebur() { # FILE -> "I TP"
    ffmpeg -hide_banner -nostats -i "$1" -af ebur128=peak=true -f null - 2>&1 |
        sed -n '/Summary/,$p' | awk '/ I:/ { i = $2 } /Peak:/ { p = $2 } END { print i, p }'
}

# sources (stereo, 48 kHz)
$FF -f lavfi -i "aevalsrc=if(eq(n\,0)\,0.8\,0):d=1:s=48000" -ac 2 click.wav
$FF -f lavfi -i "sine=f=440:d=1.013:r=48000" -af volume=0.5 -ac 2 tone.wav
$FF -f lavfi -i "sine=f=440:d=12:r=48000" -af volume=0.25 -ac 2 music.wav
$FF -f lavfi -i "sine=f=3000:d=2:r=48000" -af volume=0.25 -ac 2 voice.wav
$FF -f lavfi -i "anoisesrc=d=8:c=pink:r=48000:a=0.02:seed=7" -af lowpass=12000 -ac 2 quiet.wav
$FF -f lavfi -i "sine=f=997:d=8:r=48000" -af volume=18dB -ac 2 loud.wav
$FF -f lavfi -i "sine=f=220:d=8:r=48000" -af "volume=30dB,aformat=flt" -ac 2 -c:a pcm_f32le clipping.wav
$FF -f lavfi -i "anoisesrc=d=8:c=pink:r=48000:a=0.01:seed=3" \
    -f lavfi -i "aevalsrc=0.5*sin(2*PI*500*t)*lt(mod(t\,0.5)\,0.01):d=8:s=48000" \
    -filter_complex "[0]lowpass=12000[a];[a][1]amix=inputs=2:normalize=0" -ac 2 peaky.wav
$FF -f lavfi -i testsrc2=s=64x64:r=25:d=2 -c:v libx264 -preset ultrafast video-only.mp4
$FF -f lavfi -i testsrc2=s=64x64:r=25:d=4 -f lavfi -i "sine=f=440:d=4:r=48000" \
    -c:v libx264 -preset ultrafast -c:a aac -shortest with-audio.mp4
head -c 2000 music.wav > truncated.wav; head -c 3000 /dev/urandom > garbage.wav

# --- placement: a click at start 3.0 is sample 144000 of the decoded output ---
tpl click 5 '{"source": "click.wav", "start": 3.0}'
"$VF" render click.json -o click.mp4 -y 2>err.txt || fail "click: $(cat err.txt)"
at=$($M peak click.mp4 2 4)
near "$at" 144000 1 && ok || fail "click at sample $at, want 144000 +-1 (AAC in MP4)"
tpl click-opus 5 '{"source": "click.wav", "start": 3.0}' '{}' '{"audio_codec": "libopus"}'
"$VF" render click-opus.json -o click.mkv -y 2>err.txt || fail "click opus: $(cat err.txt)"
at=$($M peak click.mkv 2 4)
near "$at" 144000 1 && ok || fail "opus click at sample $at, want 144000 +-1 (Opus in Matroska)"
# durations: audio as long as the video
d=$(ffprobe -v error -select_streams a -show_entries stream=duration -of csv=p=0 click.mp4)
near "$d" 5 0.03 && ok || fail "audio lasts $d s, the video 5 s"

# --- a background-only template gets its soundtrack; audio_codec none: none ---
[ "$(ffprobe -v error -show_entries stream=codec_type -of csv=p=0 click.mp4 | sort | tr '\n' ' ')" = "audio video " ] &&
    ok || fail "background-only template has no audio stream"
tpl none 3 '{"source": "music.wav"}' '{}' '{"audio_codec": "none"}'
"$VF" render none.json -o none.mp4 -y 2>err.txt || fail "none: $(cat err.txt)"
[ "$(ffprobe -v error -show_entries stream=codec_type -of csv=p=0 none.mp4 | tr '\n' ' ')" = "video " ] &&
    ok || fail "audio_codec none still wrote audio"

# --- a loop: no click (high band stays empty) and no gap at the seams ---------
tpl loop 5 '{"source": "tone.wav", "loop": true}'
"$VF" render loop.json -o loop.mp4 -y 2>err.txt || fail "loop: $(cat err.txt)"
# (the tone is -27 dBFS; its period does not divide the loop, so the 10 ms
# crossfades blend two phases: a dip of ~5 dB at most, never silence)
hf=$($M hf loop.mp4 0.1 4.9); gap=$($M gap loop.mp4 0.1 4.9); lv=$($M level loop.mp4 0.1 4.9)
le "$hf" -60 && ok || fail "loop seams click: $hf dBFS above 4 kHz"
le "$(awk -v l="$lv" 'BEGIN { print l - 8 }')" "$gap" && ok ||
    fail "loop has a gap: a 5 ms window at $gap dBFS, the tone at $lv dBFS"

# --- fades follow their curves (gain at 1/4, 1/2, 3/4 of a 2 s fade in) ------
for curve in linear log exp; do
    tpl "fade-$curve" 4 "{\"source\": \"music.wav\", \"fade_in\": {\"duration\": 2, \"curve\": \"$curve\"}}"
    "$VF" render "fade-$curve.json" -o "fade-$curve.mp4" -y 2>err.txt || fail "fade $curve: $(cat err.txt)"
    full=$($M level "fade-$curve.mp4" 2.5 3.5)
    for x in 0.25 0.5 0.75; do
        want=$(awk -v c=$curve -v x=$x 'BEGIN { g = c == "linear" ? x : c == "log" ? log(1 + 9 * x) / log(10) : (10 ^ x - 1) / 9; print 20 * log(g) / log(10) }')
        t=$(awk -v x=$x 'BEGIN { print 2 * x - 0.02 }'); t1=$(awk -v x=$x 'BEGIN { print 2 * x + 0.02 }')
        got=$(awk -v a="$($M level "fade-$curve.mp4" "$t" "$t1")" -v f="$full" 'BEGIN { print a - f }')
        near "$got" "$want" 0.7 && ok || fail "fade $curve at $x: $got dB, want $want dB"
    done
done

# --- ducking: music (440 Hz) under a voice burst (3 kHz) at [4, 6) -------------
tpl duck 10 '{"source": "music.wav", "role": "music"}, {"source": "voice.wav", "role": "voice", "start": 4}' \
    '{"ducking": {"under": "voice", "duck": "music", "depth": -12, "attack": 0.5, "release": 1.0}}'
"$VF" render duck.json -o duck.mp4 -y --report duck-report.json 2>err.txt || fail "duck: $(cat err.txt)"
before=$($M level duck.mp4 1 3 440); during=$($M level duck.mp4 4.2 5.8 440); after=$($M level duck.mp4 7.5 9.5 440)
depth=$(awk -v a="$during" -v b="$before" 'BEGIN { print a - b }')
near "$depth" -12 1.5 && ok || fail "ducking depth $depth dB, want -12 +-1.5"
near "$after" "$before" 0.5 && ok || fail "music back at $after dB after the release (was $before)"
half=$(awk -v b="$before" 'BEGIN { print b - 6 }')
down=$($M cross duck.mp4 3 4.2 "$half" 0.02 440); up=$($M cross duck.mp4 5.9 7.5 "$half" 0.02 440)
near "$down" 3.75 0.08 && ok || fail "attack ramp half-way at $down s, want 3.75 (0.5 s before 4.0)"
near "$up" 6.5 0.08 && ok || fail "release ramp half-way at $up s, want 6.5 (1.0 s after 6.0)"
rep=$(python3 -c "import json; print(json.load(open('duck-report.json'))['audio']['ducking_depth_db'])")
near "$rep" -12 0.5 && ok || fail "--report ducking_depth_db $rep"

# --- loudness: target within 0.5 LU, true peak at or under the ceiling -------
for src in quiet loud clipping; do
    for preset in social:-14 broadcast:-23 podcast:-16; do
        name=${preset%%:*}; target=${preset##*:}
        tpl "ln-$src-$name" 8 "{\"source\": \"$src.wav\"}" "{\"loudness\": \"$name\"}"
        "$VF" render "ln-$src-$name.json" -o "ln-$src-$name.mp4" -y --report r.json 2>err.txt ||
            fail "loudness $src $name: $(cat err.txt)"
        read -r i tp <<<"$(ebur "ln-$src-$name.mp4")"
        near "$i" "$target" 0.5 && ok || fail "$src $name: $i LUFS, want $target +-0.5"
        le "$tp" -1.0 && ok || fail "$src $name: true peak $tp dBTP over -1"
    done
done
# peaky material: the limiter holds the ceiling (its gain alone would put peaks near +15 dBTP)
tpl peaky 8 '{"source": "peaky.wav"}' '{"loudness": {"target": -16, "true_peak": -2}}'
"$VF" render peaky.json -o peaky.mp4 -y --report r.json 2>err.txt || fail "peaky: $(cat err.txt)"
read -r i tp <<<"$(ebur peaky.mp4)"
le "$tp" -2.0 && ok || fail "peaky: true peak $tp dBTP over the -2 ceiling"
rep=$(python3 -c "import json; a = json.load(open('r.json'))['audio']; print(a['integrated_lufs'], a['true_peak_dbtp'])")
near "${rep% *}" "$i" 0.2 && ok || fail "--report loudness ${rep% *}, ffmpeg $i"

# --- probe --loudness agrees with ffmpeg's ebur128 ------------------------------
read -r i tp <<<"$(ebur quiet.wav)"
got=$("$VF" probe --loudness quiet.wav | python3 -c "import json, sys; d = json.load(sys.stdin); print(d['integrated_lufs'], d['true_peak_dbtp'])")
near "${got% *}" "$i" 0.2 && ok || fail "probe --loudness: ${got% *} LUFS, ffmpeg $i"
near "${got#* }" "$tp" 0.3 && ok || fail "probe --loudness: ${got#* } dBTP, ffmpeg $tp"

# --- the base's audio as a track, Opus, mono, 24 kHz --------------------------
printf '{"template_version": "1.0", "video": {"input": "with-audio.mp4", "audio": {"volume": -6, "role": "music"}},
 "encoding": {"audio_codec": "libopus", "audio_sample_rate": 24000, "audio_channels": "mono"}}\n' > base.json
"$VF" render base.json -o base.mkv -y 2>err.txt || fail "base track: $(cat err.txt)"
[ "$(ffprobe -v error -select_streams a -show_entries stream=codec_name,channels -of csv=p=0 base.mkv)" = "opus,1" ] &&
    ok || fail "base.mkv audio: $(ffprobe -v error -select_streams a -show_entries stream=codec_name,channels -of csv=p=0 base.mkv)"
lv=$($M level base.mkv 1 3); ref=$($M level with-audio.mp4 1 3)
near "$(awk -v a="$lv" -v b="$ref" 'BEGIN { print a - b }')" -6 1.0 && ok || fail "base track at $lv dB, input $ref dB: want -6"

# --- bad inputs ----------------------------------------------------------------
# bad NAME CODE MESSAGE: renders NAME.json; exit code, message, no output left
bad() {
    rm -f out.mp4
    "$VF" render "$1.json" -o out.mp4 >/dev/null 2>err.txt
    local got=$?
    if [ $got -ne "$2" ]; then fail "$1: exit $got, expected $2: $(head -c 300 err.txt)"
    elif ! grep -qF -- "$3" err.txt; then fail "$1: stderr lacks \"$3\": $(head -c 300 err.txt)"
    elif [ -e out.mp4 ] || ls -a | grep -q vidforge-tmp; then fail "$1: an output was left"
    else ok; fi
}
tpl missing 3 '{"source": "nowhere.wav"}';          bad missing 3 "nowhere.wav"
tpl garbage 3 '{"source": "garbage.wav"}';          bad garbage 3 "garbage.wav"
tpl truncated 3 '{"source": "truncated.wav", "loop": true}'
"$VF" render truncated.json -o out.mp4 -y >/dev/null 2>&1; c=$?
{ [ $c -eq 0 ] || [ $c -eq 3 ]; } && ok || fail "truncated source: exit $c"
tpl silent 3 '{"source": "video-only.mp4"}';        bad silent 3 "has no audio"
tpl long-fade 3 '{"source": "music.wav", "fade_in": 2, "fade_out": 2}'
bad long-fade 2 "/audio/0/fade_in: fade_in (2 s) and fade_out (2 s) are longer than the track (3 s)"
tpl trimmed-fade 10 '{"source": "music.wav", "trim": {"start": 1, "end": 2}, "fade_out": 1.5}'
bad trimmed-fade 2 "/audio/0/fade_out"
tpl low-target 3 '{"source": "music.wav"}' '{"loudness": {"target": -80}}'
bad low-target 2 "/mix/loudness/target: must be a number in [-70, 0], got -80"
tpl high-target 3 '{"source": "music.wav"}' '{"loudness": {"target": 3}}'
bad high-target 2 "/mix/loudness/target"
tpl bad-role 3 '{"source": "music.wav", "role": "singer"}'
bad bad-role 2 '/audio/0/role: unknown audio role "singer"'
tpl bad-curve 3 '{"source": "music.wav", "fade_in": {"duration": 1, "curve": "cubic"}}'
bad bad-curve 2 '/audio/0/fade_in/curve: unknown fade curve "cubic"'
tpl bad-preset 3 '{"source": "music.wav"}' '{"loudness": "radio"}'
bad bad-preset 2 "/mix/loudness"
tpl opus-rate 3 '{"source": "music.wav"}' '{}' '{"audio_codec": "libopus", "audio_sample_rate": 44100}'
bad opus-rate 2 "/encoding/audio_sample_rate"

summary audio
