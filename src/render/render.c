/* The render loop, three threads joined by bounded frame queues:
 *
 *   decode thread    input -> decoded frames          (queue `decoded`)
 *   calling thread   decoded -> graphs -> composited  (queue `encoded`)
 *   encode thread    composited -> encoders -> muxer
 *
 * Frames move by reference; nothing is copied between stages. The calling
 * thread stops at the planned frame and sample counts (the graphs pad past
 * the input's end). The first failure aborts both queues; its message is
 * carried back to the calling thread (error messages are per thread). */
#include "render/render.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "audio/loudness.h"
#include "audio/mixdown.h"
#include <libavutil/pixdesc.h>

#include "media/encoder.h"
#include "media/input.h"
#include "media/output.h"
#include "media/verify.h"
#include "plan/digest.h"
#include "render/graph.h"
#include "render/layerfeed.h"
#include "render/palette.h"
#include "render/mediafeed.h"
#include "render/queue.h"
#include "render/twopass.h"
#include "util/gate.h"
#include "util/clock.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"
#include "vidforge/log.h"
#include "vidforge/vidforge.h"

#define AUDIO_RATE 48000
/* Decoded frames in flight (video and audio): deep enough that by the time
 * a frame is composited the decoder has dropped it from its references, so
 * the overlay filter draws in place instead of copying it (measured on
 * 1080p x264 input: at 6, most frames were still referenced; at 10, the
 * copies disappear from the profile), within DECODED_BYTES of pictures so
 * 4K stays within the memory target. */
#define DECODED_MAX 10
#define DECODED_MIN 4
#define DECODED_BYTES (64 << 20)
#define ENCODED_DEPTH 4    /* composited frames waiting for the encoders */

enum { TAG_VIDEO, TAG_AUDIO };

/* A worker thread and how it ended. */
typedef struct Worker {
    pthread_t thread;
    int running;
    int ret;
    char error[1024];          /* its vf_error_message() when ret < 0 */
} Worker;

typedef struct Render {
    const VfPlan *plan;
    const VfRenderOptions *opts;
    VfInput *input;
    VfGraph *graph;
    VfLayerFeed *layers;
    VfMixdown *mixdown;        /* the plan's mix (plan->mix.active), else NULL */
    VfOutput *output;
    AVCodecContext *venc, *aenc;
    VfPalette *palette;        /* GIF: the palette passes before venc, else NULL */
    int vstream, astream;
    VfFrameQueue *decoded, *encoded;
    Worker decoder, encoder;
    AVFrame *frame;            /* calling thread's */
    AVPacket *pkt;             /* encode thread's */
    VfEncoderQuality quality;  /* encode thread's until joined */
    int64_t frames_out, samples_out, samples_planned;
    int video_done, audio_done, input_eof;
    double t0;
    atomic_int stopping;       /* the calling thread stopped the decoder: not a failure */
    VfStageTimes times;        /* each field written by one thread only */
    const VfLogger *logger;    /* the caller's, bound to the workers too */
    char encoder_reason[320];
    VfMediaFeed *media;        /* video layers and clips, decoded on threads of their own */
    VfTwoPass *twopass;        /* two-pass encoding's pass and statistics, else NULL */
} Render;

/* 0 in pass 1 of two: no output, no audio, the encoder gathers statistics. */
static int writes(const Render *r)
{
    return !r->twopass || r->twopass->pass != 1;
}

/* Ends a worker: on failure, keeps its message and stops the queues so the
 * other threads wake up and leave. */
static void *worker_end(Render *r, Worker *w, int ret)
{
    w->ret = ret;
    if (ret < 0) {
        snprintf(w->error, sizeof(w->error), "%s", vf_error_message());
        vf_frame_queue_abort(r->decoded);
        vf_frame_queue_abort(r->encoded);
    }
    return NULL;
}

/* ---- decode thread ------------------------------------------------------- */

