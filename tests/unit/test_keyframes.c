/* Keyframes and rotation: property evaluation with every easing, the
 * template's lists on the clip's properties, and rendered (lossless) frames
 * where a keyframed position matches the easing formula within a pixel and a
 * 90 degree turn puts a marker where it belongs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "frames.h"
#include "render.h"
#include "plan/animate.h"
#include "plan/motion.h"
#include "plan/timeline.h"
#include "tmpfile.h"

static void test_property(void)
{
    VfKeyframe k[3] = { { 0, 0, VF_EASE_HOLD }, { 1, 10, VF_EASE_IN }, { 2, 20, VF_EASE_IN } };
    VfProperty p = { 5, k, 3 };
    CHECK(vf_property_at(&p, -1) == 0 && vf_property_at(&p, 0.99) == 0, "hold keeps the value");
    CHECK(vf_property_at(&p, 1) == 10, "then jumps at the next key");
    CHECK(fabs(vf_property_at(&p, 1.5) - (10 + 10 * 0.125)) < 1e-9, "ease_in between");
    CHECK(vf_property_at(&p, 9) == 20, "the last value after the last key");
    CHECK(vf_ease(VF_EASE_HOLD, 0.999) == 0 && vf_ease(VF_EASE_HOLD, 1) == 1, "hold easing");
}

static const char *head = "{\"template_version\": \"1.0\",\n"
    " \"video\": {\"width\": 320, \"height\": 240, \"fps\": 30, \"duration\": %s},\n"
    " \"overlays\": [%s],\n"
    " \"encoding\": {\"preset\": \"ultrafast\", \"crf\": 0}}\n";

static void test_clip_props(void)
{
    char json[2048];
    snprintf(json, sizeof(json), head, "2",
             "{\"type\": \"shape\", \"shape\": \"rect\", \"width\": 20, \"height\": 20,"
             " \"position\": {\"preset\": \"CENTER\", \"offset\": {\"y\": [{\"t\": 0, \"value\": -50},"
             " {\"t\": 1, \"value\": 50, \"easing\": \"ease_out\"}]}},"
             " \"transform\": {\"scale\": [{\"t\": 0, \"value\": 2}, {\"t\": 1, \"value\": 1}]}}");
    VfPlan *p = vf_test_plan("props", json);
    if (!p)
        return;
    const VfClip *c = vf_motion_clip_of(p, 0);
    const VfProperty *y = &c->props[VF_PROP_Y], *s = &c->props[VF_PROP_SCALE];
    CHECK(y->nb_keys == 2 && y->keys[1].easing == VF_EASE_OUT, "y keys on the clip");
    /* the raster is drawn at the largest scale: 40x40 with the box centred */
    CHECK(p->layers[0].box_w == 40 && y->keys[0].value == p->layers[0].raster_y, "y from the raster");
    CHECK(y->keys[1].value - y->keys[0].value == 100, "100 px of travel");
    CHECK(s->nb_keys == 2 && s->keys[0].value == 1 && s->keys[1].value == 0.5, "scale relative");
    CHECK(c->canvas_w > 0 && c->canvas_x % 2 == 0 && c->canvas_y % 2 == 0, "an even canvas");
    vf_plan_free(&p);
}

static int lit(const uint8_t *p) { return p[0] > 127 && p[1] > 127; }
static int red(const uint8_t *p) { return p[0] > 127 && p[1] < 100; }

static void test_position(void)
{
    char json[2048], out[512];
    snprintf(json, sizeof(json), head, "1.5",
             "{\"type\": \"shape\", \"shape\": \"rect\", \"width\": 20, \"height\": 20,"
             " \"position\": {\"offset\": {\"x\": [{\"t\": 0, \"value\": 0, \"easing\": \"ease_in_out\"},"
             " {\"t\": 1, \"value\": 200}], \"y\": 100}}},"
             "{\"type\": \"shape\", \"shape\": \"rect\", \"width\": 10, \"height\": 10,"
             " \"position\": {\"offset\": {\"x\": [{\"t\": 0, \"value\": 0, \"easing\": \"hold\"},"
             " {\"t\": 1, \"value\": 100}], \"y\": 200}}}");
    snprintf(out, sizeof(out), "%s", vf_tmp_path("pos.mp4"));
    VfPlan *p = vf_test_render("pos", json, out);
    static const int frames[] = { 0, 4, 9, 15, 21, 26, 29, 30, 40 };
    for (size_t i = 0; p && i < sizeof(frames) / sizeof(frames[0]); i++) {
        VfTestFrame f;
        int n = frames[i];
        if (vf_test_decode_frame(out, n, &f) < 0) {
            CHECK(0, "decode %d", n);
            continue;
        }
        double x = 200 * vf_ease(VF_EASE_IN_OUT, n / 30.0);
        /* the two shapes are apart in y: the first one's rows only */
        int count = vf_test_count(&f, 0, 100, 320, 120, lit);
        int x0 = -1;
        for (int xx = 0; xx < 320 && x0 < 0; xx++)
            if (lit(vf_test_pixel(&f, xx, 110)))
                x0 = xx;
        CHECK(abs(x0 - (int)lround(x)) <= 1 && count >= 380 && count <= 420,
              "frame %d: left edge %d, expected %.2f (%d px lit)", n, x0, x, count);
        int h0 = -1;
        for (int xx = 0; xx < 320 && h0 < 0; xx++)
            if (lit(vf_test_pixel(&f, xx, 205)))
                h0 = xx;
        CHECK(h0 == (n < 30 ? 0 : 100), "frame %d: hold keeps 0 until t 1: %d", n, h0);
        vf_test_frame_free(&f);
    }
    vf_plan_free(&p);
}

