/* Shapes each line with HarfBuzz, then renders glyph outlines with FreeType at
 * their exact (sub-pixel) pen positions. Unhinted: advances then match what
 * HarfBuzz measured, so boxes and ink agree at every size. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <hb.h>
#include <hb-ft.h>
#include "plan/raster.h"
#include "text/text.h"
#include "vidforge/error.h"

#define LOAD_FLAGS (FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP)

struct VfTextEngine {
    FT_Library ft;
};

typedef struct Glyph {
    unsigned index;
    FT_Pos x, y;        /* pen position, 26.6, y down from the box top */
    unsigned cluster;   /* grapheme cluster, reading order across lines */
} Glyph;

typedef struct Layout {
    Glyph *glyphs;
    int count, cap;
    FT_Pos width;       /* widest line, 26.6 */
    FT_Pos line_height; /* 26.6 */
    int lines;
    unsigned clusters;  /* clusters laid out so far */
} Layout;

int vf_text_engine_create(VfTextEngine **out)
{
    VfTextEngine *e = calloc(1, sizeof(*e));
    if (!e)
        return VF_ERR_INTERNAL;
    if (FT_Init_FreeType(&e->ft)) {
        free(e);
        return vf_error_set(VF_ERR_INTERNAL, "cannot initialise FreeType");
    }
    *out = e;
    return 0;
}

void vf_text_engine_free(VfTextEngine **pe)
{
    if (!pe || !*pe)
        return;
    FT_Done_FreeType((*pe)->ft);
    free(*pe);
    *pe = NULL;
}

static int push_glyph(Layout *l, unsigned index, FT_Pos x, FT_Pos y, unsigned cluster)
{
    if (l->count == l->cap) {
        int cap = l->cap ? l->cap * 2 : 64;
        Glyph *g = realloc(l->glyphs, (size_t)cap * sizeof(*g));
        if (!g)
            return VF_ERR_INTERNAL;
        l->glyphs = g;
        l->cap = cap;
    }
    l->glyphs[l->count++] = (Glyph){ index, x, y, cluster };
    return 0;
}

static int cmp_unsigned(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

/* Numbers HarfBuzz's clusters (byte offsets) by their logical order, so a
 * typewriter reveals in reading order whatever the glyph order. Writes each
 * glyph's rank into ranks; returns the number of distinct clusters. */
static unsigned rank_clusters(const hb_glyph_info_t *info, unsigned n, unsigned *ranks)
{
    unsigned *sorted = malloc((n ? n : 1) * sizeof(*sorted));
    if (!sorted)
        return 0;
    for (unsigned i = 0; i < n; i++)
        sorted[i] = info[i].cluster;
    qsort(sorted, n, sizeof(*sorted), cmp_unsigned);
    unsigned distinct = 0;
    for (unsigned i = 0; i < n; i++)
        if (!distinct || sorted[distinct - 1] != sorted[i])
            sorted[distinct++] = sorted[i];
    for (unsigned i = 0; i < n; i++) {
        unsigned lo = 0, hi = distinct;
        while (lo + 1 < hi) {
            unsigned mid = (lo + hi) / 2;
            if (sorted[mid] <= info[i].cluster)
                lo = mid;
            else
                hi = mid;
        }
        ranks[i] = lo;
    }
    free(sorted);
    return distinct;
}

/* Shapes one line of len bytes with its baseline at y. */
static int shape_line(Layout *l, hb_font_t *font, const char *text, int len, FT_Pos y)
{
    hb_buffer_t *buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, text, len, 0, len);
    hb_buffer_guess_segment_properties(buf);
    hb_shape(font, buf, NULL, 0);
    unsigned n;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
    FT_Pos pen = 0;
    unsigned *ranks = malloc((n ? n : 1) * sizeof(*ranks));
    int ret = ranks ? 0 : VF_ERR_INTERNAL;
    unsigned distinct = ranks ? rank_clusters(info, n, ranks) : 0;
    for (unsigned i = 0; i < n && ret >= 0; i++) {
        ret = push_glyph(l, info[i].codepoint, pen + pos[i].x_offset, y - pos[i].y_offset,
                         l->clusters + ranks[i]);
        pen += pos[i].x_advance;
    }
    l->clusters += distinct + 1; /* the line break counts as one, as typed */
    free(ranks);
    if (pen > l->width)
        l->width = pen;
    hb_buffer_destroy(buf);
    return ret;
}

static int layout_text(Layout *l, FT_Face face, const char *utf8)
{
    hb_font_t *font = hb_ft_font_create_referenced(face);
    hb_ft_font_set_load_flags(font, LOAD_FLAGS);
    FT_Size_Metrics *m = &face->size->metrics;
    l->line_height = m->ascender - m->descender;
    int ret = 0;
    const char *p = utf8;
    for (;;) {
        const char *nl = strchr(p, '\n');
        int len = nl ? (int)(nl - p) : (int)strlen(p);
        ret = shape_line(l, font, p, len, l->lines * l->line_height + m->ascender);
        l->lines++;
        if (ret < 0 || !nl)
            break;
        p = nl + 1;
    }
    hb_font_destroy(font);
    return ret;
}

