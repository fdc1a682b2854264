/* Graphs are built from text (the same text --dry-run prints), then the
 * buffer sources and sinks are linked to its labelled pads, as in FFmpeg's
 * filtering_video example.
 *
 * With an input and visible layers the video text runs as two graphs: the
 * base chain ([in] fps, fit, tpad -> [b0]) and the overlays ([b0] ... [out]).
 * Frames leaving the base graph wait in a short line until fps, tpad and
 * the decoder have let go of them (fps and tpad hold the latest frame until
 * the next arrives); the overlay filter then finds them writable and draws
 * in place instead of copying them. */
#include "render/graph.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/bprint.h>
#include <libavutil/opt.h>

#include "plan/animate.h"
#include "plan/media_motion.h"
#include "plan/timeline.h"
#include "render/fit.h"
#include "render/graph_describe.h"
#include "render/mediagraph.h"
#include "vidforge/error.h"
#include "vidforge/log.h"

/* Base frames held back at most. A frame goes on to the overlay graph as
 * soon as nothing else holds it (fps and tpad keep frame N until N + 1 has
 * left them; the decoder keeps a reference frame until the frames predicting
 * from it are decoded, later than the composite thread when it has caught up
 * with the decoder); one still shared when the line is full is copied by the
 * overlay filter (a fresh 1080p pool buffer: a few ms). */
#define BASE_HOLD 4

struct VfGraph {
    AVFilterGraph *video, *audio;
    AVFilterContext *vsrc, *vsink, *asrc, *asink;
    AVFilterGraph *base;            /* the base chain on its own, or NULL (one graph) */
    AVFilterContext *base_sink;     /* its output */
    AVFilterContext *b0;            /* the overlay graph's base input */
    AVFrame *held[BASE_HOLD + 1];   /* base frames waiting, oldest first */
    int nb_held, base_eof;
    int64_t b0_end;                 /* pts after the last frame given to b0 */
    AVFilterContext **layer_srcs;   /* per plan layer; NULL when not in the graph */
    int nb_layers;
    int64_t video_end;              /* end of the last base frame pushed (its pts + duration) */
    int64_t frame_ticks;            /* one input frame in the base's time base */
    AVFilterContext **media_srcs;   /* per media source (mediagraph.h); NULL: not in the graph */
    AVFilterContext **mask_srcs;    /* per media source: its rounded corners' mask, or NULL */
    AVFilterContext **shadow_srcs;  /* per media source: its drop shadow, or NULL */
    int nb_media;
    /* video layers drawn per frame (media_motion.h): [vpI] gives the shown
     * rectangle as RGBA, [vcI] takes the canvas drawn from it; else NULL */
    AVFilterContext **pic_sinks, **canvas_srcs;
};

/* Appends a named pad to a linked list of AVFilterInOut. */
static int add_inout(AVFilterInOut **list, const char *name, AVFilterContext *ctx)
{
    AVFilterInOut *io = avfilter_inout_alloc();
    if (!io || !(io->name = av_strdup(name))) {
        avfilter_inout_free(&io);
        return VF_ERR_INTERNAL;
    }
    io->filter_ctx = ctx;
    io->pad_idx = 0;
    io->next = *list;
    *list = io;
    return 0;
}

static int make_filter(AVFilterContext **ctx, AVFilterGraph *g, const char *filter,
                       const char *name, const char *args)
{
    int ret = avfilter_graph_create_filter(ctx, avfilter_get_by_name(filter), name, args, NULL, g);
    return ret < 0 ? vf_error_set(VF_ERR_INTERNAL, "cannot create %s filter (%s)", filter,
                                  args ? args : "") : 0;
}

/* A buffer source [ovN] for each raster clip on screen: the layer feed
 * pushes its frames there. */
