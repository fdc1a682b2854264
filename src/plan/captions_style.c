/* Cue-text styles drawn into a caption's raster after layout, so the
 * caption keeps one layout (and its words their places for highlighting):
 * a word's colour (<c.red>, <font color>) replaces the fill colour, keeping
 * the outline; bold spreads the fill sideways by about size / 28 pixels (as
 * FreeType's emboldening does); italic slants the word 0.2 to the right
 * about its baseline; underline draws a bar under it. Pixels are picked by
 * the raster's cluster map, and the map moves with them. */
#include "plan/captions_style.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vidforge/error.h"

#define SLANT 0.2           /* italic: pixels right per pixel above the baseline */
#define BASELINE 0.8        /* of the line's height, from its top */

static int selected(const VfLayerRaster *r, const VfCapStyled *w, int x, int y)
{
    size_t at = (size_t)y * r->raster.width + x;
    if (!r->raster.pixels[at * 4 + 3])
        return 0;
    if (r->clusters)
        return r->clusters[at] >= w->cluster_from && r->clusters[at] < w->cluster_to;
    return x + 0.5 >= w->x0 && x + 0.5 < w->x1 && y + 0.5 >= w->y0 && y + 0.5 < w->y1;
}

/* A pixel mixed from outline o and fill f gets colour c in place of f. */
static void recolour(uint8_t *p, VfColor f, const VfColor *o, VfColor c)
{
    const uint8_t fc[3] = { f.r, f.g, f.b }, cc[3] = { c.r, c.g, c.b };
    double t = 1;
    if (o) {
        const uint8_t oc[3] = { o->r, o->g, o->b };
        double num = 0, den = 0;
        for (int k = 0; k < 3; k++) {
            num += (p[k] - oc[k]) * (double)(fc[k] - oc[k]);
            den += (fc[k] - oc[k]) * (double)(fc[k] - oc[k]);
        }
        t = den < 1 ? 1 : fmin(1, fmax(0, num / den));
        for (int k = 0; k < 3; k++)
            p[k] = (uint8_t)lrint(oc[k] + t * (cc[k] - oc[k]));
        return;
    }
    for (int k = 0; k < 3; k++)
        p[k] = cc[k];
}

/* How much a pixel looks like the fill: its alpha times its closeness. */
static int fillness(const uint8_t *p, VfColor f)
{
    return p[3] * (766 - abs(p[0] - f.r) - abs(p[1] - f.g) - abs(p[2] - f.b));
}

/* Bold: each pixel takes the most fill-like of the word's pixels within
 * rb sideways, so strokes thicken and the outline moves out with them. */
static int embolden(VfLayerRaster *r, const VfCapStyled *w, VfColor f, int rb)
{
    int W = r->raster.width, H = r->raster.height;
    size_t n = (size_t)W * H;
    uint8_t *px = malloc(n * 4);
    uint16_t *cl = r->clusters ? malloc(n * sizeof(*cl)) : NULL;
    if (!px || (r->clusters && !cl)) {
        free(px);
        free(cl);
        return VF_ERR_INTERNAL;
    }
    memcpy(px, r->raster.pixels, n * 4);
    if (cl)
        memcpy(cl, r->clusters, n * sizeof(*cl));
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            size_t at = (size_t)y * W + x;
            int own = selected(r, w, x, y), best = -1, a = own ? r->raster.pixels[at * 4 + 3] : 0;
            if (!own && r->raster.pixels[at * 4 + 3])
                continue; /* a neighbour's ink */
            for (int dx = -rb; dx <= rb; dx++) {
                int xx = x + dx;
                if (xx < 0 || xx >= W || !selected(r, w, xx, y))
                    continue;
                const uint8_t *q = &r->raster.pixels[((size_t)y * W + xx) * 4];
                a = q[3] > a ? q[3] : a;
                if (best < 0 || fillness(q, f) > fillness(&r->raster.pixels[((size_t)y * W + best) * 4], f))
                    best = xx;
            }
            if (best < 0)
                continue;
            const uint8_t *b = &r->raster.pixels[((size_t)y * W + best) * 4];
            if (!own || fillness(b, f) > fillness(&r->raster.pixels[at * 4], f))
                memcpy(&px[at * 4], b, 3);
            px[at * 4 + 3] = (uint8_t)a;
            if (cl)
                cl[at] = r->clusters[(size_t)y * W + best];
        }
    memcpy(r->raster.pixels, px, n * 4);
    if (cl)
        memcpy(r->clusters, cl, n * sizeof(*cl));
    free(px);
    free(cl);
    return 0;
}

