/* Asset loading: font lookup (path, shipped folder, fontconfig family),
 * text rasterizing, and image decoding in each supported format. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "render.h"
#include "frames.h"
#include "image/image.h"
#include "util/raster.h"
#include "text/font.h"
#include "text/effects.h"
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
    CHECK(vf_font_resolve(vf_test_fonts(), "fonts/Inter-Bold.otf", "/nonexistent", &path, &index) == 0,
          "a path not under the template folder falls back to the shipped fonts");
    CHECK(path && ends_with(path, "/fonts/Inter-Bold.otf"), "got %s", path);
    free(path);
    path = NULL;
    CHECK(vf_font_resolve(vf_test_fonts(), "Open Sans Bold", ".", &path, &index) == 0, "family and style");
    CHECK(path && ends_with(path, "OpenSans-Bold.ttf"), "got %s", path);
    free(path);
    path = NULL;
    CHECK(vf_font_resolve(vf_test_fonts(), NULL, ".", &path, &index) == 0, "default font");
    CHECK(path && ends_with(path, "Inter-Regular.otf"), "got %s", path);
    free(path);
    path = NULL;
    vf_error_clear();
    CHECK(vf_font_resolve(vf_test_fonts(), "Definitely Not A Font", ".", &path, &index) == VF_ERR_ASSET,
          "unknown family");
    CHECK(strstr(vf_error_message(), "font \"Definitely Not A Font\" not found") != NULL, "%s",
          vf_error_message());
    vf_error_clear();
    CHECK(vf_font_resolve(vf_test_fonts(), "missing/Nope.ttf", "/tmp", &path, &index) == VF_ERR_ASSET, "missing");
    CHECK(strstr(vf_error_message(), "/tmp/missing/Nope.ttf") != NULL, "names the paths tried: %s",
          vf_error_message());
    vf_error_clear();
}

static void test_text_raster(void)
{
    VfTextEngine *e = NULL;
    CHECK(vf_text_engine_create(&e, vf_test_fonts()) == 0, "engine");
    char *path = NULL;
    int index;
    vf_font_resolve(vf_test_fonts(), "Inter", ".", &path, &index);
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
    vf_text_engine_create(&e, vf_test_fonts());
    vf_font_resolve(vf_test_fonts(), "Inter", ".", &font, &index);
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

    w = layout(e, font, "日本語のテキストを折り返します", 32, 0, 200, 0, 0);
    CHECK(w.box_w <= 200 && w.box_h >= 3 * (line * 32 / 40) - 3,
          "CJK breaks between characters: %dx%d", w.box_w, w.box_h);
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

static const uint8_t *px_at(const VfTextResult *r, int box_x, int box_y)
{
    int x = box_x - r->ink_x, y = box_y - r->ink_y;
    return &r->raster.pixels[((size_t)y * r->raster.width + x) * 4];
}

static void test_effects(void)
{
    VfTextEngine *e = NULL;
    char *font = NULL;
    int index;
    vf_text_engine_create(&e, vf_test_fonts());
    vf_font_resolve(vf_test_fonts(), "Inter Bold", ".", &font, &index);
    VfTextStyle plain = { .font_path = font, .size = 60, .color = { 255, 255, 255, 255 },
                          .opacity = 1 };
    VfTextResult a, b;
    CHECK(vf_text_render(e, "HI", &plain, &a) == 0, "plain");
    VfTextStyle fx = plain;
    fx.outline_width = 5;
    fx.outline_color = (VfColor){ 255, 0, 0, 255 };
    fx.has_shadow = 1;
    fx.shadow_color = (VfColor){ 0, 0, 255, 255 };
    fx.shadow_x = 12, fx.shadow_y = 9, fx.shadow_blur = 0;
    CHECK(vf_text_render(e, "HI", &fx, &b) == 0, "with effects");
    CHECK(a.box_w == b.box_w && a.box_h == b.box_h, "effects do not change the box: %dx%d vs %dx%d",
          a.box_w, a.box_h, b.box_w, b.box_h);
    CHECK(b.ink_x < a.ink_x && b.raster.width > a.raster.width, "effects drawn outside the ink");
    /* H's stem: find its left edge in the plain raster, then look just outside it */
    int y = a.box_h / 2, left = -1;
    for (int x = 0; x < a.box_w && left < 0; x++)
        if (px_at(&a, x, y)[3] > 200)
            left = x;
    const uint8_t *out = px_at(&b, left - 3, y), *in = px_at(&b, left + 3, y);
    CHECK(out[0] > 200 && out[1] < 60 && out[2] < 60 && out[3] > 200,
          "red outline 3 px outside the stem: %d,%d,%d,%d", out[0], out[1], out[2], out[3]);
    CHECK(in[0] > 200 && in[1] > 200 && in[2] > 200, "white fill inside the stem");
    done(&b);

    /* the shadow: a copy of the "I" moved by (12, 9), behind everything */
    VfTextResult i0, i1;
    CHECK(vf_text_render(e, "I", &plain, &i0) == 0, "plain I");
    int r0 = -1;
    for (int x = 0; x < i0.box_w; x++)
        if (px_at(&i0, x, y)[3] > 200)
            r0 = x; /* the stem's right edge */
    fx.outline_width = 0;
    CHECK(vf_text_render(e, "I", &fx, &i1) == 0, "I with a shadow");
    const uint8_t *sh = px_at(&i1, r0 + 9, y + 9);
    CHECK(sh[2] > 200 && sh[0] < 60 && sh[3] > 200, "blue shadow moved by (12, 9): %d,%d,%d,%d",
          sh[0], sh[1], sh[2], sh[3]);
    const uint8_t *none = px_at(&i1, r0 + 16, y + 9);
    CHECK(none[3] == 0, "nothing past the sharp shadow: alpha %d", none[3]);
    done(&i1);
    /* blur spreads the shadow: past its sharp edge it is partly there */
    fx.shadow_blur = 10;
    CHECK(vf_text_render(e, "I", &fx, &i1) == 0, "blurred shadow");
    const uint8_t *soft = px_at(&i1, r0 + 16, y + 9);
    CHECK(soft[3] > 10 && soft[3] < 250, "blurred edge is partly transparent: alpha %d", soft[3]);
    done(&i1);
    done(&i0);

    /* gradient: left end takes the first colour, right end the last */
    VfColor stops[2] = { { 255, 0, 0, 255 }, { 0, 0, 255, 255 } };
    VfTextStyle g = plain;
    g.gradient = stops, g.nb_gradient = 2;
    CHECK(vf_text_render(e, "HHHHHH", &g, &b) == 0, "gradient");
    int gl = -1, gr = -1;
    for (int x = 0; x < b.box_w; x++)
        if (px_at(&b, x, y)[3] > 250) {
            gl = gl < 0 ? x : gl;
            gr = x;
        }
    const uint8_t *pl = px_at(&b, gl, y), *pr = px_at(&b, gr, y);
    CHECK(pl[0] > 200 && pl[2] < 60 && pr[2] > 200 && pr[0] < 60,
          "red to blue: left %d,%d,%d right %d,%d,%d", pl[0], pl[1], pl[2], pr[0], pr[1], pr[2]);
    done(&b);

    /* stops place the colours: blue from 20% of the way on */
    double where[2] = { 0, 0.2 };
    VfColor mid = vf_gradient_at(stops, where, 2, 0, 0, 0, 100, 10, 50, 5, plain.color);
    VfColor early = vf_gradient_at(stops, where, 2, 0, 0, 0, 100, 10, 10, 5, plain.color);
    VfColor even = vf_gradient_at(stops, NULL, 2, 0, 0, 0, 100, 10, 50, 5, plain.color);
    CHECK(mid.b == 255 && mid.r == 0, "past the last stop: the last colour (%d,%d,%d)", mid.r, mid.g, mid.b);
    CHECK(early.r > 120 && early.r < 135 && early.b > 120 && early.b < 135,
          "halfway between stops: an even mix (%d,%d,%d)", early.r, early.g, early.b);
    CHECK(even.r > 120 && even.r < 135, "no stops: evenly spread (%d,%d,%d)", even.r, even.g, even.b);

    /* background: a box with padding behind the text, rounded corners */
    VfTextStyle bg = plain;
    bg.has_background = 1;
    bg.background_color = (VfColor){ 0, 255, 0, 255 };
    bg.background_pad_x = 10, bg.background_pad_y = 6, bg.background_radius = 8;
    CHECK(vf_text_render(e, "HI", &bg, &b) == 0, "background");
    CHECK(a.box_w == b.box_w && a.box_h == b.box_h, "the background does not change the box");
    const uint8_t *edge = px_at(&b, -8, a.box_h / 2), *corner = px_at(&b, -10, -6);
    CHECK(edge[1] > 200 && edge[3] > 250, "padding is filled: %d,%d,%d,%d", edge[0], edge[1],
          edge[2], edge[3]);
    CHECK(corner[3] < 64, "rounded corner is clear: alpha %d", corner[3]);
    done(&b);
    done(&a);
    free(font);
    vf_text_engine_free(&e);
}

