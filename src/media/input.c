/* Demux + decode in FFmpeg's canonical order (send packet, receive frames
 * until EAGAIN, flush at EOF), for at most one video and one audio stream. */
#include "media/input.h"

#include <math.h>
#include <stdatomic.h>

#include <libavformat/avformat.h>
#include <libavutil/cpu.h>

#include "media/open.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"

typedef struct Decoder {
    int stream;              /* index in the container, -1: not decoded */
    AVCodecContext *ctx;
    int64_t offset;          /* subtracted from timestamps (stream time base) */
    int64_t next_pts;        /* where a frame without a timestamp goes (AV_NOPTS_VALUE: 0) */
    int flushed;             /* NULL packet sent */
    int drained;             /* AVERROR_EOF received */
} Decoder;

struct VfInput {
    char *path;
    AVFormatContext *fmt;
    AVPacket *pkt;
    Decoder dec[2];          /* [0] video, [1] audio */
    int next;                /* decoder to poll first */
    int demux_eof;
    int64_t stream_start;    /* the video stream's first timestamp */
    int64_t stated_end;      /* where the container says the video ends (INT64_MAX: it
                                does not say) and where the decoded video ended, both */
    int64_t video_end;       /* in the video time base, shifted like the frames */
    AVFrame *pending;        /* the frame a seek checked, returned first */
    int has_pending;
    VfInputVideo video;
    VfInputAudio audio;
    atomic_int cancelled;    /* vf_input_cancel was called */
    VfMediaGuard guard;      /* signal, cancel and network budget for every call */
    int64_t skip_before;     /* video packets before it (shifted like frames): only
                                reference frames decoded; INT64_MIN: none skipped */
    int audio_only;          /* video packets are not decoded at all */
};

static int stopped(const VfInput *in)
{
    return vf_interrupt_requested() || atomic_load(&in->cancelled);
}

void vf_input_cancel(VfInput *in)
{
    atomic_store(&in->cancelled, 1);
}

static int fail(const VfInput *in, int err, const char *what)
{
    char msg[AV_ERROR_MAX_STRING_SIZE];
    int why = vf_media_guard_failure(&in->guard, in->path);
    if (why)
        return why;
    if (err == AVERROR_EXIT)
        return VF_ERR_INTERRUPTED;
    return vf_error_set(VF_ERR_ASSET, "%s %s: %s", what, in->path,
                        av_make_error_string(msg, sizeof(msg), err));
}

static int open_decoder(VfInput *in, Decoder *d, enum AVMediaType type)
{
    d->stream = -1;
    const AVCodec *codec = NULL;
    int idx = av_find_best_stream(in->fmt, type, -1, -1, &codec, 0);
    if (idx < 0)
        return type == AVMEDIA_TYPE_VIDEO ? fail(in, idx, "no decodable video stream in") : 0;
    AVStream *st = in->fmt->streams[idx];
    d->ctx = avcodec_alloc_context3(codec);
    if (!d->ctx)
        return VF_ERR_INTERNAL;
    int ret = avcodec_parameters_to_context(d->ctx, st->codecpar);
    if (ret < 0)
        return fail(in, ret, "unsupported stream parameters in");
    /* The render decodes on a thread of its own, beside the encoder's; frame
     * threads beyond that only add copies and memory on small machines. */
    int cores = av_cpu_count();
    d->ctx->thread_count = cores >= 8 ? cores / 4 : 1;
    d->ctx->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
    d->ctx->pkt_timebase = st->time_base;
    ret = avcodec_open2(d->ctx, codec, NULL);
    if (ret < 0)
        return fail(in, ret, "cannot open the decoder for");
    d->stream = idx;
    return 0;
}

/* Where the container says the video ends, or INT64_MAX when it does not say
 * in a way to trust: the video stream's own duration, else the file's when
 * there is no audio (a file lasts as long as its longest stream, and audio
 * may outlast the video by design); never a guess from the bitrate. */
static int64_t stated_end(const VfInput *in)
{
    const AVStream *vs = in->fmt->streams[in->dec[0].stream];
    int64_t d = vs->duration;
    if (in->fmt->duration_estimation_method == AVFMT_DURATION_FROM_BITRATE)
        return INT64_MAX;
    if (d <= 0 || d == AV_NOPTS_VALUE) {
        int audio = av_find_best_stream(in->fmt, AVMEDIA_TYPE_AUDIO, -1, -1, NULL, 0) >= 0;
        if (audio || in->fmt->duration <= 0 || in->fmt->duration == AV_NOPTS_VALUE)
            return INT64_MAX;
        d = av_rescale_q(in->fmt->duration, AV_TIME_BASE_Q, vs->time_base);
    }
    return in->stream_start + d - in->dec[0].offset;
}

