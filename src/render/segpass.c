/* One pass over a run of segments; see segpass.h. */
#include "render/segpass.h"

#include <math.h>
#include <string.h>

#include "audio/mixdown.h"
#include "media/input.h"
#include "render/graph.h"
#include "render/layerfeed.h"
#include "render/mediafeed.h"
#include "render/mediagraph.h"
#include "util/clock.h"
#include "util/gate.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"
#include "vidforge/log.h"

#define RESTART 1 /* the graph started past the input's end: start again earlier */

/* Where a pass starts its graph. The seek is frame accurate without a
 * lead-in: the input is sought to the keyframe before the first frame and
 * the rate conversion (fps with start_time) drops every decoded frame before
 * it, uncomposited. Only a run that starts past the input's last frame needs
 * frames before it (the frame tpad holds comes through fps only when fps
 * starts before it): it ends the graph without a frame, and the pass starts
 * again two seconds earlier, then at frame 0. */
enum { START_AT_FIRST, START_LEAD_IN, START_AT_ZERO };

/* Seconds before the graph's start decoded whole (the frame the rate
 * conversion holds at the start is among them); before that, frames no
 * other frame refers to are not decoded at all. */
#define PREROLL_KEEP 0.5

typedef struct Pass {
    const VfSegPassSetup *s;
    const VfPlan *p;
    VfStageTimes *times;
    VfInput *input;
    VfGraph *graph;
    VfLayerFeed *layers;
    VfMediaFeed *media;
    VfMixdown *mixdown;
    AVCodecContext *venc, *aenc;
    AVFrame *frame;
    AVPacket *pkt;
    int64_t first, end;      /* output frames the pass encodes */
    int64_t start;           /* the graph's first frame (first, or earlier: the lead-in) */
    int64_t at;              /* the next frame the graph puts out */
    int seg;                 /* the timeline segment being encoded */
    VfEncoderQuality q;
    double seg_t0;
    int64_t samples_out;
    int video_done, audio_done, input_eof;
    int sought, checked;     /* the input was sought; its first frame was checked */
    double backoff;          /* seconds before the target of the next seek back */
    int gated;               /* holds a slot of s->gate */
} Pass;

static double frame_time(const VfPlan *p, int64_t n)
{
    return (double)n * p->fps_den / p->fps_num;
}

/* ---- encoders -------------------------------------------------------------- */

/* Sends frame (NULL: flush) to enc and appends every packet to e. */
static int encode(Pass *ps, AVCodecContext *enc, AVFrame *frame, VfSegEntry *e)
{
    double t = vf_now();
    if (enc == ps->venc)
        vf_encoder_tag_frame(enc, frame);
    int ret = avcodec_send_frame(enc, frame);
    if (ret < 0)
        return vf_error_set(VF_ERR_OUTPUT, "the %s encoder refused a frame", enc->codec->name);
    while ((ret = avcodec_receive_packet(enc, ps->pkt)) >= 0) {
        if (enc == ps->venc)
            vf_encoder_quality_add(&ps->q, ps->pkt, enc->width, enc->height);
        ret = vf_seg_entry_add(e, ps->pkt);
        av_packet_unref(ps->pkt);
        if (ret < 0)
            return ret;
    }
    ps->times->encode += vf_now() - t;
    if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF)
        return 0;
    return vf_error_set(VF_ERR_OUTPUT, "the %s encoder failed", enc->codec->name);
}

/* Frames [seg_first, seg_end) of timeline segment seg that this pass encodes. */
static int64_t seg_first(const Pass *ps, int seg)
{
    int64_t f = ps->p->timeline.segments[seg].first_frame;
    return ps->s->to > ps->s->from && ps->s->from > f ? ps->s->from : f;
}

static int64_t seg_end(const Pass *ps, int seg)
{
    int64_t e = ps->p->timeline.segments[seg].end_frame;
    return ps->s->to > ps->s->from && ps->s->to < e ? ps->s->to : e;
}

static VfSegEntry *seg_entry(Pass *ps)
{
    return &ps->s->video[ps->seg - ps->s->first_seg];
}

static int open_segment(Pass *ps)
{
    char why[256];
    memset(&ps->q, 0, sizeof(ps->q));
    ps->q.ssim = NAN;
    if (!ps->gated) { /* from here the encoder's frames exist */
        vf_gate_enter(ps->s->gate);
        ps->gated = 1;
    }
    ps->seg_t0 = vf_now();
    int ret = vf_encoder_open_video(&ps->venc, ps->s->enc, why, sizeof(why));
    return ret < 0 ? ret : vf_seg_entry_set_codec(seg_entry(ps), ps->venc);
}

