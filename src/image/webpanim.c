#include "image/webpanim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libswscale/swscale.h>
#include <webp/demux.h>

#include "image/frames.h"
#include "vidforge/error.h"

int vf_webp_anim_probe(const char *path, int *w, int *h)
{
    unsigned char b[30];
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(b, 1, sizeof(b), f) : 0;
    if (f)
        fclose(f);
    if (n < sizeof(b) || memcmp(b, "RIFF", 4) || memcmp(b + 8, "WEBPVP8X", 8) || !(b[20] & 0x02))
        return 0;
    /* VP8X: flags (4 bytes), then canvas width - 1 and height - 1, 24 bits each */
    *w = 1 + (b[24] | b[25] << 8 | b[26] << 16);
    *h = 1 + (b[27] | b[28] << 8 | b[29] << 16);
    return 1;
}

/* The whole file into d (malloc'd bytes): 0 or VF_ERR_ASSET. */
static int read_file(const char *path, WebPData *d)
{
    FILE *f = fopen(path, "rb");
    long size = -1;
    uint8_t *bytes = NULL;
    if (f && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (bytes = malloc((size_t)size)) && fread(bytes, 1, (size_t)size, f) != (size_t)size) {
        free(bytes);
        bytes = NULL;
    }
    if (f)
        fclose(f);
    if (!bytes)
        return vf_error_set(VF_ERR_ASSET, "cannot read image %s", path);
    d->bytes = bytes;
    d->size = (size_t)size;
    return 0;
}

int vf_webp_anim_check(const char *path)
{
    WebPData d;
    int ret = read_file(path, &d);
    if (ret < 0)
        return ret;
    WebPDemuxer *dmx = WebPDemux(&d);
    if (!dmx)
        ret = vf_error_set(VF_ERR_ASSET, "animated WebP %s is truncated or corrupt", path);
    WebPDemuxDelete(dmx);
    free((void *)d.bytes);
    return ret;
}

/* Appends a frame of s->width x s->height made from the premultiplied canvas
 * (cw x ch): scaled premultiplied, then back to straight alpha times opacity. */
static int add_frame(VfFrameSeq *s, struct SwsContext **sws, const uint8_t *canvas, int cw,
                     int ch, double opacity)
{
    size_t size = (size_t)s->width * s->height * 4;
    uint8_t *px = malloc(size);
    uint8_t **pixels = realloc(s->pixels, sizeof(*pixels) * (size_t)(s->nb_frames + 1));
    if (pixels)
        s->pixels = pixels;
    double *ends = realloc(s->ends, sizeof(*ends) * (size_t)(s->nb_frames + 1));
    if (ends)
        s->ends = ends;
    *sws = sws_getCachedContext(*sws, cw, ch, AV_PIX_FMT_RGBA, s->width, s->height,
                                AV_PIX_FMT_RGBA, SWS_BICUBIC, NULL, NULL, NULL);
    if (!px || !pixels || !ends || !*sws) {
        free(px);
        return VF_ERR_INTERNAL;
    }
    const uint8_t *src[4] = { canvas };
    int src_lines[4] = { cw * 4 }, dst_lines[4] = { s->width * 4 };
    uint8_t *dst[4] = { px };
    sws_scale(*sws, src, src_lines, 0, ch, dst, dst_lines);
    for (size_t i = 0; i < size; i += 4) {
        int a = px[i + 3];
        for (int c = 0; c < 3; c++) /* bicubic may overshoot a: clamp */
            px[i + c] = a ? (uint8_t)fmin(255, (px[i + c] * 255 + a / 2) / a) : 0;
        px[i + 3] = (uint8_t)lrint(a * opacity);
    }
    s->pixels[s->nb_frames++] = px;
    return 0;
}

static int too_big(const char *path, const VfFrameSeq *s, size_t max_bytes)
{
    return vf_error_set(VF_ERR_TEMPLATE, "animated image %s: its frames at %dx%d would pass %.0f MB, "
                        "half the memory limit (--limit memory=SIZE)", path, s->width, s->height,
                        max_bytes / 1048576.0);
}

/* Every frame of dec into out, each ending at its own timestamp (ms). */
static int decode_all(WebPAnimDecoder *dec, const char *path, double opacity, size_t max_bytes,
                      int max_frames, VfFrameSeq *out)
{
    WebPAnimInfo info;
    if (!WebPAnimDecoderGetInfo(dec, &info))
        return vf_error_set(VF_ERR_ASSET, "animated WebP %s is corrupt", path);
    struct SwsContext *sws = NULL;
    int ret = 0;
    while (ret >= 0 && WebPAnimDecoderHasMoreFrames(dec) &&
           (max_frames <= 0 || out->nb_frames < max_frames)) {
        uint8_t *canvas;
        int end_ms;
        if (!WebPAnimDecoderGetNext(dec, &canvas, &end_ms))
            ret = vf_error_set(VF_ERR_ASSET, "animated WebP %s is corrupt (frame %d undecodable)",
                               path, out->nb_frames);
        else if ((size_t)(out->nb_frames + 1) * out->width * out->height * 4 > max_bytes)
            ret = too_big(path, out, max_bytes);
        else
            ret = add_frame(out, &sws, canvas, (int)info.canvas_width, (int)info.canvas_height,
                            opacity);
        if (ret >= 0) /* a frame of no duration ends where the one before does */
            out->ends[out->nb_frames - 1] =
                fmax(end_ms / 1000.0, out->nb_frames > 1 ? out->ends[out->nb_frames - 2] : 0);
    }
    sws_freeContext(sws);
    if (ret >= 0 && !out->nb_frames)
        ret = vf_error_set(VF_ERR_ASSET, "animated WebP %s has no frame", path);
    return ret;
}

int vf_webp_anim_frames(const char *path, double scale, double opacity, size_t max_bytes,
                        int max_frames, VfFrameSeq *out)
{
    int cw, ch;
    *out = (VfFrameSeq){ .loop = 1 };
    if (!vf_webp_anim_probe(path, &cw, &ch))
        return vf_error_set(VF_ERR_ASSET, "%s is not an animated WebP", path);
    out->width = (int)fmax(1, lround(cw * scale));
    out->height = (int)fmax(1, lround(ch * scale));
    if ((size_t)cw * ch * 4 > max_bytes) /* libwebp allocates the canvas up front */
        return too_big(path, out, max_bytes);
    WebPData d;
    int ret = read_file(path, &d);
    if (ret < 0)
        return ret;
    WebPAnimDecoderOptions opt;
    WebPAnimDecoder *dec = NULL;
    if (!WebPAnimDecoderOptionsInit(&opt))
        ret = VF_ERR_INTERNAL;
    opt.color_mode = MODE_rgbA; /* premultiplied: scaling does not bleed hidden colours */
    opt.use_threads = 0;
    if (ret >= 0 && !(dec = WebPAnimDecoderNew(&d, &opt)))
        ret = vf_error_set(VF_ERR_ASSET, "animated WebP %s is truncated or corrupt", path);
    if (ret >= 0)
        ret = decode_all(dec, path, opacity, max_bytes, max_frames, out);
    WebPAnimDecoderDelete(dec);
    free((void *)d.bytes);
    if (ret < 0)
        vf_frame_seq_clear(out);
    return ret;
}