static int add_layer_sources(VfGraph *g, const VfPlan *p, AVFilterInOut **outputs)
{
    AVFilterContext **srcs = g->layer_srcs;
    int n = vf_graph_nb_visible(p), ret = 0;
    const VfClip **clips = malloc(sizeof(*clips) * (size_t)(n + 1));
    if (!clips)
        return VF_ERR_INTERNAL;
    vf_graph_overlay_clips(p, clips);
    for (int k = 0; k < n && ret >= 0; k++) {
        if (clips[k]->source.kind != VF_SOURCE_RASTER)
            continue;
        int i = clips[k]->source.layer;
        const VfPlanLayer *l = &p->layers[i];
        const VfClip *c = clips[k];
        char name[32], args[160];
        snprintf(name, sizeof(name), "ov%d", i);
        snprintf(args, sizeof(args), "video_size=%dx%d:pix_fmt=%d:time_base=%d/%d:pixel_aspect=1/1",
                 c->canvas_w ? c->canvas_w : l->raster.width,
                 c->canvas_w ? c->canvas_h : l->raster.height, AV_PIX_FMT_RGBA, p->fps_den,
                 p->fps_num);
        ret = make_filter(&srcs[i], g->video, "buffer", name, args);
        if (ret >= 0)
            ret = add_inout(outputs, name, srcs[i]);
    }
    free(clips);
    return ret;
}

static int push(AVFilterContext *src, AVFrame *frame);

/* [vmI]: the gray mask of video layer I's rounded corners, one per frame. */
static int add_mask_source(VfGraph *g, const VfPlan *p, int i, AVFilterInOut **outputs)
{
    int x, y, w, h;
    vf_media_layer_rect(&p->videos[i], &x, &y, &w, &h);
    char name[32], args[256];
    snprintf(name, sizeof(name), "vm%d", i);
    snprintf(args, sizeof(args), "video_size=%dx%d:pix_fmt=%d:time_base=%d/%d:pixel_aspect=1/1:"
             "frame_rate=%d/%d", w, h, AV_PIX_FMT_GRAY8, p->fps_den, p->fps_num, p->fps_num,
             p->fps_den);
    int ret = make_filter(&g->mask_srcs[i], g->video, "buffer", name, args);
    return ret >= 0 ? add_inout(outputs, name, g->mask_srcs[i]) : ret;
}

/* [vsI]: video layer I's drop shadow, RGBA. */
static int add_shadow_source(VfGraph *g, const VfPlan *p, int i, AVFilterInOut **outputs)
{
    const VfRaster *r = p->videos[i].shadow;
    char name[32], args[256];
    snprintf(name, sizeof(name), "vs%d", i);
    snprintf(args, sizeof(args), "video_size=%dx%d:pix_fmt=%d:time_base=%d/%d:pixel_aspect=1/1",
             r->width, r->height, AV_PIX_FMT_RGBA, p->fps_den, p->fps_num);
    int ret = make_filter(&g->shadow_srcs[i], g->video, "buffer", name, args);
    return ret >= 0 ? add_inout(outputs, name, g->shadow_srcs[i]) : ret;
}

/* [vpI] and [vcI] of video layer I drawn per frame. */
static int add_motion_pads(VfGraph *g, const VfPlan *p, int i, AVFilterInOut **outputs,
                           AVFilterInOut **inputs)
{
    const VfClip *c = vf_media_motion_clip(p, &p->videos[i]);
    char name[32], args[256];
    snprintf(name, sizeof(name), "vp%d", i);
    int ret = make_filter(&g->pic_sinks[i], g->video, "buffersink", name, NULL);
    if (ret >= 0)
        ret = add_inout(inputs, name, g->pic_sinks[i]);
    snprintf(name, sizeof(name), "vc%d", i);
    snprintf(args, sizeof(args), "video_size=%dx%d:pix_fmt=%d:time_base=%d/%d:pixel_aspect=1/1:"
             "frame_rate=%d/%d", c->canvas_w, c->canvas_h, AV_PIX_FMT_RGBA, p->fps_den,
             p->fps_num, p->fps_num, p->fps_den);
    if (ret >= 0)
        ret = make_filter(&g->canvas_srcs[i], g->video, "buffer", name, args);
    return ret >= 0 ? add_inout(outputs, name, g->canvas_srcs[i]) : ret;
}

int vf_graph_pull_media_picture(VfGraph *g, int i, AVFrame *frame)
{
    AVFilterContext *sink = i < g->nb_media ? g->pic_sinks[i] : NULL;
    int ret = sink ? av_buffersink_get_frame(sink, frame) : AVERROR(EINVAL);
    return ret < 0 ? vf_error_set(VF_ERR_INTERNAL, "no picture came out of video layer %d's "
                                  "graph", i) : 0;
}