/* The encoder's measurements, as sums that add up across segments. */
static void keep_quality(VfSegEntry *e, const VfEncoderQuality *q, int w, int h)
{
    double px[3] = { (double)w * h * e->units, (double)w * h / 4 * e->units,
                     (double)w * h / 4 * e->units };
    for (int i = 0; i < 3; i++) {
        double psnr = q->packets ? NAN : q->has_summary_psnr ? q->summary_psnr[i] : NAN;
        e->samples[i] = q->packets ? q->samples[i] : isnan(psnr) ? 0 : px[i];
        e->sse[i] = q->packets ? q->sse[i]
                  : isnan(psnr) ? 0 : px[i] * 255.0 * 255.0 / pow(10, psnr / 10);
    }
    e->ssim_sum = isnan(q->ssim) ? 0 : q->ssim * (double)e->units;
}

static int close_segment(Pass *ps)
{
    VfSegEntry *e = seg_entry(ps);
    const VfSegment *sg = &ps->p->timeline.segments[ps->seg];
    int ret = encode(ps, ps->venc, NULL, e);
    int w = ps->venc->width, h = ps->venc->height;
    vf_encoder_close(&ps->venc, &ps->q);
    if (ret < 0)
        return ret;
    e->units = seg_end(ps, ps->seg) - seg_first(ps, ps->seg);
    e->encode_seconds = vf_now() - ps->seg_t0;
    keep_quality(e, &ps->q, w, h);
    snprintf(e->key, sizeof(e->key), "%s", sg->key);
    if (ps->s->segment_done)
        ps->s->segment_done(ps->s->opaque, ps->seg, e);
    ps->seg++;
    return 0;
}

/* Frame n (output index) to its segment's encoder. */
static int encode_video(Pass *ps, int64_t n)
{
    int ret = 0;
    if (n >= seg_end(ps, ps->seg))
        ret = close_segment(ps);
    if (ret >= 0 && !ps->venc)
        ret = open_segment(ps);
    ps->frame->pts = n - seg_first(ps, ps->seg);
    ps->frame->pict_type = AV_PICTURE_TYPE_NONE;
    if (ret >= 0)
        ret = encode(ps, ps->venc, ps->frame, seg_entry(ps));
    if (ret >= 0 && n + 1 >= ps->end)
        ret = close_segment(ps);
    if (ret >= 0 && ps->s->frame_done)
        ps->s->frame_done(ps->s->opaque);
    return ret;
}

/* ---- the graph ------------------------------------------------------------- */

static int drain_video(Pass *ps)
{
    while (!ps->video_done) {
        double t = vf_now();
        int ret = vf_layer_feed_run(ps->layers, ps->graph, ps->at > ps->first ? ps->at : ps->first);
        if (ret >= 0)
            ret = vf_media_feed_run(ps->media, ps->graph, ps->at);
        if (ret >= 0)
            ret = vf_graph_pull_video(ps->graph, ps->frame);
        ps->times->composite += vf_now() - t;
        if (ret == AVERROR(EAGAIN))
            return 0;
        if (ret == AVERROR_EOF && ps->start > 0)
            return RESTART;
        if (ret < 0)
            return ret == AVERROR_EOF ? vf_error_set(VF_ERR_INTERNAL, "the video graph ended "
                                                     "before frame %lld", (long long)ps->end)
                                      : ret;
        int64_t n = ps->frame->pts;
        ps->at = n + 1;
        ret = n >= ps->first ? encode_video(ps, n) : 0; /* the lead-in is dropped */
        av_frame_unref(ps->frame);
        ps->video_done = ps->at >= ps->end;
        if (ret < 0)
            return ret;
        if (vf_interrupt_requested())
            return VF_ERR_INTERRUPTED;
    }
    return 0;
}

