/* Per-layer frame schedule. A layer's pixel state (opacity, scale, reveal,
 * characters) is quantized to what 8-bit pixels can show; a new frame is
 * pushed only when that changes. Positions are not part of it: slides move
 * through the overlay filter's x/y expressions (see animate.h). */
#include "render/layerfeed.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/frame.h>

#include "plan/animate.h"
#include "plan/motion.h"
#include "render/captionfeed.h"
#include "render/motiondraw.h"
#include "vidforge/error.h"

typedef struct PixelKey {
    int alpha;          /* opacity * 255 */
    int scale;          /* scale * 1000 */
    int from, to;       /* visible columns */
    int chars;
    int pose[VF_MOTION_KEY_SIZE]; /* clips drawn per frame (motiondraw.h); else 0 */
} PixelKey;

typedef struct LayerState {
    const VfPlanLayer *layer;
    int index;          /* in the plan, = the graph's layer input */
    int64_t pushed;     /* pts of the last frame pushed, or first - 1 */
    PixelKey key;       /* of the last frame pushed */
    int started;        /* a frame was pushed */
    int ended;
    VfMotionFeed *motion; /* drawn per frame into its clip's canvas, or NULL */
    VfCaptionFeed *captions; /* a captions layer's picture per frame, or NULL */
} LayerState;

struct VfLayerFeed {
    const VfPlan *plan;
    LayerState *layers;
    int nb_layers;
    AVFrame *frame;
};

static PixelKey key_of(const VfPlanLayer *l, const VfAnimState *s)
{
    int w = l->raster.width;
    return (PixelKey){ (int)lrint(s->opacity * 255), (int)lrint(s->scale * 1000),
                       (int)lrint(s->reveal_from * w), (int)lrint(s->reveal_to * w),
                       s->chars < 0 || s->chars >= l->nb_clusters ? -1 : s->chars, { 0 } };
}

static PixelKey state_key(const LayerState *ls, int64_t n, const VfAnimState *s)
{
    PixelKey k = key_of(ls->layer, s);
    if (ls->motion)
        vf_motion_feed_key(ls->motion, n, k.pose);
    if (ls->captions)
        vf_caption_feed_key(ls->captions, n, k.pose);
    return k;
}

static double frame_time(const VfPlan *p, int64_t n)
{
    return (double)n * p->fps_den / p->fps_num;
}

int vf_layer_feed_create(VfLayerFeed **out, const VfPlan *p, int64_t from_frame)
{
    VfLayerFeed *f = calloc(1, sizeof(*f));
    if (!f || !(f->layers = calloc((size_t)(p->nb_layers + 1), sizeof(*f->layers))) ||
        !(f->frame = av_frame_alloc())) {
        vf_layer_feed_free(&f);
        return VF_ERR_INTERNAL;
    }
    f->plan = p;
    for (int i = 0; i < p->nb_layers; i++) {
        const VfPlanLayer *l = &p->layers[i];
        if (l->first_frame >= l->end_frame)
            continue; /* never visible: not in the graph */
        int64_t first = l->first_frame > from_frame ? l->first_frame : from_frame;
        LayerState ls = { l, i, first - 1, { -1, -1, -1, -1, -2, { 0 } }, 0, 0, NULL, NULL };
        const VfClip *c = vf_motion_clip_of(p, i);
        int ret = c && c->canvas_w ? vf_motion_feed_create(&ls.motion, p, c, l) : 0;
        if (ret >= 0 && l->captions)
            ret = vf_caption_feed_create(&ls.captions, p, l);
        if (ret < 0) {
            vf_motion_feed_free(&ls.motion);
            vf_layer_feed_free(&f);
            return ret;
        }
        if (from_frame >= l->end_frame) /* over before the first frame: just end it */
            ls.pushed = l->end_frame - 1, ls.started = 1;
        f->layers[f->nb_layers++] = ls;
    }
    *out = f;
    return 0;
}

static void mask_pixel(uint8_t *px, const VfPlanLayer *l, const VfAnimState *s, const PixelKey *k,
                       int x, int y)
{
    if (x < k->from || x >= k->to ||
        (k->chars >= 0 && l->clusters && l->clusters[(size_t)y * l->raster.width + x] >= k->chars))
        px[3] = 0;
    else if (k->alpha != 255)
        px[3] = (uint8_t)((px[3] * k->alpha + 127) / 255);
}

/* Bilinear sample of the raster at (fx, fy), premultiplied internally so
 * transparent neighbours do not darken edges; result straight alpha. */
static void sample(const VfRaster *r, double fx, double fy, uint8_t *out)
{
    int x0 = (int)floor(fx), y0 = (int)floor(fy);
    double ax = fx - x0, ay = fy - y0, acc[4] = { 0 };
    for (int j = 0; j < 2; j++) {
        for (int i = 0; i < 2; i++) {
            int x = x0 + i, y = y0 + j;
            if (x < 0 || y < 0 || x >= r->width || y >= r->height)
                continue;
            double w = (i ? ax : 1 - ax) * (j ? ay : 1 - ay);
            const uint8_t *p = &r->pixels[((size_t)y * r->width + x) * 4];
            double a = p[3] * w;
            acc[0] += p[0] * a, acc[1] += p[1] * a, acc[2] += p[2] * a, acc[3] += a;
        }
    }
    for (int c = 0; c < 3; c++)
        out[c] = acc[3] > 0 ? (uint8_t)lrint(acc[c] / acc[3]) : 0;
    out[3] = (uint8_t)lrint(acc[3]);
}

