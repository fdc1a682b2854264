/* The render loop: input frames -> graphs -> encoders -> muxer, stopping at
 * the planned frame and sample counts (the graphs pad past the input's end). */
#include <math.h>
#include <string.h>
#include <time.h>
#include <libavutil/avassert.h>
#include "media/encoder.h"
#include "media/input.h"
#include "media/output.h"
#include "media/verify.h"
#include "render/graph.h"
#include "render/layerfeed.h"
#include "util/clock.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"
#include "vidforge/vidforge.h"

#define AUDIO_RATE 48000

typedef struct Render {
    const VfPlan *plan;
    const VfRenderOptions *opts;
    VfInput *input;
    VfGraph *graph;
    VfLayerFeed *layers;
    VfOutput *output;
    AVCodecContext *venc, *aenc;
    int vstream, astream;
    AVFrame *frame;
    AVPacket *pkt;
    int64_t frames_out, samples_out, samples_planned;
    int video_done, audio_done, input_eof;
    double t0;
} Render;


/* Sends frame (NULL: flush) to enc and writes every packet it returns. */
static int encode(Render *r, AVCodecContext *enc, int stream, AVFrame *frame)
{
    int ret = avcodec_send_frame(enc, frame);
    if (ret < 0)
        return vf_error_set(VF_ERR_OUTPUT, "the %s encoder refused a frame", enc->codec->name);
    for (;;) {
        ret = avcodec_receive_packet(enc, r->pkt);
        if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF)
            return 0;
        if (ret < 0)
            return vf_error_set(VF_ERR_OUTPUT, "the %s encoder failed", enc->codec->name);
        ret = vf_output_write(r->output, stream, r->pkt, enc->time_base);
        av_packet_unref(r->pkt);
        if (ret < 0)
            return ret;
    }
}

static void report_progress(Render *r)
{
    if (!r->opts->progress)
        return;
    VfProgress p = { .frame = r->frames_out, .nb_frames = r->plan->nb_frames };
    p.elapsed = vf_now() - r->t0;
    double fps_out = (double)r->plan->fps_num / r->plan->fps_den;
    p.fps = p.elapsed > 0 ? r->frames_out / p.elapsed : 0;
    p.speed = p.elapsed > 0 ? r->frames_out / fps_out / p.elapsed : 0;
    p.eta = p.fps > 0 ? (r->plan->nb_frames - r->frames_out) / p.fps : -1;
    r->opts->progress(r->opts->progress_opaque, &p);
}

static int drain_video(Render *r)
{
    while (!r->video_done) {
        int ret = vf_layer_feed_run(r->layers, r->graph, r->frames_out);
        if (ret < 0)
            return ret;
        ret = vf_graph_pull_video(r->graph, r->frame);
        if (ret == AVERROR(EAGAIN))
            return 0;
        if (ret < 0) /* the base ended before the plan: cannot happen with tpad */
            return vf_error_set(VF_ERR_INTERNAL, "the video graph ended after %lld of %lld frames",
                                (long long)r->frames_out, (long long)r->plan->nb_frames);
        r->frame->pts = r->frames_out++;
        r->frame->pict_type = AV_PICTURE_TYPE_NONE;
        ret = encode(r, r->venc, r->vstream, r->frame);
        av_frame_unref(r->frame);
        if (ret < 0)
            return ret;
        report_progress(r);
        r->video_done = r->frames_out >= r->plan->nb_frames;
        if (vf_interrupt_requested())
            return VF_ERR_INTERRUPTED;
    }
    return 0;
}

static int drain_audio(Render *r)
{
    while (!r->audio_done) {
        int ret = vf_graph_pull_audio(r->graph, r->frame);
        if (ret == AVERROR(EAGAIN))
            return 0;
        if (ret < 0)
            return vf_error_set(VF_ERR_INTERNAL, "the audio graph ended early");
        int64_t left = r->samples_planned - r->samples_out;
        if (r->frame->nb_samples > left)
            r->frame->nb_samples = (int)left; /* the last frame may be short */
        r->frame->pts = r->samples_out;
        r->samples_out += r->frame->nb_samples;
        ret = encode(r, r->aenc, r->astream, r->frame);
        av_frame_unref(r->frame);
        if (ret < 0)
            return ret;
        r->audio_done = r->samples_out >= r->samples_planned;
    }
    return 0;
}

