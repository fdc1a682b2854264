/* Layers of a text raster, as libass's ass_render.c stacks them: the
 * background box's shadow (the box moved and blurred), background, shadow
 * (fill and outline moved and blurred), outline, fill; straight alpha out. */
#include "text/textraster.h"

#include <math.h>
#include <stdlib.h>

#include "text/effects.h"
#include "text/glyphs.h"
#include "util/raster.h"
#include "vidforge/error.h"

/* The masks of one raster. */
typedef struct Layers {
    VfMask fill, outline, shadow, bg, bg_shadow;
    uint8_t *color;     /* colour glyphs, premultiplied RGBA; NULL: none */
    int ox, oy;         /* the raster's top-left in box pixels */
} Layers;

/* How far effects reach outside the ink and the box, in whole pixels. */
static int effects_margin(const VfTextStyle *st)
{
    double m = st->outline_width + 1;
    if (st->has_shadow)
        m += fmax(fabs(st->shadow_x), fabs(st->shadow_y)) + st->shadow_blur * 1.5;
    if (st->has_background)
        m = fmax(m, fmax(st->background_pad_x, st->background_pad_y) + 1);
    if (st->has_background && st->box_shadow.on)
        m = fmax(m, fmax(st->background_pad_x, st->background_pad_y) + 1 +
                        fmax(fabs(st->box_shadow.x), fabs(st->box_shadow.y)) +
                        st->box_shadow.blur * 1.5);
    return (int)ceil(m);
}

/* The shadow: fill and outline, moved and blurred. */
static int make_shadow(const VfTextStyle *st, const VfMask *fill, const VfMask *outline,
                       VfMask *shadow)
{
    int dx = (int)lround(st->shadow_x), dy = (int)lround(st->shadow_y);
    for (int y = 0; y < shadow->h; y++) {
        for (int x = 0; x < shadow->w; x++) {
            int sx = x - dx, sy = y - dy;
            if (sx < 0 || sy < 0 || sx >= shadow->w || sy >= shadow->h)
                continue;
            size_t at = (size_t)sy * shadow->w + sx;
            uint8_t v = fill->m[at];
            if (outline->m && outline->m[at] > v)
                v = outline->m[at];
            shadow->m[(size_t)y * shadow->w + x] = v;
        }
    }
    return vf_mask_blur(shadow->m, shadow->w, shadow->h, st->shadow_blur);
}

/* The box's shadow: the box's coverage moved by the offset and blurred. */
static int make_box_shadow(const VfBoxShadow *bs, const VfMask *bg, VfMask *out)
{
    int dx = (int)lround(bs->x), dy = (int)lround(bs->y);
    for (int y = 0; y < out->h; y++) {
        int sy = y - dy;
        for (int x = 0; x < out->w; x++) {
            int sx = x - dx;
            if (sx >= 0 && sy >= 0 && sx < out->w && sy < out->h)
                out->m[(size_t)y * out->w + x] = bg->m[(size_t)sy * bg->w + sx];
        }
    }
    return vf_mask_blur(out->m, out->w, out->h, bs->blur);
}

/* The fill colour at raster pixel (x, y): the plain colour or the gradient
 * across the layout box [bx0, bx1) x [by0, by1). */
static VfColor fill_color(const VfTextStyle *st, const int box[4], int x, int y)
{
    if (st->nb_gradient < 2)
        return st->color;
    return vf_gradient_at(st->gradient, st->gradient_stops, st->nb_gradient, st->gradient_angle,
                          box[0], box[1], box[2], box[3], x + 0.5, y + 0.5, st->color);
}

/* Composites the layers of pixel at into px (premultiplied). */
static void compose_pixel(const VfTextStyle *st, const Layers *ly, size_t at, const int box[4],
                          int x, int y, float px[4])
{
    if (ly->bg_shadow.m)
        vf_over(px, st->box_shadow.color, ly->bg_shadow.m[at]);
    if (ly->bg.m)
        vf_over(px, st->background_color, ly->bg.m[at]);
    if (ly->shadow.m)
        vf_over(px, st->shadow_color, ly->shadow.m[at]);
    if (ly->outline.m)
        vf_over(px, st->outline_color, ly->outline.m[at]);
    if (ly->color && ly->color[at * 4 + 3]) { /* a colour glyph: its own pixels */
        const uint8_t *c = &ly->color[at * 4];
        float a = c[3] / 255.0f;
        for (int k = 0; k < 3; k++)
            px[k] = c[k] / 255.0f + px[k] * (1 - a);
        px[3] = a + px[3] * (1 - a);
    } else if (ly->fill.m[at]) {
        vf_over(px, fill_color(st, box, x, y), ly->fill.m[at]);
    }
}

static int covered(const Layers *ly, size_t at)
{
    return ly->fill.m[at] || (ly->bg.m && ly->bg.m[at]) || (ly->shadow.m && ly->shadow.m[at]) ||
           (ly->outline.m && ly->outline.m[at]) || (ly->bg_shadow.m && ly->bg_shadow.m[at]);
}

/* Box shadow, background, shadow, outline, fill, each over the last; straight alpha out.
 * box: the layout box in raster pixels (x0, y0, x1, y1). */
