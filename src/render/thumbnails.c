#include "render/thumbnails.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/bprint.h>
#include <libswscale/swscale.h>

#include "render/preview.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"

/* Scales frame f (RGB24) into tile i of the sheet. */
static int place(VfThumbSheet *s, const AVFrame *f, int i)
{
    struct SwsContext *sws = sws_getContext(f->width, f->height, AV_PIX_FMT_RGB24, s->tile_w,
                                            s->tile_h, AV_PIX_FMT_RGB24, SWS_AREA, NULL, NULL,
                                            NULL);
    if (!sws)
        return VF_ERR_INTERNAL;
    int x = i % s->columns * s->tile_w, y = i / s->columns * s->tile_h;
    uint8_t *dst = s->rgb + (size_t)y * s->width * 3 + (size_t)x * 3;
    int linesize = s->width * 3;
    sws_scale(sws, (const uint8_t *const *)f->data, f->linesize, 0, f->height, &dst, &linesize);
    sws_freeContext(sws);
    return 0;
}

int vf_thumbnails_render(const VfPlan *p, double every, VfThumbSheet *s)
{
    memset(s, 0, sizeof(*s));
    double count = ceil(p->duration / every - 1e-9);
    if (count > VF_THUMB_MAX)
        return vf_error_set(VF_ERR_USAGE, "--every %g gives %.0f thumbnails, over %d: choose a "
                            "longer interval", every, count, VF_THUMB_MAX);
    s->count = count < 1 ? 1 : (int)count;
    s->every = every;
    s->duration = p->duration;
    s->tile_w = VF_THUMB_WIDTH;
    s->tile_h = ((int)lround((double)VF_THUMB_WIDTH * p->height / p->width) + 1) & ~1;
    s->columns = s->count < VF_THUMB_COLUMNS ? s->count : VF_THUMB_COLUMNS;
    s->width = s->columns * s->tile_w;
    s->height = (s->count + s->columns - 1) / s->columns * s->tile_h;
    s->rgb = calloc((size_t)s->width * s->height, 3);
    int ret = s->rgb ? 0 : VF_ERR_INTERNAL;
    for (int i = 0; i < s->count && ret >= 0; i++) {
        AVFrame *f = NULL;
        ret = vf_interrupt_requested() ? VF_ERR_INTERRUPTED
                                       : vf_preview_frame(p, vf_preview_frame_at(p, i * every), &f);
        if (ret >= 0)
            ret = place(s, f, i);
        av_frame_free(&f);
    }
    if (ret < 0)
        vf_thumbnails_clear(s);
    return ret;
}

static void timestamp(AVBPrint *bp, double t)
{
    long long ms = llround(t * 1000);
    av_bprintf(bp, "%02lld:%02lld:%02lld.%03lld", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60,
               ms % 1000);
}

char *vf_thumbnails_vtt(const VfThumbSheet *s, const char *sprite_url)
{
    AVBPrint bp;
    av_bprint_init(&bp, 0, AV_BPRINT_SIZE_UNLIMITED);
    av_bprintf(&bp, "WEBVTT\n");
    for (int i = 0; i < s->count; i++) {
        double end = (i + 1) * s->every < s->duration ? (i + 1) * s->every : s->duration;
        av_bprintf(&bp, "\n");
        timestamp(&bp, i * s->every);
        av_bprintf(&bp, " --> ");
        timestamp(&bp, end);
        av_bprintf(&bp, "\n%s#xywh=%d,%d,%d,%d\n", sprite_url, i % s->columns * s->tile_w,
                   i / s->columns * s->tile_h, s->tile_w, s->tile_h);
    }
    char *out = NULL;
    if (av_bprint_finalize(&bp, &out) < 0)
        return NULL;
    char *copy = strdup(out); /* the caller frees with free() */
    av_free(out);
    return copy;
}

void vf_thumbnails_clear(VfThumbSheet *s)
{
    free(s->rgb);
    memset(s, 0, sizeof(*s));
}
