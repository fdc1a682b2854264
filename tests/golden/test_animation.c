/* Animations, rendered losslessly (x264 qp 0) and measured: opacity from the
 * brightness of a white overlay over black, position and wipe edges from its
 * bounding box, typewriter from the count of visible letters. Each measured
 * value is compared with the formula in plan/animate.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "frames.h"
#include "render.h"
#include "plan/animate.h"
#include "plan/plan.h"
#include "render/preview.h"
#include "template/template.h"
#include "tmpfile.h"
#include "vidforge/error.h"
#include "vidforge/log.h"
#include "vidforge/vidforge.h"

#define FPS 30
#define BOX_X 110
#define BOX_Y 90
#define BOX_W 100
#define BOX_H 60

/* Renders one overlay with the given animation JSON; returns the plan. */
static VfPlan *render_anim(const char *name, const char *overlay_json, const char *out)
{
    char json[4096];
    snprintf(json, sizeof(json),
             "{\"template_version\": \"1.0\",\n"
             " \"video\": {\"width\": 320, \"height\": 240, \"fps\": %d, \"duration\": 3},\n"
             " \"overlays\": [%s],\n"
             " \"encoding\": {\"preset\": \"ultrafast\", \"crf\": 0}}\n", FPS, overlay_json);
    return vf_test_render(name, json, out);
}

static const char *box_overlay(const char *anim)
{
    static char buf[1024];
    snprintf(buf, sizeof(buf),
             "{\"type\": \"image\", \"id\": \"box\", \"source\": \"white.png\","
             " \"position\": {\"custom\": {\"x\": %d, \"y\": %d}},"
             " \"timeline\": {\"start\": 0.5, \"end\": 2.5, \"animation\": %s}}",
             BOX_X, BOX_Y, anim);
    return buf;
}

static int lit(const uint8_t *p) { return p[0] > 12; }

typedef struct Measure {
    double brightness; /* sum of R / 255 over the frame, in box areas */
    int box[4];
    int lit;
} Measure;

static int measure(const char *out, int n, Measure *m)
{
    VfTestFrame f;
    if (vf_test_decode_frame(out, n, &f) < 0)
        return -1;
    double sum = 0;
    for (int i = 0; i < f.width * f.height; i++)
        sum += f.rgb[i * 3];
    m->brightness = sum / 255.0 / (BOX_W * BOX_H);
    m->lit = vf_test_find(&f, lit, m->box);
    vf_test_frame_free(&f);
    return 0;
}

static void check_frames(const char *name, const char *out, const VfPlanLayer *l,
                         const int *frames, int nb)
{
    for (int i = 0; i < nb; i++) {
        int n = frames[i];
        VfAnimState s;
        vf_anim_state(l, (double)n / FPS, &s);
        Measure m;
        if (measure(out, n, &m) < 0) {
            CHECK(0, "%s: decode frame %d", name, n);
            continue;
        }
        /* where the box is: position (slides), size (zoom), edges (wipes) */
        double w = BOX_W * s.scale, h = BOX_H * s.scale;
        double x0 = BOX_X + s.dx + BOX_W / 2.0 - w / 2 + s.reveal_from * w;
        double x1 = BOX_X + s.dx + BOX_W / 2.0 - w / 2 + s.reveal_to * w - 1;
        double y0 = BOX_Y + s.dy + BOX_H / 2.0 - h / 2, y1 = y0 + h - 1;
        /* the part of it inside the 320x240 frame */
        double in_w = fmax(0, fmin(x1 + 1, 320) - fmax(x0, 0));
        double in_h = fmax(0, fmin(y1 + 1, 240) - fmax(y0, 0));
        double want = s.opacity * in_w * in_h / (BOX_W * BOX_H);
        CHECK(fabs(m.brightness - want) <= 0.03, "%s frame %d: brightness %.3f, formula %.3f", name,
              n, m.brightness, want);
        if (want < 0.02 || !m.lit)
            continue;
        int clipped_x = x0 < 0 || x1 > 319, clipped_y = y0 < 0 || y1 > 239;
        if (!clipped_x)
            CHECK(fabs(m.box[0] - x0) <= 2 && fabs(m.box[2] - x1) <= 2,
                  "%s frame %d: x %d..%d, formula %.1f..%.1f", name, n, m.box[0], m.box[2], x0, x1);
        if (!clipped_y)
            CHECK(fabs(m.box[1] - y0) <= 2 && fabs(m.box[3] - y1) <= 2,
                  "%s frame %d: y %d..%d, formula %.1f..%.1f", name, n, m.box[1], m.box[3], y0, y1);
    }
}

