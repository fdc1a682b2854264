#include "media/encoder.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libavformat/avformat.h>
#include <libavutil/avstring.h>
#include <libavutil/intreadwrite.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>

#include "media/avlog.h"
#include "media/codecopts.h"
#include "vidforge/error.h"
#include "vidforge/log.h"

#define AUDIO_RATE 48000

/* NVENC's constant-quality knob is cq; x264/x265 call it crf. */
static int is_nvenc(const AVCodec *codec)
{
    return codec->wrapper_name && !strcmp(codec->wrapper_name, "nvenc");
}

/* Segments: keyframes at fixed places, GOPs closed, x264's extra options
 * after the quality ones. */
static void fix_gop(AVCodecContext *c, const VfVideoEncoderSetup *s)
{
    c->keyint_min = c->gop_size;
    c->flags |= AV_CODEC_FLAG_CLOSED_GOP;
    av_opt_set_int(c->priv_data, "sc_threshold", 0, 0);
    if (!strcmp(c->codec->name, "libx264") && s->x264_params) {
        char params[256];
        snprintf(params, sizeof(params), "%s%s", s->quality_stats ? "ssim=1:" : "",
                 s->x264_params);
        av_opt_set(c->priv_data, "x264-params", params, 0);
    }
}

/* preset: the plan's speed preset for this encoder (already in its terms), or NULL. */
static int configure_video(AVCodecContext *c, const VfVideoEncoderSetup *s, const char *preset)
{
    const VfPlanEncoding *e = s->encoding;
    int width = s->width, height = s->height, global_header = s->global_header;
    AVRational fps = s->fps;
    int nvenc = is_nvenc(c->codec);
    c->width = width;
    c->height = height;
    c->pix_fmt = e->pix_fmt ? av_get_pix_fmt(e->pix_fmt) : AV_PIX_FMT_YUV420P;
    c->time_base = av_inv_q(fps);
    c->framerate = fps;
    c->sample_aspect_ratio = (AVRational){ 1, 1 };
    c->color_range = AVCOL_RANGE_MPEG;
    c->colorspace = AVCOL_SPC_BT709;
    c->color_primaries = AVCOL_PRI_BT709;
    c->color_trc = AVCOL_TRC_BT709;
    c->thread_count = s->threads;
    c->gop_size = vf_encoder_gop_frames(fps); /* a keyframe every 2 s: seekable clips */
    if (global_header)
        c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if (preset)
        av_opt_set(c->priv_data, "preset", preset, 0);
    if (e->crf >= 0) {
        av_opt_set_double(c->priv_data, nvenc ? "cq" : "crf", e->crf, 0);
    } else {
        c->bit_rate = e->bitrate;
        c->rc_max_rate = e->bitrate * 3 / 2;
        c->rc_buffer_size = (int)(e->bitrate * 2);
    }
    int x265 = !strcmp(c->codec->name, "libx265");
    if (s->quality_stats) {
        c->flags |= AV_CODEC_FLAG_PSNR;
        if (!strcmp(c->codec->name, "libx264"))
            av_opt_set(c->priv_data, "x264-params", "ssim=1", 0);
    }
    if (s->fixed_gop)
        fix_gop(c, s);
    if (x265)
        av_opt_set(c->priv_data, "x265-params",
                   s->quality_stats ? "log-level=error:psnr=1" : "log-level=error", 0);
    vf_codec_tune(c, e, preset);
    if (s->pass == 1)
        c->flags |= AV_CODEC_FLAG_PASS1;
    if (s->pass == 2) {
        c->flags |= AV_CODEC_FLAG_PASS2;
        c->stats_in = (char *)s->stats_in; /* the caller's: freed by the caller */
    }
    return 0;
}

void vf_encoder_tag_frame(const AVCodecContext *enc, AVFrame *f)
{
    const AVPixFmtDescriptor *d = f ? av_pix_fmt_desc_get(f->format) : NULL;
    if (!d || enc->codec_type != AVMEDIA_TYPE_VIDEO ||
        (d->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL)))
        return;
    f->color_range = enc->color_range;
    f->colorspace = enc->colorspace;
    f->color_primaries = enc->color_primaries;
    f->color_trc = enc->color_trc;
}

int vf_encoder_gop_frames(AVRational fps)
{
    return (int)(av_q2d(fps) * 2 + 0.5);
}

static int try_open(AVCodecContext **out, const char *name, const char *preset,
                    const VfVideoEncoderSetup *s, char *why, size_t why_len)
{
    const AVCodec *codec = avcodec_find_encoder_by_name(name);
    if (!codec) {
        snprintf(why, why_len, "this FFmpeg has no %s encoder", name);
        return AVERROR_ENCODER_NOT_FOUND;
    }
    AVCodecContext *c = avcodec_alloc_context3(codec);
    if (!c)
        return VF_ERR_INTERNAL;
    configure_video(c, s, preset);
    int ret = avcodec_open2(c, codec, NULL);
    if (ret < 0) {
        char err[AV_ERROR_MAX_STRING_SIZE];
        snprintf(why, why_len, "%s", av_make_error_string(err, sizeof(err), ret));
        avcodec_free_context(&c);
        return ret;
    }
    *out = c;
    return 0;
}

