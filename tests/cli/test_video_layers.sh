#!/bin/bash
# Video layers and clip sequences at the command line: template errors with
# their pointers, missing or corrupt sources (exit 3 naming the file, nothing
# left behind), --dry-run's graph, storyboard --at-changes.
VF=${1:?usage: test_video_layers.sh path/to/vidforge}
. "$(dirname "$0")/lib.sh"
cd "$(mktemp -d)" || exit 1
trap 'rm -rf "$PWD"' EXIT
ffmpeg -v error -y -f lavfi -i testsrc2=s=160x120:r=25:d=2 -c:v libx264 -preset ultrafast clip.mp4
ffmpeg -v error -y -f lavfi -i color=c=blue:s=160x120 -frames:v 1 still.png
head -c 3000 clip.mp4 >broken.mp4

tpl() { # NAME VIDEO_JSON OVERLAYS_JSON
    printf '{"template_version": "1.0", "video": %s, "overlays": [%s]}\n' "$2" "$3" >"$1.json"
}
# bad NAME CODE TEXT: render NAME.json fails with CODE, stderr has TEXT, no output left
bad() {
    expect "$2" "$VF" render "$1.json" -o "$1.mp4"
    contains err.txt "$3"
    absent "$1.mp4"
    no_temps .
}

SEQ='{"clips": [{"id": "intro", "input": "clip.mp4", "transition": {"type": "fade", "duration": 0.4}}, {"id": "outro", "input": "still.png", "duration": 1}]}'
tpl ok "$SEQ" '{"type": "video", "source": "clip.mp4", "size": {"width": 80, "height": 60}, "position": {"preset": "TOP_RIGHT"}, "timeline": {"clip": "outro", "start": 0.2}}'
expect 0 "$VF" render ok.json -o ok.mp4 --dry-run
contains out.txt "xfade=transition=fade:duration=0.400000:offset=1.600000"
contains out.txt "clip outro: ./still.png (still)"
contains out.txt "video layer overlay-0: ./clip.mp4"
contains out.txt "frames [45, 65)"        # outro from frame 40, the layer 0.2 s later
expect 0 "$VF" render ok.json -o ok.mp4
check "[ \"\$(ffprobe -v error -count_frames -show_entries stream=nb_read_frames -of csv=p=0 ok.mp4)\" = 65 ]" "2 s + 1 s - 0.4 s = 65 frames"
expect 0 "$VF" storyboard ok.json -o sheet.png --at-changes
check "[ -s sheet.png ]" "storyboard --at-changes writes the sheet"

# template errors: pointers, did-you-mean
tpl t1 '{"clips": [{"input": "clip.mp4", "transition": {"type": "fadee", "duration": 1}}, {"input": "clip.mp4"}]}' ''
bad t1 2 '/video/clips/0/transition/type: unknown transition type "fadee" (did you mean "fade"?)'
tpl t2 "$SEQ" '{"type": "text", "content": "x", "timeline": {"clip": "intr"}}'
bad t2 2 '/overlays/0/timeline/clip: unknown clip id "intr" (did you mean "intro"?)'
tpl t3 '{"clips": [{"input": "clip.mp4", "duration": 1, "transition": {"type": "fade", "duration": 1.5}}, {"input": "clip.mp4"}]}' ''
bad t3 2 '/video/clips/0/transition: the 1.5 s transition is longer than clip 0 (1 s)'
tpl t4 '{"clips": [{"input": "clip.mp4", "transition": {"type": "wipeleft", "duration": 1.5}}, {"input": "clip.mp4", "trim": {"start": 1}}]}' ''
bad t4 2 '/video/clips/0/transition: the 1.5 s transition is longer than clip 1 (1.000 s)'
tpl t5 '{"clips": [{"input": "clip.mp4", "trim": {"start": 5}}]}' ''
bad t5 2 '/video/clips/0/trim/start: 5 s is past the end of ./clip.mp4'
tpl t6 '{"duration": 2}' '{"type": "video", "source": "clip.mp4", "speed": 8}'
bad t6 2 '/overlays/0/speed: must be a number in [0.25, 4], got 8'
tpl t7 '{"duration": 2}' '{"type": "video", "source": "clip.mp4", "trim": {"end": 9}}'
bad t7 2 '/overlays/0/trim/end: 9 s is past the end of ./clip.mp4'
tpl t8 '{"input": "clip.mp4", "clips": [{"input": "clip.mp4"}]}' ''
bad t8 2 '/video/clips: cannot be combined with "input"'
tpl t9 '{"clips": [{"input": "clip.mp4", "transition": {"type": "fade", "duration": 0.5}}]}' ''
bad t9 2 '/video/clips/0/transition: the last clip has no next clip'
expect 2 "$VF" validate t1.json
contains err.txt 'did you mean "fade"?'

