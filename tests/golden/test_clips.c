/* Video layers and clip sequences, rendered losslessly and read back frame
 * by frame. The sources are made by the ffmpeg CLI with their frame number
 * drawn as 8 bars (bit k: a 40 px bar at x = 40 k, white for 1), so every
 * output frame says which source frame it shows; each is compared with the
 * plan's time mapping (plan_media.h):
 *   source frame = fps_src * (trim.start + (t - start) * speed), looped or held. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "frames.h"
#include "render.h"
#include "render/preview.h"
#include "render/storyboard.h"
#include "tmpfile.h"
#include "vidforge/error.h"

#define SRC_FPS 25
#define NONE (-1)   /* no bars: the background */

/* The number the bars of the 320x240 region at (x, y) show, or NONE when the
 * region is flat (no bar black or white). */
static int bars_at(const VfTestFrame *f, int x, int y)
{
    int n = 0, flat = 1;
    for (int k = 0; k < 8; k++) {
        const uint8_t *p = vf_test_pixel(f, x + 40 * k + 20, y + 120);
        flat &= p[1] > 40 && p[1] < 200;
        n |= (p[1] > 125) << k;
    }
    return flat ? NONE : n;
}

/* Frame numbers drawn from offset on, 320x240, SRC_FPS, seconds long. */
static void make_source(const char *name, int offset, int seconds)
{
    vf_test_sh("ffmpeg -hide_banner -loglevel error -y -f lavfi -i "
               "\"color=c=black:s=320x240:r=%d:d=%d,format=gray,"
               "geq=lum='if(bitand(floor((N+%d)/pow(2\\,floor(X/40)))\\,1)\\,235\\,16)'\" "
               "-c:v libx264 -preset ultrafast -qp 0 -pix_fmt yuv420p -g 12 %s/%s",
               SRC_FPS, seconds, offset, vf_tmp_dir(), name);
}

/* Checks every frame of out against expect(n) for the region at (x, y). */
static void check_frames(const char *what, const char *out, int nb_frames, int x, int y,
                         int (*expect)(int n))
{
    int bad = 0;
    CHECK_INT(vf_test_count_frames(out), nb_frames);
    for (int n = 0; n < nb_frames && bad < 3; n++) {
        VfTestFrame f = { 0 };
        if (vf_test_decode_frame(out, n, &f) < 0) {
            CHECK(0, "%s: decode frame %d", what, n);
            return;
        }
        int got = bars_at(&f, x, y), want = expect(n);
        bad += got != want;
        CHECK(got == want, "%s: frame %d shows source frame %d, expected %d", what, n, got, want);
        vf_test_frame_free(&f);
    }
}

/* ---- video layers --------------------------------------------------------- */

#define LAYER_JSON(overlay)                                                                    \
    "{\"template_version\": \"1.0\", \"video\": {\"duration\": 4, \"width\": 640, "          \
    "\"height\": 480, \"fps\": 25, \"background\": \"#404040\"}, \"overlays\": [" overlay    \
    "], \"encoding\": {\"preset\": \"ultrafast\", \"crf\": 0}}"

/* trim.start 1 s, speed 2, on screen [0.4, 3.6): frames [10, 90). */
static int expect_speed(int n)
{
    return n < 10 || n >= 90 ? NONE : 25 + 2 * (n - 10);
}

/* trim [2, 2.4) looped over the whole output. */
static int expect_loop(int n)
{
    return 50 + n % 10;
}

/* trim.start 7.6 s of an 8 s source from 1 s on: 10 frames, then the last held. */
static int expect_hold(int n)
{
    return n < 25 ? NONE : n < 35 ? 190 + (n - 25) : 199;
}