/* Loads glyph g's outline moved to its pen position (26.6, y down). */
static int load_placed(FT_Face face, const Glyph *g)
{
    if (FT_Load_Glyph(face, g->index, LOAD_FLAGS) ||
        face->glyph->format != FT_GLYPH_FORMAT_OUTLINE)
        return -1;
    FT_Outline_Translate(&face->glyph->outline, g->x, -g->y);
    return 0;
}

/* Ink bounds in whole pixels, box coordinates (y down), merged with the box. */
static void ink_bounds(FT_Face face, const Layout *l, int box_w, int box_h, int b[4])
{
    b[0] = 0, b[1] = 0, b[2] = box_w, b[3] = box_h;
    for (int i = 0; i < l->count; i++) {
        if (load_placed(face, &l->glyphs[i]) < 0)
            continue;
        FT_BBox cb;
        FT_Outline_Get_CBox(&face->glyph->outline, &cb);
        if (cb.xMin >= cb.xMax)
            continue;
        int x0 = (int)floor(cb.xMin / 64.0), x1 = (int)ceil(cb.xMax / 64.0);
        int y0 = (int)floor(-cb.yMax / 64.0), y1 = (int)ceil(-cb.yMin / 64.0);
        b[0] = x0 < b[0] ? x0 : b[0];
        b[1] = y0 < b[1] ? y0 : b[1];
        b[2] = x1 > b[2] ? x1 : b[2];
        b[3] = y1 > b[3] ? y1 : b[3];
    }
}

/* Renders each glyph's coverage into the alpha channel (max of overlaps),
 * noting in clusters which cluster drew each pixel. */
static void draw_glyphs(FT_Face face, const Layout *l, VfRaster *r, uint16_t *clusters, int ox,
                        int oy)
{
    for (int i = 0; i < l->count; i++) {
        const Glyph *g = &l->glyphs[i];
        if (load_placed(face, g) < 0 || FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL))
            continue;
        const FT_Bitmap *bm = &face->glyph->bitmap;
        int gx = face->glyph->bitmap_left - ox, gy = -face->glyph->bitmap_top - oy;
        for (unsigned row = 0; row < bm->rows; row++) {
            int y = gy + (int)row;
            if (y < 0 || y >= r->height)
                continue;
            const unsigned char *src = bm->buffer + (long)row * bm->pitch;
            for (unsigned col = 0; col < bm->width; col++) {
                int x = gx + (int)col;
                if (x < 0 || x >= r->width)
                    continue;
                size_t at = (size_t)y * r->width + x;
                uint8_t *a = &r->pixels[at * 4 + 3];
                if (src[col] > *a) {
                    *a = src[col];
                    clusters[at] = (uint16_t)(g->cluster < 65535 ? g->cluster : 65535);
                }
            }
        }
    }
}

static void colorize(VfRaster *r, VfColor c, double opacity)
{
    double k = c.a / 255.0 * opacity;
    size_t n = (size_t)r->width * r->height;
    for (size_t i = 0; i < n; i++) {
        uint8_t *p = &r->pixels[i * 4];
        p[0] = c.r, p[1] = c.g, p[2] = c.b;
        p[3] = (uint8_t)lrint(p[3] * k);
    }
}

static int rasterize(FT_Face face, const Layout *l, const VfTextStyle *st, VfTextResult *out)
{
    out->box_w = (int)((l->width + 63) / 64);
    out->box_h = (int)((l->lines * l->line_height + 63) / 64);
    if (out->box_w < 1)
        out->box_w = 1;
    int b[4];
    ink_bounds(face, l, out->box_w, out->box_h, b);
    int ret = vf_raster_alloc(&out->raster, b[2] - b[0], b[3] - b[1]);
    if (ret < 0)
        return ret;
    out->ink_x = b[0];
    out->ink_y = b[1];
    out->clusters = calloc((size_t)out->raster.width * out->raster.height, sizeof(uint16_t));
    if (!out->clusters)
        return VF_ERR_INTERNAL;
    out->nb_clusters = l->clusters ? (int)l->clusters - 1 : 0; /* no break after the last line */
    draw_glyphs(face, l, &out->raster, out->clusters, b[0], b[1]);
    colorize(&out->raster, st->color, st->opacity);
    return 0;
}

int vf_text_render(VfTextEngine *e, const char *utf8, const VfTextStyle *st,
                   VfTextResult *out)
{
    FT_Face face = NULL;
    Layout l = { 0 };
    *out = (VfTextResult){ 0 };
    if (FT_New_Face(e->ft, st->font_path, st->face_index, &face))
        return vf_error_set(VF_ERR_ASSET, "cannot open font %s: not a readable font file",
                            st->font_path);
    int ret = 0;
    if (FT_Set_Char_Size(face, 0, (FT_F26Dot6)lround(st->size * 64), 72, 72))
        ret = vf_error_set(VF_ERR_ASSET, "font %s cannot be set to %g px", st->font_path,
                           st->size);
    if (ret >= 0)
        ret = layout_text(&l, face, utf8);
    if (ret >= 0)
        ret = rasterize(face, &l, st, out);
    if (ret < 0) {
        vf_raster_free(&out->raster);
        free(out->clusters);
        out->clusters = NULL;
    }
    free(l.glyphs);
    FT_Done_Face(face);
    return ret;
}