/* Nothing scales or masks a pixel of l in state k: the raster as it is. */
static int plain(const VfPlanLayer *l, const PixelKey *k)
{
    return k->scale == 1000 && k->alpha == 255 && k->from <= 0 && k->to >= l->raster.width &&
           (k->chars < 0 || !l->clusters);
}

int vf_layer_plain(const VfPlanLayer *l, const VfAnimState *s)
{
    PixelKey k = key_of(l, s);
    return plain(l, &k);
}

void vf_layer_draw(const VfPlanLayer *l, const VfAnimState *s, uint8_t *dst, int dst_linesize)
{
    const VfRaster *r = &l->raster;
    PixelKey k = key_of(l, s);
    double scale = k.scale / 1000.0;
    int copy = plain(l, &k);
    for (int y = 0; y < r->height; y++) {
        uint8_t *row = dst + (size_t)y * dst_linesize;
        if (copy) { /* a caption at rest, a still layer: rows as they are */
            memcpy(row, &r->pixels[(size_t)y * r->width * 4], (size_t)r->width * 4);
            continue;
        }
        for (int x = 0; x < r->width; x++) {
            uint8_t *px = row + x * 4;
            if (k.scale == 1000)
                memcpy(px, &r->pixels[((size_t)y * r->width + x) * 4], 4);
            else
                sample(r, l->pivot_x + (x + 0.5 - l->pivot_x) / scale - 0.5,
                       l->pivot_y + (y + 0.5 - l->pivot_y) / scale - 0.5, px);
            mask_pixel(px, l, s, &k, x, y);
        }
    }
}

/* Zeroes the bytes of fr's buffer that drawing never writes: the end of each
 * row past width * 4 and the slack after the last row. swscale's SIMD reads
 * them whole, and uninitialised bytes there make valgrind's memcheck (rightly)
 * complain about conditional jumps on them. */
static void clear_padding(AVFrame *fr)
{
    size_t row = (size_t)fr->width * 4, ls = (size_t)fr->linesize[0];
    for (int y = 0; y < fr->height && ls > row; y++)
        memset(fr->data[0] + (size_t)y * ls + row, 0, ls - row);
    uint8_t *end = fr->data[0] + (size_t)fr->height * ls;
    uint8_t *buf_end = fr->buf[0]->data + fr->buf[0]->size;
    if (end < buf_end)
        memset(end, 0, (size_t)(buf_end - end));
}

static int push_state(VfLayerFeed *f, VfGraph *g, LayerState *ls, int64_t n, const VfAnimState *s)
{
    AVFrame *fr = f->frame;
    av_frame_unref(fr);
    fr->format = AV_PIX_FMT_RGBA;
    const VfClip *c = ls->motion ? vf_motion_clip_of(f->plan, ls->index) : NULL;
    fr->width = c ? c->canvas_w : ls->layer->raster.width;
    fr->height = c ? c->canvas_h : ls->layer->raster.height;
    if (av_frame_get_buffer(fr, 0) < 0)
        return VF_ERR_INTERNAL;
    clear_padding(fr);
    if (ls->captions) {
        if (vf_caption_feed_draw(ls->captions, n, fr->data[0], fr->linesize[0]) < 0)
            return VF_ERR_INTERNAL;
    } else if (!c)
        vf_layer_draw(ls->layer, s, fr->data[0], fr->linesize[0]);
    else if (vf_motion_feed_draw(ls->motion, n, fr->data[0], fr->linesize[0]) < 0)
        return VF_ERR_INTERNAL;
    fr->pts = n;
    ls->pushed = n;
    ls->started = 1;
    ls->key = state_key(ls, n, s);
    return vf_graph_push_layer(g, ls->index, fr);
}

/* The next frame after ls->pushed whose pixels differ, or -1. */
static int64_t next_change(const VfPlan *p, const LayerState *ls, VfAnimState *s)
{
    for (int64_t n = ls->pushed + 1; n < ls->layer->end_frame; n++) {
        vf_anim_state(ls->layer, frame_time(p, n), s);
        PixelKey k = state_key(ls, n, s);
        if (memcmp(&k, &ls->key, sizeof(k)))
            return n;
    }
    return -1;
}

int vf_layer_feed_run(VfLayerFeed *f, VfGraph *g, int64_t frame)
{
    for (int i = 0; i < f->nb_layers; i++) {
        LayerState *ls = &f->layers[i];
        /* the overlay waits until it knows the layer's next frame is later
         * than `frame` (or that there is none) */
        while (!ls->ended && (!ls->started || ls->pushed <= frame)) {
            VfAnimState s;
            int64_t last = ls->layer->end_frame - 1;
            int64_t n = next_change(f->plan, ls, &s);
            if (n < 0 && ls->pushed < last) {
                /* the overlay ends its input one frame after the last frame
                 * it received, so the last visible frame is sent as well */
                n = last;
                vf_anim_state(ls->layer, frame_time(f->plan, n), &s);
            }
            int ret = n >= 0 ? push_state(f, g, ls, n, &s)
                             : vf_graph_end_layer(g, ls->index, ls->layer->end_frame);
            if (ret < 0)
                return ret;
            ls->ended = n < 0;
        }
    }
    return 0;
}

void vf_layer_feed_free(VfLayerFeed **pf)
{
    VfLayerFeed *f = pf ? *pf : NULL;
    if (!f)
        return;
    av_frame_free(&f->frame);
    for (int i = 0; f->layers && i < f->nb_layers; i++) {
        vf_motion_feed_free(&f->layers[i].motion);
        vf_caption_feed_free(&f->layers[i].captions);
    }
    free(f->layers);
    free(f);
    *pf = NULL;
}
