/* Decode -> filter -> samples, in FFmpeg's order (send packet, receive frames
 * until EAGAIN, flush at EOF). The trim, the rate and layout and the tempo
 * are one libavfilter chain:
 *   atrim (sample exact on the timestamps) -> asetpts -> aresample=48000 ->
 *   aformat flt stereo -> atempo (pitch kept)
 * so a source at 48 kHz passes through sample for sample. */
#include "audio/source.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>

#include "media/open.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"

struct VfAudioSource {
    char *path;
    VfAudioSourceSetup setup;
    AVFormatContext *fmt;
    AVCodecContext *dec;
    int stream;
    int64_t origin;              /* stream time base */
    AVFilterGraph *graph;
    AVFilterContext *src, *sink;
    AVPacket *pkt;
    AVFrame *frame;              /* decoded */
    AVFrame *out;                /* filtered, partly delivered */
    int out_pos;                 /* frames of `out` already delivered */
    int demux_eof, graph_eof, closed;
    VfMediaGuard guard;
};

static int fail(const VfAudioSource *s, int err, const char *what)
{
    char msg[AV_ERROR_MAX_STRING_SIZE];
    int why = vf_media_guard_failure(&s->guard, s->path);
    if (why)
        return why;
    if (err == AVERROR_EXIT)
        return VF_ERR_INTERRUPTED;
    return vf_error_set(VF_ERR_ASSET, "%s audio source %s: %s", what, s->path,
                        av_make_error_string(msg, sizeof(msg), err));
}

static int open_decoder(VfAudioSource *s)
{
    const AVCodec *codec = NULL;
    s->stream = av_find_best_stream(s->fmt, AVMEDIA_TYPE_AUDIO, -1, -1, &codec, 0);
    if (s->stream == AVERROR_STREAM_NOT_FOUND)
        return vf_error_set(VF_ERR_ASSET, "audio source %s has no audio stream", s->path);
    if (s->stream < 0)
        return fail(s, s->stream, "no decoder for the");
    AVStream *st = s->fmt->streams[s->stream];
    if (!(s->dec = avcodec_alloc_context3(codec)))
        return VF_ERR_INTERNAL;
    int ret = avcodec_parameters_to_context(s->dec, st->codecpar);
    if (ret >= 0) {
        s->dec->pkt_timebase = st->time_base;
        ret = avcodec_open2(s->dec, codec, NULL);
    }
    if (ret < 0)
        return fail(s, ret, "cannot decode the");
    double origin = s->setup.origin;
    s->origin = !isnan(origin) ? llround(origin * st->time_base.den / st->time_base.num)
              : st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
    return 0;
}

/* The chain after the decoder, as text. */
static void describe(const VfAudioSource *s, char *buf, size_t n)
{
    int k = snprintf(buf, n, "atrim=start=%.9f", s->setup.trim_start);
    if (s->setup.trim_end >= 0)
        k += snprintf(buf + k, n - k, ":end=%.9f", s->setup.trim_end);
    k += snprintf(buf + k, n - k, ",asetpts=N/SR/TB,aresample=%d,"
                  "aformat=sample_fmts=flt:channel_layouts=stereo", VF_MIX_RATE);
    if (fabs(s->setup.speed - 1) > 1e-9)
        snprintf(buf + k, n - k, ",atempo=%.9f", s->setup.speed);
}

