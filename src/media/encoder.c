#include <libavutil/opt.h>
#include "media/encoder.h"
#include "template/presets.h"
#include "vidforge/error.h"
#include "vidforge/log.h"

#define AUDIO_RATE 48000

static int configure_video(AVCodecContext *c, const VfPlanEncoding *e, int width, int height,
                           AVRational fps, int global_header, int threads)
{
    int nvenc = vf_encoder_is_nvenc(c->codec->name);
    c->width = width;
    c->height = height;
    c->pix_fmt = AV_PIX_FMT_YUV420P;
    c->time_base = av_inv_q(fps);
    c->framerate = fps;
    c->sample_aspect_ratio = (AVRational){ 1, 1 };
    c->color_range = AVCOL_RANGE_MPEG;
    c->colorspace = AVCOL_SPC_BT709;
    c->color_primaries = AVCOL_PRI_BT709;
    c->color_trc = AVCOL_TRC_BT709;
    c->thread_count = threads;
    c->gop_size = (int)(av_q2d(fps) * 2 + 0.5); /* a keyframe every 2 s: seekable clips */
    if (global_header)
        c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    const char *preset = vf_speed_preset_for(e->preset, nvenc);
    if (preset)
        av_opt_set(c->priv_data, "preset", preset, 0);
    if (e->crf >= 0) {
        /* NVENC's constant-quality knob is cq; x264/x265 call it crf */
        av_opt_set_double(c->priv_data, nvenc ? "cq" : "crf", e->crf, 0);
    } else {
        c->bit_rate = e->bitrate;
        c->rc_max_rate = e->bitrate * 3 / 2;
        c->rc_buffer_size = (int)(e->bitrate * 2);
    }
    if (!strcmp(c->codec->name, "libx265"))
        av_opt_set(c->priv_data, "x265-params", "log-level=error", 0);
    return 0;
}

static int try_open(AVCodecContext **out, const char *name, const VfPlanEncoding *e, int width,
                    int height, AVRational fps, int global_header, int threads, char *why,
                    size_t why_len)
{
    const AVCodec *codec = avcodec_find_encoder_by_name(name);
    if (!codec) {
        snprintf(why, why_len, "this FFmpeg has no %s encoder", name);
        return AVERROR_ENCODER_NOT_FOUND;
    }
    AVCodecContext *c = avcodec_alloc_context3(codec);
    if (!c)
        return VF_ERR_INTERNAL;
    configure_video(c, e, width, height, fps, global_header, threads);
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

int vf_encoder_open_video(AVCodecContext **out, const VfPlanEncoding *e, int width, int height,
                          AVRational fps, int global_header, int threads)
{
    const char *candidates[2] = { e->codec, e->fallback };
    char why[256] = "", first_why[256] = "";
    int ret = AVERROR_ENCODER_NOT_FOUND;
    for (int i = 0; i < 2 && candidates[i]; i++) {
        ret = try_open(out, candidates[i], e, width, height, fps, global_header, threads, why,
                       sizeof(why));
        if (ret == VF_ERR_INTERNAL)
            return ret;
        if (ret >= 0) {
            if (i > 0)
                vf_log(VF_LOG_NOTICE, "%s is not usable here (%s); encoding with %s, preset %s",
                       candidates[0], first_why, candidates[i], vf_encoder_preset(*out));
            return 0;
        }
        vf_log(VF_LOG_DEBUG, "encoder %s did not open: %s", candidates[i], why);
        if (i == 0)
            snprintf(first_why, sizeof(first_why), "%s", why);
    }
    return vf_error_set(VF_ERR_OUTPUT, "cannot open video encoder %s: %s",
                        e->fallback ? e->fallback : e->codec, why);
}

int vf_encoder_open_audio(AVCodecContext **out, const VfPlanEncoding *e, int global_header)
{
    const AVCodec *codec = avcodec_find_encoder_by_name(e->audio_codec);
    if (!codec)
        return vf_error_set(VF_ERR_OUTPUT, "this FFmpeg has no %s audio encoder", e->audio_codec);
    AVCodecContext *c = avcodec_alloc_context3(codec);
    if (!c)
        return VF_ERR_INTERNAL;
    c->sample_rate = AUDIO_RATE;
    c->sample_fmt = AV_SAMPLE_FMT_FLTP;
    av_channel_layout_default(&c->ch_layout, 2);
    c->bit_rate = e->audio_bitrate;
    c->time_base = (AVRational){ 1, AUDIO_RATE };
    if (global_header)
        c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    int ret = avcodec_open2(c, codec, NULL);
    if (ret < 0) {
        char err[AV_ERROR_MAX_STRING_SIZE];
        avcodec_free_context(&c);
        return vf_error_set(VF_ERR_OUTPUT, "cannot open audio encoder %s: %s", e->audio_codec,
                            av_make_error_string(err, sizeof(err), ret));
    }
    *out = c;
    return 0;
}
