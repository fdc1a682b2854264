/* Shapes: coverage at the edges of rects, ellipses, strokes and lines drawn
 * directly, then shapes planned and rendered (lossless) where their boxes
 * say, with anti-aliased edges. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "frames.h"
#include "render.h"
#include "plan/shape.h"
#include "tmpfile.h"
#include "util/raster.h"

static int alpha(const VfRaster *r, int x, int y)
{
    return r->pixels[((size_t)y * r->width + x) * 4 + 3];
}

static const uint8_t *px(const VfRaster *r, int x, int y)
{
    return &r->pixels[((size_t)y * r->width + x) * 4];
}

static VfShapeStyle style(int kind)
{
    return (VfShapeStyle){ .kind = kind, .fill = { 255, 255, 255, 255 }, .opacity = 1 };
}

static void test_rect(void)
{
    VfShapeStyle st = style(VF_SHAPE_RECT);
    VfRaster r;
    int ix, iy;
    CHECK(vf_shape_draw(&st, 10.5, 6, &r, &ix, &iy) == 0, "draw");
    int m = -ix;
    CHECK(r.width == 11 + 2 * m && r.height == 6 + 2 * m, "raster %dx%d, margin %d", r.width,
          r.height, m);
    CHECK(alpha(&r, m, m + 2) == 255 && alpha(&r, m + 9, m + 2) == 255, "inside is opaque");
    int edge = alpha(&r, m + 10, m + 2);
    CHECK(edge > 120 && edge < 136, "the half-covered column is half opaque: %d", edge);
    CHECK(alpha(&r, m + 11, m + 2) == 0 && alpha(&r, m - 1, m + 2) == 0, "outside is clear");
    vf_raster_free(&r);
}

static void test_ellipse(void)
{
    VfShapeStyle st = style(VF_SHAPE_ELLIPSE);
    VfRaster r;
    int ix, iy;
    CHECK(vf_shape_draw(&st, 40, 40, &r, &ix, &iy) == 0, "draw");
    int m = -ix, partial = 0;
    double area = 0;
    for (int y = 0; y < r.height; y++)
        for (int x = 0; x < r.width; x++) {
            area += alpha(&r, x, y) / 255.0;
            partial += alpha(&r, x, y) > 10 && alpha(&r, x, y) < 245;
        }
    CHECK(alpha(&r, m + 20, m + 20) == 255 && alpha(&r, m, m) == 0, "centre full, corner empty");
    CHECK(fabs(area - M_PI * 400) < M_PI * 400 * 0.01, "area %.1f, expected %.1f", area,
          M_PI * 400);
    CHECK(partial >= 40, "anti-aliased rim: %d partly covered pixels", partial);
    vf_raster_free(&r);
}

static void test_stroke_and_line(void)
{
    VfShapeStyle st = style(VF_SHAPE_RECT);
    st.fill = (VfColor){ 0, 0, 255, 255 };
    st.stroke = (VfColor){ 255, 0, 0, 255 };
    st.stroke_width = 4;
    VfRaster r;
    int ix, iy;
    CHECK(vf_shape_draw(&st, 40, 20, &r, &ix, &iy) == 0, "draw");
    int m = -ix;
    CHECK(px(&r, m + 1, m + 10)[0] == 255 && px(&r, m + 3, m + 10)[2] == 0, "stroke inside the edge");
    CHECK(px(&r, m + 4, m + 10)[2] == 255 && px(&r, m + 20, m + 10)[0] == 0, "fill within it");
    CHECK(alpha(&r, m - 1, m + 10) == 0, "nothing outside the box");
    vf_raster_free(&r);

    st = style(VF_SHAPE_LINE);
    st.stroke = st.fill;
    st.stroke_width = 2;
    CHECK(vf_shape_draw(&st, 100, 0, &r, &ix, &iy) == 0, "draw line");
    m = -ix;
    CHECK(alpha(&r, m + 50, m - 1) == 255 && alpha(&r, m + 50, m) == 255, "2 px thick on the box's top");
    CHECK(alpha(&r, m + 50, m + 1) == 0 && alpha(&r, m + 50, m - 2) == 0, "and no thicker");
    CHECK(alpha(&r, m + 100, m) == 0 && alpha(&r, m + 99, m) == 255, "butt ends at the box");
    vf_raster_free(&r);
}

static int red(const uint8_t *p) { return p[0] > 127 && p[1] < 100; }
static int green(const uint8_t *p) { return p[1] > 127 && p[0] < 100; }
static int partly_green(const uint8_t *p) { return p[1] > 30 && p[1] < 200 && p[0] < 60; }

static void test_rendered(void)
{
    const char *json =
        "{\"template_version\": \"1.0\",\n"
        " \"video\": {\"width\": 320, \"height\": 240, \"fps\": 10, \"duration\": 0.5},\n"
        " \"overlays\": [\n"
        "  {\"type\": \"shape\", \"shape\": \"rect\", \"width\": 41, \"height\": 21, \"fill\": \"#FF0000\",\n"
        "   \"position\": {\"preset\": \"BOTTOM_RIGHT\", \"offset\": {\"x\": -20, \"y\": -10}},\n"
        "   \"shadow\": {\"color\": \"#00000080\", \"offset\": {\"x\": 3, \"y\": 3}, \"blur\": 2}},\n"
        "  {\"type\": \"shape\", \"shape\": \"ellipse\", \"width\": 60, \"height\": 40, \"fill\": \"#00FF00\",\n"
        "   \"position\": {\"custom\": {\"x\": 30, \"y\": 40}}}],\n"
        " \"encoding\": {\"preset\": \"ultrafast\", \"crf\": 0}}\n";
    char out[512];
    snprintf(out, sizeof(out), "%s", vf_tmp_path("shapes.mp4"));
    VfPlan *p = vf_test_render("shapes", json, out);
    if (!p)
        return;
    CHECK(p->layers[0].box_x == 259 && p->layers[0].box_y == 209 && p->layers[0].box_w == 41,
          "rect box at (%d,%d) %dx%d", p->layers[0].box_x, p->layers[0].box_y,
          p->layers[0].box_w, p->layers[0].box_h);
    VfTestFrame f;
    int box[4];
    CHECK(vf_test_decode_frame(out, 2, &f) == 0, "decode");
    vf_test_find(&f, red, box);
    CHECK(abs(box[0] - 259) <= 1 && abs(box[1] - 209) <= 1 && abs(box[2] - 299) <= 1 &&
          abs(box[3] - 229) <= 1, "rect drawn at %d,%d..%d,%d", box[0], box[1], box[2], box[3]);
    vf_test_find(&f, green, box);
    CHECK(abs(box[0] - 30) <= 1 && abs(box[1] - 40) <= 1 && abs(box[2] - 89) <= 1 &&
          abs(box[3] - 79) <= 1, "ellipse drawn at %d,%d..%d,%d", box[0], box[1], box[2], box[3]);
    int rim = vf_test_count(&f, 28, 38, 92, 82, partly_green);
    CHECK(rim >= 30, "the ellipse's rim is anti-aliased: %d partly green pixels", rim);
    vf_test_frame_free(&f);
    vf_plan_free(&p);
}

int main(void)
{
    test_rect();
    test_ellipse();
    test_stroke_and_line();
    test_rendered();
    vf_tmp_cleanup();
    return vf_check_summary("shapes");
}
