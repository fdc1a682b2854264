#include "render/poster.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libavcodec/avcodec.h>
#include <libavutil/frame.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>

#include "image/png.h"
#include "vidforge/error.h"

typedef int (*WriteStill)(const char *path, const uint8_t *rgb, int w, int h, int stride);

static int write_png(const char *path, const uint8_t *rgb, int w, int h, int stride)
{
    return vf_png_write_rgb(path, rgb, w, h, stride, 1);
}

/* One frame through encoder `name` in pixels fmt (converted with swscale,
 * BT.601 full range for JPEG, as decoders read JFIF); the single packet is
 * the whole file for both encoders here. */
static int encode_still(const char *path, const char *name, enum AVPixelFormat fmt,
                        const uint8_t *rgb, int w, int h, int stride)
{
    const AVCodec *codec = avcodec_find_encoder_by_name(name);
    AVCodecContext *c = codec ? avcodec_alloc_context3(codec) : NULL;
    AVFrame *f = av_frame_alloc();
    AVPacket *pkt = av_packet_alloc();
    struct SwsContext *sws = sws_getContext(w, h, AV_PIX_FMT_RGB24, w, h, fmt, SWS_BICUBIC,
                                            NULL, NULL, NULL);
    int ret = c && f && pkt && sws ? 0 : AVERROR(ENOMEM);
    if (ret >= 0) {
        c->width = w;
        c->height = h;
        c->pix_fmt = fmt;
        c->time_base = (AVRational){ 1, 25 };
        c->color_range = AVCOL_RANGE_JPEG;
        if (fmt == AV_PIX_FMT_YUVJ420P) { /* mjpeg: q 2, near the best */
            c->global_quality = FF_QP2LAMBDA * 2;
            c->flags |= AV_CODEC_FLAG_QSCALE;
        } else { /* libwebp: 0..100 */
            av_opt_set_double(c->priv_data, "quality", 90, 0);
        }
        f->format = fmt;
        f->width = w;
        f->height = h;
        ret = avcodec_open2(c, codec, NULL);
    }
    if (ret >= 0)
        ret = av_frame_get_buffer(f, 0);
    if (ret >= 0) {
        sws_scale(sws, (const uint8_t *const[]){ rgb }, (const int[]){ stride }, 0, h, f->data,
                  f->linesize);
        ret = avcodec_send_frame(c, f);
    }
    if (ret >= 0)
        ret = avcodec_send_frame(c, NULL);
    if (ret >= 0)
        ret = avcodec_receive_packet(c, pkt);
    FILE *out = ret >= 0 ? fopen(path, "wb") : NULL;
    if (out) {
        size_t n = fwrite(pkt->data, 1, (size_t)pkt->size, out);
        ret = fclose(out) == 0 && n == (size_t)pkt->size ? 0 : AVERROR(EIO);
    }
    sws_freeContext(sws);
    av_packet_free(&pkt);
    av_frame_free(&f);
    avcodec_free_context(&c);
    if (!codec)
        return vf_error_set(VF_ERR_OUTPUT, "this FFmpeg has no %s encoder for %s", name, path);
    return ret < 0 || !out ? vf_error_set(VF_ERR_OUTPUT, "cannot write the picture %s", path) : 0;
}

static int write_jpeg(const char *path, const uint8_t *rgb, int w, int h, int stride)
{
    return encode_still(path, "mjpeg", AV_PIX_FMT_YUVJ420P, rgb, w, h, stride);
}

static int write_webp(const char *path, const uint8_t *rgb, int w, int h, int stride)
{
    return encode_still(path, "libwebp", AV_PIX_FMT_BGRA, rgb, w, h, stride);
}

static const struct {
    const char *ext;
    WriteStill write;
} stills[] = {
    { "png", write_png }, { "jpg", write_jpeg }, { "jpeg", write_jpeg }, { "webp", write_webp },
};

static WriteStill find(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    for (size_t i = 0; dot && i < sizeof(stills) / sizeof(stills[0]); i++)
        if (!strcasecmp(dot + 1, stills[i].ext))
            return stills[i].write;
    return NULL;
}

int vf_poster_known(const char *path)
{
    return find(path) != NULL;
}

int vf_poster_write(const char *path, const uint8_t *rgb, int width, int height, int stride)
{
    WriteStill w = find(path);
    if (!w)
        return vf_error_set(VF_ERR_USAGE, "cannot tell the picture format of %s: name a .png, "
                            ".jpg or .webp file", path);
    return w(path, rgb, width, height, stride);
}
