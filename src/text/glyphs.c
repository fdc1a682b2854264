/* Glyph rasterizing, as libass's ass_bitmap.c/ass_rasterizer.c: each glyph
 * rendered at its sub-pixel pen position and max-composited into a mask. */
#include "text/glyphs.h"
#include <math.h>
#include FT_OUTLINE_H
#include FT_GLYPH_H
#include FT_STROKER_H

/* Loads glyph g's outline moved to its pen position (26.6, y down). */
static int load_placed(FT_Face face, const VfGlyph *g)
{
    if (FT_Load_Glyph(face, g->index, VF_GLYPH_LOAD_FLAGS) ||
        face->glyph->format != FT_GLYPH_FORMAT_OUTLINE)
        return -1;
    FT_Outline_Translate(&face->glyph->outline, g->x, -g->y);
    return 0;
}

/* Loads colour glyph g as a BGRA bitmap; 0, or -1 when it has none. */
static int load_color(const VfLayout *l, const VfGlyph *g)
{
    FT_Face face = l->fonts.face[g->font];
    return !FT_Load_Glyph(face, g->index, FT_LOAD_COLOR) &&
           face->glyph->format == FT_GLYPH_FORMAT_BITMAP &&
           face->glyph->bitmap.pixel_mode == FT_PIXEL_MODE_BGRA ? 0 : -1;
}

/* Where colour glyph g's scaled bitmap lands, in box pixels: x0, y0, w, h. */
static void color_box(const VfLayout *l, const VfGlyph *g, double r[4])
{
    FT_GlyphSlot s = l->fonts.face[g->font]->glyph;
    double k = l->fonts.scale[g->font];
    r[0] = g->x / 64.0 + s->bitmap_left * k;
    r[1] = g->y / 64.0 - s->bitmap_top * k;
    r[2] = s->bitmap.width * k;
    r[3] = s->bitmap.rows * k;
}

static void merge_bounds(int b[4], int x0, int y0, int x1, int y1)
{
    b[0] = x0 < b[0] ? x0 : b[0];
    b[1] = y0 < b[1] ? y0 : b[1];
    b[2] = x1 > b[2] ? x1 : b[2];
    b[3] = y1 > b[3] ? y1 : b[3];
}

/* Merges glyph g's ink into b; -1 when it has none. */
static int glyph_bounds(const VfLayout *l, const VfGlyph *g, int b[4])
{
    if (l->fonts.color[g->font]) {
        double r[4];
        if (load_color(l, g) < 0)
            return -1;
        color_box(l, g, r);
        merge_bounds(b, (int)floor(r[0]), (int)floor(r[1]), (int)ceil(r[0] + r[2]),
                     (int)ceil(r[1] + r[3]));
        return 0;
    }
    FT_Face face = l->fonts.face[g->font];
    FT_BBox cb;
    if (load_placed(face, g) < 0)
        return -1;
    FT_Outline_Get_CBox(&face->glyph->outline, &cb);
    if (cb.xMin >= cb.xMax)
        return -1;
    merge_bounds(b, (int)floor(cb.xMin / 64.0), (int)floor(-cb.yMax / 64.0),
                 (int)ceil(cb.xMax / 64.0), (int)ceil(-cb.yMin / 64.0));
    return 0;
}

void vf_glyphs_ink_bounds(const VfLayout *l, int box_w, int box_h, int b[4])
{
    b[0] = 0, b[1] = 0, b[2] = box_w, b[3] = box_h;
    for (int i = 0; i < l->count; i++)
        glyph_bounds(l, &l->glyphs[i], b);
}

int vf_glyphs_have_color(const VfLayout *l)
{
    int has = 0;
    for (int i = 1; i < l->fonts.nb; i++)
        has |= l->fonts.color[i];
    return has;
}

static uint16_t cluster_id(unsigned cluster)
{
    return (uint16_t)(cluster < 65535 ? cluster : 65535);
}

/* Max-composites a rendered bitmap at (left, top) (raster coordinates) into
 * mask; notes the cluster of pixels it raises when clusters is given. */
static void stamp(VfMask *mask, const FT_Bitmap *bm, int left, int top, uint16_t *clusters,
                  unsigned cluster)
{
    for (unsigned row = 0; row < bm->rows; row++) {
        int y = top + (int)row;
        if (y < 0 || y >= mask->h)
            continue;
        const unsigned char *src = bm->buffer + (long)row * bm->pitch;
        for (unsigned col = 0; col < bm->width; col++) {
            int x = left + (int)col;
            if (x < 0 || x >= mask->w)
                continue;
            size_t at = (size_t)y * mask->w + x;
            if (src[col] > mask->m[at]) {
                mask->m[at] = src[col];
                if (clusters)
                    clusters[at] = cluster_id(cluster);
            }
        }
    }
}

