/* Decode threads for video layers and clips, and the choice of the source
 * frame for each output frame (see mediafeed.h).
 *
 * The decode thread turns the source's timestamps into "local" time: seconds
 * since trim_start, plus one period per completed loop, in microseconds.
 * Frames before trim_start (a seek lands on the keyframe before it) count as
 * 0, so the latest of them is what shows at the start. Output frame n then
 * shows the latest frame whose local time is <= local(n) (plan_media.h). */
#include "render/mediafeed.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/media_motion.h"
#include "render/mediagraph.h"
#include "render/motiondraw.h"
#include "render/queue.h"
#include "vidforge/error.h"
#include "vidforge/log.h"

#define MEDIA_QUEUE 4       /* decoded frames waiting per source */
#define US 1000000.0

typedef struct Source {
    const VfPlanMedia *m;
    const VfPlan *plan;
    int index;              /* media source number (mediagraph.h) */
    VfInput *in;
    VfFrameQueue *q;
    pthread_t thread;
    int running;
    int ret;                /* the decode thread's failure */
    char error[1024];
    const VfLogger *logger;
    double seek_to;         /* local seconds to start decoding at (within one period) */
    double offset;          /* local seconds of the loops before seek_to */
    AVFrame *cur, *next;    /* shown; the next one decoded (peeked) */
    int has_next, eof, ended;
    int64_t pushed;         /* pts of the last frame pushed, first - 1 before */
    int64_t first;          /* the first frame pushed */
    AVFrame *mask;          /* rounded corners: alpha of the picture and its border */
    AVFrame *shadow;        /* the drop shadow, pushed at the first and last frame */
    /* video layers drawn per frame (plan/media_motion.h) */
    VfPlanLayer lay;        /* m->motion, its raster's pixels in px */
    uint8_t *px;            /* the shown rectangle over its shadow, straight RGBA */
    AVFrame *pic;           /* the rectangle as the graph gives it */
    VfMotionFeed *draw;
    AVBufferPool *pool;     /* canvases, reused once the graph lets go of them */
    int canvas_ls;          /* their linesize */
} Source;

struct VfMediaFeed {
    const VfPlan *plan;
    Source *src;
    int nb_src;
    const VfInputVideo **inputs;
};

static double local_at(const VfPlan *p, const VfPlanMedia *m, int64_t n)
{
    double t = (double)n * p->fps_den / p->fps_num;
    return (t - m->start) * m->speed;
}

/* ---- decode thread -------------------------------------------------------- */

static int put_frame(Source *s, AVFrame *f, double offset)
{
    double t = f->pts == AV_NOPTS_VALUE ? 0 : f->pts * av_q2d(vf_input_video(s->in)->time_base);
    f->pts = llround((fmax(t, 0) + offset) * US);
    return vf_frame_queue_put(s->q, f, 0);
}

/* The frame at local time t is past the part played. */
static int past_end(const Source *s, const AVFrame *f)
{
    const VfPlanMedia *m = s->m;
    if (m->trim_end < 0 || f->pts == AV_NOPTS_VALUE)
        return 0;
    double t = f->pts * av_q2d(vf_input_video(s->in)->time_base);
    return t >= m->trim_end - m->trim_start - 1e-6;
}

static int decode_loop(Source *s, AVFrame *f)
{
    double offset = s->offset;
    int ret = s->seek_to > 0 ? vf_input_seek(s->in, s->seek_to) : 0;
    while (ret >= 0) {
        int is_audio = 0;
        ret = vf_input_read(s->in, f, &is_audio);
        if (ret >= 0 && is_audio) {
            av_frame_unref(f);
            continue;
        }
        int end = ret == AVERROR_EOF || (ret >= 0 && past_end(s, f));
        if (ret < 0 && !end)
            return ret;
        if (end && !s->m->loop)
            return vf_frame_queue_put(s->q, NULL, 0);
        if (end) { /* the next repeat: back to trim_start */
            av_frame_unref(f);
            offset += s->m->period;
            ret = vf_input_seek(s->in, 0);
            continue;
        }
        ret = put_frame(s, f, offset);
    }
    return ret;
}

static void *decode_main(void *opaque)
{
    Source *s = opaque;
    vf_log_bind(s->logger);
    AVFrame *f = av_frame_alloc();
    int ret = f ? decode_loop(s, f) : VF_ERR_INTERNAL;
    av_frame_free(&f);
    if (ret < 0 && ret != VF_QUEUE_ABORTED) { /* the consumer learns it from s->ret */
        s->ret = ret;
        snprintf(s->error, sizeof(s->error), "%s", vf_error_message());
        vf_frame_queue_abort(s->q);
    }
    return NULL;
}

/* ---- setup ---------------------------------------------------------------- */