static int build_graph(VfAudioSource *s)
{
    char args[256], layout[64], desc[256];
    AVFilterInOut *outs = avfilter_inout_alloc(), *ins = avfilter_inout_alloc();
    avfilter_graph_free(&s->graph);
    s->graph = avfilter_graph_alloc();
    int ret = s->graph && outs && ins ? 0 : AVERROR(ENOMEM);
    AVRational tb = s->fmt->streams[s->stream]->time_base;
    av_channel_layout_describe(&s->dec->ch_layout, layout, sizeof(layout));
    if (s->dec->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC) /* count only: the default layout */
        snprintf(layout, sizeof(layout), "%dc", s->dec->ch_layout.nb_channels);
    snprintf(args, sizeof(args), "time_base=%d/%d:sample_rate=%d:sample_fmt=%s:channel_layout=%s",
             tb.num, tb.den, s->dec->sample_rate, av_get_sample_fmt_name(s->dec->sample_fmt), layout);
    if (ret >= 0)
        ret = avfilter_graph_create_filter(&s->src, avfilter_get_by_name("abuffer"), "in", args,
                                           NULL, s->graph);
    if (ret >= 0)
        ret = avfilter_graph_create_filter(&s->sink, avfilter_get_by_name("abuffersink"), "out",
                                           NULL, NULL, s->graph);
    describe(s, desc, sizeof(desc));
    if (ret >= 0) {
        outs->name = av_strdup("in");
        outs->filter_ctx = s->src;
        ins->name = av_strdup("out");
        ins->filter_ctx = s->sink;
        ret = avfilter_graph_parse_ptr(s->graph, desc, &ins, &outs, NULL);
    }
    if (ret >= 0)
        ret = avfilter_graph_config(s->graph, NULL);
    avfilter_inout_free(&outs);
    avfilter_inout_free(&ins);
    s->graph_eof = s->closed = 0;
    return ret < 0 ? vf_error_set(VF_ERR_INTERNAL, "cannot build the audio chain \"%s\" for %s",
                                  desc, s->path) : 0;
}

/* Puts the demuxer a little before the trim's start (atrim drops the rest). */
static int seek_start(VfAudioSource *s)
{
    const AVStream *st = s->fmt->streams[s->stream];
    double at = s->setup.trim_start - 1.0;
    int64_t first = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
    int64_t ts = at > 0 ? s->origin + llround(at * st->time_base.den / st->time_base.num) : first;
    vf_media_guard_begin(&s->guard);
    int ret = av_seek_frame(s->fmt, s->stream, ts, AVSEEK_FLAG_BACKWARD);
    vf_media_guard_end(&s->guard);
    if (ret < 0)
        return fail(s, ret, "cannot seek in the");
    avcodec_flush_buffers(s->dec);
    s->demux_eof = 0;
    return 0;
}

int vf_audio_source_open(VfAudioSource **out, const VfAudioSourceSetup *setup)
{
    VfAudioSource *s = calloc(1, sizeof(*s));
    int ret = s && (s->path = strdup(setup->path)) ? 0 : VF_ERR_INTERNAL;
    if (ret >= 0) {
        s->setup = *setup;
        s->guard.budget = setup->network_seconds;
        s->pkt = av_packet_alloc();
        s->frame = av_frame_alloc();
        s->out = av_frame_alloc();
        ret = s->pkt && s->frame && s->out ? 0 : VF_ERR_INTERNAL;
    }
    if (ret >= 0 && (ret = vf_media_open_guarded(&s->fmt, s->path, &s->guard)) < 0)
        ret = fail(s, ret, "cannot open the");
    if (ret >= 0) {
        ret = avformat_find_stream_info(s->fmt, NULL);
        vf_media_guard_end(&s->guard);
        ret = ret < 0 ? fail(s, ret, "cannot read the") : 0;
    }
    if (ret >= 0)
        ret = open_decoder(s);
    if (ret >= 0)
        ret = build_graph(s);
    if (ret >= 0 && s->setup.trim_start > 0)
        ret = seek_start(s);
    if (ret < 0)
        vf_audio_source_free(&s);
    *out = s;
    return ret;
}

double vf_audio_source_length(const VfAudioSource *s)
{
    const AVStream *st = s->fmt->streams[s->stream];
    double tb = av_q2d(st->time_base), end = -1;
    if (st->duration > 0)
        end = ((st->start_time != AV_NOPTS_VALUE ? st->start_time : 0) + st->duration) * tb;
    else if (s->fmt->duration > 0)
        end = (double)(s->fmt->duration + (s->fmt->start_time != AV_NOPTS_VALUE
                                           ? s->fmt->start_time : 0)) / AV_TIME_BASE;
    if (end >= 0)
        end -= s->origin * tb;
    if (s->setup.trim_end >= 0 && (end < 0 || s->setup.trim_end < end))
        end = s->setup.trim_end;
    return end < 0 ? -1 : (end - s->setup.trim_start) / s->setup.speed;
}