static void *decode_main(void *opaque)
{
    Render *r = opaque;
    vf_log_bind(r->logger);
    AVFrame *f = av_frame_alloc();
    int ret = f ? 0 : VF_ERR_INTERNAL;
    while (ret >= 0) {
        int is_audio = 0;
        double t = vf_now();
        ret = vf_input_read(r->input, f, &is_audio);
        r->times.decode += vf_now() - t;
        if (ret == AVERROR_EOF) {
            ret = vf_frame_queue_put(r->decoded, NULL, 0);
            break;
        }
        if (ret >= 0)
            ret = vf_frame_queue_put(r->decoded, f, is_audio ? TAG_AUDIO : TAG_VIDEO);
    }
    av_frame_free(&f);
    r->times.decode_cpu = vf_thread_cpu();
    if (ret == VF_QUEUE_ABORTED || atomic_load(&r->stopping))
        ret = 0; /* stopped because the render needs no more input, or failed elsewhere */
    return worker_end(r, &r->decoder, ret);
}

/* ---- encode thread ------------------------------------------------------- */

/* Sends frame (NULL: flush) to enc and writes every packet it returns. */
static int encode(Render *r, AVCodecContext *enc, int stream, AVFrame *frame)
{
    double t = vf_now();
    if (enc == r->venc)
        vf_encoder_tag_frame(enc, frame);
    int ret = avcodec_send_frame(enc, frame);
    if (ret < 0)
        return vf_error_set(VF_ERR_OUTPUT, "the %s encoder refused a frame", enc->codec->name);
    for (;;) {
        ret = avcodec_receive_packet(enc, r->pkt);
        double t1 = vf_now();
        r->times.encode += t1 - t;
        if (enc == r->venc && ret != AVERROR(EAGAIN) && vf_twopass_collect(r->twopass, enc) < 0)
            return VF_ERR_INTERNAL;
        if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF)
            return 0;
        if (ret < 0)
            return vf_error_set(VF_ERR_OUTPUT, "the %s encoder failed", enc->codec->name);
        if (enc == r->venc)
            vf_encoder_quality_add(&r->quality, r->pkt, enc->width, enc->height);
        ret = r->output ? vf_output_write(r->output, stream, r->pkt, enc->time_base) : 0;
        av_packet_unref(r->pkt);
        t = vf_now();
        r->times.mux += t - t1;
        if (ret < 0)
            return ret;
    }
}

/* A video frame (NULL: the end) to the encoder, through the GIF palette
 * passes when there are. */
static int encode_video(Render *r, AVFrame *frame)
{
    if (!r->palette)
        return encode(r, r->venc, r->vstream, frame);
    int ret = vf_palette_push(r->palette, frame);
    AVFrame *pf = ret >= 0 ? av_frame_alloc() : NULL;
    while (pf && (ret = vf_palette_pull(r->palette, pf)) >= 0) {
        ret = encode(r, r->venc, r->vstream, pf);
        av_frame_unref(pf);
        if (ret < 0)
            break;
    }
    av_frame_free(&pf);
    if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF)
        ret = 0;
    return ret >= 0 && !frame ? encode(r, r->venc, r->vstream, NULL) : ret;
}

static void *encode_main(void *opaque)
{
    Render *r = opaque;
    vf_log_bind(r->logger);
    AVFrame *f = av_frame_alloc();
    int ret = f ? 0 : VF_ERR_INTERNAL;
    while (ret >= 0) {
        int tag = TAG_VIDEO;
        ret = vf_frame_queue_get(r->encoded, f, &tag);
        if (ret == AVERROR_EOF) {
            ret = encode_video(r, NULL);
            if (ret >= 0 && r->aenc)
                ret = encode(r, r->aenc, r->astream, NULL);
            break;
        }
        if (ret >= 0 && tag == TAG_AUDIO)
            ret = encode(r, r->aenc, r->astream, f);
        else if (ret >= 0)
            ret = encode_video(r, f);
        av_frame_unref(f);
    }
    av_frame_free(&f);
    r->times.encode_thread_cpu = vf_thread_cpu();
    return worker_end(r, &r->encoder, ret == VF_QUEUE_ABORTED ? 0 : ret);
}

/* ---- calling thread: composite ------------------------------------------- */