/* Straight-alpha src, its alpha times k, over dst. */
static void over(uint8_t *dst, const uint8_t *src, double k)
{
    double sa = src[3] / 255.0 * k, da = dst[3] / 255.0, oa = sa + da * (1 - sa);
    for (int c = 0; c < 3 && oa > 0; c++)
        dst[c] = (uint8_t)lrint((src[c] * sa + dst[c] * da * (1 - sa)) / oa);
    dst[3] = (uint8_t)lrint(oa * 255);
}

/* Italic: the word's pixels slanted about its baseline, each split between
 * the two pixels it lands on (summed premultiplied, then put over the rest). */
static int slant(VfLayerRaster *r, const VfCapStyled *w)
{
    int W = r->raster.width, H = r->raster.height;
    size_t n = (size_t)W * H;
    float *acc = calloc(n * 4, sizeof(*acc));
    uint16_t *cl = r->clusters ? malloc(n * sizeof(*cl)) : NULL;
    if (!acc || (r->clusters && !cl)) {
        free(acc);
        free(cl);
        return VF_ERR_INTERNAL;
    }
    if (cl)
        memcpy(cl, r->clusters, n * sizeof(*cl));
    double base = w->y0 + BASELINE * (w->y1 - w->y0);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            size_t at = (size_t)y * W + x;
            if (!selected(r, w, x, y))
                continue;
            uint8_t *p = &r->raster.pixels[at * 4];
            double fx = x + SLANT * (base - (y + 0.5)), a = p[3] / 255.0;
            int x0 = (int)floor(fx);
            for (int k = 0; k < 2; k++) {
                int xx = x0 + k;
                double wt = (k ? fx - x0 : 1 - (fx - x0)) * a;
                if (xx < 0 || xx >= W || wt <= 0)
                    continue;
                float *d = &acc[((size_t)y * W + xx) * 4];
                for (int c = 0; c < 3; c++)
                    d[c] += (float)(p[c] * wt);
                d[3] += (float)wt;
                if (cl)
                    cl[(size_t)y * W + xx] = r->clusters[at];
            }
            memset(p, 0, 4);
        }
    for (size_t at = 0; at < n; at++) {
        float *d = &acc[at * 4];
        if (d[3] <= 0)
            continue;
        float a = d[3] > 1 ? 1 : d[3];
        uint8_t px[4] = { (uint8_t)lrintf(d[0] / d[3]), (uint8_t)lrintf(d[1] / d[3]),
                          (uint8_t)lrintf(d[2] / d[3]), 255 };
        over(&r->raster.pixels[at * 4], px, a);
    }
    if (cl)
        memcpy(r->clusters, cl, n * sizeof(*cl));
    free(acc);
    free(cl);
    return 0;
}

/* Underline: a bar of colour c under the word's baseline. */
static void underline(VfLayerRaster *r, const VfCapStyled *w, VfColor c, double size)
{
    int W = r->raster.width, H = r->raster.height;
    int th = (int)fmax(1, lrint(size / 16));
    int y0 = (int)lrint(w->y0 + BASELINE * (w->y1 - w->y0) + size / 16);
    const uint8_t col[4] = { c.r, c.g, c.b, c.a };
    for (int y = y0 < 0 ? 0 : y0; y < y0 + th && y < H; y++)
        for (int x = (int)fmax(0, lrint(w->x0)); x < lrint(w->x1) && x < W; x++) {
            over(&r->raster.pixels[((size_t)y * W + x) * 4], col, 1);
            if (r->clusters)
                r->clusters[(size_t)y * W + x] = (uint16_t)w->cluster_from;
        }
}

int vf_cap_style_apply(VfLayerRaster *r, const VfCapStyled *words, int n, VfColor fill,
                       const VfColor *outline, double size)
{
    int ret = 0, rb = (int)fmax(1, lrint(size / 28));
    for (int i = 0; i < n && ret >= 0; i++) {
        const VfCapStyled *w = &words[i];
        VfColor f = w->has_color ? w->color : fill;
        if (w->has_color)
            for (size_t at = 0; at < (size_t)r->raster.width * r->raster.height; at++)
                if (selected(r, w, (int)(at % r->raster.width), (int)(at / r->raster.width)))
                    recolour(&r->raster.pixels[at * 4], fill, outline, w->color);
        if (w->flags & VF_CUE_BOLD)
            ret = embolden(r, w, f, rb);
        if (ret >= 0 && (w->flags & VF_CUE_ITALIC))
            ret = slant(r, w);
        if (ret >= 0 && (w->flags & VF_CUE_UNDERLINE))
            underline(r, w, f, size);
    }
    r->content_key[0] = '\0'; /* no longer the cached raster: its pixels name it */
    return ret;
}
