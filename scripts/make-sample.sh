#!/bin/sh
# Makes the media the shipped templates use, with the ffmpeg CLI alone (never
# downloaded): called by the build (CMake target sample_media) and safe to run
# by hand.
#   OUT/sample.mp4  10 s, 1920x1080, 30 fps: a graded four-colour gradient that
#                   turns slowly under a vignette, with temporal noise as dither
#                   so the gradient does not band after 8-bit encoding; its
#                   sound is a four-chord pad with a plucked arpeggio (tones)
#   OUT/voice.m4a   a stand-in for a voice-over: two phrases of a buzzing,
#                   syllable-paced tone (1.0-3.6 s and 5.2-8.4 s), for ducking
# usage: make-sample.sh OUT_DIR
set -eu
out=${1:?usage: make-sample.sh OUT_DIR}
mkdir -p "$out"
# temporary names of this process's own: two builds may run it at once
tmpv="$out/.sample.$$.mp4" tmpa="$out/.voice.$$.m4a"
trap 'rm -f "$tmpv" "$tmpa"' EXIT
FF="ffmpeg -hide_banner -loglevel error -nostdin -y"

# chord c = floor(t / 2.5): Am, F, C, G; three pad voices and a pluck
root='if(eq(c,0),220,if(eq(c,1),174.61,if(eq(c,2),261.63,196)))'
third='if(eq(c,0),261.63,if(eq(c,1),220,if(eq(c,2),329.63,246.94)))'
fifth='if(eq(c,0),329.63,if(eq(c,1),261.63,if(eq(c,2),392,293.66)))'
pad="sqrt(sin(PI*mod(t,2.5)/2.5))*(sin(2*PI*R*t)+0.8*sin(2*PI*T*t)+0.7*sin(2*PI*F*t))/2.5*0.5"
step='[1,1.5,2,1.5]'
pluck="exp(-12*mod(t,0.25))*sin(2*PI*2*R*if(eq(mod(floor(t/0.25),4),1)+eq(mod(floor(t/0.25),4),3),1.5,if(eq(mod(floor(t/0.25),4),2),2,1))*t)*0.18"
music=$(echo "$pad+$pluck" | sed "s/R/($root)/g; s/T/($third)/g; s/F/($fifth)/g; s/c/floor(t\/2.5)/g")
# a 1.2 s fade in and out keeps the ends click-free
$FF -f lavfi -i "gradients=s=1920x1080:r=30:d=10:n=4:c0=0x0B1E3F:c1=0x3A1C71:c2=0xD76D77:c3=0xFFAF7B:x0=0:y0=0:x1=1920:y1=1080:speed=0.012:seed=7" \
    -f lavfi -i "aevalsrc=exprs='$music|$music':s=48000:d=10" \
    -filter_complex "[0]vignette=angle=PI/5,eq=saturation=1.08,format=yuv420p,noise=c0s=3:c1s=2:c2s=2:allf=t:all_seed=5[v];[1]afade=t=in:d=1.2,afade=t=out:st=8.8:d=1.2[a]" \
    -map "[v]" -map "[a]" -c:v libx264 -preset veryfast -crf 20 -tune grain -g 30 \
    -pix_fmt yuv420p -colorspace bt709 -color_primaries bt709 -color_trc bt709 \
    -c:a aac -b:a 128k -movflags +faststart "$tmpv"
mv "$tmpv" "$out/sample.mp4"

voice="(between(t,1.0,3.6)+between(t,5.2,8.4))*(0.5-0.5*cos(2*PI*4.5*t))*(sin(2*PI*140*t)+0.5*sin(2*PI*280*t)+0.35*sin(2*PI*420*t)+0.2*sin(2*PI*700*t))*0.3"
$FF -f lavfi -i "aevalsrc=exprs='$voice':s=48000:d=9" -c:a aac -b:a 64k "$tmpa"
mv "$tmpa" "$out/voice.m4a"