static void test_layers(void)
{
    const char *out = vf_tmp_path("speed.mp4");
    VfPlan *p = vf_test_render("speed", LAYER_JSON(
        "{\"type\": \"video\", \"source\": \"bars.mp4\", \"position\": {\"custom\": "
        "{\"x\": 100, \"y\": 120}}, \"size\": {\"width\": 320, \"height\": 240}, "
        "\"fit\": \"stretch\", \"trim\": {\"start\": 1}, \"speed\": 2, "
        "\"timeline\": {\"start\": 0.4, \"end\": 3.6}}"), out);
    if (p)
        check_frames("speed 2", out, 100, 100, 120, expect_speed);
    vf_plan_free(&p);

    out = vf_tmp_path("loop.mp4");
    p = vf_test_render("loop", LAYER_JSON(
        "{\"type\": \"video\", \"source\": \"bars.mp4\", \"trim\": {\"start\": 2, \"end\": 2.4},"
        " \"loop\": true}, {\"type\": \"video\", \"source\": \"bars.mp4\", \"position\": "
        "{\"preset\": \"BOTTOM_RIGHT\"}, \"trim\": {\"start\": 7.6}, \"timeline\": {\"start\": 1}}"),
        out);
    if (p) {
        check_frames("loop", out, 100, 0, 0, expect_loop);
        check_frames("hold", out, 100, 320, 240, expect_hold);
        /* a preview shows the frame the render shows, in a later repeat too */
        for (int n = 12; n < 100; n += 31) {
            AVFrame *pv = NULL;
            CHECK(vf_preview_frame(p, n, &pv) == 0, "preview %d: %s", n, vf_error_message());
            VfTestFrame f = { pv ? pv->width : 0, pv ? pv->height : 0, NULL, 0 };
            if (pv && (f.rgb = malloc((size_t)f.width * f.height * 3))) {
                for (int y = 0; y < f.height; y++)
                    memcpy(f.rgb + (size_t)y * f.width * 3, pv->data[0] + y * pv->linesize[0],
                           (size_t)f.width * 3);
                CHECK_INT(bars_at(&f, 0, 0), expect_loop(n));
                CHECK_INT(bars_at(&f, 320, 240), expect_hold(n));
            }
            vf_test_frame_free(&f);
            av_frame_free(&pv);
        }
    }
    vf_plan_free(&p);
}

/* Rounded corners, a border and a shadow: the corner outside the radius
 * shows the background, the border is red, the picture inside it, and the
 * shadow (12 px right and down) lies beside it from the first frame to the
 * last. */
static void test_frame(void)
{
    const char *out = vf_tmp_path("round.mp4");
    VfPlan *p = vf_test_render("round", LAYER_JSON(
        "{\"type\": \"video\", \"source\": \"bars.mp4\", \"position\": {\"custom\": "
        "{\"x\": 100, \"y\": 100}}, \"radius\": 40, \"border\": {\"width\": 10, "
        "\"color\": \"#FF0000\"}, \"shadow\": {\"color\": \"#000000\", \"offset\": "
        "{\"x\": 12, \"y\": 12}, \"blur\": 1}}"), out);
    VfTestFrame f = { 0 };
    if (!p || vf_test_decode_frame(out, 0, &f) < 0) {
        CHECK(0, "round: no frame 0");
        vf_plan_free(&p);
        return;
    }
    const uint8_t *corner = vf_test_pixel(&f, 93, 93), *edge = vf_test_pixel(&f, 94, 220);
    const uint8_t *inner = vf_test_pixel(&f, 120, 220), *far = vf_test_pixel(&f, 425, 345);
    CHECK(abs(corner[0] - 64) < 4 && abs(corner[1] - 64) < 4, "corner: %d %d %d", corner[0],
          corner[1], corner[2]);
    CHECK(far[0] < 20, "far corner, in the shadow: %d %d %d", far[0], far[1], far[2]);
    CHECK(edge[0] > 200 && edge[1] < 50, "border: %d %d %d", edge[0], edge[1], edge[2]);
    CHECK(inner[1] < 30, "picture (bar 0 of frame 0 is black): %d", inner[1]);
    CHECK(vf_test_pixel(&f, 436, 220)[0] < 20, "shadow at frame 0");
    vf_test_frame_free(&f);
    if (vf_test_decode_frame(out, 99, &f) == 0)
        CHECK(vf_test_pixel(&f, 436, 220)[0] < 20, "shadow at the last frame");
    vf_test_frame_free(&f);
    vf_plan_free(&p);
}

/* ---- sequences -------------------------------------------------------------- */

/* a: bars 0.. for 2 s, fades (0.8 s = 20 frames) into b: bars 100.. for 2 s,
 * which dissolves (0.4 s) into a red clip of 1 s: 50 + 50 + 25 - 20 - 10 = 95
 * frames; b starts at frame 30, red at 70. */