static void test_fit(void)
{
    VfTextEngine *e = NULL;
    char *font = NULL;
    int index, w, h;
    vf_text_engine_create(&e, vf_test_fonts());
    vf_font_resolve(vf_test_fonts(), "Inter", ".", &font, &index);
    VfTextStyle st = { .font_path = font, .size = 80, .color = { 255, 255, 255, 255 }, .opacity = 1 };
    const char *text = "Personalised for Maximilian Alexander Featherstonehaugh-Smythe";
    double size = 0;
    CHECK(vf_text_fit(e, text, &st, 300, 100, 10, &size) == 0, "fit");
    VfTextStyle at = st;
    at.size = size;
    at.max_width = 300;
    CHECK(vf_text_measure(e, text, &at, &w, &h) == 0 && w <= 300 && h <= 100,
          "fits at %.2f px: %dx%d", size, w, h);
    at.size = size + 0.25;
    CHECK(vf_text_measure(e, text, &at, &w, &h) == 0 && (w > 300 || h > 100),
          "the largest size that fits: at %.2f px it is %dx%d", at.size, w, h);
    CHECK(size > 10 && size < 80, "shrunk: %.2f", size);
    CHECK(vf_text_fit(e, "Hi", &st, 300, 100, 10, &size) == 0 && size == 80,
          "short text keeps its size: %.2f", size);
    CHECK(vf_text_fit(e, text, &st, 20, 5, 12, &size) == 0 && size == 12,
          "never below min_size: %.2f", size);
    free(font);
    vf_text_engine_free(&e);
}

