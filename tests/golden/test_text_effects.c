/* Text features measured, not only compared with a picture: a golden image
 * with a tolerance passes when a blur is halved or a gradient turns, so each
 * feature here is checked by what it must do.
 *   - shadow blur: the spread of the shadow's edge is sigma = blur / 2 (the
 *     box passes that approximate the Gaussian make it up to 0.5 px wider);
 *   - gradient angle: 90 degrees changes rows and not columns, 0 the reverse;
 *   - ligatures: DejaVu Sans forms "ffi" and "fi"; glyph ids and clusters
 *     equal hb-shape's (HarfBuzz's own command line tool);
 *   - fallback faces in a collection (.ttc): the face index asked for draws,
 *     and fontconfig's choice keeps its face index (a private fonts.conf
 *     that sees only a collection built at test time). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "render.h"
#include "util/raster.h"
#include "text/font.h"
#include "text/text.h"
#include "tmpfile.h"

#define MAX_GLYPHS 64

static char *font(const char *name)
{
    char *path = NULL;
    int index;
    CHECK(vf_font_resolve(vf_test_fonts(), name, ".", &path, &index) == 0, "font %s is installed", name);
    return path;
}

/* U+2588 FULL BLOCK, one rectangle: its edges are straight lines. */
#define BLOCK "\xe2\x96\x88"

static VfTextStyle block_style(const char *dejavu)
{
    return (VfTextStyle){ .font_path = dejavu, .size = 120, .color = { 255, 255, 255, 255 },
                          .opacity = 1 };
}

/* --- shadow blur ------------------------------------------------------------- */

/* Variance of the rising edge of alpha along one line (n samples, stride
 * apart) of r: the spread of the edge's derivative over the first half. */
static double edge_variance(const VfRaster *r, size_t first, size_t stride, int n)
{
    double sum = 0, mean = 0, var = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i + 1 < n / 2; i++) {
            int a0 = r->pixels[(first + stride * i) * 4 + 3];
            int a1 = r->pixels[(first + stride * (i + 1)) * 4 + 3];
            double d = a1 > a0 ? a1 - a0 : 0, x = i + 0.5;
            if (pass == 0)
                sum += d, mean += d * x;
            else
                var += d * (x - mean) * (x - mean);
        }
        if (pass == 0 && sum > 0)
            mean /= sum;
    }
    return sum > 0 ? var / sum : 0;
}

/* The edge variances of a block's shadow across its middle row and column. */
static void shadow_spread(VfTextEngine *e, const char *dejavu, double blur, double var[2])
{
    VfTextStyle st = block_style(dejavu);
    st.color.a = 0; /* only the shadow shows */
    st.has_shadow = 1, st.shadow_color = (VfColor){ 0, 0, 0, 255 }, st.shadow_blur = blur;
    VfTextResult r;
    var[0] = var[1] = 0;
    if (vf_text_render(e, BLOCK, &st, &r) < 0) {
        CHECK(0, "block with a shadow renders");
        return;
    }
    int w = r.raster.width, h = r.raster.height;
    var[0] = edge_variance(&r.raster, (size_t)(h / 2) * w, 1, w);
    var[1] = edge_variance(&r.raster, (size_t)(w / 2), (size_t)w, h);
    vf_raster_free(&r.raster);
    free(r.clusters);
}

static void test_shadow_sigma(VfTextEngine *e, const char *dejavu)
{
    double sharp[2];
    shadow_spread(e, dejavu, 0, sharp); /* the anti-aliased edge alone */
    static const double blurs[] = { 8, 16, 24 };
    for (int k = 0; k < 3; k++) {
        double var[2], want = blurs[k] / 2;
        shadow_spread(e, dejavu, blurs[k], var);
        for (int axis = 0; axis < 2; axis++) {
            double sigma = sqrt(fmax(var[axis] - sharp[axis], 0));
            /* three box passes of a whole-pixel radius r spread by sqrt(r (r + 1)),
             * about r + 0.5: measured 4.47, 8.49, 12.50 for blurs 8, 16, 24 */
            CHECK(sigma >= want - 0.25 && sigma <= want + 0.6, "blur %g: %s sigma %.2f, want %.2f",
                  blurs[k], axis ? "vertical" : "horizontal", sigma, want);
        }
    }
}

/* --- gradient angle ------------------------------------------------------------ */

/* Over the fully covered pixels of r: the largest red range within one row
 * (rows) or one column (!rows), and the red of the first and last such line. */
