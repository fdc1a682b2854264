/* Coverage of a pixel is clamp(0.5 - d) where d is the signed distance from
 * its centre to the edge (negative inside): a straight edge crossing a pixel
 * at fraction f covers exactly f of it. The stroke lies inside the box, so
 * the box is where the shape is, as for text and images. */
#include "plan/shape.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/rasterkey.h"
#include "text/effects.h"
#include "util/raster.h"
#include "vidforge/error.h"

VfShapeStyle vf_shape_style(const VfOverlay *ov)
{
    const VfShape *s = &ov->shape;
    double k = ov->scale; /* like an image's: the shape is drawn at its scaled size */
    VfShapeStyle st = { .kind = s->kind, .radius = s->radius * k,
                        .fill = s->has_fill ? ov->color : (VfColor){ 255, 255, 255, 255 },
                        .nb_gradient = ov->nb_gradient, .nb_stops = ov->nb_stops,
                        .angle = ov->gradient_angle, .has_shadow = ov->has_shadow,
                        .shadow_color = ov->shadow_color, .shadow_x = ov->shadow_x * k,
                        .shadow_y = ov->shadow_y * k, .shadow_blur = ov->shadow_blur * k,
                        .opacity = ov->motion.keys[VF_MOTION_OPACITY].nb_keys ? 1 : ov->opacity };
    memcpy(st.gradient, ov->gradient, sizeof(st.gradient));
    memcpy(st.stops, ov->gradient_stops, sizeof(st.stops));
    if (s->has_stroke)
        st.stroke_width = s->stroke_width * k, st.stroke = s->stroke_color;
    if (s->kind == VF_SHAPE_LINE) { /* a line is all stroke: default 2 px of the fill colour */
        st.stroke_width = (s->has_stroke ? s->stroke_width : 2) * k;
        st.stroke = s->has_stroke ? s->stroke_color : st.fill;
    }
    return st;
}

int vf_shape_margin(const VfShapeStyle *st)
{
    double m = st->kind == VF_SHAPE_LINE ? st->stroke_width / 2 : 0;
    if (st->has_shadow)
        m += fmax(fabs(st->shadow_x), fabs(st->shadow_y)) + 3 * st->shadow_blur;
    return (int)ceil(m) + 1;
}

static double clamp01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

/* Signed distance from (x, y) (box pixels from the box's centre) to the edge. */
static double distance(const VfShapeStyle *st, double w, double h, double x, double y)
{
    double hw = w / 2, hh = h / 2;
    if (st->kind == VF_SHAPE_ELLIPSE) {
        if (hw <= 0 || hh <= 0)
            return 1e9;
        double k0 = hypot(x / hw, y / hh), k1 = hypot(x / (hw * hw), y / (hh * hh));
        return k1 > 0 ? k0 * (k0 - 1) / k1 : -fmin(hw, hh);
    }
    if (st->kind == VF_SHAPE_LINE) {
        double len = hypot(w, h);
        if (len <= 0)
            return 1e9;
        double along = (x * w + y * h) / len, across = (y * w - x * h) / len;
        return fmax(fabs(along) - len / 2, fabs(across) - st->stroke_width / 2);
    }
    double r = fmin(st->radius, fmin(hw, hh));
    double qx = fabs(x) - (hw - r), qy = fabs(y) - (hh - r);
    return hypot(fmax(qx, 0), fmax(qy, 0)) + fmin(fmax(qx, qy), 0) - r;
}

/* The premultiplied colour of box pixel (x, y) from its coverages. */
static void shade(const VfShapeStyle *st, double w, double h, double x, double y, float px[4])
{
    double d = distance(st, w, h, x - w / 2, y - h / 2);
    double all = clamp01(0.5 - d);
    double inner = st->kind == VF_SHAPE_LINE ? 0
                 : st->stroke_width > 0 ? clamp01(0.5 - (d + st->stroke_width)) : all;
    px[0] = px[1] = px[2] = px[3] = 0;
    if (all <= 0)
        return;
    VfColor f = vf_gradient_at(st->gradient, st->nb_stops ? st->stops : NULL, st->nb_gradient,
                               st->angle, 0, 0, w, h, x, y, st->fill);
    vf_over(px, f, (uint8_t)lrint(inner * 255));
    if (all > inner)
        vf_over(px, st->stroke, (uint8_t)lrint((all - inner) * 255));
}

