/* Captions composed per frame onto one canvas. The items on screen at frame
 * n are found by a binary search over their start frames (an item that
 * starts more than the longest item's length before n is over), so a long
 * talk with hundreds of cues costs per frame only the few on screen. */
#include "render/captionfeed.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "captions/assrender.h"
#include "plan/animate.h"
#include "render/layerfeed.h"
#include "vidforge/error.h"

#define MAX_ACTIVE 256      /* items drawn at once; more on screen is a bug upstream */

struct VfCaptionFeed {
    const VfPlan *plan;
    const VfPlanLayer *layer;
    const VfCaptionTrack *track;
    uint8_t *scratch;           /* one item drawn, before it is composed */
    size_t scratch_size;
    VfAssRenderer *ass;         /* ASS files: libass, its picture, the frame it shows */
    uint8_t *picture;
    int64_t drawn_at;
    int version;                /* bumped each time libass's picture changes */
};

static double frame_time(const VfPlan *p, int64_t n)
{
    return (double)n * p->fps_den / p->fps_num;
}

static int open_ass(VfCaptionFeed *f)
{
    const VfCaptionTrack *t = f->track;
    VfAssFonts fonts = { (const char *const *)t->font_dirs, t->nb_font_dirs, t->default_font,
                         NULL, 0, 0 };
    const VfPlanLayer *l = f->layer;
    int w = l->raster.width, h = l->raster.height;
    if (!(f->picture = calloc((size_t)w * h, 4)))
        return VF_ERR_INTERNAL;
    /* libass lays out the whole frame; the layer holds the part it draws in */
    int ret = vf_ass_renderer_create(&f->ass, t->ass_path, f->plan->width, f->plan->height, &fonts);
    if (ret >= 0)
        vf_ass_renderer_window(f->ass, l->raster_x, l->raster_y, w, h);
    return ret;
}

int vf_caption_feed_create(VfCaptionFeed **out, const VfPlan *p, const VfPlanLayer *l)
{
    VfCaptionFeed *f = calloc(1, sizeof(*f));
    *out = NULL;
    if (!f)
        return VF_ERR_INTERNAL;
    *f = (VfCaptionFeed){ p, l, l->captions, NULL, 0, NULL, NULL, -1, 0 };
    for (int i = 0; i < f->track->nb_items; i++) {
        const VfRaster *r = &f->track->items[i].raster;
        size_t size = (size_t)r->width * r->height * 4;
        f->scratch_size = size > f->scratch_size ? size : f->scratch_size;
    }
    int ret = f->scratch_size && !(f->scratch = malloc(f->scratch_size)) ? VF_ERR_INTERNAL : 0;
    if (ret >= 0 && f->track->ass_path)
        ret = open_ass(f);
    if (ret < 0)
        vf_caption_feed_free(&f);
    *out = f;
    return ret;
}

/* The items on screen at frame n, in drawing order; returns how many. */
static int active_items(const VfCaptionTrack *t, int64_t n, int *out)
{
    int lo = 0, hi = t->nb_items, count = 0;
    while (lo < hi) { /* the first item starting after n */
        int mid = (lo + hi) / 2;
        if (t->items[t->by_start[mid]].first_frame <= n)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (int k = lo - 1; k >= 0 && count < MAX_ACTIVE; k--) {
        const VfPlanLayer *l = &t->items[t->by_start[k]];
        if (l->first_frame + t->longest <= n)
            break;
        if (l->end_frame > n)
            out[count++] = t->by_start[k];
    }
    for (int i = 1; i < count; i++) /* insertion sort: a handful */
        for (int j = i; j > 0 && out[j - 1] > out[j]; j--) {
            int x = out[j];
            out[j] = out[j - 1];
            out[j - 1] = x;
        }
    return count;
}

/* libass's picture at frame n (once per frame). */
static int ass_at(VfCaptionFeed *f, int64_t n)
{
    if (n == f->drawn_at)
        return 0;
    int changed = 0, w = f->layer->raster.width;
    double t = frame_time(f->plan, n) - f->track->offset;
    int ret = vf_ass_renderer_render(f->ass, t, f->picture, w * 4, &changed);
    f->drawn_at = n;
    f->version += changed;
    return ret;
}

static void mix(uint64_t *h, long long v)
{
    for (int i = 0; i < 8; i++) {
        *h ^= (uint64_t)(v >> (8 * i)) & 0xFF;
        *h *= 1099511628211ULL;
    }
}

void vf_caption_feed_key(VfCaptionFeed *f, int64_t n, int key[VF_CAPTION_KEY_SIZE])
{
    memset(key, 0, sizeof(int) * VF_CAPTION_KEY_SIZE);
    if (f->ass) {
        key[0] = ass_at(f, n) < 0 ? -1 : f->version;
        return;
    }
    int act[MAX_ACTIVE], count = active_items(f->track, n, act);
    uint64_t h = 14695981039346656037ULL;
    double t = frame_time(f->plan, n);
    for (int i = 0; i < count; i++) {
        const VfPlanLayer *l = &f->track->items[act[i]];
        VfAnimState s;
        vf_anim_state(l, t, &s);
        int w = l->raster.width;
        long long v[] = { act[i], lrint(s.opacity * 255), lrint(s.scale * 1000),
                          lrint(s.reveal_from * w), lrint(s.reveal_to * w),
                          s.chars < 0 || s.chars >= l->nb_clusters ? -1 : s.chars,
                          lrint(s.dx), lrint(s.dy) };
        for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++)
            mix(&h, v[k]);
    }
    key[0] = count;
    key[1] = (int)(uint32_t)h;
    key[2] = (int)(uint32_t)(h >> 32);
}