#define SEQ_JSON                                                                              \
    "{\"template_version\": \"1.0\", \"video\": {\"width\": 320, \"height\": 240, "          \
    "\"fps\": 25, \"clips\": ["                                                               \
    "{\"id\": \"a\", \"input\": \"bars.mp4\", \"trim\": {\"end\": 2}, "                       \
    "\"transition\": {\"type\": \"fade\", \"duration\": 0.8}},"                              \
    "{\"id\": \"b\", \"input\": \"bars100.mp4\", \"trim\": {\"end\": 2}, "                    \
    "\"transition\": {\"type\": \"dissolve\", \"duration\": 0.4}},"                          \
    "{\"id\": \"c\", \"color\": \"#FF0000\", \"duration\": 1}]}, "                            \
    "\"encoding\": {\"preset\": \"ultrafast\", \"crf\": 0}}"

/* Outside the transitions: a's frames, then b's; then red. */
static int expect_seq(int n)
{
    if (n < 30)
        return n;
    if (n >= 50 && n < 70)
        return 100 + (n - 30);
    return -2; /* inside a transition, or the red clip: checked apart */
}

static void check_sequence(const char *out)
{
    CHECK_INT(vf_test_count_frames(out), 95);
    for (int n = 0; n < 95; n++) {
        VfTestFrame f = { 0 };
        if (vf_test_decode_frame(out, n, &f) < 0)
            break;
        int want = expect_seq(n), got = bars_at(&f, 0, 0);
        const uint8_t *px = vf_test_pixel(&f, 10, 10);
        if (want != -2)
            CHECK(got == want, "sequence frame %d shows %d, expected %d", n, got, want);
        if (n >= 80) /* the red clip */
            CHECK(px[0] > 200 && px[1] < 40 && px[2] < 40, "frame %d: not red (%d %d %d)", n,
                  px[0], px[1], px[2]);
        vf_test_frame_free(&f);
    }
}

/* White fades into black over 20 frames from frame 30: frame 30 + j is
 * white at 1 - j / 20 (xfade's progress), the midpoint an even blend. */
static void test_fade_midpoint(void)
{
    const char *out = vf_tmp_path("fade.mp4");
    VfPlan *p = vf_test_render("fade",
        "{\"template_version\": \"1.0\", \"video\": {\"width\": 320, \"height\": 240, "
        "\"fps\": 25, \"clips\": [{\"color\": \"#FFFFFF\", \"duration\": 2, \"transition\": "
        "{\"type\": \"fade\", \"duration\": 0.8}}, {\"color\": \"#000000\", \"duration\": 2}]},"
        " \"encoding\": {\"preset\": \"ultrafast\", \"crf\": 0}}", out);
    int frames[] = { 29, 30, 35, 40, 45, 50 };
    double white[] = { 1, 1, 0.75, 0.5, 0.25, 0 };
    for (int i = 0; p && i < 6; i++) {
        VfTestFrame f = { 0 };
        CHECK(vf_test_decode_frame(out, frames[i], &f) == 0, "decode %d", frames[i]);
        const uint8_t *px = f.rgb ? vf_test_pixel(&f, 160, 120) : NULL;
        /* limited-range luma 16..235 mixed, seen back in RGB: within 3 levels */
        double want = 255 * white[i];
        CHECK(px && fabs(px[1] - want) <= 3, "fade frame %d: %d, expected %.0f", frames[i],
              px ? px[1] : -1, want);
        vf_test_frame_free(&f);
    }
    if (p)
        CHECK_INT(p->nb_frames, 80);
    vf_plan_free(&p);
}

static double mean_diff(const AVFrame *pv, const VfTestFrame *f)
{
    double diff = 0;
    for (int y = 0; y < f->height; y++)
        for (int x = 0; x < f->width * 3; x++)
            diff += abs(pv->data[0][y * pv->linesize[0] + x] - f->rgb[y * f->width * 3 + x]);
    return diff / (f->width * f->height * 3.0);
}