static void red_ranges(const VfRaster *r, int rows, int *within, int *first, int *last)
{
    int lines = rows ? r->height : r->width, len = rows ? r->width : r->height;
    *within = 0, *first = *last = -1;
    for (int l = 0; l < lines; l++) {
        int lo = 256, hi = -1;
        for (int i = 0; i < len; i++) {
            const uint8_t *p = &r->pixels[((size_t)(rows ? l : i) * r->width + (rows ? i : l)) * 4];
            if (p[3] == 255)
                lo = p[0] < lo ? p[0] : lo, hi = p[0] > hi ? p[0] : hi;
        }
        if (hi < 0)
            continue;
        *within = hi - lo > *within ? hi - lo : *within;
        if (*first < 0)
            *first = lo;
        *last = lo;
    }
}

static void test_gradient_angle(VfTextEngine *e, const char *dejavu)
{
    VfColor colors[2] = { { 255, 0, 0, 255 }, { 0, 0, 255, 255 } };
    VfTextStyle st = block_style(dejavu);
    st.gradient = colors, st.nb_gradient = 2;
    for (int angle = 0; angle <= 90; angle += 90) {
        VfTextResult r;
        st.gradient_angle = angle;
        if (vf_text_render(e, BLOCK, &st, &r) < 0) {
            CHECK(0, "gradient at %d degrees renders", angle);
            continue;
        }
        /* 90: top to bottom, so every row is one colour; 0: every column */
        int along = angle == 90, within, first, last, across, f2, l2;
        red_ranges(&r.raster, along, &within, &first, &last);
        red_ranges(&r.raster, !along, &across, &f2, &l2);
        CHECK(within <= 2, "%d degrees: red varies by %d along a %s", angle, within,
              along ? "row" : "column");
        CHECK(first > 200 && last < 55 && across > 150,
              "%d degrees: red goes from %d to %d %s", angle, first, last,
              along ? "top to bottom" : "left to right");
        vf_raster_free(&r.raster);
        free(r.clusters);
    }
}

/* --- glyph ids against hb-shape ---------------------------------------------------- */

typedef struct Glyphs {
    unsigned id[MAX_GLYPHS];
    int face[MAX_GLYPHS];
    char font[MAX_GLYPHS][512];
    int n;
} Glyphs;

static void collect(void *opaque, const VfGlyphInfo *g)
{
    Glyphs *gs = opaque;
    if (gs->n == MAX_GLYPHS)
        return;
    gs->id[gs->n] = g->glyph;
    gs->face[gs->n] = g->face_index;
    snprintf(gs->font[gs->n++], sizeof(gs->font[0]), "%s", g->font);
}

/* hb-shape's glyph ids for text (no quote in it) in face `face` of path, in
 * its output order, and the number of distinct clusters; -1 when it fails. */
static int hb_shape(const char *path, int face, const char *text, Glyphs *out)
{
    char cmd[2048], line[4096];
    snprintf(cmd, sizeof(cmd), "hb-shape --no-glyph-names --no-positions --face-index=%d '%s' '%s'",
             face, path, text);
    FILE *p = popen(cmd, "r");
    int ok = p && fgets(line, sizeof(line), p) && line[0] == '[';
    if (p)
        ok = pclose(p) == 0 && ok;
    if (!ok)
        return -1;
    out->n = 0;
    int clusters = 0, last = -1;
    for (char *s = line + 1; *s && *s != ']' && out->n < MAX_GLYPHS;) {
        unsigned id;
        int cluster, used;
        if (sscanf(s, "%u=%d%n", &id, &cluster, &used) != 2)
            return -1;
        out->id[out->n++] = id;
        clusters += cluster != last;
        last = cluster;
        s += used + (s[used] == '|');
    }
    return clusters;
}

static int same_ids(const Glyphs *a, const Glyphs *b)
{
    if (a->n != b->n)
        return 0;
    for (int i = 0; i < a->n; i++)
        if (a->id[i] != b->id[i])
            return 0;
    return 1;
}