# missing and corrupt sources: exit 3 naming the file
tpl m1 '{"clips": [{"input": "clip.mp4"}, {"input": "gone.mp4"}]}' ''
bad m1 3 'gone.mp4'
tpl m2 '{"duration": 2}' '{"type": "video", "source": "gone.mp4"}'
bad m2 3 'gone.mp4'
tpl m3 '{"duration": 2}' '{"type": "video", "source": "broken.mp4"}'
bad m3 3 'broken.mp4'
tpl m4 '{"clips": [{"input": "broken.mp4", "duration": 1}]}' ''
bad m4 3 'broken.mp4'

# Sound of clips and video layers goes through the mixer (issues 15 and 16):
# a fade crossfades the clips' sounds, a layer's {"volume": -3} is 3 dB down;
# a layer box of odd size renders.
ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=s=160x90:r=25:d=2 \
    -f lavfi -i sine=f=440:d=2 -c:v libx264 -pix_fmt yuv420p -c:a aac -shortest snd_a.mp4
ffmpeg -hide_banner -loglevel error -y -f lavfi -i color=red:s=160x90:r=25:d=2 \
    -f lavfi -i sine=f=880:d=2 -c:v libx264 -pix_fmt yuv420p -c:a aac -shortest snd_b.mp4
band() { # FILE FROM SECONDS HZ: mean volume (dB) in a narrow band around HZ
    ffmpeg -hide_banner -ss "$2" -t "$3" -i "$1" -af "bandpass=f=$4:width_type=h:w=40,volumedetect" \
        -f null - 2>&1 | sed -n 's/.*mean_volume: \(-*[0-9.]*\) dB/\1/p'
}
cat > snd_seq.json <<'JSON'
{"template_version": "1.0",
 "video": {"width": 160, "height": 90, "fps": 25,
   "clips": [{"input": "snd_a.mp4", "transition": {"type": "fade", "duration": 0.5}},
             {"input": "snd_b.mp4"}]},
 "encoding": {"preset": "ultrafast"}}
JSON
expect 0 "$VF" render snd_seq.json -o snd_seq.mp4
check '[ "$(ffprobe -v error -select_streams a -show_entries stream=codec_name -of csv=p=0 snd_seq.mp4)" = aac ]' \
    "a clip sequence has no audio stream"
a1=$(band snd_seq.mp4 0.2 1 440); b1=$(band snd_seq.mp4 0.2 1 880)
a2=$(band snd_seq.mp4 2.6 0.8 440); b2=$(band snd_seq.mp4 2.6 0.8 880)
check 'python3 -c "import sys; a1,b1,a2,b2=map(float,sys.argv[1:]); sys.exit(not (a1 > b1 + 15 and b2 > a2 + 15))" $a1 $b1 $a2 $b2' \
    "clip sounds not in their clips: 440 Hz $a1/$a2 dB, 880 Hz $b1/$b2 dB"
cat > snd_pip.json <<'JSON'
{"template_version": "1.0",
 "video": {"width": 160, "height": 90, "fps": 25, "duration": 2, "background": "#203040"},
 "overlays": [{"type": "video", "source": "snd_a.mp4", "size": {"width": 81, "height": 45},
               "audio": {"volume": -3}}],
 "encoding": {"preset": "ultrafast"}}
JSON
expect 0 "$VF" render snd_pip.json -o snd_pip.mp4
p=$(band snd_pip.mp4 0.2 1 440)
check 'python3 -c "import sys; p,s=map(float,sys.argv[1:]); sys.exit(abs(p - s + 3) > 1)" $p $a1' \
    "a video layer's sound at -3 dB: $p dB against $a1 dB for the same clip at 0 dB"

summary cli_video_layers