/* A frame of colour c, BT.709 limited range, w x h yuv420p. */
static int colour_frame(AVFrame *f, VfColor c, int w, int h)
{
    f->format = AV_PIX_FMT_YUV420P;
    f->width = w;
    f->height = h;
    if (av_frame_get_buffer(f, 0) < 0)
        return VF_ERR_INTERNAL;
    double r = c.r / 255.0, g = c.g / 255.0, b = c.b / 255.0;
    double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    int v[3] = { (int)lround(16 + 219 * y), (int)lround(128 + 224 * (b - y) / 1.8556),
                 (int)lround(128 + 224 * (r - y) / 1.5748) };
    for (int p = 0; p < 3; p++) {
        int rows = p ? (h + 1) / 2 : h;
        for (int k = 0; k < rows; k++)
            memset(f->data[p] + (size_t)k * f->linesize[p], v[p], (size_t)f->linesize[p]);
    }
    return 0;
}

/* Coverage of a w x h rectangle with corners of radius r, anti-aliased:
 * each pixel's centre against the distance to the inner rectangle. */
static int mask_frame(AVFrame *f, int w, int h, int r)
{
    f->format = AV_PIX_FMT_GRAY8;
    f->width = w;
    f->height = h;
    if (av_frame_get_buffer(f, 0) < 0)
        return VF_ERR_INTERNAL;
    double rr = r > w / 2.0 ? w / 2.0 : r;
    rr = rr > h / 2.0 ? h / 2.0 : rr;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            double px = x + 0.5, py = y + 0.5;
            double dx = fmax(fmax(rr - px, px - (w - rr)), 0);
            double dy = fmax(fmax(rr - py, py - (h - rr)), 0);
            double a = fmin(fmax(rr - hypot(dx, dy) + 0.5, 0), 1);
            f->data[0][(size_t)y * f->linesize[0] + x] = (uint8_t)lround(a * 255);
        }
    }
    return 0;
}

static int shadow_frame(AVFrame *f, const VfRaster *r)
{
    f->format = AV_PIX_FMT_RGBA;
    f->width = r->width;
    f->height = r->height;
    if (av_frame_get_buffer(f, 0) < 0)
        return VF_ERR_INTERNAL;
    for (int y = 0; y < r->height; y++)
        memcpy(f->data[0] + (size_t)y * f->linesize[0], r->pixels + (size_t)y * r->width * 4,
               (size_t)r->width * 4);
    return 0;
}

static int open_motion(VfMediaFeed *f, Source *s)
{
    const VfClip *c = vf_media_motion_clip(f->plan, s->m);
    s->lay = *s->m->motion;
    size_t size = (size_t)s->lay.raster.width * s->lay.raster.height * 4;
    if (!c || !(s->px = calloc(size ? size : 1, 1)) || !(s->pic = av_frame_alloc()))
        return VF_ERR_INTERNAL;
    s->lay.raster.pixels = s->px;
    s->canvas_ls = (c->canvas_w * 4 + 63) & ~63;
    if (!(s->pool = av_buffer_pool_init((size_t)s->canvas_ls * c->canvas_h + 64, NULL)))
        return VF_ERR_INTERNAL;
    return vf_motion_feed_create(&s->draw, f->plan, c, &s->lay);
}

static int open_source(VfMediaFeed *f, Source *s, int64_t from)
{
    const VfPlanMedia *m = s->m;
    if (s->index < f->plan->nb_videos && m->radius > 0) {
        int x, y, w, h;
        vf_media_layer_rect(m, &x, &y, &w, &h);
        if (!(s->mask = av_frame_alloc()) || mask_frame(s->mask, w, h, m->radius) < 0)
            return VF_ERR_INTERNAL;
    }
    if (m->motion && open_motion(f, s) < 0)
        return VF_ERR_INTERNAL;
    else if (!m->motion && m->shadow &&
             (!(s->shadow = av_frame_alloc()) || shadow_frame(s->shadow, m->shadow) < 0))
        return VF_ERR_INTERNAL;
    int64_t first = m->first_frame > from ? m->first_frame : from;
    s->pushed = first - 1;
    s->first = first;
    if (!(s->cur = av_frame_alloc()) || !(s->next = av_frame_alloc()))
        return VF_ERR_INTERNAL;
    if (!m->path)
        return colour_frame(s->cur, m->color, f->plan->width, f->plan->height);
    int ret = vf_input_open(&s->in, m->path, 0, m->trim_start, 0);
    if (ret < 0)
        return ret;
    f->inputs[s->index] = vf_input_video(s->in);
    /* a preview (or a late start): decode from the frame's source time on */
    double u = first < m->end_frame ? local_at(f->plan, m, first) : 0;
    if (m->loop && m->period > 0) {
        s->offset = floor(u / m->period) * m->period;
        u -= s->offset;
    }
    s->seek_to = u > 0 ? u : 0;
    if (m->trim_end >= 0 && s->seek_to > m->trim_end - m->trim_start)
        s->seek_to = m->trim_end - m->trim_start; /* held: the last frame */
    s->logger = vf_log_current();
    return vf_frame_queue_create(&s->q, MEDIA_QUEUE);
}

