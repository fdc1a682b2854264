#!/bin/bash
# vidforge deps (issue 20): every file a render reads as a Makefile rule, per
# row with --rows; a Makefile using it rebuilds exactly when an input changes.
# usage: test_deps.sh VIDFORGE
set -u
source "$(dirname "$0")/lib.sh"
VF=$(readlink -f "$1")
WORK=$(mktemp -d /tmp/vidforge-deps-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
FF="ffmpeg -hide_banner -loglevel error -y"
mkdir -p media fonts "my media"
$FF -f lavfi -i testsrc2=s=160x120:r=25:d=1 -c:v libx264 -preset ultrafast media/base.mp4
$FF -f lavfi -i color=c=red:s=16x16 -frames:v 1 "my media/logo 1.png"
cp "$(dirname "$VF")/../fonts/Inter-Bold.otf" fonts/ 2>/dev/null ||
    cp "$(dirname "$0")/../../fonts/Inter-Bold.otf" fonts/
cat > template.json <<'JSON'
{"template_version": "1.0",
 "video": {"input": "media/{{clip|base}}.mp4", "duration": 1},
 "overlays": [{"type": "text", "content": "{{name|Hi}}", "style": {"font": "fonts/Inter-Bold.otf"}},
              {"type": "image", "source": "my media/logo 1.png"},
              {"type": "text", "content": "again", "style": {"font": "fonts/Inter-Bold.otf"}}],
 "encoding": {"preset": "ultrafast"},
 "output": "out/{{id|one}}.mp4"}
JSON

# --- the rule: target, then each file once, in the order render opens them -----------
joined() { sed -e ':a' -e '/ \\$/{N;s/ \\\n */ /;ba' -e '}' out.txt > joined.txt; }
expect 0 "$VF" deps template.json
check '[ "$(awk "length > 80" out.txt)" = "" ]' "deps wrote lines over 80 columns: $(cat out.txt)"
joined
same joined.txt <(printf 'out/one.mp4: template.json media/base.mp4 fonts/Inter-Bold.otf my\\ media/logo\\ 1.png\n')
empty err.txt
expect 0 "$VF" deps template.json -o x.mp4 --var clip=other
contains out.txt "x.mp4: template.json media/other.mp4 " # a missing file is still a prerequisite
# --rows: one rule per row
printf 'id,clip\nr1,base\nr2,alt\n' > rows.csv
expect 0 "$VF" deps template.json --rows rows.csv
check '[ "$(grep -c "^out/r[12].mp4: template.json media/" out.txt)" -eq 2 ]' "--rows: $(cat out.txt)"
contains out.txt "out/r2.mp4: template.json media/alt.mp4"
# a font family that does not resolve: exit 3 with the pointer
sed 's|fonts/Inter-Bold.otf|No Such Family Anywhere|' template.json > nofont.json
expect 3 "$VF" deps nofont.json
contains err.txt '/overlays/0/style/font: font "No Such Family Anywhere" not found'
empty out.txt

# --- the documented Makefile: a second make does nothing; touching an input rebuilds --
cat > Makefile <<MK
VIDFORGE = $VF
out/one.mp4: template.json
	\$(VIDFORGE) render template.json -o \$@ -y
out/one.d: template.json
	@mkdir -p out && \$(VIDFORGE) deps template.json -o out/one.mp4 > \$@
-include out/one.d
MK
make -s >make.txt 2>&1; check '[ -s out/one.mp4 ]' "make did not render: $(cat make.txt)"
check '[ -z "$(make -s -n out/one.mp4)" ]' "a second make would render again: $(make -n out/one.mp4)"
sleep 1; touch "my media/logo 1.png"
check 'make -n out/one.mp4 | grep -q "render template.json"' "touching the logo does not rebuild"
make -s >make.txt 2>&1
sleep 1; touch fonts/Inter-Bold.otf
check 'make -n out/one.mp4 | grep -q "render template.json"' "touching the font does not rebuild"

summary test_deps