/* Seconds into the input file of ts (video time base, shifted like frames). */
static double input_seconds(const VfInput *in, int64_t ts)
{
    return (ts + in->dec[0].offset - in->stream_start) * av_q2d(in->video.time_base);
}

/* The input stopped before the end its container states (a truncated or
 * damaged file; decoding more would only freeze the last frame): the error,
 * else AVERROR_EOF. A gap of three frames or half a second is tolerated. */
static int check_end(const VfInput *in)
{
    if (in->audio_only)
        return AVERROR_EOF; /* no video was decoded to measure */
    double fps = av_q2d(in->video.frame_rate);
    double slack = fps > 0 && 3 / fps > 0.5 ? 3 / fps : 0.5;
    int64_t gap = in->stated_end == INT64_MAX ? 0 : in->stated_end - in->video_end;
    if (gap * av_q2d(in->video.time_base) <= slack)
        return AVERROR_EOF;
    return vf_error_set(VF_ERR_ASSET, "input %s breaks off at %.2f s, before the %.2f s its "
                        "container states (truncated or corrupt)", in->path,
                        input_seconds(in, in->video_end), input_seconds(in, in->stated_end));
}

static void describe_streams(VfInput *in, double trim)
{
    const Decoder *v = &in->dec[0], *a = &in->dec[1];
    const AVStream *vs = in->fmt->streams[v->stream];
    in->video = (VfInputVideo){ v->ctx->width, v->ctx->height, v->ctx->pix_fmt, vs->time_base,
                                v->ctx->sample_aspect_ratio, vs->avg_frame_rate,
                                v->ctx->colorspace, v->ctx->color_range, v->ctx->color_trc };
    if (!in->video.sar.num)
        in->video.sar = (AVRational){ 1, 1 };
    in->stream_start = vs->start_time == AV_NOPTS_VALUE ? 0 : vs->start_time;
    int64_t start = in->stream_start + (int64_t)llround(trim / av_q2d(vs->time_base));
    in->dec[0].offset = start;
    if (a->stream >= 0) {
        const AVStream *as = in->fmt->streams[a->stream];
        in->audio.present = 1;
        in->audio.sample_rate = a->ctx->sample_rate;
        in->audio.sample_fmt = a->ctx->sample_fmt;
        av_channel_layout_copy(&in->audio.ch_layout, &a->ctx->ch_layout);
        if (!in->audio.ch_layout.nb_channels)
            av_channel_layout_default(&in->audio.ch_layout, 2);
        in->audio.time_base = as->time_base;
        in->dec[1].offset = av_rescale_q(start, vs->time_base, as->time_base);
    }
    in->stated_end = stated_end(in);
}

int vf_input_open(VfInput **out, const char *path, int with_audio, double start,
                  double network_seconds)
{
    VfInput *in = calloc(1, sizeof(*in));
    int ret = in ? 0 : VF_ERR_INTERNAL;
    if (in)
        in->dec[0].stream = in->dec[1].stream = -1;
    if (in)
        in->dec[0].next_pts = in->dec[1].next_pts = AV_NOPTS_VALUE;
    if (in)
        in->skip_before = INT64_MIN;
    if (ret >= 0 && (!(in->path = strdup(path)) || !(in->pkt = av_packet_alloc()) ||
                     !(in->pending = av_frame_alloc()) ||
                     !(in->fmt = avformat_alloc_context())))
        ret = VF_ERR_INTERNAL;
    if (ret >= 0) {
        in->guard.cancelled = &in->cancelled;
        in->guard.budget = network_seconds;
        ret = vf_media_open_guarded(&in->fmt, path, &in->guard);
        ret = ret < 0 ? fail(in, ret, "cannot open input") : 0;
    }
    if (ret >= 0 && (ret = avformat_find_stream_info(in->fmt, NULL)) < 0)
        ret = fail(in, ret, "cannot read stream information from");
    if (in)
        vf_media_guard_end(&in->guard);
    if (ret >= 0)
        ret = open_decoder(in, &in->dec[0], AVMEDIA_TYPE_VIDEO);
    if (ret >= 0 && with_audio)
        ret = open_decoder(in, &in->dec[1], AVMEDIA_TYPE_AUDIO);
    if (ret >= 0)
        describe_streams(in, start);
    if (ret >= 0 && start > 0)
        ret = vf_input_seek(in, 0);
    if (ret < 0)
        vf_input_free(&in);
    *out = in;
    return ret;
}

const VfInputVideo *vf_input_video(const VfInput *in)
{
    return &in->video;
}

const VfInputAudio *vf_input_audio(const VfInput *in)
{
    return &in->audio;
}

