/* Decoding goes through libavformat/libavcodec so every format FFmpeg knows
 * works; scaling is done on premultiplied pixels so transparent edges do not
 * pick up the colour of invisible pixels. */
#include "image/image.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>

#include "image/frames.h"
#include "image/webpanim.h"
#include "media/open.h"
#include "util/path.h"
#include "util/raster.h"
#include "vidforge/error.h"

static int decode_first_frame(const char *path, AVFrame *frame)
{
    AVFormatContext *fmt = NULL;
    AVCodecContext *dec = NULL;
    AVPacket *pkt = av_packet_alloc();
    char err[AV_ERROR_MAX_STRING_SIZE];
    int ret = vf_media_open(&fmt, path);
    if (ret < 0) {
        ret = vf_error_set(VF_ERR_ASSET, "cannot open image %s: %s", path,
                           av_make_error_string(err, sizeof(err), ret));
        goto done;
    }
    ret = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
    const AVCodec *codec = ret >= 0 ? avcodec_find_decoder(fmt->streams[ret]->codecpar->codec_id)
                                    : NULL;
    if (!codec || !(dec = avcodec_alloc_context3(codec)) ||
        avcodec_parameters_to_context(dec, fmt->streams[ret]->codecpar) < 0 ||
        (dec->err_recognition = AV_EF_EXPLODE | AV_EF_CRCCHECK, 0) ||
        avcodec_open2(dec, codec, NULL) < 0) {
        ret = vf_error_set(VF_ERR_ASSET, "%s is not an image vidforge can decode", path);
        goto done;
    }
    int stream = ret;
    ret = AVERROR(EAGAIN);
    while (ret == AVERROR(EAGAIN)) {
        int rd = av_read_frame(fmt, pkt);
        if (rd >= 0 && pkt->stream_index != stream) {
            av_packet_unref(pkt);
            continue;
        }
        avcodec_send_packet(dec, rd >= 0 ? pkt : NULL);
        av_packet_unref(pkt);
        ret = avcodec_receive_frame(dec, frame);
        if (rd < 0 && ret == AVERROR(EAGAIN))
            ret = AVERROR_EOF;
    }
    if (ret < 0)
        ret = vf_error_set(VF_ERR_ASSET, "image %s is corrupt: %s", path,
                           av_make_error_string(err, sizeof(err), ret));
done:
    av_packet_free(&pkt);
    avcodec_free_context(&dec);
    avformat_close_input(&fmt);
    return ret;
}

/* Converts src (any format) to RGBA8 w x h into dst with dst_linesize. */
static int convert(const AVFrame *src, int w, int h, uint8_t *dst, int dst_linesize)
{
    struct SwsContext *sws = sws_getContext(src->width, src->height, src->format, w, h,
                                            AV_PIX_FMT_RGBA,
                                            SWS_LANCZOS | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT,
                                            NULL, NULL, NULL);
    if (!sws)
        return vf_error_set(VF_ERR_INTERNAL, "cannot convert image pixels");
    uint8_t *planes[4] = { dst };
    int lines[4] = { dst_linesize };
    sws_scale(sws, (const uint8_t *const *)src->data, src->linesize, 0, src->height, planes,
              lines);
    sws_freeContext(sws);
    return 0;
}

static void premultiply(AVFrame *f, int undo)
{
    for (int y = 0; y < f->height; y++) {
        uint8_t *p = f->data[0] + (size_t)y * f->linesize[0];
        for (int x = 0; x < f->width; x++, p += 4) {
            unsigned a = p[3];
            for (int c = 0; c < 3; c++) {
                unsigned v = undo ? (a ? (p[c] * 255u + a / 2) / a : 0) : (p[c] * a + 127) / 255;
                p[c] = (uint8_t)(v > 255 ? 255 : v);
            }
        }
    }
}

static void apply_opacity(VfRaster *r, double opacity)
{
    size_t n = (size_t)r->width * r->height;
    for (size_t i = 0; i < n; i++)
        r->pixels[i * 4 + 3] = (uint8_t)lrint(r->pixels[i * 4 + 3] * opacity);
}