static int drain_audio(Pass *ps)
{
    while (!ps->audio_done) {
        double t = vf_now();
        int ret = ps->mixdown ? vf_mixdown_frame(ps->mixdown, ps->frame)
                              : vf_graph_pull_audio(ps->graph, ps->frame);
        ps->times->composite += vf_now() - t;
        if (ret == AVERROR(EAGAIN))
            return 0;
        if (ret < 0)
            return ret == AVERROR_EOF ? vf_error_set(VF_ERR_INTERNAL, "the audio graph ended early")
                                      : ret;
        int64_t left = ps->s->samples - ps->samples_out;
        if (ps->frame->nb_samples > left)
            ps->frame->nb_samples = (int)left;
        ps->frame->pts = ps->samples_out;
        ps->samples_out += ps->frame->nb_samples;
        ret = encode(ps, ps->aenc, ps->frame, ps->s->audio);
        av_frame_unref(ps->frame);
        if (ret < 0)
            return ret;
        ps->audio_done = ps->samples_out >= ps->s->samples;
    }
    return 0;
}

/* A sought input can land after the target (sparse keyframe indexes): then
 * seek further back, doubling the distance, down to the input's start. */
static int check_seek(Pass *ps, int *drop)
{
    const VfInputVideo *iv = vf_input_video(ps->input);
    double t = ps->frame->pts == AV_NOPTS_VALUE ? 0 : ps->frame->pts * av_q2d(iv->time_base);
    double target = frame_time(ps->p, ps->start), floor_t = -ps->p->trim_start;
    *drop = t > target + 1e-6 && ps->backoff < 1e9;
    if (!*drop) {
        ps->checked = 1;
        return 0;
    }
    double to = target - ps->backoff;
    ps->backoff = to <= floor_t ? 1e9 : ps->backoff * 2;
    return vf_input_seek(ps->input, to > floor_t ? to : floor_t);
}

static int feed(Pass *ps)
{
    if (!ps->input || ps->input_eof)
        return vf_error_set(VF_ERR_INTERNAL, "the video graph produced no frame");
    int is_audio = 0;
    double t = vf_now();
    int ret = vf_input_read(ps->input, ps->frame, &is_audio);
    ps->times->decode += vf_now() - t;
    t = vf_now();
    if (ret == AVERROR_EOF) {
        ps->input_eof = 1;
        ret = vf_graph_push_video(ps->graph, NULL);
        return ret < 0 || !ps->aenc || ps->mixdown ? ret : vf_graph_push_audio(ps->graph, NULL);
    }
    int drop = 0;
    if (ret >= 0 && !is_audio && ps->sought && !ps->checked)
        ret = check_seek(ps, &drop);
    if (ret >= 0 && !drop && is_audio && !ps->audio_done && !ps->mixdown)
        ret = vf_graph_push_audio(ps->graph, ps->frame);
    else if (ret >= 0 && !drop && !is_audio && !ps->video_done)
        ret = vf_graph_push_video(ps->graph, ps->frame);
    av_frame_unref(ps->frame);
    ps->times->composite += vf_now() - t;
    return ret;
}

/* ---- open, run, close ------------------------------------------------------ */

static int open_audio(Pass *ps)
{
    const VfPlan *p = ps->p;
    int ret = vf_encoder_open_audio(&ps->aenc, &p->encoding, 1);
    if (ret < 0 || !p->mix.active)
        return ret;
    VfMixdownSetup ms = { &p->mix, p->duration, ps->aenc->sample_rate,
                          ps->aenc->ch_layout.nb_channels, ps->aenc->sample_fmt,
                          ps->aenc->frame_size, p->network_seconds };
    return vf_mixdown_create(&ps->mixdown, &ms);
}

static int open_pass(Pass *ps, int mode)
{
    const VfPlan *p = ps->p;
    int64_t lead = mode == START_LEAD_IN ? (int64_t)(2.0 * p->fps_num / p->fps_den) : 0;
    int video = ps->first < ps->end, input_audio = ps->s->audio && !p->mix.active;
    ps->start = mode == START_AT_ZERO || !video || ps->first <= lead
                    ? 0 : vf_media_safe_start(p, ps->first - lead);
    ps->at = ps->start;
    int ret = ps->s->audio ? open_audio(ps) : 0;
    if (ret >= 0 && p->input && (video || input_audio))
        ret = vf_input_open(&ps->input, p->input, input_audio, p->trim_start, p->network_seconds);
    if (ret >= 0 && ps->input && !video)
        vf_input_skip_video(ps->input); /* the audio alone: no video decoded to be dropped */
    if (ret >= 0 && ps->input && ps->start > 0) {
        ps->sought = 1;
        ret = vf_input_seek(ps->input, frame_time(p, ps->start));
        /* what the rate conversion drops needs decoding only as a reference */
        vf_input_skip_before(ps->input, frame_time(p, ps->start) - PREROLL_KEEP);
    }
    if (ret >= 0 && (video || input_audio))
        ret = vf_media_feed_create(&ps->media, p, ps->start);
    if (ret >= 0 && (video || input_audio)) {
        VfGraphInputs gi = { ps->input ? vf_input_video(ps->input) : NULL,
                             input_audio && ps->input ? vf_input_audio(ps->input) : NULL,
                             ps->aenc ? ps->aenc->frame_size : 0, ps->start,
                             vf_media_feed_inputs(ps->media) };
        ret = vf_graph_create(&ps->graph, p, &gi);
    }
    if (ret >= 0 && video)
        ret = vf_media_feed_start(ps->media);
    if (ret >= 0 && video)
        ret = vf_layer_feed_create(&ps->layers, p, ps->first);
    return ret;
}

