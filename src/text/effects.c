#include "text/effects.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vidforge/error.h"

/* One horizontal and one vertical box pass of half-width r. */
static void box_pass(uint8_t *m, uint8_t *tmp, int w, int h, int r)
{
    for (int y = 0; y < h; y++) {
        const uint8_t *row = m + (size_t)y * w;
        int sum = 0;
        for (int x = -r; x <= r; x++)
            sum += x >= 0 && x < w ? row[x] : 0;
        for (int x = 0; x < w; x++) {
            tmp[(size_t)y * w + x] = (uint8_t)(sum / (2 * r + 1));
            int out = x - r, in = x + r + 1;
            sum += (in < w ? row[in] : 0) - (out >= 0 ? row[out] : 0);
        }
    }
    for (int x = 0; x < w; x++) {
        int sum = 0;
        for (int y = -r; y <= r; y++)
            sum += y >= 0 && y < h ? tmp[(size_t)y * w + x] : 0;
        for (int y = 0; y < h; y++) {
            m[(size_t)y * w + x] = (uint8_t)(sum / (2 * r + 1));
            int out = y - r, in = y + r + 1;
            sum += (in < h ? tmp[(size_t)in * w + x] : 0) - (out >= 0 ? tmp[(size_t)out * w + x] : 0);
        }
    }
}

int vf_mask_blur(uint8_t *m, int w, int h, double radius)
{
    if (radius < 0.5)
        return 0;
    /* three box passes approximate a Gaussian of sigma = radius / 2 */
    double sigma = radius / 2;
    int r = (int)lround(sqrt(12 * sigma * sigma / 3 + 1) / 2);
    if (r < 1)
        r = 1;
    uint8_t *tmp = malloc((size_t)w * h);
    if (!tmp)
        return VF_ERR_INTERNAL;
    for (int i = 0; i < 3; i++)
        box_pass(m, tmp, w, h, r);
    free(tmp);
    return 0;
}

/* Coverage of the pixel centred at (px, py) by the rounded rectangle. */
static double round_rect_cover(double px, double py, double x0, double y0, double x1, double y1,
                               double r)
{
    double cx = px < x0 + r ? x0 + r : px > x1 - r ? x1 - r : px;
    double cy = py < y0 + r ? y0 + r : py > y1 - r ? y1 - r : py;
    double d = r > 0 && (cx != px || cy != py) ? hypot(px - cx, py - cy) - r
             : fmax(fmax(x0 - px, px - x1), fmax(y0 - py, py - y1));
    return d <= -0.5 ? 1 : d >= 0.5 ? 0 : 0.5 - d;
}

void vf_mask_round_rect(uint8_t *m, int w, int h, double x0, double y0, double x1, double y1,
                        double r)
{
    r = fmin(r, fmin((x1 - x0) / 2, (y1 - y0) / 2));
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            m[(size_t)y * w + x] =
                (uint8_t)lrint(255 * round_rect_cover(x + 0.5, y + 0.5, x0, y0, x1, y1, r));
}

VfColor vf_gradient_at(const VfColor *colors, const double *stops, int nb, double angle,
                       double gx0, double gy0, double gx1, double gy1, double x, double y,
                       VfColor plain)
{
    if (nb < 2)
        return plain;
    double a = angle * M_PI / 180, dx = cos(a), dy = sin(a);
    /* the box's corners projected on the direction give the gradient's ends */
    double p[4] = { gx0 * dx + gy0 * dy, gx1 * dx + gy0 * dy, gx0 * dx + gy1 * dy,
                    gx1 * dx + gy1 * dy };
    double lo = fmin(fmin(p[0], p[1]), fmin(p[2], p[3]));
    double hi = fmax(fmax(p[0], p[1]), fmax(p[2], p[3]));
    double t = hi > lo ? ((x * dx + y * dy) - lo) / (hi - lo) : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    int i;
    double k;
    if (stops) {
        for (i = 0; i < nb - 2 && t > stops[i + 1]; i++)
            ;
        double span = stops[i + 1] - stops[i];
        k = t <= stops[i] ? 0 : t >= stops[i + 1] ? 1 : span > 0 ? (t - stops[i]) / span : 1;
    } else {
        double f = t * (nb - 1);
        i = (int)f < nb - 1 ? (int)f : nb - 2;
        k = f - i;
    }
    const VfColor *c0 = &colors[i], *c1 = &colors[i + 1];
    return (VfColor){ (uint8_t)lrint(c0->r + (c1->r - c0->r) * k),
                      (uint8_t)lrint(c0->g + (c1->g - c0->g) * k),
                      (uint8_t)lrint(c0->b + (c1->b - c0->b) * k),
                      (uint8_t)lrint(c0->a + (c1->a - c0->a) * k) };
}

void vf_over(float dst[4], VfColor src, uint8_t coverage)
{
    float a = src.a / 255.0f * coverage / 255.0f;
    if (a <= 0)
        return;
    dst[0] = src.r / 255.0f * a + dst[0] * (1 - a);
    dst[1] = src.g / 255.0f * a + dst[1] * (1 - a);
    dst[2] = src.b / 255.0f * a + dst[2] * (1 - a);
    dst[3] = a + dst[3] * (1 - a);
}

#define NO_CLUSTER 0xFFFF

/* Minimum over a window of 2 * reach + 1 along rows (step 1) or columns
 * (step width) of src into dst. */
static void min_window(const uint16_t *src, uint16_t *dst, int width, int height, int reach,
                       int along_rows)
{
    int len = along_rows ? width : height, lines = along_rows ? height : width;
    size_t step = along_rows ? 1 : (size_t)width, next = along_rows ? (size_t)width : 1;
    for (int line = 0; line < lines; line++) {
        const uint16_t *in = src + line * next;
        uint16_t *out = dst + line * next;
        for (int i = 0; i < len; i++) {
            uint16_t m = NO_CLUSTER;
            int lo = i - reach < 0 ? 0 : i - reach, hi = i + reach >= len ? len - 1 : i + reach;
            for (int k = lo; k <= hi; k++)
                if (in[k * step] < m)
                    m = in[k * step];
            out[i * step] = m;
        }
    }
}

int vf_clusters_to_shadow(uint16_t *clusters, const uint8_t *fill, const uint8_t *outline,
                          const uint8_t *shadow, int width, int height, int dx, int dy,
                          int reach)
{
    size_t n = (size_t)width * height;
    uint16_t *cast = malloc(n * sizeof(uint16_t)), *tmp = malloc(n * sizeof(uint16_t));
    if (!cast || !tmp) {
        free(cast);
        free(tmp);
        return VF_ERR_INTERNAL;
    }
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
            int sx = x - dx, sy = y - dy;
            size_t from = (size_t)sy * width + sx;
            int inside = sx >= 0 && sy >= 0 && sx < width && sy < height;
            cast[(size_t)y * width + x] =
                inside && (fill[from] || (outline && outline[from])) ? clusters[from] : NO_CLUSTER;
        }
    }
    min_window(cast, tmp, width, height, reach, 1);
    min_window(tmp, cast, width, height, reach, 0);
    for (size_t i = 0; i < n; i++)
        if (shadow[i] && !fill[i] && !(outline && outline[i]) && cast[i] != NO_CLUSTER)
            clusters[i] = cast[i];
    free(cast);
    free(tmp);
    return 0;
}
