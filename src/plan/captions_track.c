/* A captions overlay folded into one plan layer (one graph input): the
 * caption, box and word layers the captions plan made become the items of a
 * VfCaptionTrack, and one layer with a transparent canvas that covers them
 * all takes their place; an ASS/SSA file becomes one layer that libass draws
 * (the part of the frame it draws in: captions_extent.h). The render stage
 * composes the canvas per frame. */
#include "plan/captions_track.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/captions_extent.h"
#include "plan/digest.h"
#include "plan/layout.h"
#include "util/path.h"
#include "util/raster.h"
#include "util/strbuf.h"
#include "vidforge/error.h"

void vf_caption_track_free(VfCaptionTrack **pt)
{
    VfCaptionTrack *t = pt ? *pt : NULL;
    if (!t)
        return;
    for (int i = 0; i < t->nb_items; i++) {
        VfPlanLayer *l = &t->items[i];
        if (!l->raster_shared) {
            vf_raster_free(&l->raster);
            free(l->clusters);
        }
        free(l->id);
        free(l->shape);
    }
    for (int i = 0; i < t->nb_font_dirs; i++)
        free(t->font_dirs[i]);
    free(t->font_dirs);
    free(t->default_font);
    free(t->ass_path);
    free(t->by_start);
    free(t->items);
    free(t);
    *pt = NULL;
}

typedef struct Start {
    int64_t first;
    int index;
} Start;

static int by_first(const void *a, const void *b)
{
    const Start *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return x->index - y->index;
}

/* t->by_start: the items by first frame, ties in drawing order. */
static int sort_starts(VfCaptionTrack *t)
{
    Start *s = malloc(sizeof(*s) * (size_t)t->nb_items);
    if (!s)
        return VF_ERR_INTERNAL;
    for (int i = 0; i < t->nb_items; i++)
        s[i] = (Start){ t->items[i].first_frame, i };
    qsort(s, (size_t)t->nb_items, sizeof(*s), by_first);
    for (int i = 0; i < t->nb_items; i++)
        t->by_start[i] = s[i].index;
    free(s);
    return 0;
}

/* How far a slide may carry an item from its place (pixels, any way). */
static double slide_reach(const VfPlanLayer *l)
{
    double d = 0;
    for (int k = 0; k < 2; k++)
        if (l->anim[k].type >= VF_ANIM_SLIDE_UP && l->anim[k].type <= VF_ANIM_SLIDE_RIGHT &&
            l->anim[k].distance > d)
            d = l->anim[k].distance;
    return d;
}

/* The rectangle every item can reach, within the frame: {x0, y0, x1, y1}. */
static void canvas_rect(const VfPlan *p, const VfCaptionTrack *t, int r[4])
{
    r[0] = p->width, r[1] = p->height, r[2] = 0, r[3] = 0;
    for (int i = 0; i < t->nb_items; i++) {
        const VfPlanLayer *l = &t->items[i];
        int d = (int)slide_reach(l) + 1;
        int x0 = l->raster_x - d, y0 = l->raster_y - d;
        int x1 = l->raster_x + l->raster.width + d, y1 = l->raster_y + l->raster.height + d;
        r[0] = x0 < r[0] ? x0 : r[0], r[1] = y0 < r[1] ? y0 : r[1];
        r[2] = x1 > r[2] ? x1 : r[2], r[3] = y1 > r[3] ? y1 : r[3];
    }
    r[0] = r[0] < 0 ? 0 : r[0] & ~1, r[1] = r[1] < 0 ? 0 : r[1] & ~1;
    r[2] = r[2] > p->width ? p->width : r[2], r[3] = r[3] > p->height ? p->height : r[3];
}

/* What decides the track's pictures: every item's pixels, place, window
 * and animations (ASS: extra names the file, its fonts and the frame size). */
static int track_key(const VfCaptionTrack *t, const char *extra, char key[65])
{
    VfStrBuf b = { 0 };
    vf_strbuf_appendf(&b, "captions %s\n", extra ? extra : "");
    for (int i = 0; i < t->nb_items; i++) {
        const VfPlanLayer *l = &t->items[i];
        vf_strbuf_appendf(&b, "%s %d %d %d %d %lld %lld", l->content_key, l->raster_x,
                          l->raster_y, l->box_x, l->box_y, (long long)l->first_frame,
                          (long long)l->end_frame);
        for (int k = 0; k < 2; k++)
            vf_strbuf_appendf(&b, " %d %.9g %d %.9g", l->anim[k].type, l->anim[k].duration,
                              l->anim[k].easing, l->anim[k].distance);
        vf_strbuf_appendf(&b, "\n");
    }
    if (b.oom) {
        vf_strbuf_discard(&b);
        return VF_ERR_INTERNAL;
    }
    vf_digest_bytes(b.data ? b.data : "", b.len, key);
    vf_strbuf_discard(&b);
    return 0;
}