/* The shadow's coverage mask: the shape's alpha moved and blurred. */
static int shadow_mask(const VfShapeStyle *st, const VfRaster *r, uint8_t **out)
{
    int w = r->width, h = r->height, dx = (int)lrint(st->shadow_x), dy = (int)lrint(st->shadow_y);
    uint8_t *m = calloc((size_t)w * h, 1);
    if (!m)
        return VF_ERR_INTERNAL;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int sx = x - dx, sy = y - dy;
            if (sx >= 0 && sy >= 0 && sx < w && sy < h)
                m[(size_t)y * w + x] = r->pixels[((size_t)sy * w + sx) * 4 + 3];
        }
    int ret = vf_mask_blur(m, w, h, st->shadow_blur);
    if (ret < 0)
        free(m);
    *out = ret < 0 ? NULL : m;
    return ret;
}

/* Puts the shadow under the shape and applies the opacity. */
static int finish(const VfShapeStyle *st, VfRaster *r)
{
    uint8_t *m = NULL;
    int ret = st->has_shadow ? shadow_mask(st, r, &m) : 0;
    for (size_t i = 0; ret >= 0 && i < (size_t)r->width * r->height; i++) {
        uint8_t *p = &r->pixels[i * 4];
        float px[4] = { 0 };
        if (m)
            vf_over(px, st->shadow_color, m[i]);
        VfColor c = { p[0], p[1], p[2], p[3] };
        c.a = 255;
        vf_over(px, c, p[3]);
        float a = px[3] * (float)st->opacity;
        for (int k = 0; k < 3; k++)
            p[k] = px[3] > 0 ? (uint8_t)lrintf(fminf(px[k] / px[3], 1) * 255) : 0;
        p[3] = (uint8_t)lrintf(a * 255);
    }
    free(m);
    return ret;
}

int vf_shape_draw(const VfShapeStyle *st, double w, double h, VfRaster *out, int *ink_x,
                  int *ink_y)
{
    int m = vf_shape_margin(st);
    int rw = (int)ceil(w) + 2 * m, rh = (int)ceil(h) + 2 * m;
    if (vf_raster_alloc(out, rw, rh) < 0)
        return VF_ERR_INTERNAL;
    for (int y = 0; y < rh; y++)
        for (int x = 0; x < rw; x++) {
            float px[4];
            uint8_t *p = &out->pixels[((size_t)y * rw + x) * 4];
            shade(st, w, h, x - m + 0.5, y - m + 0.5, px);
            for (int k = 0; k < 3; k++)
                p[k] = px[3] > 0 ? (uint8_t)lrintf(fminf(px[k] / px[3], 1) * 255) : 0;
            p[3] = (uint8_t)lrintf(px[3] * 255);
        }
    *ink_x = *ink_y = -m;
    int ret = st->has_shadow || st->opacity < 1 ? finish(st, out) : 0;
    if (ret < 0)
        vf_raster_free(out);
    return ret;
}

static char *shape_key(const VfShapeStyle *st, double w, double h)
{
    VfShapeKey k = { .kind = st->kind, .width = w, .height = h, .radius = st->radius,
                     .fill = st->fill, .nb_gradient = st->nb_gradient, .nb_stops = st->nb_stops,
                     .angle = st->angle, .stroke_width = st->stroke_width, .stroke = st->stroke,
                     .has_shadow = st->has_shadow, .shadow_color = st->shadow_color,
                     .shadow_x = st->shadow_x, .shadow_y = st->shadow_y,
                     .shadow_blur = st->shadow_blur, .opacity = st->opacity };
    memcpy(k.gradient, st->gradient, sizeof(k.gradient));
    memcpy(k.stops, st->stops, sizeof(k.stops));
    return vf_shape_key_text(&k);
}

int vf_plan_rasterize_shape(const VfPlanCtx *pc, const VfTemplate *t, const VfOverlay *ov,
                            VfLayerRaster *out)
{
    (void)t;
    VfShapeStyle st = vf_shape_style(ov);
    double w = ov->shape.width * ov->scale, h = ov->shape.height * ov->scale;
    char *key = shape_key(&st, w, h);
    int ret = 0;
    if (!vf_plan_cache_get(pc, key, out)) {
        ret = vf_shape_draw(&st, w, h, &out->raster, &out->ink_x, &out->ink_y);
        out->box_w = (int)lround(w);
        out->box_h = (int)lround(h);
        if (ret >= 0)
            vf_plan_cache_put(pc, key, out);
    }
    free(key);
    return ret;
}