int vf_media_feed_create(VfMediaFeed **out, const VfPlan *p, int64_t from_frame)
{
    int n = vf_media_source_count(p), ret = 0;
    *out = NULL;
    if (!n)
        return 0;
    VfMediaFeed *f = calloc(1, sizeof(*f));
    if (!f || !(f->src = calloc((size_t)n, sizeof(*f->src))) ||
        !(f->inputs = calloc((size_t)n, sizeof(*f->inputs)))) {
        vf_media_feed_free(&f);
        return VF_ERR_INTERNAL;
    }
    f->plan = p;
    for (int i = 0; i < n && ret >= 0; i++) {
        if (!vf_media_source_in_graph(p, i, from_frame))
            continue;
        Source *s = &f->src[f->nb_src++];
        *s = (Source){ .m = vf_media_source(p, i), .plan = p, .index = i };
        ret = open_source(f, s, from_frame);
    }
    if (ret < 0)
        vf_media_feed_free(&f);
    *out = f;
    return ret;
}

const VfInputVideo *const *vf_media_feed_inputs(const VfMediaFeed *f)
{
    return f ? (const VfInputVideo *const *)f->inputs : NULL;
}

int vf_media_feed_start(VfMediaFeed *f)
{
    for (int i = 0; f && i < f->nb_src; i++) {
        Source *s = &f->src[i];
        if (!s->in || s->pushed + 1 >= s->m->end_frame)
            continue;
        if (pthread_create(&s->thread, NULL, decode_main, s) != 0)
            return vf_error_set(VF_ERR_INTERNAL, "cannot start a decode thread");
        s->running = 1;
    }
    return 0;
}

/* ---- composite thread: one frame per output frame ------------------------- */

/* Takes the next decoded frame into s->next (s->eof at the end). */
static int peek(Source *s)
{
    if (s->has_next || s->eof)
        return 0;
    int tag;
    int ret = vf_frame_queue_get(s->q, s->next, &tag);
    if (ret == AVERROR_EOF || (ret == VF_QUEUE_ABORTED && !s->ret)) {
        s->eof = 1;
        return 0;
    }
    if (ret == VF_QUEUE_ABORTED)
        return vf_error_set(s->ret, "%s", s->error);
    s->has_next = ret >= 0;
    return ret;
}

/* Makes s->cur the frame output frame n shows. */
static int select_frame(Source *s, int64_t n)
{
    int64_t u = llround(local_at(s->plan, s->m, n) * US) + 1;
    for (;;) {
        int ret = s->in ? peek(s) : (s->eof = 1, 0);
        if (ret < 0)
            return ret;
        if (!s->has_next || (s->next->pts > u && s->cur->buf[0]))
            break;
        av_frame_unref(s->cur); /* the next one is due (or nothing is shown yet) */
        av_frame_move_ref(s->cur, s->next);
        s->has_next = 0;
    }
    if (!s->cur->buf[0])
        return vf_error_set(VF_ERR_ASSET, "%s has no picture to show", s->m->path);
    return 0;
}

/* The rectangle (w x h, RGBA) over the shadow into s->px, straight alpha. */
static void compose(Source *s, const AVFrame *pic)
{
    const VfPlanMedia *m = s->m;
    const VfPlanLayer *l = &s->lay;
    int W = l->raster.width, ox = l->box_x - l->raster_x, oy = l->box_y - l->raster_y;
    memset(s->px, 0, (size_t)W * l->raster.height * 4);
    if (m->shadow)
        for (int y = 0; y < m->shadow->height; y++)
            memcpy(s->px + ((size_t)(y + m->shadow_y - l->raster_y) * W + m->shadow_x -
                            l->raster_x) * 4,
                   m->shadow->pixels + (size_t)y * m->shadow->width * 4,
                   (size_t)m->shadow->width * 4);
    for (int y = 0; y < l->box_h; y++) {
        const uint8_t *src = pic->data[0] + (size_t)y * pic->linesize[0];
        uint8_t *dst = s->px + ((size_t)(y + oy) * W + ox) * 4;
        if (!m->shadow) {
            memcpy(dst, src, (size_t)l->box_w * 4);
            continue;
        }
        for (int x = 0; x < l->box_w; x++, src += 4, dst += 4) {
            int a = src[3], b = dst[3] * (255 - a), o = a * 255 + b; /* alpha * 255 */
            for (int k = 0; k < 3 && o; k++)
                dst[k] = (uint8_t)((src[k] * a * 255 + dst[k] * b + o / 2) / o);
            dst[3] = (uint8_t)((o + 127) / 255);
        }
    }
}

