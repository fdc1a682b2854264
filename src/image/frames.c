#include "image/frames.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswscale/swscale.h>

#include "image/webpanim.h"
#include "media/open.h"
#include "vidforge/error.h"

/* Demuxers whose files are images: one picture, or an animation. */
static int image_demuxer(const char *name)
{
    static const char *const names[] = { "gif", "apng", "image2", "webp", NULL };
    size_t n = strlen(name);
    if (n > 5 && !strcmp(name + n - 5, "_pipe"))
        return 1;
    for (int i = 0; names[i]; i++)
        if (!strcmp(name, names[i]))
            return 1;
    return 0;
}

int vf_image_is_video(const char *path, char *kind, size_t kind_size)
{
    AVFormatContext *fmt = NULL;
    int ret = vf_media_open(&fmt, path);
    if (ret < 0)
        return vf_error_set(VF_ERR_ASSET, "cannot open image %s", path);
    snprintf(kind, kind_size, "%s", fmt->iformat->name);
    ret = !image_demuxer(fmt->iformat->name);
    avformat_close_input(&fmt);
    return ret;
}

typedef struct Decoder {
    AVFormatContext *fmt;
    AVCodecContext *dec;
    int stream;
    AVPacket *pkt;
    AVFrame *frame;
    struct SwsContext *sws;
    double first_pts;
} Decoder;

static void decoder_close(Decoder *d)
{
    sws_freeContext(d->sws);
    av_frame_free(&d->frame);
    av_packet_free(&d->pkt);
    avcodec_free_context(&d->dec);
    avformat_close_input(&d->fmt);
}