static void test_ligatures(VfTextEngine *e, const char *dejavu)
{
    const char *text = "office file";
    VfTextStyle st = block_style(dejavu);
    Glyphs ours = { 0 }, hb = { 0 };
    int hb_clusters = hb_shape(dejavu, 0, text, &hb);
    CHECK(hb_clusters > 0, "hb-shape (libharfbuzz-bin) shapes \"%s\"", text);
    CHECK(vf_text_dump(e, text, &st, collect, &ours) == 0, "layout of \"%s\"", text);
    CHECK(hb.n == 8 && ours.n == 8, "\"ffi\" and \"fi\" are ligatures: 11 letters, %d glyphs "
          "(hb-shape %d)", ours.n, hb.n);
    CHECK(same_ids(&ours, &hb), "glyph ids as hb-shape's");
    VfTextResult r;
    if (vf_text_render(e, text, &st, &r) == 0) {
        CHECK(r.nb_clusters == hb_clusters, "%d clusters, hb-shape %d", r.nb_clusters,
              hb_clusters);
        vf_raster_free(&r.raster);
        free(r.clusters);
    }
}

/* --- fallback faces in a collection ---------------------------------------------------- */

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    if (f && !fseek(f, 0, SEEK_END) && (*len = (size_t)ftell(f)) > 12 && !fseek(f, 0, SEEK_SET) &&
        (buf = malloc(*len)) && fread(buf, 1, *len, f) != *len) {
        free(buf);
        buf = NULL;
    }
    if (f)
        fclose(f);
    return buf;
}