/* The one layer showing t over frames [first, end) on canvas r. */
static int track_layer(VfPlan *p, const VfOverlay *ov, VfCaptionTrack *t, const int r[4],
                       int64_t first, int64_t end, const char *extra)
{
    VfPlanLayer *l = &p->layers[p->nb_layers];
    *l = (VfPlanLayer){ .id = strdup(ov->id), .type = VF_LAYER_CAPTIONS, .index = ov->index,
                        .box_x = r[0], .box_y = r[1], .box_w = r[2] - r[0],
                        .box_h = r[3] - r[1], .raster_x = r[0], .raster_y = r[1],
                        .first_frame = first, .end_frame = end, .captions = t };
    l->anim[0].type = l->anim[1].type = -1;
    l->start = (double)first * p->fps_den / p->fps_num;
    l->end = (double)end * p->fps_den / p->fps_num;
    l->pivot_x = l->box_w / 2.0;
    l->pivot_y = l->box_h / 2.0;
    p->nb_layers++; /* the plan frees it, track and all, from here on */
    int ret = l->id ? vf_raster_alloc(&l->raster, l->box_w, l->box_h) : VF_ERR_INTERNAL;
    return ret < 0 ? ret : track_key(t, extra, l->content_key);
}

int vf_caption_track_fold(VfPlan *p, int first, const VfOverlay *ov)
{
    int n = p->nb_layers - first;
    if (n <= 0)
        return 0; /* nothing on screen */
    VfCaptionTrack *t = calloc(1, sizeof(*t));
    if (!t || !(t->items = malloc(sizeof(*t->items) * (size_t)n)) ||
        !(t->by_start = malloc(sizeof(*t->by_start) * (size_t)n))) {
        vf_caption_track_free(&t);
        return VF_ERR_INTERNAL;
    }
    memcpy(t->items, &p->layers[first], sizeof(*t->items) * (size_t)n);
    t->nb_items = n;
    p->nb_layers = first; /* the items are the track's now */
    int64_t lo = INT64_MAX, hi = 0;
    for (int i = 0; i < n; i++) {
        const VfPlanLayer *l = &t->items[i];
        lo = l->first_frame < lo ? l->first_frame : lo;
        hi = l->end_frame > hi ? l->end_frame : hi;
        if (l->end_frame - l->first_frame > t->longest)
            t->longest = l->end_frame - l->first_frame;
    }
    int r[4];
    canvas_rect(p, t, r);
    int ret = sort_starts(t);
    if (ret < 0 || r[2] <= r[0] || r[3] <= r[1] || lo >= hi) {
        vf_caption_track_free(&t); /* all outside the frame */
        return ret;
    }
    return track_layer(p, ov, t, r, lo, hi, NULL);
}

int vf_caption_track_ass(VfPlan *p, const VfOverlay *ov, const char *path, const char *file_key,
                         const char *const *dirs, int nb_dirs, const char *default_font,
                         double t0, double t1)
{
    VfCaptionTrack *t = calloc(1, sizeof(*t));
    int ret = t && (t->ass_path = strdup(path)) &&
                      (t->font_dirs = calloc((size_t)nb_dirs + 1, sizeof(char *)))
                  ? 0 : VF_ERR_INTERNAL;
    for (int i = 0; ret >= 0 && i < nb_dirs; i++, t->nb_font_dirs++)
        if (!(t->font_dirs[i] = strdup(dirs[i])))
            ret = VF_ERR_INTERNAL;
    if (ret >= 0 && default_font && !(t->default_font = strdup(default_font)))
        ret = VF_ERR_INTERNAL;
    if (t)
        t->offset = ov->cap.offset;
    int64_t first = vf_layout_frame_at(t0, p->fps_num, p->fps_den);
    int64_t end = vf_layout_frame_at(t1, p->fps_num, p->fps_den);
    end = end > p->nb_frames ? p->nb_frames : end;
    if (ret < 0 || first >= end) {
        vf_caption_track_free(&t);
        return ret;
    }
    char extra[512];
    snprintf(extra, sizeof(extra), "ass %s %dx%d offset %.9g default %s", file_key, p->width,
             p->height, t->offset, default_font ? default_font : "-");
    int r[4]; /* the part of the frame libass ever draws in */
    ret = vf_caption_ass_extent(p, t, first, end, r);
    if (ret < 0) {
        vf_caption_track_free(&t);
        return ret;
    }
    return track_layer(p, ov, t, r, first, end, extra);
}

void vf_caption_track_describe(AVBPrint *bp, const VfPlanLayer *l)
{
    const VfCaptionTrack *t = l->captions;
    if (!t)
        return;
    if (t->ass_path) {
        av_bprintf(bp, "  ass %s drawn by libass at each frame's time%s, fonts from:", t->ass_path,
                   t->offset ? " minus the offset" : "");
        for (int i = 0; i < t->nb_font_dirs; i++)
            av_bprintf(bp, " %s", t->font_dirs[i]);
        av_bprintf(bp, "%s%s\n", t->default_font ? "; default " : "",
                   t->default_font ? t->default_font : "");
        return;
    }
    av_bprintf(bp, "  %d captions items composed on the layer's canvas (one input):\n",
               t->nb_items);
    for (int i = 0; i < t->nb_items; i++) {
        const VfPlanLayer *c = &t->items[i];
        av_bprintf(bp, "  layer %s: box %dx%d at (%d,%d), raster %dx%d at (%d,%d), "
                       "frames [%lld, %lld)%s\n", c->id, c->box_w, c->box_h, c->box_x, c->box_y,
                   c->raster.width, c->raster.height, c->raster_x, c->raster_y,
                   (long long)c->first_frame, (long long)c->end_frame,
                   c->raster_shared ? " (raster shared)" : "");
    }
}