static void test_types(void)
{
    static const struct {
        const char *name, *anim;
    } cases[] = {
        { "fade", "{\"in\": {\"type\": \"fade\", \"duration\": 1, \"easing\": \"linear\"},"
                  " \"out\": {\"type\": \"fade\", \"duration\": 1}}" },
        { "slide_up", "{\"in\": {\"type\": \"slide_up\", \"duration\": 1, \"distance\": 60},"
                      " \"out\": {\"type\": \"slide_down\", \"duration\": 1, \"easing\": \"ease_in_out\"}}" },
        { "slide_lr", "{\"in\": {\"type\": \"slide_left\", \"duration\": 1, \"easing\": \"linear\"},"
                      " \"out\": {\"type\": \"slide_right\", \"duration\": 1, \"distance\": \"offscreen\"}}" },
        { "zoom", "{\"in\": {\"type\": \"zoom\", \"duration\": 1, \"easing\": \"linear\"},"
                  " \"out\": {\"type\": \"zoom\", \"duration\": 1, \"easing\": \"linear\"}}" },
        { "wipe", "{\"in\": {\"type\": \"wipe_right\", \"duration\": 1, \"easing\": \"linear\"},"
                  " \"out\": {\"type\": \"wipe_left\", \"duration\": 1, \"easing\": \"linear\"}}" },
        { "wipe2", "{\"in\": {\"type\": \"wipe_left\", \"duration\": 1},"
                   " \"out\": {\"type\": \"wipe_right\", \"duration\": 1}}" },
    };
    /* in: frames 15..45, out: 45..75 (start, middle, near the end, end) */
    static const int frames[] = { 14, 15, 22, 30, 44, 45, 52, 60, 74, 75 };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char out[64];
        snprintf(out, sizeof(out), "%s.mp4", cases[i].name);
        const char *path = strdup(vf_tmp_path(out));
        VfPlan *plan = render_anim(cases[i].name, box_overlay(cases[i].anim), path);
        if (plan)
            check_frames(cases[i].name, path, &plan->layers[0], frames,
                         (int)(sizeof(frames) / sizeof(frames[0])));
        vf_plan_free(&plan);
        free((void *)path);
    }
}

static int bright(const uint8_t *p) { return p[0] > 100; }
static int red(const uint8_t *p) { return p[0] > 100 && p[1] < 80; }

/* Letters visible in a band of rows: runs of columns with a pixel that is(). */
static int count_runs(const char *out, int n, int y0, int y1, int (*is)(const uint8_t *))
{
    VfTestFrame f;
    if (vf_test_decode_frame(out, n, &f) < 0)
        return -1;
    int runs = 0, in_run = 0;
    for (int x = 0; x < f.width; x++) {
        int any = 0;
        for (int y = y0; y < y1 && y < f.height && !any; y++)
            any = is(vf_test_pixel(&f, x, y));
        runs += any && !in_run;
        in_run = any;
    }
    vf_test_frame_free(&f);
    return runs;
}

/* At each frame, the runs is() finds across the middle of the text's box
 * (moved down by dy) equal the letters typed by then. */
static void check_typing(const char *path, const VfPlanLayer *l, const int *frames, int n, int dy,
                         int (*is)(const uint8_t *))
{
    int y0 = l->box_y + l->box_h / 4 + dy, y1 = l->box_y + l->box_h * 3 / 4 + dy;
    for (int i = 0; i < n; i++) {
        VfAnimState s;
        vf_anim_state(l, (double)frames[i] / FPS, &s);
        int chars = s.chars < 0 ? l->nb_clusters : s.chars;
        int letters = (chars + 1) / 2; /* letters sit at even cluster indices */
        int runs = count_runs(path, frames[i], y0, y1, is);
        CHECK(runs == letters, "frame %d: %d letters seen, %d typed", frames[i], runs, letters);
    }
}

static void test_typewriter(void)
{
    const char *ov = "{\"type\": \"text\", \"id\": \"tw\", \"content\": \"I I I I I\","
                     " \"position\": {\"custom\": {\"x\": 20, \"y\": 80}},"
                     " \"timeline\": {\"start\": 0.5, \"end\": 2.5,"
                     "  \"animation\": {\"in\": {\"type\": \"typewriter\", \"duration\": 1}}},"
                     " \"style\": {\"size\": 60, \"font\": \"Inter\"}}";
    const char *path = strdup(vf_tmp_path("tw.mp4"));
    VfPlan *plan = render_anim("typewriter", ov, path);
    if (plan) {
        const VfPlanLayer *l = &plan->layers[0];
        CHECK_INT(l->nb_clusters, 9); /* 5 letters and 4 spaces */
        static const int frames[] = { 15, 16, 19, 22, 26, 30, 37, 44, 45, 60 };
        check_typing(path, l, frames, (int)(sizeof(frames) / sizeof(frames[0])), 0, bright);
    }
    vf_plan_free(&plan);
    free((void *)path);
}

