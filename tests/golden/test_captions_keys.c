/* The captions layer's remaining keys (issue 17), each checked on the plan
 * or the rendered pixels: reveal (words appear as spoken and stay), the
 * per-caption in-animation, highlight_style background and scale (the
 * pop), max_width, the timeline window, and a binary source file refused
 * with exit 3's error naming it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "frames.h"
#include "render.h"
#include "plan/plan.h"
#include "template/template.h"
#include "tmpfile.h"
#include "vidforge/error.h"
#include "vidforge/plan.h"

#define W 320
#define H 180
#define FPS 25

static char json[8192];

static const char *tpl(const char *keys)
{
    snprintf(json, sizeof(json),
             "{\"template_version\": \"1.0\",\n"
             " \"video\": {\"width\": %d, \"height\": %d, \"fps\": %d, \"duration\": 3,"
             " \"background\": \"#000000\"},\n"
             " \"overlays\": [{\"type\": \"captions\", \"id\": \"cc\", %s}],\n"
             " \"encoding\": {\"preset\": \"ultrafast\", \"crf\": 0}}\n", W, H, FPS, keys);
    return json;
}

static const VfPlanLayer *item(const VfPlan *p, const char *id)
{
    for (int i = 0; p && i < p->nb_layers; i++)
        for (int k = 0; p->layers[i].captions && k < p->layers[i].captions->nb_items; k++)
            if (!strcmp(p->layers[i].captions->items[k].id, id))
                return &p->layers[i].captions->items[k];
    return NULL;
}

static int lit(const uint8_t *p) { return p[0] > 128 && p[1] > 128 && p[2] > 128; }

static int lit_at(const char *out, int n)
{
    VfTestFrame f;
    int box[4];
    if (vf_test_decode_frame(out, n, &f) < 0)
        return -1;
    int c = vf_test_find(&f, lit, box);
    vf_test_frame_free(&f);
    return c;
}

#define TWO_WORDS                                                                             \
    "\"cues\": [{\"start\": 0.4, \"end\": 2.4, \"text\": \"alpha omega\", \"words\": ["     \
    "{\"text\": \"alpha\", \"start\": 0.4, \"end\": 1.2},"                                  \
    "{\"text\": \"omega\", \"start\": 1.2, \"end\": 2.4}]}], \"style\": {\"size\": 40}"

/* reveal: "omega" is not drawn before 1.2 s (frame 30), drawn after, kept. */
static void test_reveal(void)
{
    const char *out = vf_tmp_path("reveal.mp4");
    VfPlan *p = vf_test_render("reveal", tpl(TWO_WORDS ", \"highlight\": \"reveal\""), out);
    const VfPlanLayer *w1 = item(p, "cc.0.w1");
    CHECK(w1 && w1->first_frame == 30 && w1->end_frame == 60,
          "omega's layer: from its start to the caption's end [30, 60)");
    int a = lit_at(out, 20), b = lit_at(out, 29), c = lit_at(out, 30), d = lit_at(out, 59);
    CHECK(a > 50 && a == b && c > b * 3 / 2 && d == c,
          "one word, then both on frame 30, kept: %d %d %d %d lit px on frames 20 29 30 59", a, b,
          c, d);
    vf_plan_free(&p);
}

/* animation: each caption fades in over 0.4 s (10 frames) from its own start. */
static void test_animation(void)
{
    const char *out = vf_tmp_path("fade.mp4");
    VfPlan *p = vf_test_render("fade", tpl(
        "\"cues\": [{\"start\": 0, \"end\": 1, \"text\": \"first\"},"
        " {\"start\": 1.4, \"end\": 2.8, \"text\": \"second\"}], \"style\": {\"size\": 40},"
        " \"animation\": {\"in\": {\"type\": \"fade\", \"duration\": 0.4}}"), out);
    const VfPlanLayer *c1 = item(p, "cc.1");
    CHECK(c1 && c1->anim[0].type == VF_ANIM_FADE && fabs(c1->anim[0].duration - 0.4) < 1e-9,
          "the second caption has its own fade-in");
    int early = lit_at(out, 36), late = lit_at(out, 46);
    CHECK(early >= 0 && late > 100 && early < late / 2,
          "the second caption fades in from its start: %d lit px on frame 36, %d on 46", early,
          late);
    vf_plan_free(&p);
}