const char *vf_encoder_preset(const AVCodecContext *enc)
{
    static _Thread_local char buf[64];
    uint8_t *val = NULL;
    if (av_opt_get(enc->priv_data, "preset", 0, &val) < 0 || !val)
        return "default";
    snprintf(buf, sizeof(buf), "%s", (const char *)val);
    av_free(val);
    return buf;
}

/* Hardware encoders whose failure to open means the hardware is absent: the
 * notice says so, instead of an errno that reads like a permissions problem
 * (the reason, for --report, keeps the error). */
static const struct {
    const char *suffix;
    const char *absent;
} hardware[] = {
    { "_nvenc", "no NVIDIA encoder available" },
    { "_qsv", "no Intel Quick Sync encoder available" },
    { "_vaapi", "no VA-API encoder available" },
    { "_videotoolbox", "no VideoToolbox encoder available" },
};

static void fallback_notice(const char *asked, const char *why, const char *used,
                            const char *preset)
{
    for (size_t i = 0; i < sizeof(hardware) / sizeof(hardware[0]); i++) {
        if (!strstr(asked, hardware[i].suffix))
            continue;
        vf_log(VF_LOG_NOTICE, "%s (%s asked for): encoding with %s, preset %s", hardware[i].absent,
               asked, used, preset);
        return;
    }
    vf_log(VF_LOG_NOTICE, "%s is not usable here (%s); encoding with %s, preset %s", asked, why,
           used, preset);
}

int vf_encoder_open_video(AVCodecContext **out, const VfVideoEncoderSetup *s, char *reason,
                          size_t reason_len)
{
    const VfPlanEncoding *e = s->encoding;
    const char *candidates[2] = { e->codec, e->fallback };
    const char *presets[2] = { e->preset, e->fallback_preset };
    char why[256] = "", first_why[256] = "";
    int ret = AVERROR_ENCODER_NOT_FOUND;
    for (int i = 0; i < 2 && candidates[i]; i++) {
        ret = try_open(out, candidates[i], presets[i], s, why, sizeof(why));
        if (ret == VF_ERR_INTERNAL)
            return ret;
        if (ret >= 0 && i > 0) {
            snprintf(reason, reason_len, "%s is not usable here (%s); fell back to %s, preset %s",
                     candidates[0], first_why, candidates[i], vf_encoder_preset(*out));
            fallback_notice(candidates[0], first_why, candidates[i], vf_encoder_preset(*out));
        } else if (ret >= 0) {
            snprintf(reason, reason_len, "%s opened as the template asks, preset %s",
                     candidates[0], vf_encoder_preset(*out));
        }
        if (ret >= 0)
            return 0;
        vf_log(VF_LOG_DEBUG, "encoder %s did not open: %s", candidates[i], why);
        if (i == 0)
            snprintf(first_why, sizeof(first_why), "%s", why);
    }
    return vf_error_set(VF_ERR_OUTPUT, "cannot open video encoder %s: %s",
                        e->fallback ? e->fallback : e->codec, why);
}

int vf_encoder_measures_psnr(const AVCodecContext *enc)
{
    return !strcmp(enc->codec->name, "libx264") && (enc->flags & AV_CODEC_FLAG_PSNR);
}

void vf_encoder_quality_add(VfEncoderQuality *q, const AVPacket *pkt, int width, int height)
{
    size_t size = 0;
    const uint8_t *sd = av_packet_get_side_data(pkt, AV_PKT_DATA_QUALITY_STATS, &size);
    if (!sd || size < 6)
        return;
    /* u32 quality, u8 picture type, u8 error count, 2 reserved, then u64 errors */
    int n = sd[5];
    if (n < 3 || size < 8 + 3 * 8)
        return;
    double pixels[3] = { (double)width * height, (double)width * height / 4,
                         (double)width * height / 4 };
    for (int i = 0; i < 3; i++) {
        q->sse[i] += (double)AV_RL64(sd + 8 + 8 * i);
        q->samples[i] += pixels[i];
    }
    q->packets++;
}

double vf_encoder_quality_psnr(const VfEncoderQuality *q, int plane)
{
    if (!q->packets)
        return q->has_summary_psnr ? q->summary_psnr[plane] : NAN;
    double sse = 0, n = 0;
    for (int i = 0; i < 3; i++) {
        if (plane == 3 || plane == i) {
            sse += q->sse[i];
            n += q->samples[i];
        }
    }
    if (sse <= 0)
        return INFINITY;
    return 10 * log10(255.0 * 255.0 * n / sse);
}