int vf_graph_push_media_canvas(VfGraph *g, int i, AVFrame *frame)
{
    AVFilterContext *src = i < g->nb_media ? g->canvas_srcs[i] : NULL;
    return src ? push(src, frame) : 0;
}

int vf_graph_push_media_shadow(VfGraph *g, int i, AVFrame *frame)
{
    AVFilterContext *src = i < g->nb_media ? g->shadow_srcs[i] : NULL;
    return src ? push(src, frame) : 0;
}

/* A buffer source [vlI] or [scI] for each media source in the graph: the
 * media feed pushes one frame per output frame there (pts in output frames). */
static int add_media_sources(VfGraph *g, const VfPlan *p, const VfGraphInputs *in,
                             AVFilterInOut **outputs, AVFilterInOut **inputs)
{
    int n = vf_media_source_count(p), ret = 0;
    if (!n)
        return 0;
    if (!(g->media_srcs = calloc((size_t)n, sizeof(*g->media_srcs))) ||
        !(g->mask_srcs = calloc((size_t)n, sizeof(*g->mask_srcs))) ||
        !(g->shadow_srcs = calloc((size_t)n, sizeof(*g->shadow_srcs))) ||
        !(g->pic_sinks = calloc((size_t)n, sizeof(*g->pic_sinks))) ||
        !(g->canvas_srcs = calloc((size_t)n, sizeof(*g->canvas_srcs))))
        return VF_ERR_INTERNAL;
    g->nb_media = n;
    for (int i = 0; i < n && ret >= 0; i++) {
        if (!vf_media_source_in_graph(p, i, in->start_frame))
            continue;
        const VfInputVideo *iv = in->media ? in->media[i] : NULL;
        char name[32], args[256];
        vf_media_source_label(p, i, name, sizeof(name));
        snprintf(args, sizeof(args), "video_size=%dx%d:pix_fmt=%d:time_base=%d/%d:"
                 "pixel_aspect=%d/%d:frame_rate=%d/%d", iv ? iv->width : p->width,
                 iv ? iv->height : p->height, iv ? iv->pix_fmt : AV_PIX_FMT_YUV420P, p->fps_den,
                 p->fps_num, iv ? iv->sar.num : 1, iv ? iv->sar.den : 1, p->fps_num, p->fps_den);
        ret = make_filter(&g->media_srcs[i], g->video, "buffer", name, args);
        if (ret >= 0)
            ret = add_inout(outputs, name, g->media_srcs[i]);
        if (ret >= 0 && i < p->nb_videos && p->videos[i].radius > 0)
            ret = add_mask_source(g, p, i, outputs);
        int moving = i < p->nb_videos && p->videos[i].motion;
        if (ret >= 0 && moving)
            ret = add_motion_pads(g, p, i, outputs, inputs);
        else if (ret >= 0 && i < p->nb_videos && p->videos[i].shadow)
            ret = add_shadow_source(g, p, i, outputs);
    }
    return ret;
}

int vf_graph_push_media(VfGraph *g, int i, AVFrame *frame, AVFrame *mask)
{
    AVFilterContext *src = i < g->nb_media ? g->media_srcs[i] : NULL;
    AVFilterContext *msrc = i < g->nb_media ? g->mask_srcs[i] : NULL;
    int ret = src ? push(src, frame) : 0;
    if (ret >= 0 && msrc && mask) {
        mask->pts = frame->pts;
        ret = push(msrc, mask);
    }
    return ret;
}

int vf_graph_end_media(VfGraph *g, int i, int64_t pts)
{
    AVFilterContext *src = i < g->nb_media ? g->media_srcs[i] : NULL;
    AVFilterContext *msrc = i < g->nb_media ? g->mask_srcs[i] : NULL;
    AVFilterContext *ssrc = i < g->nb_media ? g->shadow_srcs[i] : NULL;
    AVFilterContext *csrc = i < g->nb_media ? g->canvas_srcs[i] : NULL;
    int ret = src ? av_buffersrc_close(src, pts, 0) : 0;
    if (ret >= 0 && csrc)
        ret = av_buffersrc_close(csrc, pts, 0);
    if (ret >= 0 && msrc)
        ret = av_buffersrc_close(msrc, pts, 0);
    if (ret >= 0 && ssrc)
        ret = av_buffersrc_close(ssrc, pts, 0);
    return ret < 0 ? vf_error_set(VF_ERR_INTERNAL, "cannot end a video layer or clip") : 0;
}