/* Tries to take a frame from decoder i. 0: got one; EAGAIN: needs input. */
static int receive(VfInput *in, int i, AVFrame *frame)
{
    Decoder *d = &in->dec[i];
    if (d->stream < 0 || d->drained)
        return AVERROR(EAGAIN);
    int ret = avcodec_receive_frame(d->ctx, frame);
    if (ret == AVERROR_EOF) {
        d->drained = 1;
        /* lets go of the reference frames it kept: the last frames out are
         * then the caller's alone (an overlay draws on them in place) */
        avcodec_flush_buffers(d->ctx);
        return AVERROR(EAGAIN);
    }
    if (ret < 0)
        return ret == AVERROR(EAGAIN) ? ret : fail(in, ret, "cannot decode");
    int64_t ts = frame->best_effort_timestamp;
    /* still images and some raw streams carry no timestamps: number them */
    frame->pts = ts != AV_NOPTS_VALUE ? ts - d->offset
               : d->next_pts != AV_NOPTS_VALUE ? d->next_pts : 0;
    int64_t dur = frame->pkt_duration > 0 ? frame->pkt_duration : 1;
    if (i == 0 && frame->pkt_duration <= 0 && in->video.frame_rate.num > 0)
        dur = av_rescale_q(1, av_inv_q(in->video.frame_rate), in->video.time_base);
    d->next_pts = frame->pts + (dur > 0 ? dur : 1);
    if (i == 0 && d->next_pts > in->video_end)
        in->video_end = d->next_pts;
    return 0;
}

static int all_drained(const VfInput *in)
{
    for (int i = 0; i < 2; i++)
        if (in->dec[i].stream >= 0 && !in->dec[i].drained)
            return 0;
    return 1;
}

/* The error for a packet of st the decoder refused, naming where it sits. */
static int corrupt_at(const VfInput *in, const AVStream *st, int err)
{
    char msg[AV_ERROR_MAX_STRING_SIZE];
    int64_t ts = in->pkt->pts != AV_NOPTS_VALUE ? in->pkt->pts : in->pkt->dts;
    int64_t first = st->start_time == AV_NOPTS_VALUE ? 0 : st->start_time;
    double t = ts == AV_NOPTS_VALUE ? 0 : (ts - first) * av_q2d(st->time_base);
    return vf_error_set(VF_ERR_ASSET, "input %s is corrupt at %.2f s: %s", in->path, t,
                        av_make_error_string(msg, sizeof(msg), err));
}

/* 1 when the video packet pkt is before the skip time (see vf_input_skip_before). */
static int skipped(const VfInput *in, const AVPacket *pkt)
{
    return in->skip_before != INT64_MIN && pkt->pts != AV_NOPTS_VALUE &&
           pkt->pts - in->dec[0].offset < in->skip_before;
}

/* Feeds the next packet (or the end-of-stream flush) to its decoder. */
static int feed(VfInput *in)
{
    if (in->demux_eof) {
        for (int i = 0; i < 2; i++) {
            if (in->dec[i].stream >= 0 && !in->dec[i].flushed) {
                avcodec_send_packet(in->dec[i].ctx, NULL);
                in->dec[i].flushed = 1;
            }
        }
        return 0;
    }
    vf_media_guard_begin(&in->guard);
    int ret = av_read_frame(in->fmt, in->pkt);
    vf_media_guard_end(&in->guard);
    int why = vf_media_guard_failure(&in->guard, in->path);
    if (why) { /* a read cut short may still hand over the part it got */
        av_packet_unref(in->pkt);
        return why;
    }
    if (ret == AVERROR_EOF || (ret < 0 && in->fmt->pb && avio_feof(in->fmt->pb))) {
        in->demux_eof = 1;
        return 0;
    }
    if (ret < 0)
        return fail(in, ret, "cannot read");
    for (int i = 0; i < 2; i++) {
        if (i == 0 && in->audio_only && in->pkt->stream_index == in->dec[0].stream)
            break;
        if (in->pkt->stream_index == in->dec[i].stream) {
            if (i == 0)
                in->dec[0].ctx->skip_frame = skipped(in, in->pkt) ? AVDISCARD_NONREF
                                                                   : AVDISCARD_DEFAULT;
            ret = avcodec_send_packet(in->dec[i].ctx, in->pkt);
            /* a damaged packet is not skipped: the output would lie about it */
            if (ret == AVERROR_INVALIDDATA)
                ret = corrupt_at(in, in->fmt->streams[in->pkt->stream_index], ret);
            else if (ret < 0 && ret != AVERROR(EAGAIN))
                ret = fail(in, ret, "cannot decode");
            break;
        }
    }
    av_packet_unref(in->pkt);
    return ret < 0 && ret != AVERROR(EAGAIN) ? ret : 0;
}