/* A letter's shadow appears with the letter, not with the first one. */
static void test_typewriter_shadow(void)
{
    const char *ov = "{\"type\": \"text\", \"id\": \"tw\", \"content\": \"I I I I I\","
                     " \"position\": {\"custom\": {\"x\": 20, \"y\": 40}},"
                     " \"timeline\": {\"start\": 0.5, \"end\": 2.5,"
                     "  \"animation\": {\"in\": {\"type\": \"typewriter\", \"duration\": 1}}},"
                     " \"style\": {\"size\": 60, \"font\": \"Inter\","
                     "  \"shadow\": {\"color\": \"#FF0000\", \"offset\": {\"x\": 0, \"y\": 80},"
                     "  \"blur\": 2}}}";
    const char *path = strdup(vf_tmp_path("tws.mp4"));
    VfPlan *plan = render_anim("typewriter_shadow", ov, path);
    if (plan) {
        const VfPlanLayer *l = &plan->layers[0];
        static const int frames[] = { 16, 22, 30, 37, 60 };
        check_typing(path, l, frames, (int)(sizeof(frames) / sizeof(frames[0])), 80, red);
    }
    vf_plan_free(&plan);
    free((void *)path);
}

static void test_overlap_rejected(void)
{
    const char *json = "{\"template_version\": \"1.0\", \"video\": {\"duration\": 3},\n"
                       " \"overlays\": [{\"type\": \"text\", \"content\": \"x\", \"timeline\": "
                       "{\"start\": 1, \"end\": 2, \"animation\": {\"in\": {\"type\": \"fade\", "
                       "\"duration\": 0.6}, \"out\": {\"type\": \"zoom\", \"duration\": 0.5}}}}]}";
    VfDiagList d = { 0 };
    VfTemplate *t = NULL;
    CHECK(vf_template_load(vf_test_limits(), vf_tmp_write("overlap.json", json), NULL, &d, &t) == VF_ERR_TEMPLATE,
          "overlapping animations are an error");
    CHECK(d.count == 1 && strstr(d.items[0].message, "overlap") &&
          !strcmp(d.items[0].pointer, "/overlays/0/timeline/animation"), "located");
    vf_diag_list_clear(&d);
}

/* A preview frame equals the same frame decoded from a lossless render. */
static void test_preview_matches_render(void)
{
    vf_test_sh("ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=s=320x240:r=25:d=3 "
               "-c:v libx264 -preset ultrafast -g 20 -bf 2 %s/base.ts", vf_tmp_dir());
    char json[2048];
    snprintf(json, sizeof(json),
             "{\"template_version\": \"1.0\",\n"
             " \"video\": {\"input\": \"base.ts\", \"fps\": 30},\n"
             " \"overlays\": [%s,\n"
             "  {\"type\": \"text\", \"content\": \"Preview\", \"style\": {\"size\": 40},"
             "   \"timeline\": {\"animation\": {\"in\": {\"type\": \"slide_right\", \"duration\": 2}}}}],\n"
             " \"encoding\": {\"preset\": \"ultrafast\", \"crf\": 0}}\n",
             box_overlay("{\"in\": {\"type\": \"zoom\", \"duration\": 1}}"));
    const char *out = strdup(vf_tmp_path("pv.mp4"));
    VfPlan *plan = vf_test_render("pv", json, out); /* lossless render */
    static const int frames[] = { 0, 20, 31, 47, 70, 89 };
    for (size_t i = 0; plan && i < sizeof(frames) / sizeof(frames[0]); i++) {
        AVFrame *pv = NULL;
        VfTestFrame f;
        vf_error_clear();
        CHECK(vf_preview_frame(plan, frames[i], &pv) == 0, "preview %d: %s", frames[i],
              vf_error_message());
        CHECK(vf_test_decode_frame(out, frames[i], &f) == 0, "decode %d", frames[i]);
        if (!pv || !f.rgb)
            continue;
        double diff = 0;
        for (int y = 0; y < f.height; y++)
            for (int x = 0; x < f.width * 3; x++)
                diff += abs(pv->data[0][y * pv->linesize[0] + x] - f.rgb[y * f.width * 3 + x]);
        diff /= f.width * f.height * 3.0;
        CHECK(diff < 1.0, "frame %d: preview differs from the render by %.2f on average",
              frames[i], diff);
        av_frame_free(&pv);
        vf_test_frame_free(&f);
    }
    if (plan) {
        CHECK_INT(vf_preview_frame_at(plan, 1.0), 30);
        CHECK_INT(vf_preview_frame_at(plan, 1.0 - 1e-3), 29);
        CHECK_INT(vf_preview_frame_at(plan, 99), plan->nb_frames - 1);
    }
    vf_plan_free(&plan);
    free((void *)out);
}

int main(void)
{
    vf_test_sh("ffmpeg -hide_banner -loglevel error -y -f lavfi -i color=c=white:s=%dx%d "
               "-frames:v 1 %s/white.png", BOX_W, BOX_H, vf_tmp_dir());
    test_types();
    test_typewriter();
    test_typewriter_shadow();
    test_overlap_rejected();
    test_preview_matches_render();
    vf_tmp_cleanup();
    return vf_check_summary("animation");
}
