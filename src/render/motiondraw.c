#include "render/motiondraw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/motion.h"
#include "plan/shape.h"
#include "util/raster.h"
#include "vidforge/error.h"

/* Shapes whose size is keyframed are redrawn when the size changes by more
 * than this (pixels): the last size drawn is kept. */
#define SIZE_STEP (1.0 / 64)

struct VfMotionFeed {
    const VfPlan *plan;
    const VfClip *clip;
    const VfPlanLayer *layer;
    VfRaster shape;          /* the shape redrawn at shape_w x shape_h */
    double shape_w, shape_h;
    int shape_ink;
};

int vf_motion_feed_create(VfMotionFeed **out, const VfPlan *p, const VfClip *c,
                          const VfPlanLayer *l)
{
    VfMotionFeed *f = calloc(1, sizeof(*f));
    if (!f)
        return VF_ERR_INTERNAL;
    *f = (VfMotionFeed){ p, c, l, { 0 }, -1, -1, 0 };
    *out = f;
    return 0;
}

void vf_motion_feed_free(VfMotionFeed **pf)
{
    if (!pf || !*pf)
        return;
    vf_raster_free(&(*pf)->shape);
    free(*pf);
    *pf = NULL;
}

void vf_motion_feed_key(VfMotionFeed *f, int64_t n, int key[VF_MOTION_KEY_SIZE])
{
    VfPose q;
    vf_motion_pose(f->plan, f->clip, f->layer, n, &q);
    key[0] = (int)lrint(q.box_x * 64);
    key[1] = (int)lrint(q.box_y * 64);
    key[2] = (int)lrint(q.box_w / SIZE_STEP);
    key[3] = (int)lrint(q.box_h / SIZE_STEP);
    key[4] = (int)lrint(q.scale * 1e5);
    key[5] = (int)lrint(fmod(q.rotation, 360) * 1e3);
    key[6] = (int)lrint(q.opacity * 255);
    key[7] = q.frame;
}

/* The picture to draw: pixels, size, and its box's top-left in them. */
typedef struct Source {
    const uint8_t *px;
    int w, h;
    double box_x, box_y, box_w, box_h;
    const uint16_t *clusters;
} Source;

static int shape_source(VfMotionFeed *f, const VfPose *q, Source *s)
{
    const VfPlanLayer *l = f->layer;
    if (fabs(q->box_w - f->shape_w) >= SIZE_STEP / 2 || fabs(q->box_h - f->shape_h) >= SIZE_STEP / 2) {
        int ink_y;
        vf_raster_free(&f->shape);
        if (vf_shape_draw(l->shape, q->box_w, q->box_h, &f->shape, &f->shape_ink, &ink_y) < 0)
            return VF_ERR_INTERNAL;
        f->shape_w = q->box_w;
        f->shape_h = q->box_h;
    }
    *s = (Source){ f->shape.pixels, f->shape.width, f->shape.height, -f->shape_ink,
                   -f->shape_ink, f->shape_w, f->shape_h, NULL };
    return 0;
}

static int source_of(VfMotionFeed *f, const VfPose *q, Source *s)
{
    const VfPlanLayer *l = f->layer;
    if (l->shape)
        return shape_source(f, q, s);
    if (l->seq) {
        *s = (Source){ l->seq->pixels[q->frame], l->seq->width, l->seq->height, 0, 0,
                       l->box_w, l->box_h, NULL };
        return 0;
    }
    *s = (Source){ l->raster.pixels, l->raster.width, l->raster.height, l->box_x - l->raster_x,
                   l->box_y - l->raster_y, l->box_w, l->box_h, l->clusters };
    return 0;
}

/* Bilinear sample at (fx, fy) (pixel centres at +0.5), premultiplied while
 * mixing so transparent neighbours do not darken edges; straight out. */