/* highlight_style: a box behind the spoken word, and the word 1.5 x larger. */
static void test_highlight_style(void)
{
    VfPlan *plain = vf_test_plan("hl_plain", tpl(TWO_WORDS ", \"highlight\": \"word\""));
    VfPlan *pop = vf_test_plan("hl_pop", tpl(TWO_WORDS ", \"highlight\": \"word\", "
        "\"highlight_style\": {\"scale\": 1.5, \"background\": {\"color\": \"#FF0000\", "
        "\"padding\": 6}}"));
    const VfPlanLayer *a = item(plain, "cc.0.w0"), *b = item(pop, "cc.0.w0");
    CHECK(a && b && b->raster.width > a->raster.width * 13 / 10 &&
          b->raster.height > a->raster.height * 13 / 10,
          "scale 1.5 and padding: the word's raster %dx%d, plain %dx%d", b ? b->raster.width : -1,
          b ? b->raster.height : -1, a ? a->raster.width : -1, a ? a->raster.height : -1);
    int red = 0;
    for (size_t i = 0; b && i < (size_t)b->raster.width * b->raster.height; i++) {
        const uint8_t *q = &b->raster.pixels[i * 4];
        red += q[3] == 255 && q[0] > 200 && q[1] < 40 && q[2] < 40;
    }
    CHECK(red > 200, "the box is drawn behind the word (%d red px)", red);
    vf_plan_free(&plain);
    vf_plan_free(&pop);
}

/* max_width wraps; timeline keeps the captions inside its window. */
static void test_width_and_window(void)
{
    VfPlan *p = vf_test_plan("narrow", tpl(
        "\"cues\": [{\"start\": 0, \"end\": 3, \"text\": \"a caption of a few words\"}],"
        " \"max_width\": 120, \"max_lines\": 4, \"timeline\": {\"start\": 1, \"end\": 2},"
        " \"style\": {\"size\": 24}"));
    const VfPlanLayer *l = item(p, "cc.0");
    CHECK(l && l->box_w <= 120 && l->box_h > 2 * 24,
          "max_width 120: %dx%d, wrapped", l ? l->box_w : -1, l ? l->box_h : -1);
    CHECK(l && l->first_frame == 25 && l->end_frame == 50,
          "timeline [1, 2): the cue [0, 3) shows on frames [25, 50), got [%lld, %lld)",
          l ? (long long)l->first_frame : -1LL, l ? (long long)l->end_frame : -1LL);
    vf_plan_free(&p);
}

/* A binary file named as captions: VF_ERR_ASSET, the message naming it. */
static void test_binary_source(void)
{
    static const char bin[] = { 'W', 'E', 'B', 'V', 'T', 'T', '\0', 1, 2, 3, 0 };
    const char *path = vf_tmp_path("noise.srt");
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(bin, 1, sizeof(bin), f);
        fclose(f);
    }
    VfTemplate *t = NULL;
    VfDiagList d = { 0 };
    VfPlan *p = NULL;
    int ret = vf_template_load(vf_test_limits(), vf_tmp_write("binary.json",
                               tpl("\"source\": \"noise.srt\"")), NULL, &d, &t);
    if (ret >= 0)
        ret = vf_plan_create(vf_test_env(), t, &p);
    CHECK(ret == VF_ERR_ASSET && strstr(vf_error_message(), "noise.srt"),
          "a binary captions file is an asset error naming it (%d): %s", ret,
          vf_error_message());
    vf_plan_free(&p);
    vf_template_free(&t);
    vf_diag_list_clear(&d);
}

int main(void)
{
    test_reveal();
    test_animation();
    test_highlight_style();
    test_width_and_window();
    test_binary_source();
    vf_tmp_cleanup();
    return vf_check_summary("captions_keys");
}
