/* Word rasters cut from a caption's raster by its cluster map: the word's
 * glyphs and outline exactly as the whole caption drew them, none of its
 * neighbours' even where their ink overlaps. */
#include "plan/captions_words.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/effects.h"
#include "util/raster.h"
#include "vidforge/error.h"

static int selected(const VfLayerRaster *r, const VfCapCut *c, int x, int y)
{
    size_t at = (size_t)y * r->raster.width + x;
    if (!r->raster.pixels[at * 4 + 3])
        return 0;
    if (r->clusters)
        return r->clusters[at] >= c->cluster_from && r->clusters[at] < c->cluster_to;
    return x + 0.5 >= c->x0 && x + 0.5 < c->x1 && y + 0.5 >= c->y0 && y + 0.5 < c->y1;
}

/* The bounds [b0, b2) x [b1, b3) of the word's pixels and its box. 0: empty. */
static int bounds(const VfLayerRaster *r, const VfCapCut *c, int b[4])
{
    b[0] = b[1] = 1 << 30;
    b[2] = b[3] = -(1 << 30);
    for (int y = 0; y < r->raster.height; y++)
        for (int x = 0; x < r->raster.width; x++)
            if (selected(r, c, x, y)) {
                b[0] = x < b[0] ? x : b[0], b[1] = y < b[1] ? y : b[1];
                b[2] = x + 1 > b[2] ? x + 1 : b[2], b[3] = y + 1 > b[3] ? y + 1 : b[3];
            }
    if (c->has_box) {
        b[0] = (int)fmin(b[0], floor(c->x0 - c->box_pad));
        b[1] = (int)fmin(b[1], floor(c->y0 - c->box_pad));
        b[2] = (int)fmax(b[2], ceil(c->x1 + c->box_pad));
        b[3] = (int)fmax(b[3], ceil(c->y1 + c->box_pad));
    }
    return b[2] > b[0] && b[3] > b[1];
}

/* Straight-alpha src over the pixel dst. */
static void over(uint8_t *dst, const uint8_t *src)
{
    double sa = src[3] / 255.0, da = dst[3] / 255.0, oa = sa + da * (1 - sa);
    for (int k = 0; k < 3 && oa > 0; k++)
        dst[k] = (uint8_t)lrint((src[k] * sa + dst[k] * da * (1 - sa)) / oa);
    dst[3] = (uint8_t)lrint(oa * 255);
}

static int draw_box(const VfCapCut *c, const int b[4], VfRaster *out)
{
    int w = out->width, h = out->height;
    uint8_t *m = calloc((size_t)w * h, 1);
    if (!m)
        return VF_ERR_INTERNAL;
    vf_mask_round_rect(m, w, h, c->x0 - c->box_pad - b[0], c->y0 - c->box_pad - b[1],
                       c->x1 + c->box_pad - b[0], c->y1 + c->box_pad - b[1], c->box_radius);
    for (size_t i = 0; i < (size_t)w * h; i++) {
        uint8_t *px = &out->pixels[i * 4];
        px[0] = c->box_color.r, px[1] = c->box_color.g, px[2] = c->box_color.b;
        px[3] = (uint8_t)((c->box_color.a * m[i] + 127) / 255);
    }
    free(m);
    return 0;
}

/* Bilinear sample at (fx, fy), premultiplied so edges keep their colour. */
static void sample(const VfRaster *r, double fx, double fy, uint8_t *out)
{
    int x0 = (int)floor(fx), y0 = (int)floor(fy);
    double ax = fx - x0, ay = fy - y0, acc[4] = { 0 };
    for (int j = 0; j < 2; j++)
        for (int i = 0; i < 2; i++) {
            int x = x0 + i, y = y0 + j;
            if (x < 0 || y < 0 || x >= r->width || y >= r->height)
                continue;
            const uint8_t *p = &r->pixels[((size_t)y * r->width + x) * 4];
            double a = p[3] * (i ? ax : 1 - ax) * (j ? ay : 1 - ay);
            acc[0] += p[0] * a, acc[1] += p[1] * a, acc[2] += p[2] * a, acc[3] += a;
        }
    for (int k = 0; k < 3; k++)
        out[k] = acc[3] > 0 ? (uint8_t)lrint(acc[k] / acc[3]) : 0;
    out[3] = (uint8_t)lrint(acc[3]);
}

/* Replaces *r by itself scaled s times about its centre; moves (x, y). */
static int scale_about_centre(VfRaster *r, double s, int *x, int *y)
{
    int w = (int)ceil(r->width * s), h = (int)ceil(r->height * s);
    VfRaster big = { 0 };
    if (vf_raster_alloc(&big, w, h) < 0)
        return VF_ERR_INTERNAL;
    double cx = r->width / 2.0, cy = r->height / 2.0, bx = w / 2.0, by = h / 2.0;
    for (int j = 0; j < h; j++)
        for (int i = 0; i < w; i++)
            sample(r, cx + (i + 0.5 - bx) / s - 0.5, cy + (j + 0.5 - by) / s - 0.5,
                   &big.pixels[((size_t)j * w + i) * 4]);
    *x -= (w - r->width) / 2;
    *y -= (h - r->height) / 2;
    vf_raster_free(r);
    *r = big;
    return 0;
}

int vf_cap_cut_word(const VfLayerRaster *r, const VfCapCut *c, VfRaster *out, int *x, int *y)
{
    int b[4];
    *out = (VfRaster){ 0 };
    if (!bounds(r, c, b))
        return 1;
    if (vf_raster_alloc(out, b[2] - b[0], b[3] - b[1]) < 0)
        return VF_ERR_INTERNAL;
    int ret = c->has_box ? draw_box(c, b, out) : 0;
    for (int j = b[1]; ret >= 0 && j < b[3]; j++)
        for (int i = b[0]; i < b[2]; i++)
            if (i >= 0 && j >= 0 && i < r->raster.width && j < r->raster.height &&
                selected(r, c, i, j))
                over(&out->pixels[((size_t)(j - b[1]) * out->width + (i - b[0])) * 4],
                     &r->raster.pixels[((size_t)j * r->raster.width + i) * 4]);
    *x = b[0];
    *y = b[1];
    if (ret >= 0 && c->scale > 0 && fabs(c->scale - 1) > 1e-6)
        ret = scale_about_centre(out, c->scale, x, y);
    if (ret < 0)
        vf_raster_free(out);
    return ret;
}