static int decoder_open(Decoder *d, const char *path)
{
    if (vf_media_open(&d->fmt, path) < 0)
        return vf_error_set(VF_ERR_ASSET, "cannot open image %s", path);
    d->stream = av_find_best_stream(d->fmt, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
    const AVCodec *codec = d->stream >= 0
        ? avcodec_find_decoder(d->fmt->streams[d->stream]->codecpar->codec_id) : NULL;
    if (!codec || !(d->dec = avcodec_alloc_context3(codec)) ||
        avcodec_parameters_to_context(d->dec, d->fmt->streams[d->stream]->codecpar) < 0 ||
        (d->dec->err_recognition = AV_EF_EXPLODE | AV_EF_CRCCHECK, 0) ||
        avcodec_open2(d->dec, codec, NULL) < 0)
        return vf_error_set(VF_ERR_ASSET, "%s is not an image vidforge can decode", path);
    d->pkt = av_packet_alloc();
    d->frame = av_frame_alloc();
    d->first_pts = NAN;
    return d->pkt && d->frame ? 0 : VF_ERR_INTERNAL;
}

/* The next decoded frame into d->frame: 0, AVERROR_EOF, or VF_ERR_ASSET. */
static int next_frame(Decoder *d, const char *path)
{
    for (;;) {
        int ret = avcodec_receive_frame(d->dec, d->frame);
        if (ret != AVERROR(EAGAIN))
            return ret == 0 || ret == AVERROR_EOF ? ret
                 : vf_error_set(VF_ERR_ASSET, "image %s is corrupt (frame undecodable)", path);
        int rd = av_read_frame(d->fmt, d->pkt);
        if (rd < 0 && rd != AVERROR_EOF)
            return vf_error_set(VF_ERR_ASSET, "image %s is corrupt (cannot read it)", path);
        if (rd >= 0 && d->pkt->stream_index != d->stream) {
            av_packet_unref(d->pkt);
            continue;
        }
        ret = avcodec_send_packet(d->dec, rd >= 0 ? d->pkt : NULL);
        av_packet_unref(d->pkt);
        if (ret < 0 && ret != AVERROR_EOF)
            return vf_error_set(VF_ERR_ASSET, "image %s is corrupt (frame undecodable)", path);
    }
}

/* Seconds from the first frame at which d->frame starts, and how long it lasts. */
static void frame_time(Decoder *d, double *start, double *len)
{
    AVRational tb = d->fmt->streams[d->stream]->time_base;
    int64_t pts = d->frame->best_effort_timestamp;
    double t = pts == AV_NOPTS_VALUE ? NAN : pts * av_q2d(tb);
    if (isnan(d->first_pts))
        d->first_pts = isnan(t) ? 0 : t;
    *start = isnan(t) ? NAN : t - d->first_pts;
    *len = d->frame->pkt_duration > 0 ? d->frame->pkt_duration * av_q2d(tb) : 0.1;
}

static int store(Decoder *d, VfFrameSeq *s, double opacity)
{
    size_t size = (size_t)s->width * s->height * 4;
    uint8_t *px = malloc(size);
    uint8_t **pixels = realloc(s->pixels, sizeof(*pixels) * (size_t)(s->nb_frames + 1));
    double *ends = realloc(s->ends, sizeof(*ends) * (size_t)(s->nb_frames + 1));
    if (pixels)
        s->pixels = pixels;
    if (ends)
        s->ends = ends;
    if (!px || !pixels || !ends) {
        free(px);
        return VF_ERR_INTERNAL;
    }
    d->sws = sws_getCachedContext(d->sws, d->frame->width, d->frame->height, d->frame->format,
                                  s->width, s->height, AV_PIX_FMT_RGBA, SWS_BICUBIC, NULL, NULL,
                                  NULL);
    if (!d->sws) {
        free(px);
        return vf_error_set(VF_ERR_INTERNAL, "cannot convert image pixels");
    }
    uint8_t *planes[4] = { px };
    int lines[4] = { s->width * 4 };
    sws_scale(d->sws, (const uint8_t *const *)d->frame->data, d->frame->linesize, 0,
              d->frame->height, planes, lines);
    for (size_t i = 3; opacity < 1 && i < size; i += 4)
        px[i] = (uint8_t)lrint(px[i] * opacity);
    s->pixels[s->nb_frames++] = px;
    return 0;
}

int vf_image_frames(const char *path, double scale, double opacity, size_t max_bytes,
                    VfFrameSeq *out)
{
    int cw, ch;
    if (vf_webp_anim_probe(path, &cw, &ch)) /* FFmpeg before 7.1 cannot decode it */
        return vf_webp_anim_frames(path, scale, opacity, max_bytes, 0, out);
    Decoder d = { 0 };
    *out = (VfFrameSeq){ .loop = 1 };
    int ret = decoder_open(&d, path);
    while (ret >= 0 && (ret = next_frame(&d, path)) == 0) {
        double start, len;
        frame_time(&d, &start, &len);
        if (!out->nb_frames) {
            out->width = (int)fmax(1, lround(d.frame->width * scale));
            out->height = (int)fmax(1, lround(d.frame->height * scale));
        }
        if ((size_t)(out->nb_frames + 1) * out->width * out->height * 4 > max_bytes)
            ret = vf_error_set(VF_ERR_TEMPLATE, "animated image %s: its frames at %dx%d would "
                               "pass %.0f MB, half the memory limit (--limit memory=SIZE)",
                               path, out->width, out->height, max_bytes / 1048576.0);
        if (ret >= 0 && out->nb_frames && !isnan(start)) /* the frame before ends here */
            out->ends[out->nb_frames - 1] = fmax(start, out->nb_frames > 1 ? out->ends[out->nb_frames - 2] : 0);
        if (ret >= 0)
            ret = store(&d, out, opacity);
        if (ret >= 0)
            out->ends[out->nb_frames - 1] = (isnan(start) ? (out->nb_frames > 1 ? out->ends[out->nb_frames - 2] : 0) : start) + len;
        av_frame_unref(d.frame);
    }
    if (ret == AVERROR_EOF)
        ret = out->nb_frames ? 0 : vf_error_set(VF_ERR_ASSET, "image %s has no frame", path);
    decoder_close(&d);
    if (ret < 0)
        vf_frame_seq_clear(out);
    return ret;
}

void vf_frame_seq_clear(VfFrameSeq *s)
{
    for (int i = 0; i < s->nb_frames; i++)
        free(s->pixels[i]);
    free(s->pixels);
    free(s->ends);
    *s = (VfFrameSeq){ 0 };
}