/* Moves one decoded frame (or the end) into the chain. 0, or < 0. */
static int decode_more(VfAudioSource *s)
{
    for (;;) {
        int ret = avcodec_receive_frame(s->dec, s->frame);
        if (ret >= 0) {
            int64_t pts = s->frame->best_effort_timestamp;
            s->frame->pts = pts == AV_NOPTS_VALUE ? AV_NOPTS_VALUE : pts - s->origin;
            ret = av_buffersrc_add_frame_flags(s->src, s->frame, 0);
            av_frame_unref(s->frame);
            return ret < 0 ? vf_error_set(VF_ERR_INTERNAL, "the audio chain of %s refused a "
                                          "frame", s->path) : 0;
        }
        if (ret == AVERROR_EOF) {
            s->closed = 1;
            return av_buffersrc_add_frame(s->src, NULL) < 0 ? VF_ERR_INTERNAL : 0;
        }
        if (ret != AVERROR(EAGAIN))
            return fail(s, ret, "cannot decode the");
        if (s->demux_eof)
            return fail(s, AVERROR_BUG, "decoder stalled on the");
        if (vf_interrupt_requested())
            return VF_ERR_INTERRUPTED;
        vf_media_guard_begin(&s->guard);
        ret = av_read_frame(s->fmt, s->pkt);
        vf_media_guard_end(&s->guard);
        if (ret == AVERROR_EOF) {
            s->demux_eof = 1;
            ret = avcodec_send_packet(s->dec, NULL);
        } else if (ret < 0) {
            return fail(s, ret, "cannot read the");
        } else if (s->pkt->stream_index == s->stream) {
            ret = avcodec_send_packet(s->dec, s->pkt);
            av_packet_unref(s->pkt);
            if (ret < 0 && ret != AVERROR_INVALIDDATA)
                return fail(s, ret, "cannot decode the");
            if (ret == AVERROR_INVALIDDATA)
                return fail(s, ret, "damaged data in the");
        } else {
            av_packet_unref(s->pkt);
        }
    }
}

/* Makes s->out hold filtered frames left to deliver: 1, 0 at the end, < 0. */
static int fill(VfAudioSource *s)
{
    while (s->out_pos >= s->out->nb_samples) {
        av_frame_unref(s->out);
        s->out_pos = 0;
        if (s->graph_eof)
            return 0;
        int ret = av_buffersink_get_frame(s->sink, s->out);
        if (ret == AVERROR_EOF) {
            s->graph_eof = 1;
            return 0;
        }
        if (ret == AVERROR(EAGAIN))
            ret = s->closed ? VF_ERR_INTERNAL : decode_more(s);
        else if (ret < 0)
            ret = vf_error_set(VF_ERR_INTERNAL, "the audio chain of %s failed", s->path);
        if (ret < 0)
            return ret;
    }
    return 1;
}

int vf_audio_source_read(VfAudioSource *s, float *dst, int n)
{
    int got = 0;
    while (got < n) {
        int ret = fill(s);
        if (ret < 0)
            return ret;
        if (ret == 0)
            break;
        int k = s->out->nb_samples - s->out_pos;
        if (k > n - got)
            k = n - got;
        memcpy(dst + 2 * got, (const float *)s->out->data[0] + 2 * s->out_pos,
               sizeof(float) * 2 * (size_t)k);
        s->out_pos += k;
        got += k;
    }
    return got;
}

int vf_audio_source_rewind(VfAudioSource *s)
{
    av_frame_unref(s->out);
    s->out_pos = 0;
    int ret = build_graph(s);
    return ret < 0 ? ret : seek_start(s);
}

void vf_audio_source_free(VfAudioSource **ps)
{
    VfAudioSource *s = ps ? *ps : NULL;
    if (!s)
        return;
    avfilter_graph_free(&s->graph);
    avcodec_free_context(&s->dec);
    vf_media_close(&s->fmt); /* frees an s3:// source's I/O context too */
    av_packet_free(&s->pkt);
    av_frame_free(&s->frame);
    av_frame_free(&s->out);
    free(s->path);
    free(s);
    *ps = NULL;
}