/* name says which graph in the debug log; tests compare the logged text with --dry-run's. */
static int configure(AVFilterGraph *graph, const char *name, const char *desc,
                     AVFilterInOut *outputs, AVFilterInOut *inputs)
{
    vf_log(VF_LOG_DEBUG, "%s graph:\n%s\n(end of %s graph)", name, desc, name);
    int ret = avfilter_graph_parse_ptr(graph, desc, &inputs, &outputs, NULL);
    if (ret >= 0)
        ret = avfilter_graph_config(graph, NULL);
    avfilter_inout_free(&inputs);
    avfilter_inout_free(&outputs);
    if (ret < 0) {
        char err[AV_ERROR_MAX_STRING_SIZE];
        return vf_error_set(VF_ERR_INTERNAL, "cannot build the filter graph: %s",
                            av_make_error_string(err, sizeof(err), ret));
    }
    return 0;
}

static AVFilterGraph *new_video_graph(void)
{
    AVFilterGraph *g = avfilter_graph_alloc();
    if (g) {
        /* one thread: the graph runs on the composite thread beside the
         * decoder and the encoder; slice threads only wake up for
         * rectangles a few hundred pixels high and compete for the same
         * cores (docs/performance.md) */
        g->nb_threads = 1;
        av_opt_set(g, "scale_sws_opts", "flags=bicubic", 0);
    }
    return g;
}

/* The decoded input's buffer source, named "in", added to graph. */
static int add_input_source(VfGraph *g, AVFilterGraph *graph, const VfInputVideo *iv,
                            AVFilterInOut **outputs)
{
    char args[256];
    snprintf(args, sizeof(args), "video_size=%dx%d:pix_fmt=%d:time_base=%d/%d:"
             "pixel_aspect=%d/%d", iv->width, iv->height, iv->pix_fmt, iv->time_base.num,
             iv->time_base.den, iv->sar.num, iv->sar.den);
    int ret = make_filter(&g->vsrc, graph, "buffer", "in", args);
    AVRational rate = iv->frame_rate.num > 0 ? iv->frame_rate : (AVRational){ 25, 1 };
    g->frame_ticks = av_rescale_q(1, av_inv_q(rate), iv->time_base);
    if (g->frame_ticks < 1)
        g->frame_ticks = 1;
    return ret >= 0 ? add_inout(outputs, "in", g->vsrc) : ret;
}

/* The base chain alone: [in] -> ... -> sink "b0". */
static int create_base(VfGraph *g, const VfInputVideo *iv, const char *desc)
{
    AVFilterInOut *outputs = NULL, *inputs = NULL;
    int ret = (g->base = new_video_graph()) ? 0 : VF_ERR_INTERNAL;
    if (ret >= 0)
        ret = make_filter(&g->base_sink, g->base, "buffersink", "b0", NULL);
    if (ret >= 0)
        ret = add_inout(&inputs, "b0", g->base_sink);
    if (ret >= 0)
        ret = add_input_source(g, g->base, iv, &outputs);
    if (ret >= 0) {
        ret = configure(g->base, "base", desc, outputs, inputs);
        outputs = inputs = NULL;
    }
    avfilter_inout_free(&outputs);
    avfilter_inout_free(&inputs);
    return ret;
}

/* The overlay graph's base input, shaped like the base graph's output. */
static int add_b0_source(VfGraph *g, AVFilterInOut **outputs)
{
    const AVFilterContext *s = g->base_sink;
    AVRational tb = av_buffersink_get_time_base(s), sar = av_buffersink_get_sample_aspect_ratio(s);
    char args[256];
    snprintf(args, sizeof(args), "video_size=%dx%d:pix_fmt=%d:time_base=%d/%d:pixel_aspect=%d/%d",
             av_buffersink_get_w(s), av_buffersink_get_h(s), av_buffersink_get_format(s), tb.num,
             tb.den, sar.num ? sar.num : 1, sar.num ? sar.den : 1);
    int ret = make_filter(&g->b0, g->video, "buffer", "b0", args);
    return ret >= 0 ? add_inout(outputs, "b0", g->b0) : ret;
}