static void sample(const Source *s, double fx, double fy, uint8_t *out)
{
    int x0 = (int)floor(fx), y0 = (int)floor(fy);
    double ax = fx - x0, ay = fy - y0, acc[4] = { 0 };
    for (int j = 0; j < 2; j++)
        for (int i = 0; i < 2; i++) {
            int x = x0 + i, y = y0 + j;
            double w = (i ? ax : 1 - ax) * (j ? ay : 1 - ay);
            if (x < 0 || y < 0 || x >= s->w || y >= s->h || w <= 0)
                continue;
            const uint8_t *p = &s->px[((size_t)y * s->w + x) * 4];
            double a = p[3] * w;
            acc[0] += p[0] * a, acc[1] += p[1] * a, acc[2] += p[2] * a, acc[3] += a;
        }
    for (int c = 0; c < 3; c++)
        out[c] = acc[3] > 0 ? (uint8_t)lrint(fmin(acc[c] / acc[3], 255)) : 0;
    out[3] = (uint8_t)lrint(fmin(acc[3], 255));
}

/* The wipe and typewriter masks at source pixel (sx, sy): 1 when hidden. */
static int masked(const Source *s, const VfAnimState *a, int chars, double sx, double sy)
{
    int x = (int)floor(sx + 0.5), y = (int)floor(sy + 0.5);
    x = x < 0 ? 0 : x >= s->w ? s->w - 1 : x;
    y = y < 0 ? 0 : y >= s->h ? s->h - 1 : y;
    if (x < lrint(a->reveal_from * s->w) || x >= lrint(a->reveal_to * s->w))
        return 1;
    return chars >= 0 && s->clusters && s->clusters[(size_t)y * s->w + x] >= chars;
}

/* The canvas rows and columns the turned, scaled picture can touch. */
static void extent(const VfClip *c, const Source *s, const VfPose *q, int b[4])
{
    double cx = q->box_x + q->box_w / 2, cy = q->box_y + q->box_h / 2, r = 0;
    double dx[2] = { -s->box_x - s->box_w / 2, s->w - s->box_x - s->box_w / 2 };
    double dy[2] = { -s->box_y - s->box_h / 2, s->h - s->box_y - s->box_h / 2 };
    for (int i = 0; i < 4; i++)
        r = fmax(r, hypot(dx[i & 1], dy[i >> 1]));
    r = r * q->scale + 2;
    b[0] = (int)fmax(0, floor(cx - r) - c->canvas_x);
    b[1] = (int)fmax(0, floor(cy - r) - c->canvas_y);
    b[2] = (int)fmin(c->canvas_w, ceil(cx + r) - c->canvas_x);
    b[3] = (int)fmin(c->canvas_h, ceil(cy + r) - c->canvas_y);
}

int vf_motion_feed_draw(VfMotionFeed *f, int64_t n, uint8_t *dst, int linesize)
{
    const VfClip *c = f->clip;
    VfPose q;
    Source s;
    vf_motion_pose(f->plan, c, f->layer, n, &q);
    for (int y = 0; y < c->canvas_h; y++)
        memset(dst + (size_t)y * linesize, 0, (size_t)c->canvas_w * 4);
    if (q.scale <= 0 || q.opacity <= 0)
        return 0;
    if (source_of(f, &q, &s) < 0)
        return VF_ERR_INTERNAL;
    int chars = q.anim.chars < 0 || q.anim.chars >= f->layer->nb_clusters ? -1 : q.anim.chars;
    double a = q.rotation * M_PI / 180, co = cos(a) / q.scale, si = sin(a) / q.scale;
    double cx = q.box_x + q.box_w / 2 - c->canvas_x, cy = q.box_y + q.box_h / 2 - c->canvas_y;
    double sx0 = s.box_x + s.box_w / 2 - 0.5, sy0 = s.box_y + s.box_h / 2 - 0.5;
    int b[4];
    extent(c, &s, &q, b);
    for (int y = b[1]; y < b[3]; y++) {
        uint8_t *row = dst + (size_t)y * linesize;
        for (int x = b[0]; x < b[2]; x++) {
            double ox = x + 0.5 - cx, oy = y + 0.5 - cy;
            double sx = sx0 + ox * co + oy * si, sy = sy0 - ox * si + oy * co;
            if (sx < -1 || sy < -1 || sx > s.w || sy > s.h)
                continue;
            uint8_t *px = row + x * 4;
            sample(&s, sx, sy, px);
            if (masked(&s, &q.anim, chars, sx, sy))
                px[3] = 0;
            else if (q.opacity < 1)
                px[3] = (uint8_t)lrint(px[3] * fmin(q.opacity, 1));
        }
    }
    return 0;
}
