# Shared by the first-day scripts (issue 20): pictures compared through the
# ffmpeg CLI, so the checks do not trust vidforge's own PNG code.
# rgb_at FILE X Y: "R G B" of one pixel of a PNG (or a video's first frame)
rgb_at() {
    ffmpeg -hide_banner -loglevel error -i "$1" -vf "crop=1:1:$2:$3,format=rgb24" -frames:v 1 \
        -f rawvideo - | od -An -tu1 | tr -s ' ' | sed 's/^ //'
}
# mean_diff A B [CROP]: mean absolute difference of two pictures' RGB bytes
# (0..255), of the region crop=CROP (W:H:X:Y) when given
mean_diff() {
    local c=${3:+,crop=$3}
    ffmpeg -hide_banner -loglevel error -i "$1" -i "$2" -filter_complex \
        "[0]format=rgb24$c[a];[1]format=rgb24$c[b];[a][b]blend=all_mode=difference,format=gray" \
        -frames:v 1 -f rawvideo - | od -An -tu1 -v |
        awk '{ for (i = 1; i <= NF; i++) { s += $i; n++ } } END { printf "%.2f\n", n ? s / n : 999 }'
}
# frame_of VIDEO N OUT.png: the video's frame N as a PNG
frame_of() {
    ffmpeg -hide_banner -loglevel error -y -i "$1" -vf "select=eq(n\,$2)" -frames:v 1 "$3"
}
# near "R G B" "R G B" TOL: every channel within TOL
near() {
    local a=($1) b=($2)
    for i in 0 1 2; do
        local d=$(( ${a[$i]:-999} - ${b[$i]:-0} )); d=${d#-}
        [ "$d" -le "$3" ] || return 1
    done
}
# below VALUE LIMIT: VALUE < LIMIT (decimals)
below() { awk -v v="$1" -v l="$2" 'BEGIN { exit !(v < l) }'; }