/* Output frame n of a video layer drawn per frame: its rectangle out of the
 * graph, drawn at frame n's pose into a canvas that goes back in. */
static int draw_moving(Source *s, VfGraph *g, int64_t n)
{
    const VfClip *c = vf_media_motion_clip(s->plan, s->m);
    int ret = vf_graph_pull_media_picture(g, s->index, s->pic);
    if (ret < 0)
        return ret;
    if (s->pic->width != s->lay.box_w || s->pic->height != s->lay.box_h) {
        av_frame_unref(s->pic);
        return vf_error_set(VF_ERR_INTERNAL, "video layer %d's picture is %dx%d, not %dx%d",
                            s->index, s->pic->width, s->pic->height, s->lay.box_w,
                            s->lay.box_h);
    }
    compose(s, s->pic);
    av_frame_unref(s->pic);
    AVFrame *cv = av_frame_alloc();
    size_t size = (size_t)s->canvas_ls * c->canvas_h;
    if (!cv || !(cv->buf[0] = av_buffer_pool_get(s->pool))) {
        av_frame_free(&cv);
        return VF_ERR_INTERNAL;
    }
    cv->format = AV_PIX_FMT_RGBA;
    cv->width = c->canvas_w;
    cv->height = c->canvas_h;
    cv->data[0] = cv->buf[0]->data;
    cv->linesize[0] = s->canvas_ls;
    memset(cv->data[0] + size, 0, (size_t)cv->buf[0]->size - size); /* what SIMD reads past */
    for (int y = 0; y < c->canvas_h && s->canvas_ls > c->canvas_w * 4; y++)
        memset(cv->data[0] + (size_t)y * s->canvas_ls + c->canvas_w * 4, 0,
               (size_t)s->canvas_ls - c->canvas_w * 4);
    if (ret >= 0)
        ret = vf_motion_feed_draw(s->draw, n, cv->data[0], cv->linesize[0]);
    cv->pts = n;
    if (ret >= 0)
        ret = vf_graph_push_media_canvas(g, s->index, cv);
    av_frame_free(&cv);
    return ret;
}

int vf_media_feed_run(VfMediaFeed *f, VfGraph *g, int64_t frame)
{
    for (int i = 0; f && i < f->nb_src; i++) {
        Source *s = &f->src[i];
        /* the overlay waits until it knows the next frame is later than
         * `frame`: the first one goes in early */
        while (!s->ended && (s->pushed <= frame || s->pushed < s->first)) {
            int64_t n = s->pushed + 1;
            int ret;
            if (n >= s->m->end_frame) {
                ret = vf_graph_end_media(g, s->index, n > s->m->end_frame ? n : s->m->end_frame);
                s->ended = 1;
            } else if ((ret = select_frame(s, n)) >= 0) {
                int64_t pts = s->cur->pts;
                s->cur->pts = n;
                ret = vf_graph_push_media(g, s->index, s->cur, s->mask);
                if (ret >= 0 && s->draw)
                    ret = draw_moving(s, g, n);
                /* the shadow does not change: its first and last frame go in
                 * at once (the overlay waits to know the next frame, and ends
                 * an input one frame after the last it got) */
                for (int k = 0; ret >= 0 && s->shadow && n == s->first && k < 2; k++) {
                    s->shadow->pts = k ? s->m->end_frame - 1 : n;
                    if (!k || s->shadow->pts > n)
                        ret = vf_graph_push_media_shadow(g, s->index, s->shadow);
                }
                s->cur->pts = pts;
                s->pushed = n;
            }
            if (ret < 0)
                return ret;
        }
    }
    return 0;
}

void vf_media_feed_free(VfMediaFeed **pf)
{
    VfMediaFeed *f = pf ? *pf : NULL;
    if (!f)
        return;
    for (int i = 0; i < f->nb_src; i++) {
        Source *s = &f->src[i];
        if (s->q)
            vf_frame_queue_abort(s->q);
        if (s->in)
            vf_input_cancel(s->in);
        if (s->running)
            pthread_join(s->thread, NULL);
        vf_frame_queue_free(&s->q);
        vf_input_free(&s->in);
        av_frame_free(&s->cur);
        av_frame_free(&s->next);
        av_frame_free(&s->mask);
        av_frame_free(&s->shadow);
        av_frame_free(&s->pic);
        free(s->px);
        vf_motion_feed_free(&s->draw);
        av_buffer_pool_uninit(&s->pool);
    }
    free(f->src);
    free(f->inputs);
    free(f);
    *pf = NULL;
}