/* Both passes of a two-pass render on one scale. */
static void report_progress(Render *r)
{
    int64_t n = r->plan->nb_frames, pass2 = r->twopass && r->twopass->pass == 2;
    vf_render_progress(r->opts, r->plan, r->frames_out + (pass2 ? n : 0), r->twopass ? 2 * n : n,
                       r->frames_out, r->t0);
}

static int mix_due(const Render *r)
{
    const VfPlan *p = r->plan;
    return r->video_done || r->samples_out * p->fps_num <=
           (r->frames_out + 2) * (int64_t)p->fps_den * r->aenc->sample_rate;
}

static int drain_video(Render *r)
{
    while (!r->video_done) {
        double t = vf_now();
        int ret = vf_layer_feed_run(r->layers, r->graph, r->frames_out);
        if (ret >= 0)
            ret = vf_media_feed_run(r->media, r->graph, r->frames_out);
        if (ret >= 0)
            ret = vf_graph_pull_video(r->graph, r->frame);
        r->times.composite += vf_now() - t;
        if (ret == AVERROR(EAGAIN))
            return 0;
        if (ret < 0) /* the base ended before the plan: cannot happen with tpad */
            return ret == AVERROR_EOF
                 ? vf_error_set(VF_ERR_INTERNAL, "the video graph ended after %lld of %lld frames",
                                (long long)r->frames_out, (long long)r->plan->nb_frames)
                 : ret;
        r->frame->pts = r->frames_out++;
        r->frame->pict_type = AV_PICTURE_TYPE_NONE;
        ret = vf_frame_queue_put(r->encoded, r->frame, TAG_VIDEO);
        if (ret < 0)
            return ret;
        report_progress(r);
        r->video_done = r->frames_out >= r->plan->nb_frames;
        if (vf_interrupt_requested())
            return VF_ERR_INTERRUPTED;
        if (r->mixdown && !r->audio_done && mix_due(r))
            return 0; /* the mix's turn: packets reach the muxer interleaved */
    }
    return 0;
}