/* Moves one decoded input frame into its graph (or signals the end). */
static int feed(Render *r)
{
    if (!r->input || r->input_eof)
        return 0;
    int is_audio = 0;
    int ret = vf_input_read(r->input, r->frame, &is_audio);
    if (ret == AVERROR_EOF) {
        r->input_eof = 1;
        ret = vf_graph_push_video(r->graph, NULL);
        return ret < 0 ? ret : vf_graph_push_audio(r->graph, NULL);
    }
    if (ret < 0)
        return ret;
    if (is_audio && !r->audio_done)
        ret = vf_graph_push_audio(r->graph, r->frame);
    else if (!is_audio && !r->video_done)
        ret = vf_graph_push_video(r->graph, r->frame);
    av_frame_unref(r->frame);
    return ret;
}

static int run_loop(Render *r)
{
    while (!r->video_done || !r->audio_done) {
        if (vf_interrupt_requested())
            return VF_ERR_INTERRUPTED;
        int ret = drain_video(r);
        if (ret >= 0)
            ret = drain_audio(r);
        if (ret >= 0 && (!r->video_done || !r->audio_done))
            ret = feed(r);
        if (ret < 0)
            return ret;
    }
    int ret = encode(r, r->venc, r->vstream, NULL);
    if (ret >= 0 && r->aenc)
        ret = encode(r, r->aenc, r->astream, NULL);
    return ret;
}

static int open_all(Render *r)
{
    const VfPlan *p = r->plan;
    int ret = vf_output_open(&r->output, r->opts->output, r->opts->overwrite);
    if (ret >= 0 && p->input)
        ret = vf_input_open(&r->input, p->input, p->input_has_audio, p->trim_start);
    int gh = ret >= 0 && vf_output_wants_global_header(r->output);
    if (ret >= 0)
        ret = vf_encoder_open_video(&r->venc, &p->encoding, p->width, p->height,
                                    (AVRational){ p->fps_num, p->fps_den }, gh, r->opts->threads);
    if (ret >= 0 && p->input_has_audio)
        ret = vf_encoder_open_audio(&r->aenc, &p->encoding, gh);
    if (ret >= 0)
        ret = r->vstream = vf_output_add_stream(r->output, r->venc);
    if (ret >= 0 && r->aenc)
        ret = r->astream = vf_output_add_stream(r->output, r->aenc);
    if (ret >= 0) {
        VfGraphInputs gi = { r->input ? vf_input_video(r->input) : NULL,
                             r->aenc ? vf_input_audio(r->input) : NULL,
                             r->aenc ? r->aenc->frame_size : 0, 0 };
        ret = vf_graph_create(&r->graph, p, &gi);
    }
    if (ret >= 0)
        ret = vf_layer_feed_create(&r->layers, p, 0);
    if (ret >= 0)
        ret = vf_output_start(r->output);
    return ret;
}

static void close_all(Render *r)
{
    vf_layer_feed_free(&r->layers);
    vf_graph_free(&r->graph);
    avcodec_free_context(&r->venc);
    avcodec_free_context(&r->aenc);
    vf_input_free(&r->input);
    vf_output_free(&r->output);
    av_frame_free(&r->frame);
    av_packet_free(&r->pkt);
}

static int finish(Render *r, VfRenderResult *result)
{
    int ret = vf_output_finish(r->output);
    const char *family = avcodec_get_name(r->venc->codec_id);
    if (ret >= 0)
        ret = vf_verify_output(vf_output_temp_path(r->output), r->plan, family);
    if (ret >= 0)
        ret = vf_output_commit(r->output);
    if (ret >= 0 && result) {
        snprintf(result->encoder, sizeof(result->encoder), "%s", r->venc->codec->name);
        snprintf(result->preset, sizeof(result->preset), "%s", vf_encoder_preset(r->venc));
        result->frames = r->frames_out;
        result->seconds = vf_now() - r->t0;
    }
    return ret;
}

int vf_render(const VfPlan *plan, const VfRenderOptions *o, VfRenderResult *result)
{
    Render r = { .plan = plan, .opts = o, .vstream = -1, .astream = -1, .t0 = vf_now() };
    r.frame = av_frame_alloc();
    r.pkt = av_packet_alloc();
    int ret = r.frame && r.pkt ? open_all(&r) : VF_ERR_INTERNAL;
    r.audio_done = !r.aenc;
    r.samples_planned = llround(plan->duration * AUDIO_RATE);
    if (ret >= 0)
        ret = run_loop(&r);
    if (ret >= 0)
        ret = finish(&r, result);
    if (vf_interrupt_requested())
        ret = VF_ERR_INTERRUPTED;
    close_all(&r);
    return ret;
}
