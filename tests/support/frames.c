#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswscale/swscale.h>
#include "frames.h"

typedef struct Reader {
    AVFormatContext *fmt;
    AVCodecContext *dec;
    AVPacket *pkt;
    int stream, eof;
} Reader;

static int reader_open(Reader *r, const char *path)
{
    memset(r, 0, sizeof(*r));
    const AVCodec *codec = NULL;
    if (avformat_open_input(&r->fmt, path, NULL, NULL) < 0 ||
        avformat_find_stream_info(r->fmt, NULL) < 0)
        return -1;
    r->stream = av_find_best_stream(r->fmt, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
    if (r->stream < 0 || !(r->dec = avcodec_alloc_context3(codec)))
        return -1;
    avcodec_parameters_to_context(r->dec, r->fmt->streams[r->stream]->codecpar);
    r->pkt = av_packet_alloc();
    return avcodec_open2(r->dec, codec, NULL);
}

static int reader_next(Reader *r, AVFrame *f)
{
    for (;;) {
        int ret = avcodec_receive_frame(r->dec, f);
        if (ret != AVERROR(EAGAIN))
            return ret;
        if (r->eof)
            return AVERROR_EOF;
        ret = av_read_frame(r->fmt, r->pkt);
        if (ret < 0) {
            r->eof = 1;
            avcodec_send_packet(r->dec, NULL);
            continue;
        }
        if (r->pkt->stream_index == r->stream)
            avcodec_send_packet(r->dec, r->pkt);
        av_packet_unref(r->pkt);
    }
}

static void reader_close(Reader *r)
{
    avcodec_free_context(&r->dec);
    avformat_close_input(&r->fmt);
    av_packet_free(&r->pkt);
}

static int to_rgb(const AVFrame *f, VfTestFrame *out)
{
    out->width = f->width;
    out->height = f->height;
    out->rgb = malloc((size_t)f->width * f->height * 3);
    struct SwsContext *sws = sws_getContext(f->width, f->height, f->format, f->width, f->height,
                                            AV_PIX_FMT_RGB24, SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT,
                                            NULL, NULL, NULL);
    if (!sws || !out->rgb)
        return -1;
    if (f->colorspace == AVCOL_SPC_BT709) { /* decode as players do: by the stream's tag */
        const int *bt709 = sws_getCoefficients(SWS_CS_ITU709);
        sws_setColorspaceDetails(sws, bt709, f->color_range == AVCOL_RANGE_JPEG, bt709, 1, 0,
                                 1 << 16, 1 << 16);
    }
    uint8_t *dst[4] = { out->rgb };
    int lines[4] = { f->width * 3 };
    sws_scale(sws, (const uint8_t *const *)f->data, f->linesize, 0, f->height, dst, lines);
    sws_freeContext(sws);
    return 0;
}

int vf_test_decode_frame(const char *path, int n, VfTestFrame *out)
{
    Reader r;
    AVFrame *f = av_frame_alloc();
    int ret = reader_open(&r, path);
    memset(out, 0, sizeof(*out));
    for (int i = 0; ret >= 0 && i <= n; i++) {
        ret = reader_next(&r, f);
        if (ret >= 0 && i < n)
            av_frame_unref(f);
    }
    if (ret >= 0) {
        out->pts = f->best_effort_timestamp * av_q2d(r.fmt->streams[r.stream]->time_base);
        ret = to_rgb(f, out);
    }
    av_frame_free(&f);
    reader_close(&r);
    return ret < 0 ? -1 : 0;
}

int vf_test_count_frames(const char *path)
{
    Reader r;
    AVFrame *f = av_frame_alloc();
    int n = 0;
    if (reader_open(&r, path) < 0)
        n = -1;
    while (n >= 0 && reader_next(&r, f) >= 0) {
        n++;
        av_frame_unref(f);
    }
    av_frame_free(&f);
    reader_close(&r);
    return n;
}

void vf_test_frame_free(VfTestFrame *f)
{
    free(f->rgb);
    memset(f, 0, sizeof(*f));
}

const uint8_t *vf_test_pixel(const VfTestFrame *f, int x, int y)
{
    return f->rgb + ((size_t)y * f->width + x) * 3;
}

int vf_test_count(const VfTestFrame *f, int x0, int y0, int x1, int y1,
                  int (*match)(const uint8_t *p))
{
    int n = 0;
    for (int y = y0 < 0 ? 0 : y0; y < y1 && y < f->height; y++)
        for (int x = x0 < 0 ? 0 : x0; x < x1 && x < f->width; x++)
            n += match(vf_test_pixel(f, x, y));
    return n;
}

int vf_test_find(const VfTestFrame *f, int (*match)(const uint8_t *p), int box[4])
{
    int n = 0;
    box[0] = box[1] = 1 << 30;
    box[2] = box[3] = -1;
    for (int y = 0; y < f->height; y++) {
        for (int x = 0; x < f->width; x++) {
            if (!match(vf_test_pixel(f, x, y)))
                continue;
            n++;
            box[0] = x < box[0] ? x : box[0];
            box[1] = y < box[1] ? y : box[1];
            box[2] = x > box[2] ? x : box[2];
            box[3] = y > box[3] ? y : box[3];
        }
    }
    return n;
}

void vf_test_sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    if (system(cmd) != 0) {
        fprintf(stderr, "fixture command failed: %s\n", cmd);
        exit(1);
    }
}