static void test_sequence(void)
{
    const char *out = vf_tmp_path("seq.mp4");
    VfPlan *p = vf_test_render("seq", SEQ_JSON, out);
    if (!p)
        return;
    check_sequence(out);
    /* --at-changes: the start, each clip's first and last frame, each
     * transition's midpoint */
    int64_t tiles[VF_SHEET_MAX_TILES];
    const int64_t want[] = { 0, 30, 40, 49, 70, 75, 79, 94 };
    int nb = vf_storyboard_frames(p, 0, tiles);
    CHECK_INT(nb, 8);
    for (int i = 0; i < nb && i < 8; i++)
        CHECK_INT(tiles[i], want[i]);
    /* previews inside, before and after transitions equal the render */
    int frames[] = { 5, 31, 40, 49, 60, 75, 90 };
    for (int i = 0; i < 7; i++) {
        AVFrame *pv = NULL;
        VfTestFrame f = { 0 };
        CHECK(vf_preview_frame(p, frames[i], &pv) == 0, "preview %d: %s", frames[i],
              vf_error_message());
        CHECK(vf_test_decode_frame(out, frames[i], &f) == 0, "decode %d", frames[i]);
        if (pv && f.rgb) {
            double d = mean_diff(pv, &f);
            CHECK(d < 1.0, "frame %d: preview differs from the render by %.2f", frames[i], d);
        }
        av_frame_free(&pv);
        vf_test_frame_free(&f);
    }
    vf_plan_free(&p);
}

/* The sound of clips and video layers is planned as audio clips: what a
 * mixer takes (source, trim, window, gain, crossfades over transitions). */
static void test_audio_plan(void)
{
    vf_test_sh("ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=s=160x120:r=25:d=2 "
               "-f lavfi -i sine=d=2 -c:v libx264 -preset ultrafast -c:a aac %s/av.mp4",
               vf_tmp_dir());
    VfPlan *p = vf_test_plan("audio",
        "{\"template_version\": \"1.0\", \"video\": {\"fps\": 25, \"clips\": ["
        "{\"input\": \"av.mp4\", \"transition\": {\"type\": \"fade\", \"duration\": 0.4}},"
        "{\"input\": \"av.mp4\", \"trim\": {\"start\": 0.5}, \"audio\": {\"volume\": -6}},"
        "{\"input\": \"av.mp4\", \"audio\": \"mute\"}]},"
        " \"overlays\": [{\"type\": \"video\", \"source\": \"av.mp4\", \"speed\": 2, "
        "\"audio\": {\"volume\": -3}, \"timeline\": {\"start\": 1}}]}");
    if (!p)
        return;
    const VfTimeline *tl = &p->timeline;
    CHECK_INT(tl->nb_tracks, 4); /* sequence, layer, the clips' sound, the layer's sound */
    if (tl->nb_tracks == 4) {
        const VfTrack *a = &tl->tracks[2], *v = &tl->tracks[3];
        CHECK_INT(a->kind, VF_TRACK_AUDIO);
        CHECK_INT(a->nb_clips, 2); /* the muted clip has none */
        if (a->nb_clips == 2) {
            CHECK(fabs(a->clips[0].source.fade_out - 0.4) < 1e-9, "fade out %g",
                  a->clips[0].source.fade_out);
            CHECK(fabs(a->clips[1].source.fade_in - 0.4) < 1e-9, "fade in %g",
                  a->clips[1].source.fade_in);
            CHECK_INT(a->clips[1].first_frame, 40);
            CHECK(a->clips[1].source.gain_db == -6, "gain %g", a->clips[1].source.gain_db);
            CHECK(a->clips[1].source.trim_start == 0.5, "trim %g", a->clips[1].source.trim_start);
        }
        CHECK(v->nb_clips == 1 && v->clips[0].source.speed == 2 &&
              v->clips[0].source.gain_db == -3 && v->clips[0].first_frame == 25,
              "the layer's sound: speed 2, -3 dB, from frame 25");
    }
    vf_plan_free(&p);
}

int main(void)
{
    make_source("bars.mp4", 0, 8);
    make_source("bars100.mp4", 100, 3);
    test_layers();
    test_frame();
    test_sequence();
    test_fade_midpoint();
    test_audio_plan();
    vf_tmp_cleanup();
    return vf_check_summary("golden_clips");
}