static void put32(unsigned char *p, unsigned long v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

static unsigned long get32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* Writes a TrueType collection of the two fonts a and b (faces 0 and 1): each
 * font copied whole, its table offsets moved by where it lands. 0 or -1. */
static int write_ttc(const char *out, const char *a, const char *b)
{
    size_t len[2], at = 20; /* 'ttcf', version, count, two offsets */
    unsigned char *font[2] = { slurp(a, &len[0]), slurp(b, &len[1]) }, head[20];
    FILE *f = font[0] && font[1] ? fopen(out, "wb") : NULL;
    int ret = f ? 0 : -1;
    memcpy(head, "ttcf", 4), put32(head + 4, 0x00010000), put32(head + 8, 2);
    for (int k = 0; k < 2 && f; k++) {
        put32(head + 12 + 4 * k, at);
        int tables = font[k][4] << 8 | font[k][5];
        for (int t = 0; t < tables && 12 + 16 * t + 16 <= (int)len[k]; t++) {
            unsigned char *rec = font[k] + 12 + 16 * t;
            put32(rec + 8, get32(rec + 8) + at);
        }
        at += (len[k] + 3) & ~(size_t)3;
    }
    static const unsigned char pad[4];
    if (f && (fwrite(head, 1, 20, f) != 20 || fwrite(font[0], 1, len[0], f) != len[0] ||
              fwrite(pad, 1, ((len[0] + 3) & ~(size_t)3) - len[0], f) !=
                  ((len[0] + 3) & ~(size_t)3) - len[0] ||
              fwrite(font[1], 1, len[1], f) != len[1]))
        ret = -1;
    if (f && fclose(f))
        ret = -1;
    free(font[0]);
    free(font[1]);
    return ret;
}

/* Whether every glyph of g came from face `face` of path. */
static int all_from(const Glyphs *g, const char *path, int face)
{
    for (int i = 0; i < g->n; i++)
        if (g->face[i] != face || strcmp(g->font[i], path))
            return 0;
    return g->n > 0;
}

static void test_collection_fallback(VfTextEngine *e, const char *inter, const char *dejavu)
{
    char *hebrew = font("Noto Sans Hebrew");
    char ttc[1024];
    snprintf(ttc, sizeof(ttc), "%s", vf_tmp_path("pair.ttc"));
    CHECK(hebrew && write_ttc(ttc, dejavu, hebrew) == 0, "collection %s written", ttc);
    const char *text = "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d"; /* Hebrew: Inter has none */
    const char *const fallback[] = { ttc };
    const int second[] = { 1 };
    VfTextStyle st = { .font_path = inter, .size = 40, .color = { 255, 255, 255, 255 },
                       .opacity = 1, .fallback = fallback, .nb_fallback = 1 };
    for (int face = 0; face < 2; face++) {
        Glyphs ours = { 0 }, hb = { 0 };
        st.fallback_index = face ? second : NULL; /* NULL: face 0 of each */
        CHECK(hb_shape(ttc, face, text, &hb) > 0, "hb-shape reads face %d of the collection", face);
        CHECK(vf_text_dump(e, text, &st, collect, &ours) == 0, "layout with face %d", face);
        CHECK(all_from(&ours, ttc, face), "every glyph from face %d of the collection", face);
        CHECK(same_ids(&ours, &hb), "face %d: glyph ids as hb-shape --face-index=%d", face, face);
    }
    Glyphs f0 = { 0 }, f1 = { 0 };
    hb_shape(ttc, 0, text, &f0);
    hb_shape(ttc, 1, text, &f1);
    CHECK(!same_ids(&f0, &f1), "the two faces draw the text with different glyphs");
    free(hebrew);
}

/* A font file by family through the fc-match tool: this process's own
 * fontconfig must not start before FONTCONFIG_FILE is set. NULL if none. */
static char *fc_match(const char *family)
{
    char cmd[256], line[1024] = "";
    snprintf(cmd, sizeof(cmd), "fc-match -f '%%{file}' '%s'", family);
    FILE *p = popen(cmd, "r");
    int ok = p && fgets(line, sizeof(line), p) && line[0] == '/';
    if (p)
        ok = pclose(p) == 0 && ok;
    return ok ? strdup(line) : NULL;
}

/* fontconfig's fallback keeps the face index it names: with a private
 * configuration that sees one collection, whose face 0 (Thai) lacks Hebrew
 * and face 1 has it, Hebrew is drawn by face 1. Runs in a child process
 * (fontconfig starts once per process); returns its failure count. */
static int fontconfig_face_child(void)
{
    char *thai = fc_match("Noto Sans Thai"), *hebrew = fc_match("Noto Sans Hebrew"), ttc[1024];
    mkdir(vf_tmp_path("fc"), 0700);
    snprintf(ttc, sizeof(ttc), "%s/thai-hebrew.ttc", vf_tmp_path("fc"));
    CHECK(thai && hebrew && write_ttc(ttc, thai, hebrew) == 0, "collection %s written", ttc);
    char conf[4096];
    snprintf(conf, sizeof(conf), "<?xml version=\"1.0\"?>\n<fontconfig><dir>%s/fc</dir>"
             "<cachedir>%s/fccache</cachedir></fontconfig>\n", vf_tmp_dir(), vf_tmp_dir());
    setenv("FONTCONFIG_FILE", vf_tmp_write("fonts.conf", conf), 1);
    char *path = NULL, *inter = font("Inter");
    int index = -1;
    VfFontLookup *fl = NULL; /* a lookup of its own, made after FONTCONFIG_FILE */
    CHECK(vf_font_lookup_create(&fl) == 0, "font lookup");
    CHECK(vf_font_fallback(fl, 0x05E9, &path, &index) == 0 && path && !strcmp(path, ttc) &&
          index == 1, "fontconfig names face 1 of the collection, got %s face %d",
          path ? path : "-", index);
    VfTextEngine *e = NULL;
    VfTextStyle st = { .font_path = inter, .size = 40, .color = { 255, 255, 255, 255 },
                       .opacity = 1 };
    const char *text = "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d";
    Glyphs ours = { 0 }, hb = { 0 };
    CHECK(vf_text_engine_create(&e, fl) == 0 && vf_text_dump(e, text, &st, collect, &ours) == 0,
          "layout of Hebrew through fontconfig's fallback");
    CHECK(all_from(&ours, ttc, 1), "drawn by face 1 of %s (got %s face %d)", ttc,
          ours.n ? ours.font[0] : "-", ours.n ? ours.face[0] : -1);
    CHECK(hb_shape(ttc, 1, text, &hb) > 0 && same_ids(&ours, &hb),
          "glyph ids as hb-shape --face-index=1");
    vf_text_engine_free(&e);
    vf_font_lookup_free(&fl);
    free(path);
    free(inter);
    free(thai);
    free(hebrew);
    return vf_check_failed;
}

static void test_fontconfig_face(void)
{
    vf_tmp_dir(); /* made here, so the child's files go where main cleans up */
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        _exit(fontconfig_face_child() ? 1 : 0);
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
          WEXITSTATUS(status) == 0, "fontconfig's fallback face (child process, see above)");
}

int main(void)
{
    VfTextEngine *e = NULL;
    test_fontconfig_face(); /* first: fontconfig must not have started */
    char *dejavu = font("DejaVu Sans"), *inter = font("Inter");
    CHECK(vf_text_engine_create(&e, vf_test_fonts()) == 0, "engine");
    if (e && dejavu && inter) {
        test_shadow_sigma(e, dejavu);
        test_gradient_angle(e, dejavu);
        test_ligatures(e, dejavu);
        test_collection_fallback(e, inter, dejavu);
    }
    vf_text_engine_free(&e);
    free(dejavu);
    free(inter);
    vf_tmp_cleanup();
    return vf_check_summary("text-effects");
}
