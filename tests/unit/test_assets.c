/* Asset loading: font lookup (path, shipped folder, fontconfig family),
 * text rasterizing, and image decoding in each supported format. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "frames.h"
#include "image/image.h"
#include "plan/raster.h"
#include "text/font.h"
#include "text/text.h"
#include "tmpfile.h"
#include "vidforge/error.h"

#define FF "ffmpeg -hide_banner -loglevel error -y "

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

static void test_font_lookup(void)
{
    char *path = NULL;
    int index = -1;
    CHECK(vf_font_resolve("fonts/Inter-Bold.otf", "/nonexistent", &path, &index) == 0,
          "a path not under the template folder falls back to the shipped fonts");
    CHECK(path && ends_with(path, "/fonts/Inter-Bold.otf"), "got %s", path);
    free(path);
    path = NULL;
    CHECK(vf_font_resolve("Open Sans Bold", ".", &path, &index) == 0, "family and style");
    CHECK(path && ends_with(path, "OpenSans-Bold.ttf"), "got %s", path);
    free(path);
    path = NULL;
    CHECK(vf_font_resolve(NULL, ".", &path, &index) == 0, "default font");
    CHECK(path && ends_with(path, "Inter-Regular.otf"), "got %s", path);
    free(path);
    path = NULL;
    vf_error_clear();
    CHECK(vf_font_resolve("Definitely Not A Font", ".", &path, &index) == VF_ERR_ASSET,
          "unknown family");
    CHECK(strstr(vf_error_message(), "font \"Definitely Not A Font\" not found") != NULL, "%s",
          vf_error_message());
    vf_error_clear();
    CHECK(vf_font_resolve("missing/Nope.ttf", "/tmp", &path, &index) == VF_ERR_ASSET, "missing");
    CHECK(strstr(vf_error_message(), "/tmp/missing/Nope.ttf") != NULL, "names the paths tried: %s",
          vf_error_message());
    vf_error_clear();
}

static void test_text_raster(void)
{
    VfTextEngine *e = NULL;
    CHECK(vf_text_engine_create(&e) == 0, "engine");
    char *path = NULL;
    int index;
    vf_font_resolve("Inter", ".", &path, &index);
    VfTextStyle st = { .font_path = path, .face_index = index, .size = 64,
                       .color = { 255, 0, 0, 255 }, .opacity = 0.5 };
    VfTextResult r;
    CHECK(vf_text_render(e, "Hg\nHg", &st, &r) == 0, "render");
    /* Inter's line height is (ascender - descender) = 1.2102 em */
    CHECK(r.box_h >= 154 && r.box_h <= 156, "two lines: box height %d", r.box_h);
    CHECK(r.raster.width >= r.box_w && r.raster.height >= r.box_h, "raster covers the box");
    int max_alpha = 0, red_only = 1;
    for (int i = 0; i < r.raster.width * r.raster.height; i++) {
        const uint8_t *p = &r.raster.pixels[i * 4];
        max_alpha = p[3] > max_alpha ? p[3] : max_alpha;
        if (p[3] && (p[0] != 255 || p[1] || p[2]))
            red_only = 0;
    }
    CHECK(max_alpha >= 126 && max_alpha <= 128, "opacity 0.5 caps alpha: %d", max_alpha);
    CHECK(red_only, "straight alpha: colour channels hold the pure colour");
    CHECK_INT(r.nb_clusters, 5); /* H g, the line break, H g */
    vf_raster_free(&r.raster);
    free(r.clusters);
    st.font_path = "/nonexistent.ttf";
    vf_error_clear();
    CHECK(vf_text_render(e, "x", &st, &r) == VF_ERR_ASSET, "bad font path");
    vf_error_clear();
    free(path);
    vf_text_engine_free(&e);
    CHECK(e == NULL, "free NULLs");
}

static VfTextResult layout(VfTextEngine *e, const char *font, const char *text, double size,
                           int align, double max_width, double line_height, double spacing)
{
    VfTextStyle st = { .font_path = font, .size = size, .color = { 255, 255, 255, 255 },
                       .opacity = 1, .align = align, .max_width = max_width,
                       .line_height = line_height, .letter_spacing = spacing };
    VfTextResult r = { 0 };
    CHECK(vf_text_render(e, text, &st, &r) == 0, "renders \"%s\"", text);
    return r;
}

static void done(VfTextResult *r)
{
    vf_raster_free(&r->raster);
    free(r->clusters);
}

/* Left edge and right edge of the ink in rows [y0, y1) of the raster. */
static void ink_x(const VfTextResult *r, int y0, int y1, int *x0, int *x1)
{
    *x0 = r->raster.width, *x1 = -1;
    for (int y = y0 < 0 ? 0 : y0; y < y1 && y < r->raster.height; y++)
        for (int x = 0; x < r->raster.width; x++)
            if (r->raster.pixels[((size_t)y * r->raster.width + x) * 4 + 3] > 128) {
                *x0 = x < *x0 ? x : *x0;
                *x1 = x > *x1 ? x : *x1;
            }
}

