#include "render/preview.h"

#include <math.h>

#include <libswscale/swscale.h>

#include "media/input.h"
#include "render/graph.h"
#include "render/layerfeed.h"
#include "render/mediafeed.h"
#include "render/mediagraph.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"
#include "vidforge/log.h"

typedef struct Preview {
    const VfPlan *plan;
    int64_t n;
    VfInput *input;
    VfGraph *graph;
    VfLayerFeed *layers;
    AVFrame *frame;
    int input_eof;
    int checked;        /* the first frame after the seek is at or before the target */
    double backoff;     /* seconds to seek before the target on the next try */
    int64_t seek_frame; /* the frame the seek aims at: n, or restart below */
    int64_t restart;    /* >= 0: the graph starts here (the input's last frame) */
    double last_t;      /* time of the last frame decoded, seconds; < 0: none */
    VfMediaFeed *media; /* video layers and clips */
    int64_t at;         /* the next frame the graph puts out */
} Preview;

int64_t vf_preview_frame_at(const VfPlan *p, double t)
{
    int64_t n = (int64_t)floor(t * p->fps_num / p->fps_den + 1e-6);
    return n < 0 ? 0 : n >= p->nb_frames ? p->nb_frames - 1 : n;
}

static double target_time(const Preview *pv)
{
    return (double)pv->seek_frame * pv->plan->fps_den / pv->plan->fps_num;
}

/* Seeks `backoff` seconds before the target, doubling it each time, down to
 * the input's very beginning (before video.start), then gives up backing off. */
static int seek_back(Preview *pv)
{
    double to = target_time(pv) - pv->backoff;
    double floor_t = -pv->plan->trim_start;
    pv->backoff = to <= floor_t ? 1e9 : pv->backoff * 2;
    return vf_input_seek(pv->input, to > floor_t ? to : floor_t);
}

/* Container seeks are not exact (MPEG-TS lands by bytes, some keyframe
 * indexes are sparse): when the first frame decoded after a seek is later
 * than the target, seek again further back, until the start if need be. */
static int check_seek(Preview *pv, const AVFrame *first, int *retry)
{
    const VfInputVideo *iv = vf_input_video(pv->input);
    double t = first->pts == AV_NOPTS_VALUE ? 0 : first->pts * av_q2d(iv->time_base);
    *retry = t > target_time(pv) + 1e-6 && pv->backoff < 1e9;
    vf_log(VF_LOG_DEBUG, "preview: first frame after seeking at %.3f s (target %.3f s)%s", t,
           target_time(pv), *retry ? ": seeking further back" : "");
    if (!*retry) {
        pv->checked = 1;
        return 0;
    }
    return seek_back(pv);
}

static int open_preview(Preview *pv)
{
    const VfPlan *p = pv->plan;
    int ret = 0;
    if (p->input) {
        ret = vf_input_open(&pv->input, p->input, 0, p->trim_start, p->network_seconds);
        if (ret >= 0)
            ret = vf_input_seek(pv->input, target_time(pv));
    }
    /* The rate conversion starts a little before the target: at the very
     * start time it has no earlier frame to hold when the target lies past
     * the input's last frame. The frames before the target are dropped. */
    int64_t lead = (int64_t)(2.0 * p->fps_num / p->fps_den);
    int64_t start = pv->restart >= 0 ? pv->restart
                                     : vf_media_safe_start(p, pv->n > lead ? pv->n - lead : 0);
    VfGraphInputs gi = { pv->input ? vf_input_video(pv->input) : NULL, NULL, 0, start, NULL };
    pv->at = gi.start_frame;
    if (ret >= 0)
        ret = vf_media_feed_create(&pv->media, p, gi.start_frame);
    gi.media = vf_media_feed_inputs(pv->media);
    if (ret >= 0)
        ret = vf_media_feed_start(pv->media);
    if (ret >= 0)
        ret = vf_graph_create(&pv->graph, p, &gi);
    if (ret >= 0)
        ret = vf_layer_feed_create(&pv->layers, p, pv->n);
    return ret;
}

/* Moves one decoded video frame into the graph (audio is not decoded). */
static int feed_input(Preview *pv)
{
    if (!pv->input || pv->input_eof)
        return vf_error_set(VF_ERR_INTERNAL, "the preview graph produced no frame");
    int is_audio;
    int ret = vf_input_read(pv->input, pv->frame, &is_audio);
    if (ret == AVERROR_EOF && !pv->checked && pv->backoff < 1e9) {
        return seek_back(pv); /* the seek landed past the last decodable frame */
    }
    if (ret == AVERROR_EOF) {
        pv->input_eof = 1;
        return vf_graph_push_video(pv->graph, NULL);
    }
    if (ret < 0)
        return ret;
    int retry = 0;
    if (!pv->checked)
        ret = check_seek(pv, pv->frame, &retry);
    if (pv->frame->pts != AV_NOPTS_VALUE)
        pv->last_t = pv->frame->pts * av_q2d(vf_input_video(pv->input)->time_base);
    if (ret >= 0 && !retry)
        ret = vf_graph_push_video(pv->graph, pv->frame);
    av_frame_unref(pv->frame);
    return ret;
}