/* The BGRA bitmap bm (premultiplied) sampled bilinearly at (sx, sy), in
 * bitmap pixels, as premultiplied RGBA (0..255 each). */
static void sample_bgra(const FT_Bitmap *bm, double sx, double sy, double acc[4])
{
    int ix = (int)floor(sx), iy = (int)floor(sy);
    double fx = sx - ix, fy = sy - iy;
    acc[0] = acc[1] = acc[2] = acc[3] = 0;
    for (int j = 0; j < 2; j++)
        for (int i = 0; i < 2; i++) {
            int px = ix + i, py = iy + j;
            if (px < 0 || py < 0 || px >= (int)bm->width || py >= (int)bm->rows)
                continue;
            const uint8_t *p = bm->buffer + (long)py * bm->pitch + px * 4;
            double w = (i ? fx : 1 - fx) * (j ? fy : 1 - fy);
            acc[0] += p[2] * w, acc[1] += p[1] * w, acc[2] += p[0] * w, acc[3] += p[3] * w;
        }
}

static uint8_t clamp_byte(double v)
{
    return (uint8_t)lrint(v > 255 ? 255 : v);
}

/* Draws colour glyph g scaled (bilinear) into color (premultiplied RGBA,
 * raster-sized) and its alpha into fill. */
static void draw_color(const VfLayout *l, const VfGlyph *g, VfMask *fill, uint8_t *color,
                       uint16_t *clusters, int ox, int oy)
{
    if (load_color(l, g) < 0)
        return;
    const FT_Bitmap *bm = &l->fonts.face[g->font]->glyph->bitmap;
    double r[4], k = l->fonts.scale[g->font], acc[4];
    color_box(l, g, r);
    int x0 = (int)floor(r[0]) - ox, y0 = (int)floor(r[1]) - oy;
    for (int y = y0; y < y0 + (int)ceil(r[3]) + 1; y++) {
        for (int x = x0; x < x0 + (int)ceil(r[2]) + 1; x++) {
            if (x < 0 || y < 0 || x >= fill->w || y >= fill->h)
                continue;
            sample_bgra(bm, (x + ox + 0.5 - r[0]) / k - 0.5, (y + oy + 0.5 - r[1]) / k - 0.5, acc);
            size_t at = (size_t)y * fill->w + x;
            uint8_t a = clamp_byte(acc[3]);
            if (a <= color[at * 4 + 3])
                continue;
            for (int c = 0; c < 4; c++)
                color[at * 4 + c] = clamp_byte(acc[c]);
            fill->m[at] = a > fill->m[at] ? a : fill->m[at];
            clusters[at] = cluster_id(g->cluster);
        }
    }
}

void vf_glyphs_draw_fill(const VfLayout *l, VfMask *fill, uint8_t *color, uint16_t *clusters,
                         int ox, int oy)
{
    for (int i = 0; i < l->count; i++) {
        const VfGlyph *g = &l->glyphs[i];
        FT_Face face = l->fonts.face[g->font];
        if (l->fonts.color[g->font]) {
            if (color)
                draw_color(l, g, fill, color, clusters, ox, oy);
            continue;
        }
        if (load_placed(face, g) < 0 || FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL))
            continue;
        stamp(fill, &face->glyph->bitmap, face->glyph->bitmap_left - ox,
              -face->glyph->bitmap_top - oy, clusters, g->cluster);
    }
}

void vf_glyphs_draw_outline(const VfLayout *l, double width, VfMask *out, uint16_t *clusters,
                            int ox, int oy)
{
    FT_Stroker stroker;
    if (FT_Stroker_New(l->fonts.cache->ft, &stroker))
        return;
    FT_Stroker_Set(stroker, (FT_Fixed)lround(width * 64), FT_STROKER_LINECAP_ROUND,
                   FT_STROKER_LINEJOIN_ROUND, 0);
    for (int i = 0; i < l->count; i++) {
        FT_Glyph glyph;
        FT_Face face = l->fonts.face[l->glyphs[i].font];
        if (load_placed(face, &l->glyphs[i]) < 0 || FT_Get_Glyph(face->glyph, &glyph))
            continue;
        if (!FT_Glyph_StrokeBorder(&glyph, stroker, 0, 1) &&
            !FT_Glyph_To_Bitmap(&glyph, FT_RENDER_MODE_NORMAL, NULL, 1)) {
            FT_BitmapGlyph bg = (FT_BitmapGlyph)glyph;
            stamp(out, &bg->bitmap, bg->left - ox, -bg->top - oy, clusters, l->glyphs[i].cluster);
        }
        FT_Done_Glyph(glyph);
    }
    FT_Stroker_Done(stroker);
}