static void close_pass(Pass *ps)
{
    vf_layer_feed_free(&ps->layers);
    vf_media_feed_free(&ps->media);
    vf_graph_free(&ps->graph);
    vf_mixdown_free(&ps->mixdown);
    vf_encoder_close(&ps->venc, NULL);
    vf_encoder_close(&ps->aenc, NULL);
    vf_input_free(&ps->input);
}

static int run_pass(Pass *ps)
{
    int ret = 0;
    while (ret == 0 && (!ps->video_done || !ps->audio_done)) {
        if (vf_interrupt_requested())
            ret = VF_ERR_INTERRUPTED;
        if (ret == 0)
            ret = drain_video(ps);
        if (ret == 0)
            ret = drain_audio(ps);
        if (ret == 0 && (!ps->video_done || (!ps->audio_done && !ps->mixdown)))
            ret = feed(ps);
    }
    if (ret == 0 && ps->aenc)
        ret = encode(ps, ps->aenc, NULL, ps->s->audio);
    if (ret == 0 && ps->mixdown) {
        VfMixdownStats st;
        vf_mixdown_stats(ps->mixdown, &st);
        double mix[4] = { st.duck_depth, st.gain_db, st.limiter_db, st.input_integrated };
        memcpy(ps->s->audio->mix, mix, sizeof(mix));
    }
    if (ret == 0 && ps->aenc) {
        ps->s->audio->units = ps->s->samples;
        ret = vf_seg_entry_set_codec(ps->s->audio, ps->aenc);
    }
    return ret;
}

static int attempt(const VfSegPassSetup *s, VfStageTimes *times, int mode)
{
    Pass ps = { .s = s, .p = s->plan, .times = times, .seg = s->first_seg, .backoff = 1 };
    int video = s->first_seg < s->end_seg;
    ps.first = video ? seg_first(&ps, s->first_seg) : 0;
    ps.end = video ? seg_end(&ps, s->end_seg - 1) : 0;
    ps.video_done = !video;
    ps.audio_done = !s->audio;
    ps.frame = av_frame_alloc();
    ps.pkt = av_packet_alloc();
    int ret = ps.frame && ps.pkt ? open_pass(&ps, mode) : VF_ERR_INTERNAL;
    if (ret >= 0)
        ret = run_pass(&ps);
    close_pass(&ps);
    if (ps.gated)
        vf_gate_leave(s->gate);
    av_frame_free(&ps.frame);
    av_packet_free(&ps.pkt);
    return ret;
}

int vf_seg_pass_run(const VfSegPassSetup *s, VfStageTimes *times)
{
    int ret = RESTART;
    for (int mode = START_AT_FIRST; ret == RESTART && mode <= START_AT_ZERO; mode++) {
        if (mode > START_AT_FIRST)
            vf_log(VF_LOG_DEBUG, "segments: the input ends before segment %d; starting %s",
                   s->first_seg, mode == START_LEAD_IN ? "2 s earlier" : "from frame 0");
        for (int i = 0; mode > START_AT_FIRST && i < s->end_seg - s->first_seg; i++)
            vf_seg_entry_clear(&s->video[i]);
        if (mode > START_AT_FIRST && s->audio)
            vf_seg_entry_clear(s->audio);
        ret = attempt(s, times, mode);
    }
    return ret == RESTART ? vf_error_set(VF_ERR_INTERNAL, "the video graph produced no frame")
                          : ret;
}