static int to_rgb(const AVFrame *yuv, AVFrame **out)
{
    AVFrame *rgb = av_frame_alloc();
    if (!rgb)
        return VF_ERR_INTERNAL;
    rgb->format = AV_PIX_FMT_RGB24;
    rgb->width = yuv->width;
    rgb->height = yuv->height;
    struct SwsContext *sws = sws_getContext(yuv->width, yuv->height, yuv->format, yuv->width,
                                            yuv->height, AV_PIX_FMT_RGB24,
                                            SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT,
                                            NULL, NULL, NULL);
    int ret = sws && av_frame_get_buffer(rgb, 0) >= 0 ? 0 : VF_ERR_INTERNAL;
    if (ret >= 0) {
        const int *bt709 = sws_getCoefficients(SWS_CS_ITU709);
        sws_setColorspaceDetails(sws, bt709, 0, bt709, 1, 0, 1 << 16, 1 << 16);
        sws_scale(sws, (const uint8_t *const *)yuv->data, yuv->linesize, 0, yuv->height,
                  rgb->data, rgb->linesize);
    }
    sws_freeContext(sws);
    if (ret < 0)
        av_frame_free(&rgb);
    *out = rgb;
    return ret;
}

static int run(Preview *pv, AVFrame **out)
{
    for (;;) {
        if (vf_interrupt_requested())
            return VF_ERR_INTERRUPTED;
        int ret = vf_layer_feed_run(pv->layers, pv->graph, pv->n);
        if (ret >= 0)
            ret = vf_media_feed_run(pv->media, pv->graph, pv->at);
        if (ret >= 0)
            ret = vf_graph_pull_video(pv->graph, pv->frame);
        if (ret >= 0) {
            int64_t pts = pv->frame->pts;
            pv->at = pts + 1;
        vf_log(VF_LOG_DEBUG, "preview: composited frame %lld", (long long)pts);
            if (pts == pv->n)
                ret = to_rgb(pv->frame, out);
            av_frame_unref(pv->frame);
            if (pts == pv->n || ret < 0)
                return ret;
            continue; /* the lead-in before the target */
        }
        if (ret != AVERROR(EAGAIN) && pv->input_eof && pv->last_t >= 0 && pv->restart < 0)
            return AVERROR_EOF; /* the target lies past the input's end: restart */
        if (ret != AVERROR(EAGAIN))
            return vf_error_set(VF_ERR_INTERNAL, "the preview graph ended before frame %lld (%s)",
                                (long long)pv->n, av_err2str(ret));
        ret = feed_input(pv);
        if (ret < 0)
            return ret;
    }
}

static void close_preview(Preview *pv)
{
    vf_layer_feed_free(&pv->layers);
    vf_media_feed_free(&pv->media);
    vf_graph_free(&pv->graph);
    vf_input_free(&pv->input);
}

/* Past the input's end render holds its last frame (or shows the
 * background): the graph then has to start at or before that last frame, or
 * the rate conversion drops every frame and there is nothing to hold. The
 * first try learns where the input ends; the second starts there. */
int vf_preview_frame(const VfPlan *p, int64_t n, AVFrame **out)
{
    Preview pv = { .plan = p, .n = n, .backoff = 1, .seek_frame = n, .restart = -1,
                   .last_t = -1 };
    *out = NULL;
    pv.frame = av_frame_alloc();
    int ret = pv.frame ? open_preview(&pv) : VF_ERR_INTERNAL;
    if (ret >= 0)
        ret = run(&pv, out);
    if (ret == AVERROR_EOF) {
        double fps = (double)p->fps_num / p->fps_den;
        int64_t last = (int64_t)floor(pv.last_t * fps + 1e-6) - 1;
        close_preview(&pv);
        Preview again = { .plan = p, .n = n, .backoff = 1, .frame = pv.frame,
                          .seek_frame = last > 0 ? last : 0, .restart = last > 0 ? last : 0,
                          .last_t = -1 };
        vf_log(VF_LOG_DEBUG, "preview: frame %lld lies past the input's end; from frame %lld",
               (long long)n, (long long)again.restart);
        pv = again;
        ret = open_preview(&pv);
        if (ret >= 0)
            ret = run(&pv, out);
    }
    close_preview(&pv);
    av_frame_free(&pv.frame);
    return ret;
}