/* vf_input_read without the end check: a seek may land at the end. */
static int read_any(VfInput *in, AVFrame *frame, int *is_audio)
{
    if (in->has_pending) {
        in->has_pending = 0;
        *is_audio = 0;
        av_frame_move_ref(frame, in->pending);
        return 0;
    }
    for (;;) {
        if (stopped(in))
            return VF_ERR_INTERRUPTED;
        for (int k = 0; k < 2; k++) {
            int i = (in->next + k) % 2;
            int ret = receive(in, i, frame);
            if (ret == 0) {
                *is_audio = i == 1;
                in->next = (i + 1) % 2;
                return 0;
            }
            if (ret != AVERROR(EAGAIN))
                return ret;
        }
        if (all_drained(in))
            return AVERROR_EOF;
        int ret = feed(in);
        if (ret < 0)
            return ret;
    }
}

int vf_input_read(VfInput *in, AVFrame *frame, int *is_audio)
{
    int ret = read_any(in, frame, is_audio);
    return ret == AVERROR_EOF ? check_end(in) : ret;
}

/* One container seek to the keyframe at or before t; *at_start when it went
 * to the very beginning of the file. */
static int raw_seek(VfInput *in, double t, int *at_start)
{
    const Decoder *v = &in->dec[0];
    AVRational tb = in->fmt->streams[v->stream]->time_base;
    int64_t ts = (int64_t)(t / av_q2d(tb)) + v->offset;
    int ret;
    *at_start = ts <= in->stream_start;
    vf_media_guard_begin(&in->guard);
    if (*at_start && !(in->fmt->iformat->flags & AVFMT_NO_BYTE_SEEK))
        ret = av_seek_frame(in->fmt, -1, 0, AVSEEK_FLAG_BYTE);
    else
        ret = av_seek_frame(in->fmt, v->stream, ts, AVSEEK_FLAG_BACKWARD);
    if (ret < 0)
        ret = av_seek_frame(in->fmt, v->stream, ts, AVSEEK_FLAG_BACKWARD | AVSEEK_FLAG_ANY);
    vf_media_guard_end(&in->guard);
    if (ret < 0)
        return fail(in, ret, "cannot seek in");
    for (int i = 0; i < 2; i++) {
        Decoder *d = &in->dec[i];
        if (d->stream < 0)
            continue;
        avcodec_flush_buffers(d->ctx);
        d->flushed = d->drained = 0;
        d->next_pts = AV_NOPTS_VALUE;
    }
    in->demux_eof = 0;
    av_frame_unref(in->pending);
    in->has_pending = 0;
    return 0;
}

/* Decodes up to the first video frame (audio before it is dropped). */
static int first_video_frame(VfInput *in)
{
    for (;;) {
        int is_audio;
        int ret = read_any(in, in->pending, &is_audio);
        if (ret < 0 || !is_audio)
            return ret;
        av_frame_unref(in->pending);
    }
}

int vf_input_seek(VfInput *in, double t)
{
    /* Container seeks are not exact: MPEG-TS lands by bytes, sparse indexes
     * land late or past the last keyframe. Check the first decoded frame and
     * go further back (1 s, 2 s, 4 s ... then the very start) until it is at
     * or before t. That frame is kept for the next vf_input_read. */
    const VfInputVideo *iv = &in->video;
    for (double back = 0;; back = back ? back * 2 : 1) {
        int at_start;
        int ret = raw_seek(in, t - back, &at_start);
        if (ret >= 0)
            ret = first_video_frame(in);
        double first = ret >= 0 && in->pending->pts != AV_NOPTS_VALUE
                     ? in->pending->pts * av_q2d(iv->time_base) : 0;
        if (ret >= 0 && (first <= t + 1e-6 || at_start)) {
            in->has_pending = 1;
            return 0;
        }
        if (ret < 0 && ret != AVERROR_EOF)
            return ret;
        if (at_start) /* nothing decodable at all: read on and find out */
            return raw_seek(in, t, &at_start);
    }
}

void vf_input_skip_before(VfInput *in, double t)
{
    int64_t ts = (int64_t)floor(t / av_q2d(in->video.time_base));
    in->skip_before = t > 0 ? ts : INT64_MIN;
}

void vf_input_skip_video(VfInput *in)
{
    in->audio_only = 1;
}

void vf_input_free(VfInput **pin)
{
    VfInput *in = pin ? *pin : NULL;
    if (!in)
        return;
    for (int i = 0; i < 2; i++)
        avcodec_free_context(&in->dec[i].ctx);
    vf_media_close(&in->fmt);
    av_packet_free(&in->pkt);
    av_frame_free(&in->pending);
    av_channel_layout_uninit(&in->audio.ch_layout);
    free(in->path);
    free(in);
    *pin = NULL;
}