static int drain_audio(Render *r)
{
    while (!r->audio_done) {
        double t = vf_now();
        int ret = !r->mixdown ? vf_graph_pull_audio(r->graph, r->frame)
                : mix_due(r)  ? vf_mixdown_frame(r->mixdown, r->frame)
                              : AVERROR(EAGAIN);
        if (r->mixdown && ret < 0 && ret != AVERROR(EAGAIN) && ret != AVERROR_EOF)
            return ret;
        if (r->mixdown)
            r->times.audio += vf_now() - t;
        r->times.composite += vf_now() - t;
        if (ret == AVERROR(EAGAIN))
            return 0;
        if (ret < 0)
            return vf_error_set(VF_ERR_INTERNAL, "the audio graph ended early");
        int64_t left = r->samples_planned - r->samples_out;
        if (r->frame->nb_samples > left)
            r->frame->nb_samples = (int)left; /* the last frame may be short */
        r->frame->pts = r->samples_out;
        r->samples_out += r->frame->nb_samples;
        ret = vf_frame_queue_put(r->encoded, r->frame, TAG_AUDIO);
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
    int tag = TAG_VIDEO;
    int ret = vf_frame_queue_get(r->decoded, r->frame, &tag);
    double t = vf_now();
    if (ret == AVERROR_EOF) {
        r->input_eof = 1;
        ret = vf_graph_push_video(r->graph, NULL);
        ret = ret < 0 ? ret : vf_graph_push_audio(r->graph, NULL);
    } else if (ret >= 0 && tag == TAG_AUDIO && !r->audio_done) {
        ret = vf_graph_push_audio(r->graph, r->frame);
    } else if (ret >= 0 && tag == TAG_VIDEO && !r->video_done) {
        ret = vf_graph_push_video(r->graph, r->frame);
    }
    av_frame_unref(r->frame);
    r->times.composite += vf_now() - t;
    return ret;
}

static int composite(Render *r)
{
    double cpu0 = vf_thread_cpu();
    int ret = 0;
    while (ret >= 0 && (!r->video_done || !r->audio_done)) {
        if (vf_interrupt_requested())
            ret = VF_ERR_INTERRUPTED;
        if (ret >= 0)
            ret = drain_video(r);
        if (ret >= 0)
            ret = drain_audio(r);
        if (ret >= 0 && (!r->video_done || !r->audio_done))
            ret = feed(r);
    }
    r->times.composite_cpu = vf_thread_cpu() - cpu0;
    return ret < 0 ? ret : vf_frame_queue_put(r->encoded, NULL, 0);
}

/* ---- setup, threads, finish ---------------------------------------------- */

static int decoded_depth(const Render *r)
{
    const VfInputVideo *iv = r->input ? vf_input_video(r->input) : NULL;
    int64_t bytes = iv ? (int64_t)iv->width * iv->height * 3 / 2 : 0;
    int64_t n = bytes > 0 ? DECODED_BYTES / bytes : DECODED_MAX;
    return (int)(n > DECODED_MAX ? DECODED_MAX : n < DECODED_MIN ? DECODED_MIN : n);
}

/* Pass 1 of the mix runs here, before any frame is decoded. */
static int open_mix(Render *r)
{
    double t = vf_now();
    VfMixdownSetup ms = { &r->plan->mix, r->plan->duration, r->aenc->sample_rate,
                          r->aenc->ch_layout.nb_channels, r->aenc->sample_fmt,
                          r->aenc->frame_size, r->plan->network_seconds };
    int ret = vf_mixdown_create(&r->mixdown, &ms);
    r->times.audio += vf_now() - t;
    return ret;
}

static int open_all(Render *r)
{
    const VfPlan *p = r->plan;
    int out = writes(r), audio = p->input_has_audio && out;
    int ret = audio ? vf_encoder_check_audio_container(r->opts->output, &p->encoding) : 0;
    if (ret >= 0 && out)
        ret = vf_output_open(&r->output, r->opts->output, r->opts->overwrite);
    if (ret >= 0 && out)
        ret = vf_output_set_content_key(r->output, p->timeline.key[0] ? p->timeline.key : NULL);
    if (ret >= 0 && out)
        ret = vf_output_use_plan(r->output, p);
    if (ret >= 0 && p->input)
        ret = vf_input_open(&r->input, p->input, audio && !p->mix.active,
                            p->trim_start, p->network_seconds);
    VfVideoEncoderSetup es = {
        .encoding = &p->encoding, .width = p->encoding.width ? p->encoding.width : p->width,
        .height = p->encoding.height ? p->encoding.height : p->height,
        .fps = { p->fps_num, p->fps_den }, .threads = r->opts->threads,
        .quality_stats = r->opts->quality_stats || r->opts->min_psnr > 0,
        .global_header = ret >= 0 && out && vf_output_wants_global_header(r->output),
        .pass = r->twopass ? r->twopass->pass : 0, .stats_in = r->twopass ? r->twopass->stats : NULL,
    };
    if (ret >= 0)
        ret = vf_encoder_open_video(&r->venc, &es, r->encoder_reason, sizeof(r->encoder_reason));
    if (ret >= 0 && r->opts->min_psnr > 0 && !vf_encoder_measures_psnr(r->venc))
        ret = vf_error_set(VF_ERR_USAGE, "--min-psnr needs an encoder that measures PSNR "
                           "(libx264); this render uses %s", r->venc->codec->name);
    if (ret >= 0 && audio)
        ret = vf_encoder_open_audio(&r->aenc, &p->encoding, es.global_header);
    if (ret >= 0 && out)
        ret = r->vstream = vf_output_add_stream(r->output, r->venc);
    if (ret >= 0 && r->aenc)
        ret = r->astream = vf_output_add_stream(r->output, r->aenc);
    if (ret >= 0)
        ret = vf_media_feed_create(&r->media, p, 0);
    if (ret >= 0) {
        VfGraphInputs gi = { r->input ? vf_input_video(r->input) : NULL,
                             r->aenc && r->input && !p->mix.active ? vf_input_audio(r->input)
                                                                   : NULL,
                             r->aenc ? r->aenc->frame_size : 0, 0,
                             vf_media_feed_inputs(r->media) };
        ret = vf_graph_create(&r->graph, p, &gi);
    }
    if (ret >= 0 && r->venc->pix_fmt == AV_PIX_FMT_PAL8)
        ret = vf_palette_create(&r->palette, p, av_get_pix_fmt(p->encoding.blend_fmt));
    if (ret >= 0)
        ret = vf_layer_feed_create(&r->layers, p, 0);
    if (ret >= 0 && out && p->timeline.key[0])
        ret = vf_output_set_tag(r->output, "vidforge_key", p->timeline.key);
    if (ret >= 0 && r->aenc && p->mix.active)
        ret = open_mix(r);
    if (ret >= 0 && out)
        ret = vf_output_start(r->output);
    if (ret >= 0)
        ret = vf_frame_queue_create(&r->decoded, decoded_depth(r));
    if (ret >= 0)
        ret = vf_frame_queue_create(&r->encoded, ENCODED_DEPTH);
    return ret;
}

static int start(Render *r, Worker *w, void *(*fn)(void *))
{
    if (pthread_create(&w->thread, NULL, fn, r) != 0)
        return vf_error_set(VF_ERR_INTERNAL, "cannot start a render thread");
    w->running = 1;
    return 0;
}

/* Joins w; returns ret, or w's failure when ret is only the queue noticing it. */
static int join(Render *r, Worker *w, int ret)
{
    if (!w->running)
        return ret;
    pthread_join(w->thread, NULL);
    w->running = 0;
    if (w->ret < 0 && (ret >= 0 || ret == VF_QUEUE_ABORTED)) {
        vf_error_clear();
        vf_error_set(w->ret, "%s", w->error);
        return w->ret;
    }
    return ret;
}

/* Lets the decode thread go: it may be reading input past the planned end. */
static void stop_decoder(Render *r)
{
    atomic_store(&r->stopping, 1);
    vf_frame_queue_abort(r->decoded);
    if (r->input)
        vf_input_cancel(r->input);
}

static int run(Render *r)
{
    int ret = r->input ? start(r, &r->decoder, decode_main) : 0;
    if (ret >= 0)
        ret = vf_media_feed_start(r->media);
    if (ret >= 0)
        ret = start(r, &r->encoder, encode_main);
    if (ret >= 0)
        ret = composite(r);
    if (ret < 0) {
        vf_frame_queue_abort(r->encoded);
        stop_decoder(r);
    }
    ret = join(r, &r->encoder, ret); /* on success it drains and flushes the encoders */
    stop_decoder(r);
    ret = join(r, &r->decoder, ret);
    if (ret == VF_QUEUE_ABORTED) /* aborted with no failure recorded: a signal */
        ret = vf_interrupt_requested() ? VF_ERR_INTERRUPTED : VF_ERR_INTERNAL;
    return ret;
}

static void close_all(Render *r)
{
    vf_layer_feed_free(&r->layers);
    vf_mixdown_free(&r->mixdown);
    vf_media_feed_free(&r->media);
    vf_graph_free(&r->graph);
    vf_palette_free(&r->palette);
    vf_encoder_close(&r->venc, NULL);
    vf_encoder_close(&r->aenc, NULL);
    vf_input_free(&r->input);
    vf_output_free(&r->output);
    vf_frame_queue_free(&r->decoded);
    vf_frame_queue_free(&r->encoded);
    av_frame_free(&r->frame);
    av_packet_free(&r->pkt);
}

static void audio_result(const Render *r, VfRenderResult *res)
{
    VfMixdownStats st;
    res->audio_measured = r->mixdown != NULL;
    res->audio_loudness = res->audio_range = res->audio_true_peak = NAN;
    res->audio_duck_depth = res->audio_gain = NAN;
    if (!r->mixdown)
        return;
    vf_mixdown_stats(r->mixdown, &st);
    res->audio_loudness = st.out.integrated;
    res->audio_duck_depth = st.duck_depth;
    res->audio_gain = r->plan->mix.loudness.enabled ? st.gain_db : NAN;
    vf_log(VF_LOG_INFO, "mix: %.2f LUFS before, gain %.2f dB, limiter down to %.2f dB; "
           "given to the encoder: %.2f LUFS", st.input_integrated, st.gain_db, st.limiter_db,
           st.out.integrated);
}

static void measure_output(Render *r, VfRenderResult *res)
{
    r->times.audio += vf_render_measure_loudness(r->output, res);
}

static int finish(Render *r, VfRenderResult *res)
{
    snprintf(res->encoder, sizeof(res->encoder), "%s", r->venc->codec->name);
    snprintf(res->preset, sizeof(res->preset), "%s", vf_encoder_preset(r->venc));
    snprintf(res->encoder_reason, sizeof(res->encoder_reason), "%s", r->encoder_reason);
    vf_encoder_close(&r->venc, &r->quality); /* x264 reports SSIM as it closes */
    double t = vf_now();
    int ret = vf_output_finish(r->output);
    double t1 = vf_now();
    r->times.mux += t1 - t;
    if (ret >= 0)
        ret = vf_verify_output(vf_output_temp_path(r->output), r->plan);
    r->times.verify = vf_now() - t1;
    if (ret >= 0)
        ret = vf_render_check_quality(&r->quality, r->opts->min_psnr, res);
    audio_result(r, res);
    if (ret >= 0 && r->mixdown)
        measure_output(r, res);
    res->frames = r->frames_out;
    res->seconds = vf_now() - (r->twopass ? r->twopass->t0 : r->t0);
    res->passes = r->twopass ? 2 : 1;
    res->stages = r->times;
    if (ret >= 0 && r->opts->before_commit)
        ret = r->opts->before_commit(r->opts->before_commit_opaque, res);
    if (ret >= 0 && vf_interrupt_requested()) /* the last moment a stop leaves no file */
        ret = VF_ERR_INTERRUPTED;
    if (ret >= 0)
        ret = vf_output_commit(r->output);
    return ret;
}

/* One run of the pipeline; tp: the pass of two, or NULL for a one-pass render. */
static int render_pass(const VfPlan *plan, const VfRenderOptions *o, VfRenderResult *result,
                       VfTwoPass *tp)
{
    Render r = { .plan = plan, .opts = o, .vstream = -1, .astream = -1, .t0 = vf_now(),
                 .logger = vf_log_current(), .twopass = tp };
    r.quality.ssim = NAN;
    VfRenderResult scratch;
    memset(&scratch, 0, sizeof(scratch));
    r.frame = av_frame_alloc();
    r.pkt = av_packet_alloc();
    vf_gate_enter(o->encode_gate); /* the pipeline's frames exist from here to close_all */
    int ret = !r.frame || !r.pkt           ? VF_ERR_INTERNAL
            : vf_interrupt_requested() ? VF_ERR_INTERRUPTED /* before any file exists */
                                       : open_all(&r);
    r.times.open = vf_now() - r.t0;
    r.audio_done = !r.aenc;
    r.samples_planned = llround(plan->duration * (plan->encoding.audio_sample_rate > 0
                                                  ? plan->encoding.audio_sample_rate : AUDIO_RATE));
    if (ret >= 0)
        ret = run(&r);
    if (ret >= 0 && writes(&r))
        ret = finish(&r, result ? result : &scratch);
    if (ret < 0 && vf_interrupt_requested()) /* once committed, the render is done */
        ret = VF_ERR_INTERRUPTED;
    close_all(&r);
    vf_gate_leave(o->encode_gate);
    return ret;
}

/* Two-pass: the pipeline runs twice, statistics first (render/twopass.h). */
int vf_render(const VfPlan *plan, const VfRenderOptions *o, VfRenderResult *result)
{
    if (!plan->encoding.two_pass)
        return render_pass(plan, o, result, NULL);
    VfTwoPass tp = { .pass = 1, .t0 = vf_now() };
    vf_log(VF_LOG_INFO, "two-pass: pass 1 of 2 (%s statistics, no output)", plan->encoding.codec);
    int ret = render_pass(plan, o, NULL, &tp);
    if (ret >= 0)
        ret = vf_twopass_check(&tp, plan->encoding.codec);
    tp.pass = 2;
    if (ret >= 0) {
        vf_log(VF_LOG_INFO, "two-pass: pass 2 of 2 (%zu bytes of statistics)", tp.len);
        ret = render_pass(plan, o, result, &tp);
    }
    vf_twopass_free(&tp);
    return ret;
}