static void test_rotation(void)
{
    char json[2048], out[512];
    vf_test_sh("ffmpeg -hide_banner -loglevel error -y -f lavfi -i color=white:s=100x20 "
               "-vf drawbox=x=90:y=0:w=10:h=20:color=red:t=fill -frames:v 1 %s",
               vf_tmp_path("marker.png"));
    snprintf(json, sizeof(json), head, "0.5",
             "{\"type\": \"image\", \"source\": \"marker.png\","
             " \"position\": {\"custom\": {\"x\": 110, \"y\": 110}}, \"transform\": {\"rotation\": 90}}");
    snprintf(out, sizeof(out), "%s", vf_tmp_path("rot.mp4"));
    VfPlan *p = vf_test_render("rot", json, out);
    VfTestFrame f;
    int box[4];
    if (!p || vf_test_decode_frame(out, 3, &f) < 0) {
        CHECK(0, "render and decode");
        vf_plan_free(&p);
        return;
    }
    /* box centre (160, 120); the marker, 40..50 px right of it, turns to below it */
    vf_test_find(&f, red, box);
    double cx = (box[0] + box[2]) / 2.0, cy = (box[1] + box[3]) / 2.0;
    CHECK(fabs(cx - 159.5) <= 1 && fabs(cy - 164.5) <= 1, "marker centre (%.1f, %.1f), expected "
          "(159.5, 164.5)", cx, cy);
    vf_test_find(&f, lit, box);
    CHECK(abs(box[0] - 150) <= 1 && abs(box[2] - 169) <= 1 && abs(box[1] - 70) <= 1,
          "the bar stands upright: %d,%d..%d,%d", box[0], box[1], box[2], box[3]);
    vf_test_frame_free(&f);
    vf_plan_free(&p);
}

static int faint(const uint8_t *p) { return p[0] > 40; }

/* An in-animation combines with keyframes: a slide's offset adds to the
 * keyframed position, a fade multiplies the alpha. */
static void test_with_animation(void)
{
    char json[2048], out[512];
    snprintf(json, sizeof(json), head, "1.5",
             "{\"type\": \"shape\", \"shape\": \"rect\", \"width\": 20, \"height\": 20,"
             " \"position\": {\"offset\": {\"x\": [{\"t\": 0, \"value\": 0}, {\"t\": 1, \"value\": 100}], \"y\": 100}},"
             " \"timeline\": {\"animation\": {\"in\": {\"type\": \"slide_down\", \"duration\": 1,"
             " \"easing\": \"linear\", \"distance\": 60}}}}");
    snprintf(out, sizeof(out), "%s", vf_tmp_path("anim.mp4"));
    VfPlan *p = vf_test_render("anim", json, out);
    VfTestFrame f;
    int box[4];
    if (!p || vf_test_decode_frame(out, 15, &f) < 0) {
        CHECK(0, "render and decode");
        vf_plan_free(&p);
        return;
    }
    /* t 0.5: x 50 from the keys, y 100 - 60 * 0.5 from the slide, alpha 0.5 */
    vf_test_find(&f, faint, box);
    const uint8_t *c = vf_test_pixel(&f, box[0] + 10, box[1] + 10);
    CHECK(abs(box[0] - 50) <= 1 && abs(box[1] - 70) <= 1, "at (%d, %d), expected (50, 70)", box[0],
          box[1]);
    CHECK(abs(c[0] - 128) <= 8, "half faded: %d", c[0]);
    vf_test_frame_free(&f);
    vf_plan_free(&p);
}

int main(void)
{
    test_with_animation();
    test_property();
    test_clip_props();
    test_position();
    test_rotation();
    vf_tmp_cleanup();
    return vf_check_summary("keyframes");
}