/* An animated WebP's first frame, through libwebp (FFmpeg 5.1 cannot). */
static int load_webp_anim(const char *path, double scale, double opacity, VfRaster *out)
{
    VfFrameSeq s;
    int ret = vf_webp_anim_frames(path, scale, opacity, SIZE_MAX, 1, &s);
    if (ret >= 0) {
        *out = (VfRaster){ .width = s.width, .height = s.height, .pixels = s.pixels[0] };
        s.pixels[0] = NULL;
        vf_frame_seq_clear(&s);
    }
    return ret;
}

int vf_image_load(const char *path, double scale, double opacity, VfRaster *out)
{
    *out = (VfRaster){ 0 };
    int cw, ch;
    if (!vf_path_is_url(path) && !vf_path_is_readable_file(path))
        return vf_error_set(VF_ERR_ASSET, "image %s does not exist or is not readable", path);
    if (!vf_path_is_url(path) && vf_webp_anim_probe(path, &cw, &ch))
        return load_webp_anim(path, scale, opacity, out);
    AVFrame *src = av_frame_alloc(), *rgba = av_frame_alloc();
    int ret = src && rgba ? decode_first_frame(path, src) : VF_ERR_INTERNAL;
    if (ret >= 0) {
        rgba->format = AV_PIX_FMT_RGBA;
        rgba->width = src->width;
        rgba->height = src->height;
        ret = av_frame_get_buffer(rgba, 0) < 0 ? VF_ERR_INTERNAL : 0;
    }
    if (ret >= 0)
        ret = convert(src, src->width, src->height, rgba->data[0], rgba->linesize[0]);
    int w = (int)lround(src ? src->width * scale : 0), h = (int)lround(src ? src->height * scale : 0);
    if (ret >= 0)
        ret = vf_raster_alloc(out, w < 1 ? 1 : w, h < 1 ? 1 : h);
    if (ret >= 0) {
        premultiply(rgba, 0);
        ret = convert(rgba, out->width, out->height, out->pixels, out->width * 4);
    }
    if (ret >= 0) {
        AVFrame view = { .data = { out->pixels }, .linesize = { out->width * 4 },
                         .width = out->width, .height = out->height };
        premultiply(&view, 1);
        apply_opacity(out, opacity);
    }
    if (ret < 0)
        vf_raster_free(out);
    av_frame_free(&src);
    av_frame_free(&rgba);
    return ret;
}

/* A PNG's size from its header (signature, then the IHDR chunk); 0 or -1. */
static int png_size(const char *path, int *w, int *h)
{
    static const unsigned char sig[12] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
                                           0, 0, 0, 13 };
    unsigned char hd[24];
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(hd, 1, sizeof(hd), f) : 0;
    if (f)
        fclose(f);
    if (n < sizeof(hd) || memcmp(hd, sig, sizeof(sig)) || memcmp(hd + 12, "IHDR", 4))
        return -1;
    uint32_t pw = (uint32_t)hd[16] << 24 | hd[17] << 16 | hd[18] << 8 | hd[19];
    uint32_t ph = (uint32_t)hd[20] << 24 | hd[21] << 16 | hd[22] << 8 | hd[23];
    if (!pw || !ph || pw > INT32_MAX || ph > INT32_MAX)
        return -1;
    *w = (int)pw;
    *h = (int)ph;
    return 0;
}

int vf_image_size(const char *path, int *width, int *height)
{
    if (!vf_path_is_url(path) && !vf_path_is_readable_file(path))
        return vf_error_set(VF_ERR_ASSET, "image %s does not exist or is not readable", path);
    if (png_size(path, width, height) == 0)
        return 0;
    if (!vf_path_is_url(path) && vf_webp_anim_probe(path, width, height))
        return vf_webp_anim_check(path);
    AVFrame *f = av_frame_alloc();
    int ret = f ? decode_first_frame(path, f) : VF_ERR_INTERNAL;
    if (ret >= 0) {
        *width = f->width;
        *height = f->height;
    }
    av_frame_free(&f);
    return ret < 0 ? ret : 0;
}
