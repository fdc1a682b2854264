/* The animated WebP row of the formats table (formats.c): its muxer
 * options, the touches to a finished file and its checks, by its chunks
 * (FFmpeg before 7.1 cannot read an animated WebP back). */
#include "media/formats_webp.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vidforge/error.h"

#define VERIFY_FAILED(...) vf_error_set(VF_ERR_OUTPUT, "verification failed: " __VA_ARGS__)

static uint32_t le(const uint8_t *p, int n)
{
    uint32_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* An animated WebP's facts from its chunks: canvas (VP8X), loop (ANIM),
 * frames and their total duration in ms (ANMF); -1 when it is not one. */
typedef struct WebpFacts {
    int width, height, alpha, loop, frames;
    int64_t ms;
} WebpFacts;

static int webp_facts(const char *path, WebpFacts *w)
{
    uint8_t head[30];
    FILE *f = fopen(path, "rb");
    *w = (WebpFacts){ .loop = -1 };
    int ret = f && fread(head, 1, 30, f) == 30 && !memcmp(head, "RIFF", 4) &&
              !memcmp(head + 8, "WEBPVP8X", 8) && (head[20] & 2) ? 0 : -1;
    if (ret >= 0) {
        w->alpha = (head[20] & 16) != 0;
        w->width = (int)le(head + 24, 3) + 1;
        w->height = (int)le(head + 27, 3) + 1;
        fseek(f, 12 + 8 + (long)le(head + 16, 4), SEEK_SET);
    }
    uint8_t ch[24];
    while (ret >= 0 && fread(ch, 1, 8, f) == 8) {
        uint32_t size = le(ch + 4, 4);
        long next = ftell(f) + size + (size & 1);
        if (!memcmp(ch, "ANIM", 4) && fread(ch + 8, 1, 6, f) == 6)
            w->loop = (int)le(ch + 12, 2);
        else if (!memcmp(ch, "ANMF", 4) && fread(ch + 8, 1, 16, f) == 16) {
            w->frames++;
            w->ms += le(ch + 20, 3);
        }
        fseek(f, next, SEEK_SET);
    }
    if (f)
        fclose(f);
    return ret;
}

/* FFmpeg (before 7.1) cannot read animated WebP back: its chunks are read
 * here. WebPAnimEncoder merges a frame equal to the one before into it, so
 * the frames' total length is checked, and their count only as an upper
 * bound. */
int vf_format_verify_webp(const char *path, const VfProbe *probe, const VfPlan *p)
{
    WebpFacts w;
    (void)probe;
    if (webp_facts(path, &w) < 0)
        return VERIFY_FAILED("the output is not an animated WebP");
    if (w.width != p->width || w.height != p->height)
        return VERIFY_FAILED("frame size is %dx%d, planned %dx%d", w.width, w.height, p->width,
                             p->height);
    double frame_ms = 1000.0 * p->fps_den / p->fps_num;
    if (w.frames < 1 || w.frames > p->nb_frames || fabs(w.ms - p->duration * 1000) > frame_ms)
        return VERIFY_FAILED("%d frames lasting %lld ms, planned %lld frames, %.0f ms", w.frames,
                             (long long)w.ms, (long long)p->nb_frames, p->duration * 1000);
    if (p->encoding.alpha && !w.alpha) /* libwebp may flag alpha on opaque frames too */
        return VERIFY_FAILED("the WebP has no alpha, planned alpha");
    return w.loop == 0 ? 0 : VERIFY_FAILED("the WebP loops %d times, planned forever", w.loop);
}

static void put_le(uint8_t *p, uint32_t v, int n)
{
    for (int i = 0; i < n; i++, v >>= 8)
        p[i] = (uint8_t)v;
}

/* The canvas and alpha of a still WebP's picture: from VP8X, or from the
 * VP8 / VP8L bitstream's header. Returns 0, or -1 when it is none. */
static int webp_still_facts(const uint8_t *d, size_t n, int *w, int *h, int *alpha)
{
    const uint8_t *c = d + 12; /* the first chunk */
    if (n >= 30 && !memcmp(c, "VP8X", 4)) {
        *alpha = (c[8] & 16) != 0;
        *w = (int)le(c + 12, 3) + 1;
        *h = (int)le(c + 15, 3) + 1;
    } else if (n >= 30 && !memcmp(c, "VP8 ", 4) && c[11] == 0x9d && c[12] == 0x01) {
        *alpha = 0;
        *w = (int)(le(c + 14, 2) & 0x3fff);
        *h = (int)(le(c + 16, 2) & 0x3fff);
    } else if (n >= 25 && !memcmp(c, "VP8L", 4) && c[8] == 0x2f) {
        uint32_t bits = le(c + 9, 4);
        *w = (int)(bits & 0x3fff) + 1;
        *h = (int)(bits >> 14 & 0x3fff) + 1;
        *alpha = (bits >> 28) & 1;
    } else {
        return -1;
    }
    return 0;
}

/* WebPAnimEncoder merges a frame equal to the one before into it, and
 * writes a still picture (no ANIM, no ANMF) when one frame is left: a card
 * or a lower third that does not move. The still becomes the animation the
 * plan asked for: its picture as one frame lasting the whole length, looping
 * forever, as libwebp lays out an animation (VP8X, ANIM, ANMF). */
static int webp_still_to_anim(const char *path, const VfPlan *p)
{
    FILE *f = fopen(path, "rb");
    uint8_t head[21];
    int still = f && fread(head, 1, sizeof(head), f) == sizeof(head) &&
                !memcmp(head, "RIFF", 4) && !memcmp(head + 8, "WEBP", 4) &&
                (memcmp(head + 12, "VP8X", 4) || !(head[20] & 2));
    long n = still && fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    uint8_t *d = n > 0 && n < (1L << 30) ? malloc((size_t)n) : NULL;
    int ok = d && fseek(f, 0, SEEK_SET) == 0 && fread(d, 1, (size_t)n, f) == (size_t)n;
    if (f)
        fclose(f);
    int w, h, alpha;
    if (!ok || webp_still_facts(d, (size_t)n, &w, &h, &alpha) < 0) {
        free(d); /* not a still: verification judges it */
        return 0;
    }
    /* the picture's chunks: ALPH and VP8, or VP8 / VP8L alone */
    uint8_t *frame = malloc((size_t)n), *out = malloc((size_t)n + 64);
    size_t len = 0;
    for (size_t i = 12; frame && i + 8 <= (size_t)n;) {
        size_t size = le(d + i + 4, 4), next = i + 8 + size + (size & 1);
        if (next > (size_t)n)
            next = (size_t)n;
        if (!memcmp(d + i, "ALPH", 4) || !memcmp(d + i, "VP8 ", 4) || !memcmp(d + i, "VP8L", 4)) {
            memcpy(frame + len, d + i, next - i);
            len += next - i;
        }
        i = next;
    }
    double ms = round(p->duration * 1000);
    uint8_t *o = out;
    if (out && frame && len) {
        memcpy(o, "RIFF", 4), put_le(o + 4, (uint32_t)(4 + 18 + 14 + 24 + len), 4);
        memcpy(o + 8, "WEBPVP8X", 8), put_le(o + 16, 10, 4);
        put_le(o + 20, 2u | (alpha ? 16u : 0u), 4); /* animation, alpha */
        put_le(o + 24, (uint32_t)w - 1, 3), put_le(o + 27, (uint32_t)h - 1, 3);
        memcpy(o + 30, "ANIM", 4), put_le(o + 34, 6, 4);
        put_le(o + 38, 0xffffffffu, 4), put_le(o + 42, 0, 2); /* libwebp's background; forever */
        memcpy(o + 44, "ANMF", 4), put_le(o + 48, (uint32_t)(16 + len), 4);
        put_le(o + 52, 0, 6); /* at 0, 0 */
        put_le(o + 58, (uint32_t)w - 1, 3), put_le(o + 61, (uint32_t)h - 1, 3);
        put_le(o + 64, ms < 1 ? 1u : ms > 0xffffff ? 0xffffffu : (uint32_t)ms, 3);
        o[67] = 2; /* no blending, no disposal */
        memcpy(o + 68, frame, len);
    }
    f = out && frame && len ? fopen(path, "wb") : NULL;
    ok = f && fwrite(out, 1, 68 + len, f) == 68 + len;
    ok = f && fclose(f) == 0 && ok;
    free(d);
    free(frame);
    free(out);
    return ok ? 0 : vf_error_set(VF_ERR_OUTPUT, "cannot write %s", path);
}

int vf_format_webp_options(AVDictionary **opts, const VfPlan *p)
{
    (void)p;
    return av_dict_set_int(opts, "loop", 0, 0); /* the muxer's default plays once */
}

static const char xmp_head[] =
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
    "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description "
    "xmlns:vidforge=\"https://github.com/vidforge/ns/1.0/\" vidforge:key=\"";
static const char xmp_tail[] = "\"/></rdf:RDF></x:xmpmeta>";

/* The key in an XMP chunk after the frames (the place the container
 * specification gives metadata), flagged in VP8X, as libwebpmux writes it:
 * patched in place (the frames are not read). */
static int webp_add_key(const char *path, const char *key)
{
    FILE *f = key[0] ? fopen(path, "r+b") : NULL;
    uint8_t head[21];
    long n = -1;
    if (f && fread(head, 1, sizeof(head), f) == sizeof(head) && !memcmp(head, "RIFF", 4) &&
        !memcmp(head + 8, "WEBPVP8X", 8) && fseek(f, 0, SEEK_END) == 0)
        n = ftell(f);
    if (n < 30 || n > 0x7fff0000L) {
        if (f)
            fclose(f); /* nothing to carry it, or not a WebP: verification says so */
        return 0;
    }
    char xmp[400];
    int len = snprintf(xmp, sizeof(xmp), "%s%s%s", xmp_head, key, xmp_tail);
    size_t body = (size_t)len + (len & 1); /* chunks are padded to even sizes */
    uint8_t chunk[8], riff[4], flags = head[20] | 4; /* XMP metadata present */
    memcpy(chunk, "XMP ", 4);
    put_le(chunk + 4, (uint32_t)len, 4);
    put_le(riff, (uint32_t)((size_t)n - 8 + 8 + body), 4);
    int ok = fwrite(chunk, 1, 8, f) == 8 && fwrite(xmp, 1, body, f) == body &&
             fseek(f, 4, SEEK_SET) == 0 && fwrite(riff, 1, 4, f) == 4 &&
             fseek(f, 20, SEEK_SET) == 0 && fwrite(&flags, 1, 1, f) == 1;
    ok = fclose(f) == 0 && ok;
    return ok ? 0 : vf_error_set(VF_ERR_OUTPUT, "cannot write %s", path);
}

int vf_format_webp_finish(const char *path, const VfPlan *p)
{
    int ret = webp_still_to_anim(path, p);
    return ret < 0 ? ret : webp_add_key(path, p->timeline.key);
}

void vf_format_webp_key(const char *path, char key[65])
{
    FILE *f = fopen(path, "rb");
    uint8_t ch[12];
    size_t head = strlen(xmp_head);
    key[0] = 0;
    int ok = f && fread(ch, 1, 12, f) == 12 && !memcmp(ch, "RIFF", 4) && !memcmp(ch + 8, "WEBP", 4);
    /* chunk by chunk, seeking over the frames, to the XMP chunk */
    while (ok && fread(ch, 1, 8, f) == 8) {
        uint32_t size = le(ch + 4, 4);
        long next = ftell(f) + (long)size + (size & 1);
        if (!memcmp(ch, "XMP ", 4) && size > head + 64 && size < 1024) {
            char xmp[1024];
            if (fread(xmp, 1, size, f) != size)
                break;
            xmp[size] = 0;
            const char *at = !memcmp(xmp, xmp_head, head) ? xmp + head : "";
            if (strspn(at, "0123456789abcdef") >= 64 && at[64] == '"') {
                memcpy(key, at, 64);
                key[64] = 0;
            }
        }
        ok = fseek(f, next, SEEK_SET) == 0;
    }
    if (f)
        fclose(f);
}