typedef struct Dump {
    unsigned glyph[256];
    double x[256];
    char font[256][160];
    int n;
} Dump;

static void collect(void *opaque, const VfGlyphInfo *g)
{
    Dump *d = opaque;
    if (d->n < 256) {
        d->glyph[d->n] = g->glyph;
        d->x[d->n] = g->x;
        snprintf(d->font[d->n], sizeof(d->font[0]), "%s", g->font);
        d->n++;
    }
}

/* hb-shape's glyph ids and pen positions (with x offsets) at 64 px. */
static int hb_shape(const char *font, const char *text, unsigned *gid, double *x, int max)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "hb-shape '%s' '%s' --font-size=64 --no-glyph-names", font, text);
    FILE *p = popen(cmd, "r");
    char out[8192] = "";
    if (!p)
        return -1;
    size_t len = fread(out, 1, sizeof(out) - 1, p);
    out[len] = '\0';
    pclose(p);
    int n = 0;
    double pen = 0;
    for (char *t = out + 1; n < max && *t && *t != ']';) {
        unsigned g, cl;
        int dx = 0, dy = 0, adv = 0, used = 0;
        if (sscanf(t, "%u=%u@%d,%d+%d%n", &g, &cl, &dx, &dy, &adv, &used) == 5 ||
            (dx = dy = 0, sscanf(t, "%u=%u+%d%n", &g, &cl, &adv, &used) == 3)) {
            gid[n] = g;
            x[n++] = pen + dx;
            pen += adv;
            t += used;
            if (*t == '|')
                t++;
        } else {
            return -1;
        }
    }
    return n;
}