static void test_layout(void)
{
    VfTextEngine *e = NULL;
    char *font = NULL;
    int index;
    vf_text_engine_create(&e);
    vf_font_resolve("Inter", ".", &font, &index);
    VfTextResult one = layout(e, font, "Hello", 40, 0, 0, 0, 0);
    int line = one.box_h;

    VfTextResult w = layout(e, font, "The quick brown fox jumps over the lazy dog", 40, 0, 300, 0, 0);
    CHECK(w.box_w <= 300, "wrapped lines fit max_width: %d", w.box_w);
    CHECK(w.box_h >= 3 * line, "several lines: box %d high, a line is %d", w.box_h, line);
    done(&w);

    w = layout(e, font, "Supercalifragilisticexpialidocious", 40, 0, 150, 0, 0);
    CHECK(w.box_w <= 150 && w.box_h >= 3 * line, "a word longer than the line is broken: %dx%d",
          w.box_w, w.box_h);
    done(&w);

    w = layout(e, font, "Hello\nHello", 40, 0, 0, 2.0, 0);
    CHECK(abs(w.box_h - 160) <= 1, "line_height 2 at 40 px: two lines are 160 px, got %d", w.box_h);
    done(&w);

    w = layout(e, font, "Hello", 40, 0, 0, 0, 10);
    CHECK(w.box_w - one.box_w >= 49 && w.box_w - one.box_w <= 51,
          "letter_spacing 10 adds 10 px a letter: %d -> %d", one.box_w, w.box_w);
    done(&w);

    /* centre: a short last line sits in the middle of the box */
    w = layout(e, font, "WWWWWWWW\nI", 40, 1, 0, 0, 0);
    int x0, x1;
    ink_x(&w, line - w.ink_y + 4, 2 * line - w.ink_y - 4, &x0, &x1);
    double mid = (x0 + x1) / 2.0 + w.ink_x;
    CHECK(fabs(mid - w.box_w / 2.0) <= 2, "centred: ink middle %.1f, box middle %.1f", mid,
          w.box_w / 2.0);
    done(&w);
    w = layout(e, font, "WWWWWWWW\nI", 40, 2, 0, 0, 0);
    ink_x(&w, line - w.ink_y + 4, 2 * line - w.ink_y - 4, &x0, &x1);
    CHECK(abs(x1 + w.ink_x - w.box_w) <= 6, /* the glyph's right side bearing */
          "right-aligned: ink ends at %d, box at %d",
          x1 + w.ink_x, w.box_w);
    done(&w);
    done(&one);
    free(font);
    vf_text_engine_free(&e);
}

static void test_image_formats(void)
{
    const char *d = vf_tmp_dir();
    vf_test_sh(FF "-f lavfi -i color=c=0x3080F0:s=64x48 -frames:v 1 %s/a.png", d);
    vf_test_sh(FF "-f lavfi -i color=c=0x3080F0:s=64x48 -frames:v 1 -q:v 2 %s/a.jpg", d);
    vf_test_sh(FF "-f lavfi -i color=c=0x3080F0:s=64x48 -frames:v 1 -c:v libwebp -lossless 1 "
                  "%s/a.webp 2>/dev/null || " FF "-f lavfi -i color=c=0x3080F0:s=64x48 "
                  "-frames:v 1 %s/a.webp", d, d);
    static const char *const names[] = { "a.png", "a.jpg", "a.webp" };
    for (int i = 0; i < 3; i++) {
        VfRaster r;
        int ret = vf_image_load(vf_tmp_path(names[i]), 0.5, 0.8, &r);
        CHECK(ret == 0, "%s loads", names[i]);
        if (ret < 0)
            continue;
        CHECK(r.width == 32 && r.height == 24, "%s scaled to %dx%d", names[i], r.width, r.height);
        const uint8_t *p = &r.pixels[(12 * 32 + 16) * 4];
        CHECK(abs(p[0] - 0x30) < 8 && abs(p[1] - 0x80) < 8 && abs(p[2] - 0xF0) < 8,
              "%s colour %d,%d,%d", names[i], p[0], p[1], p[2]);
        CHECK(abs(p[3] - 204) <= 1, "%s opacity 0.8: alpha %d", names[i], p[3]);
        vf_raster_free(&r);
    }
    VfRaster r;
    vf_error_clear();
    CHECK(vf_image_load(vf_tmp_write("fake.png", "not a png"), 1, 1, &r) == VF_ERR_ASSET,
          "garbage is refused");
    vf_error_clear();
    CHECK(vf_image_load("/nonexistent.png", 1, 1, &r) == VF_ERR_ASSET, "missing file");
    CHECK(strstr(vf_error_message(), "/nonexistent.png does not exist") != NULL, "%s",
          vf_error_message());
    vf_error_clear();
}

int main(void)
{
    test_font_lookup();
    test_text_raster();
    test_layout();
    test_image_formats();
    vf_tmp_cleanup();
    return vf_check_summary("assets");
}