/* Straight-alpha "over" of src (w x h, rows w * 4 bytes) onto dst at x, y. */
static void compose(const uint8_t *src, int w, int h, uint8_t *dst, int dw, int dh, int linesize,
                    int x, int y)
{
    for (int j = y < 0 ? -y : 0; j < h && y + j < dh; j++) {
        const uint8_t *s = src + (size_t)j * w * 4;
        uint8_t *d = dst + (size_t)(y + j) * linesize;
        for (int i = x < 0 ? -x : 0; i < w && x + i < dw; i++) {
            const uint8_t *sp = s + i * 4;
            uint8_t *dp = d + (size_t)(x + i) * 4;
            unsigned sa = sp[3], da = dp[3];
            if (!sa)
                continue;
            if (sa == 255 || !da) {
                memcpy(dp, sp, 4);
                continue;
            }
            unsigned k = da * (255 - sa), oa = sa * 255 + k; /* both scaled by 255 */
            for (int c = 0; c < 3; c++)
                dp[c] = (uint8_t)((sp[c] * sa * 255 + dp[c] * k + oa / 2) / oa);
            dp[3] = (uint8_t)((oa + 127) / 255);
        }
    }
}

int vf_caption_feed_draw(VfCaptionFeed *f, int64_t n, uint8_t *dst, int linesize)
{
    const VfPlanLayer *c = f->layer;
    int w = c->raster.width, h = c->raster.height;
    if (f->ass) {
        int ret = ass_at(f, n);
        for (int y = 0; y < h; y++)
            memcpy(dst + (size_t)y * linesize, f->picture + (size_t)y * w * 4, (size_t)w * 4);
        return ret;
    }
    for (int y = 0; y < h; y++)
        memset(dst + (size_t)y * linesize, 0, (size_t)w * 4);
    int act[MAX_ACTIVE], count = active_items(f->track, n, act);
    double t = frame_time(f->plan, n);
    for (int i = 0; i < count; i++) {
        const VfPlanLayer *l = &f->track->items[act[i]];
        VfAnimState s;
        vf_anim_state(l, t, &s);
        const uint8_t *src = l->raster.pixels; /* at rest: composed straight from its raster */
        if (!vf_layer_plain(l, &s)) {
            vf_layer_draw(l, &s, f->scratch, l->raster.width * 4);
            src = f->scratch;
        }
        compose(src, l->raster.width, l->raster.height, dst, w, h, linesize,
                l->raster_x + (int)lrint(s.dx) - c->raster_x,
                l->raster_y + (int)lrint(s.dy) - c->raster_y);
    }
    return 0;
}

void vf_caption_feed_free(VfCaptionFeed **pf)
{
    VfCaptionFeed *f = pf ? *pf : NULL;
    if (!f)
        return;
    vf_ass_renderer_free(&f->ass);
    free(f->picture);
    free(f->scratch);
    free(f);
    *pf = NULL;
}