static void test_shaping_matches_hb_shape(void)
{
    static const struct { const char *font, *text, *name; } cases[] = {
        { NULL, "Office affinity AVATAR", "Latin (Inter, ligatures and kerning)" },
        { "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf", "مرحبا بالعالم", "Arabic" },
        { "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf", "नमस्ते दुनिया", "Devanagari" },
        { "/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf", "שלום עולם", "Hebrew" },
    };
    VfTextEngine *e = NULL;
    vf_text_engine_create(&e, vf_test_fonts());
    char *inter = NULL;
    int index;
    vf_font_resolve(vf_test_fonts(), "Inter", ".", &inter, &index);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *font = cases[i].font ? cases[i].font : inter;
        VfTextStyle st = { .font_path = font, .size = 64, .color = { 255, 255, 255, 255 },
                           .opacity = 1 };
        Dump d = { .n = 0 };
        unsigned gid[256];
        double x[256];
        int n = hb_shape(font, cases[i].text, gid, x, 256);
        CHECK(vf_text_dump(e, cases[i].text, &st, collect, &d) == 0, "%s lays out", cases[i].name);
        CHECK(n > 0 && n == d.n, "%s: %d glyphs, hb-shape %d", cases[i].name, d.n, n);
        int same_ids = 1;
        double worst = 0;
        for (int k = 0; k < n && k < d.n; k++) {
            same_ids &= gid[k] == d.glyph[k];
            worst = fmax(worst, fabs(x[k] - d.x[k]));
        }
        CHECK(same_ids, "%s: the glyph ids are hb-shape's", cases[i].name);
        CHECK(worst <= 1.0 + n * 0.5, "%s: positions within rounding of hb-shape's (off %.2f px)",
              cases[i].name, worst);
    }
    /* mixed directions: the Hebrew word sits between the Latin ones, right to
     * left inside (the same glyphs as hb-shape gives for the word alone) */
    const char *dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    VfTextStyle mixed = { .font_path = dejavu, .size = 64, .color = { 255, 255, 255, 255 },
                          .opacity = 1 };
    Dump m = { .n = 0 };
    unsigned hg[16];
    double hx[16];
    int hn = hb_shape(dejavu, "שלום", hg, hx, 16);
    CHECK(vf_text_dump(e, "ab שלום cd", &mixed, collect, &m) == 0 && m.n == 10, "mixed line: %d glyphs", m.n);
    int increasing = 1, same = hn == 4;
    for (int k = 1; k < m.n; k++)
        increasing &= m.x[k] > m.x[k - 1];
    for (int k = 0; k < 4 && same; k++)
        same = m.glyph[3 + k] == hg[k];
    CHECK(increasing, "glyphs placed left to right in visual order");
    CHECK(same, "the Hebrew word is in right-to-left visual order");
    /* truncated UTF-8 at the very end (found by the fuzzer) lays out safely */
    VfTextStyle raw = { .font_path = inter, .size = 20, .color = { 255, 255, 255, 255 }, .opacity = 1 };
    Dump t = { .n = 0 };
    CHECK(vf_text_dump(e, "ab\xd8", &raw, collect, &t) == 0 && t.n == 3, "truncated UTF-8: %d glyphs", t.n);
    /* a character the font lacks is drawn from a fallback font, not as tofu */
    VfTextStyle st = { .font_path = inter, .size = 40, .color = { 255, 255, 255, 255 }, .opacity = 1 };
    Dump d = { .n = 0 };
    CHECK(vf_text_dump(e, "Hi שלום", &st, collect, &d) == 0, "fallback lays out");
    int from_inter = 0, from_other = 0;
    for (int k = 0; k < d.n; k++) {
        if (!strcmp(d.font[k], inter))
            from_inter++;
        else if (d.glyph[k] != 0)
            from_other++;
    }
    CHECK(from_inter == 3 && from_other == 4, "Hi and the space from Inter (%d), the Hebrew from a "
          "fallback font (%d, %s)", from_inter, from_other, d.n ? d.font[d.n - 1] : "");
    /* a listed fallback comes before fontconfig's choice */
    const char *noto_hebrew = "/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf";
    VfTextStyle listed = st;
    listed.fallback = (const char *const[]){ noto_hebrew };
    listed.nb_fallback = 1;
    Dump lf = { .n = 0 };
    CHECK(vf_text_dump(e, "Hi שלום", &listed, collect, &lf) == 0 && lf.n == 7, "listed fallback");
    CHECK(lf.n == 7 && !strcmp(lf.font[6], noto_hebrew), "the Hebrew comes from the listed font: %s",
          lf.n ? lf.font[lf.n - 1] : "");
    /* colour emoji: drawn in colour, scaled to the text size, inside the line */
    VfTextStyle emoji = { .font_path = inter, .size = 48, .color = { 255, 255, 255, 255 },
                          .opacity = 1 };
    VfTextResult r;
    CHECK(vf_text_render(e, "A\xF0\x9F\x9A\x80", &emoji, &r) == 0, "emoji renders");
    int coloured = 0, outside = 0;
    for (int y = 0; y < r.raster.height; y++)
        for (int x = 0; x < r.raster.width; x++) {
            const uint8_t *p = &r.raster.pixels[((size_t)y * r.raster.width + x) * 4];
            if (p[3] < 200 || abs(p[0] - p[1]) + abs(p[1] - p[2]) < 60)
                continue;
            coloured++;
            int by = y + r.ink_y;
            outside += by < -2 || by > r.box_h + 2;
        }
    CHECK(coloured > 300, "the rocket is in colour: %d coloured pixels", coloured);
    CHECK(outside == 0, "and within the line box (%d pixels outside)", outside);
    CHECK(r.box_w > 48 && r.box_w < 48 * 3, "scaled to the text size: box %d px wide", r.box_w);
    vf_raster_free(&r.raster);
    free(r.clusters);
    free(inter);
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
    test_effects();
    test_fit();
    test_shaping_matches_hb_shape();
    test_image_formats();
    vf_tmp_cleanup();
    return vf_check_summary("assets");
}