static int create_video(VfGraph *g, const VfPlan *p, const VfGraphInputs *in)
{
    const VfInputVideo *iv = in->video;
    AVFilterInOut *outputs = NULL, *inputs = NULL;
    g->layer_srcs = calloc((size_t)(p->nb_layers + 1), sizeof(*g->layer_srcs));
    g->nb_layers = p->nb_layers;
    char *base = NULL, *desc = NULL;
    int ret = g->layer_srcs ? vf_graph_describe_split(p, in, iv && vf_graph_nb_visible(p) > 0, &base, &desc)
                            : VF_ERR_INTERNAL;
    if (ret >= 0 && base)
        ret = create_base(g, iv, base);
    if (ret >= 0 && !(g->video = new_video_graph()))
        ret = VF_ERR_INTERNAL;
    if (ret >= 0)
        ret = make_filter(&g->vsink, g->video, "buffersink", "out", NULL);
    if (ret >= 0)
        ret = add_inout(&inputs, "out", g->vsink);
    if (ret >= 0 && base)
        ret = add_b0_source(g, &outputs);
    else if (ret >= 0 && iv)
        ret = add_input_source(g, g->video, iv, &outputs);
    if (ret >= 0)
        ret = add_layer_sources(g, p, &outputs);
    if (ret >= 0)
        ret = add_media_sources(g, p, in, &outputs, &inputs);
    if (ret >= 0) {
        ret = configure(g->video, "video", desc, outputs, inputs);
        outputs = inputs = NULL;
    }
    avfilter_inout_free(&outputs);
    avfilter_inout_free(&inputs);
    av_free(base);
    av_free(desc);
    return ret;
}

static int create_audio(VfGraph *g, const VfPlan *p, const VfInputAudio *ia, int frame_size)
{
    AVFilterInOut *outputs = NULL, *inputs = NULL;
    char layout[64], args[256];
    char *desc = vf_graph_describe_audio(p);
    int ret = desc && (g->audio = avfilter_graph_alloc()) ? 0 : VF_ERR_INTERNAL;
    if (ret >= 0) {
        av_channel_layout_describe(&ia->ch_layout, layout, sizeof(layout));
        snprintf(args, sizeof(args), "time_base=%d/%d:sample_rate=%d:sample_fmt=%s:"
                 "channel_layout=%s", ia->time_base.num, ia->time_base.den, ia->sample_rate,
                 av_get_sample_fmt_name(ia->sample_fmt), layout);
        ret = make_filter(&g->asrc, g->audio, "abuffer", "ain", args);
    }
    if (ret >= 0)
        ret = make_filter(&g->asink, g->audio, "abuffersink", "aout", NULL);
    if (ret >= 0)
        ret = add_inout(&outputs, "ain", g->asrc);
    if (ret >= 0)
        ret = add_inout(&inputs, "aout", g->asink);
    if (ret >= 0) {
        ret = configure(g->audio, "audio", desc, outputs, inputs);
        outputs = inputs = NULL;
    }
    if (ret >= 0 && frame_size > 0)
        av_buffersink_set_frame_size(g->asink, (unsigned)frame_size);
    avfilter_inout_free(&outputs);
    avfilter_inout_free(&inputs);
    av_free(desc);
    return ret;
}

int vf_graph_create(VfGraph **out, const VfPlan *p, const VfGraphInputs *in)
{
    VfGraph *g = calloc(1, sizeof(*g));
    int ret = g ? create_video(g, p, in) : VF_ERR_INTERNAL;
    if (ret >= 0 && in->audio && in->audio->present)
        ret = create_audio(g, p, in->audio, in->audio_frame_size);
    if (ret < 0)
        vf_graph_free(&g);
    *out = g;
    return ret;
}

static int push(AVFilterContext *src, AVFrame *frame)
{
    int ret = av_buffersrc_add_frame_flags(src, frame, AV_BUFFERSRC_FLAG_KEEP_REF);
    return ret < 0 && ret != AVERROR_EOF ? vf_error_set(VF_ERR_INTERNAL,
                                                        "the filter graph refused a frame") : 0;
}

int vf_graph_push_layer(VfGraph *g, int layer, AVFrame *frame)
{
    AVFilterContext *src = layer < g->nb_layers ? g->layer_srcs[layer] : NULL;
    return src ? push(src, frame) : 0;
}