/* x264 prints its summary when it closes:
 *   "PSNR Mean Y:44.389 U:47.070 V:47.153 Avg:45.107 Global:44.962 kb/s:4988.82"
 *   "SSIM Mean Y:0.9871234 (18.9db)" */
static void read_summary(void *opaque, const char *line)
{
    VfEncoderQuality *q = opaque;
    const char *p = strstr(line, "SSIM Mean Y:");
    if (p)
        q->ssim = strtod(p + strlen("SSIM Mean Y:"), NULL);
    p = strstr(line, "PSNR Mean Y:");
    double y, u, v, avg, global;
    if (p && sscanf(p, "PSNR Mean Y:%lf U:%lf V:%lf Avg:%lf Global:%lf", &y, &u, &v, &avg,
                    &global) == 5) {
        q->summary_psnr[0] = y;
        q->summary_psnr[1] = u;
        q->summary_psnr[2] = v;
        q->summary_psnr[3] = global;
        q->has_summary_psnr = 1;
    }
}

void vf_encoder_close(AVCodecContext **enc, VfEncoderQuality *q)
{
    if (q && *enc)
        vf_media_log_capture(read_summary, q);
    avcodec_free_context(enc);
    if (q)
        vf_media_log_capture(NULL, NULL);
}

int vf_encoder_open_audio(AVCodecContext **out, const VfPlanEncoding *e, int global_header)
{
    const AVCodec *codec = avcodec_find_encoder_by_name(e->audio_codec);
    if (!codec)
        return vf_error_set(VF_ERR_OUTPUT, "this FFmpeg has no %s audio encoder", e->audio_codec);
    int rate = e->audio_sample_rate > 0 ? e->audio_sample_rate : AUDIO_RATE;
    int ret = vf_encoder_check_sample_rate(codec, rate);
    AVCodecContext *c = ret < 0 ? NULL : avcodec_alloc_context3(codec);
    if (!c)
        return ret < 0 ? ret : VF_ERR_INTERNAL;
    c->sample_rate = rate;
    c->sample_fmt = av_get_sample_fmt(e->audio_sample_fmt ? e->audio_sample_fmt : "fltp");
    av_channel_layout_default(&c->ch_layout, e->audio_channels == 1 ? 1 : 2);
    c->bit_rate = e->audio_bitrate;
    c->time_base = (AVRational){ 1, rate };
    if (global_header)
        c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    ret = avcodec_open2(c, codec, NULL);
    if (ret < 0) {
        char err[AV_ERROR_MAX_STRING_SIZE];
        avcodec_free_context(&c);
        return vf_error_set(VF_ERR_OUTPUT, "cannot open audio encoder %s: %s", e->audio_codec,
                            av_make_error_string(err, sizeof(err), ret));
    }
    *out = c;
    return 0;
}

/* Muxers that carry a codec where avformat_query_codec says more than the
 * muxer does (FFmpeg 5.1's mov muxer answers yes for Opus, then writes it
 * only in MP4). Other codecs: as FFmpeg answers. */
static const struct {
    enum AVCodecID id;
    const char *muxers;   /* comma-separated muxer names */
} carriers[] = {
    { AV_CODEC_ID_OPUS, "mp4,matroska,webm" },
};

static int muxer_carries(const AVOutputFormat *ofmt, enum AVCodecID id)
{
    for (size_t i = 0; i < sizeof(carriers) / sizeof(carriers[0]); i++) {
        if (carriers[i].id == id)
            return av_match_name(ofmt->name, carriers[i].muxers);
    }
    return avformat_query_codec(ofmt, id, FF_COMPLIANCE_NORMAL) == 1;
}

int vf_encoder_check_audio_container(const char *path, const VfPlanEncoding *e)
{
    const AVOutputFormat *ofmt = av_guess_format(NULL, path, NULL);
    const AVCodec *codec = e->audio_codec ? avcodec_find_encoder_by_name(e->audio_codec) : NULL;
    if (!ofmt || !codec || muxer_carries(ofmt, codec->id))
        return 0; /* no container (vf_output_open says so) or no encoder (opening says so) */
    const char *ext = strrchr(path, '.');
    return vf_error_set(VF_ERR_USAGE, "a %s file cannot carry %s audio: write .mp4, .mkv or "
                        ".webm, or set encoding.audio_codec to another codec", ext ? ext : path,
                        e->audio_codec);
}

int vf_encoder_check_sample_rate(const AVCodec *codec, int rate)
{
    const int *r = codec->supported_samplerates;
    if (!r)
        return 0;
    char list[256] = "";
    for (; *r; r++) {
        if (*r == rate)
            return 0;
        size_t k = strlen(list);
        snprintf(list + k, sizeof(list) - k, "%s%d", k ? ", " : "", *r);
    }
    return vf_error_set(VF_ERR_USAGE, "/encoding/audio_sample_rate: the %s encoder takes %s Hz, "
                        "not %d", codec->name, list, rate);
}