static void compose(const VfTextStyle *st, const Layers *ly, const int box[4], VfRaster *r)
{
    for (int y = 0; y < r->height; y++) {
        for (int x = 0; x < r->width; x++) {
            size_t at = (size_t)y * r->width + x;
            if (!covered(ly, at))
                continue; /* nothing here: the raster starts transparent */
            float px[4] = { 0, 0, 0, 0 };
            compose_pixel(st, ly, at, box, x, y, px);
            uint8_t *p = &r->pixels[at * 4];
            float a = px[3];
            for (int k = 0; k < 3; k++)
                p[k] = a > 0 ? (uint8_t)lrintf(fminf(px[k] / a, 1) * 255) : 0;
            p[3] = (uint8_t)lrintf(a * (float)st->opacity * 255);
        }
    }
}

/* Allocates the masks style needs for a w x h raster. */
static int layers_alloc(Layers *ly, const VfLayout *l, const VfTextStyle *st, int w, int h)
{
    size_t n = (size_t)w * h;
    ly->fill = (VfMask){ calloc(n, 1), w, h };
    ly->outline = (VfMask){ st->outline_width > 0 ? calloc(n, 1) : NULL, w, h };
    ly->shadow = (VfMask){ st->has_shadow ? calloc(n, 1) : NULL, w, h };
    ly->bg = (VfMask){ st->has_background ? calloc(n, 1) : NULL, w, h };
    int box_shadow = st->has_background && st->box_shadow.on;
    ly->bg_shadow = (VfMask){ box_shadow ? calloc(n, 1) : NULL, w, h };
    ly->color = vf_glyphs_have_color(l) ? calloc(n, 4) : NULL;
    if (!ly->fill.m || (st->outline_width > 0 && !ly->outline.m) ||
        (st->has_shadow && !ly->shadow.m) || (st->has_background && !ly->bg.m) ||
        (box_shadow && !ly->bg_shadow.m))
        return VF_ERR_INTERNAL;
    return 0;
}

static void layers_free(Layers *ly)
{
    free(ly->color);
    free(ly->fill.m);
    free(ly->outline.m);
    free(ly->shadow.m);
    free(ly->bg.m);
    free(ly->bg_shadow.m);
}

/* The shadow, and for the typewriter its cluster map. */
static int draw_shadow(const VfTextStyle *st, Layers *ly, uint16_t *clusters)
{
    int ret = make_shadow(st, &ly->fill, &ly->outline, &ly->shadow);
    if (ret >= 0 && st->typewriter) /* a blur reaches about 3 sigma = 1.5 radius */
        ret = vf_clusters_to_shadow(clusters, ly->fill.m, ly->outline.m, ly->shadow.m,
                                    ly->fill.w, ly->fill.h, (int)lround(st->shadow_x),
                                    (int)lround(st->shadow_y), (int)ceil(st->shadow_blur * 1.5));
    return ret;
}

/* Draws every layer into ly and composites them into out->raster. */
static int draw_layers(const VfLayout *l, const VfTextStyle *st, Layers *ly, VfTextResult *out)
{
    int ret = 0, box[4] = { -ly->ox, -ly->oy, -ly->ox + out->box_w, -ly->oy + out->box_h };
    if (ly->outline.m)
        vf_glyphs_draw_outline(l, st->outline_width, &ly->outline, out->clusters, ly->ox, ly->oy);
    vf_glyphs_draw_fill(l, &ly->fill, ly->color, out->clusters, ly->ox, ly->oy);
    if (ly->shadow.m)
        ret = draw_shadow(st, ly, out->clusters);
    if (ret >= 0 && ly->bg.m)
        vf_mask_round_rect(ly->bg.m, ly->bg.w, ly->bg.h, box[0] - st->background_pad_x,
                           box[1] - st->background_pad_y, box[2] + st->background_pad_x,
                           box[3] + st->background_pad_y, st->background_radius);
    if (ret >= 0 && ly->bg_shadow.m)
        ret = make_box_shadow(&st->box_shadow, &ly->bg, &ly->bg_shadow);
    if (ret >= 0)
        compose(st, ly, box, &out->raster);
    return ret;
}

int vf_text_rasterize(const VfLayout *l, const VfTextStyle *st, VfTextResult *out)
{
    vf_layout_box(l, &out->box_w, &out->box_h);
    if (out->box_w < 1)
        out->box_w = 1;
    int b[4], m = effects_margin(st);
    vf_glyphs_ink_bounds(l, out->box_w, out->box_h, b);
    b[0] -= m, b[1] -= m, b[2] += m, b[3] += m;
    int ret = vf_raster_alloc(&out->raster, b[2] - b[0], b[3] - b[1]);
    if (ret < 0)
        return ret;
    out->ink_x = b[0];
    out->ink_y = b[1];
    int w = out->raster.width, h = out->raster.height;
    Layers ly = { .ox = b[0], .oy = b[1] };
    ret = layers_alloc(&ly, l, st, w, h);
    out->clusters = calloc((size_t)w * h, sizeof(uint16_t));
    if (!out->clusters)
        ret = VF_ERR_INTERNAL;
    out->nb_clusters = l->clusters ? (int)l->clusters - 1 : 0; /* no break after the last line */
    if (ret >= 0)
        ret = draw_layers(l, st, &ly, out);
    layers_free(&ly);
    return ret;
}