int vf_graph_end_layer(VfGraph *g, int layer, int64_t pts)
{
    AVFilterContext *src = layer < g->nb_layers ? g->layer_srcs[layer] : NULL;
    int ret = src ? av_buffersrc_close(src, pts, 0) : 0;
    return ret < 0 ? vf_error_set(VF_ERR_INTERNAL, "cannot end an overlay input") : 0;
}

int vf_graph_push_video(VfGraph *g, AVFrame *frame)
{
    if (!g->vsrc)
        return 0;
    if (!frame) {
        /* end the base where its last frame ends, even when frames carry no
         * duration (a still image): the rate conversion then holds it */
        int ret = av_buffersrc_close(g->vsrc, g->video_end, 0);
        return ret < 0 ? vf_error_set(VF_ERR_INTERNAL, "cannot end the base video") : 0;
    }
    if (frame->pts != AV_NOPTS_VALUE) {
        int64_t dur = frame->pkt_duration > 0 ? frame->pkt_duration : g->frame_ticks;
        if (frame->pts + dur > g->video_end)
            g->video_end = frame->pts + dur;
    }
    return push(g->vsrc, frame);
}

int vf_graph_push_audio(VfGraph *g, AVFrame *frame)
{
    return g->asrc ? push(g->asrc, frame) : 0;
}

/* Moves base frames on: from the base graph into the line, and the oldest
 * of the line into the overlay graph. 1: something moved; 0: the base graph
 * needs input; < 0: error. */
static int move_base(VfGraph *g)
{
    if (g->base_eof)
        return 0;
    AVFrame *f = g->held[g->nb_held];
    if (!f && !(f = g->held[g->nb_held] = av_frame_alloc()))
        return VF_ERR_INTERNAL;
    int ret = av_buffersink_get_frame(g->base_sink, f);
    if (ret == AVERROR(EAGAIN))
        return 0;
    if (ret < 0 && ret != AVERROR_EOF)
        return vf_error_set(VF_ERR_INTERNAL, "the base video graph failed");
    int eof = ret == AVERROR_EOF;
    if (!eof)
        g->nb_held++;
    while (g->nb_held > 0 &&
           (eof || g->nb_held > BASE_HOLD || av_frame_is_writable(g->held[0]))) {
        AVFrame *oldest = g->held[0];
        g->b0_end = oldest->pts + 1;
        ret = av_buffersrc_add_frame_flags(g->b0, oldest, 0); /* the graph takes the reference */
        memmove(g->held, g->held + 1, sizeof(g->held[0]) * BASE_HOLD);
        g->held[BASE_HOLD] = oldest;
        g->nb_held--;
        if (ret < 0 && ret != AVERROR_EOF)
            return vf_error_set(VF_ERR_INTERNAL, "the filter graph refused a frame");
    }
    if (eof) {
        g->base_eof = 1;
        if (av_buffersrc_close(g->b0, g->b0_end, 0) < 0)
            return vf_error_set(VF_ERR_INTERNAL, "cannot end the base video");
    }
    return 1;
}

int vf_graph_pull_video(VfGraph *g, AVFrame *frame)
{
    for (;;) {
        int ret = av_buffersink_get_frame(g->vsink, frame);
        if (ret != AVERROR(EAGAIN) || !g->base)
            return ret;
        if ((ret = move_base(g)) <= 0)
            return ret < 0 ? ret : AVERROR(EAGAIN);
    }
}

int vf_graph_pull_audio(VfGraph *g, AVFrame *frame)
{
    return g->asink ? av_buffersink_get_frame(g->asink, frame) : AVERROR_EOF;
}

void vf_graph_free(VfGraph **pg)
{
    VfGraph *g = pg ? *pg : NULL;
    if (!g)
        return;
    avfilter_graph_free(&g->video);
    avfilter_graph_free(&g->base);
    avfilter_graph_free(&g->audio);
    for (int i = 0; i <= BASE_HOLD; i++)
        av_frame_free(&g->held[i]);
    free(g->layer_srcs);
    free(g->media_srcs);
    free(g->mask_srcs);
    free(g->shadow_srcs);
    free(g->pic_sinks);
    free(g->canvas_srcs);
    free(g);
    *pg = NULL;
}
