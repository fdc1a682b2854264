/* Sizes and memory, measured before anything is drawn; rasters cropped to
 * what can be seen and shared between identical layers. */
#include "plan/budget.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/image.h"
#include "plan/animimage.h"
#include "plan/budget_media.h"
#include "plan/layout.h"
#include "plan/motion.h"
#include "plan/media.h"
#include "plan/rasterize.h"
#include "plan/shape.h"
#include "text/text.h"
#include "util/path.h"
#include "util/raster.h"
#include "vidforge/error.h"

/* The most pixels a side a layer's raster may have (vf_raster_alloc's bound). */
#define LAYER_SIDE_MAX 16384
#define MIB (1024.0 * 1024.0)

/* A layer as laid out but not drawn: its box, and its raster (the box and
 * the effects around it) at (x, y) in the frame. */
typedef struct LayerSize {
    int box_w, box_h;
    int w, h, x, y;
    double source_px;  /* images: pixels decoded before scaling */
} LayerSize;

typedef int (*MeasureFn)(const VfPlanEnv *env, const VfTemplate *t, const VfOverlay *ov,
                         VfTextEngine *te, LayerSize *out);

static int same_string(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* 1 when b lays out exactly as a: the same text, font and size (effects aside). */
static int same_layout(const VfOverlay *a, const VfOverlay *b)
{
    return a->type == b->type && same_string(a->content, b->content) &&
           same_string(a->font, b->font) && same_string(a->source, b->source) &&
           a->size == b->size && a->scale == b->scale && a->max_width == b->max_width &&
           a->line_height == b->line_height && a->letter_spacing == b->letter_spacing &&
           a->balance == b->balance &&
           a->has_fit == b->has_fit && a->fit_w == b->fit_w && a->fit_h == b->fit_h &&
           a->fit_min_size == b->fit_min_size && !a->nb_fallback && !b->nb_fallback;
}

/* Pixels the outline, shadow and background may reach outside the box. */
static int effects_margin(const VfTextStyle *st)
{
    double m = st->outline_width + fmax(fabs(st->shadow_x), fabs(st->shadow_y)) +
               3 * st->shadow_blur + fmax(st->background_pad_x, st->background_pad_y);
    if (st->box_shadow.on) /* the box's own shadow reaches past the box */
        m += fmax(fabs(st->box_shadow.x), fabs(st->box_shadow.y)) + 3 * st->box_shadow.blur;
    return (int)ceil(m) + 2;
}

static int measure_text(const VfPlanEnv *env, const VfTemplate *t, const VfOverlay *ov,
                        VfTextEngine *te, LayerSize *out)
{
    VfTextStyle st = vf_plan_text_style(ov);
    char *path = NULL, pointer[64];
    snprintf(pointer, sizeof(pointer), "/overlays/%d/style/font", ov->index);
    int ret = vf_font_resolve(env->fonts, ov->font, t->dir, &path, &st.face_index);
    if (ret >= 0)
        ret = vf_policy_check_media(env->policy, path, t->dir, pointer, "font");
    st.font_path = path;
    int known = out->box_w > 0; /* from an earlier overlay laid out the same */
    if (ret >= 0 && ov->has_fit && !known) {
        ret = vf_text_fit(te, ov->content, &st, ov->fit_w * ov->scale, ov->fit_h * ov->scale,
                          ov->fit_min_size * ov->scale, &st.size);
        if (st.max_width <= 0)
            st.max_width = ov->fit_w * ov->scale;
    }
    if (ret >= 0 && !known)
        ret = vf_text_measure(te, ov->content, &st, &out->box_w, &out->box_h);
    free(path);
    int m = effects_margin(&st);
    out->w = out->box_w + 2 * m;
    out->h = out->box_h + 2 * m;
    out->x = out->y = -m; /* from the box, until it is placed */
    return ret;
}

static int measure_image(const VfPlanEnv *env, const VfTemplate *t, const VfOverlay *ov,
                         VfTextEngine *te, LayerSize *out)
{
    char pointer[64];
    snprintf(pointer, sizeof(pointer), "/overlays/%d/source", ov->index);
    if (vf_path_is_url(ov->source))
        return vf_error_set(VF_ERR_TEMPLATE, "%s: images must be files, not URLs", pointer);
    char *path = vf_path_join(t->dir, ov->source);
    int w = 0, h = 0, ret = path ? vf_policy_check_media(env->policy, path, t->dir, pointer,
                                                         "image")
                                 : VF_ERR_INTERNAL;
    if (ret >= 0)
        ret = vf_plan_image_decodable(path, pointer);
    if (ret >= 0)
        ret = vf_image_size(path, &w, &h);
    free(path);
    double sw = fmax(1, round(w * ov->scale)), sh = fmax(1, round(h * ov->scale));
    out->source_px = (double)w * h;
    out->box_w = out->w = (int)fmin(sw, INT32_MAX / 2);
    out->box_h = out->h = (int)fmin(sh, INT32_MAX / 2);
    return ret;
}

/* At its largest keyframed size, with the stroke and shadow around it. */
static int measure_shape(const VfPlanEnv *env, const VfTemplate *t, const VfOverlay *ov,
                         VfTextEngine *te, LayerSize *out)
{
    VfShapeStyle st = vf_shape_style(ov);
    int m = vf_shape_margin(&st);
    out->box_w = (int)ceil(vf_motion_max(ov, VF_MOTION_WIDTH, ov->shape.width) * ov->scale);
    out->box_h = (int)ceil(vf_motion_max(ov, VF_MOTION_HEIGHT, ov->shape.height) * ov->scale);
    out->w = out->box_w + 2 * m;
    out->h = out->box_h + 2 * m;
    out->x = out->y = -m;
    return 0;
}

/* Captions: one caption's most, max_lines full lines of max_width (the
 * layers of a captions overlay are drawn one caption at a time). */
static int measure_captions(const VfPlanEnv *env, const VfTemplate *t, const VfOverlay *ov,
                            VfTextEngine *te, LayerSize *out)
{
    (void)env, (void)t, (void)te;
    double k = ov->scale, size = ov->size * k;
    int m = (int)ceil(ov->outline_width * k + 3 * ov->shadow_blur * k + size / 4) + 2;
    out->box_w = (int)ceil(ov->max_width > 0 ? ov->max_width * k : 1920);
    out->box_h = (int)ceil(ov->cap.max_lines * size * 1.3);
    out->w = out->box_w + 2 * m;
    out->h = out->box_h + 2 * m;
    out->x = out->y = -m;
    return 0;
}

static int measure_video(const VfPlanEnv *env, const VfTemplate *t, const VfOverlay *ov,
                         VfTextEngine *te, LayerSize *out)
{
    int ret = vf_plan_video_box(env, t, ov, &out->box_w, &out->box_h);
    out->w = out->box_w, out->h = out->box_h;
    out->source_px = (double)out->w * out->h;
    return ret;
}

/* Indexed by VfLayerType. */
static const MeasureFn measurers[VF_LAYER_TYPE_COUNT] = {
    [VF_LAYER_TEXT] = measure_text,
    [VF_LAYER_IMAGE] = measure_image,
    [VF_LAYER_SHAPE] = measure_shape,
    [VF_LAYER_CAPTIONS] = measure_captions,
    [VF_LAYER_VIDEO] = measure_video,
};

typedef struct Rect {
    int x, y, w, h;
} Rect;

/* The part of a w x h raster at (x, y) that can ever be on screen: the frame,
 * widened along the path of a slide by its distance; all of it when the layer
 * zooms (any pixel may come into view) or wipes (measured in raster widths).
 * A raster never on screen keeps one pixel. */
static Rect visible_part(const VfPlan *p, const int type[2], const double distance[2], int x,
                         int y, int w, int h)
{
    double grow_x = 0, grow_y = 0;
    for (int d = 0; d < 2; d++) {
        if (type[d] == VF_ANIM_ZOOM || type[d] == VF_ANIM_WIPE_LEFT ||
            type[d] == VF_ANIM_WIPE_RIGHT)
            return (Rect){ 0, 0, w, h };
        if (type[d] == VF_ANIM_SLIDE_UP || type[d] == VF_ANIM_SLIDE_DOWN)
            grow_y += distance[d];
        else if (type[d] == VF_ANIM_SLIDE_LEFT || type[d] == VF_ANIM_SLIDE_RIGHT)
            grow_x += distance[d];
    }
    double x0 = fmax(0, -(double)x - grow_x), y0 = fmax(0, -(double)y - grow_y);
    double x1 = fmin(w, (double)p->width - x + grow_x);
    double y1 = fmin(h, (double)p->height - y + grow_y);
    if (x1 <= x0 || y1 <= y0)
        return (Rect){ 0, 0, 1, 1 };
    return (Rect){ (int)x0, (int)y0, (int)ceil(x1) - (int)x0, (int)ceil(y1) - (int)y0 };
}

/* Frames x264 keeps in flight by speed preset (its rc-lookahead; references,
 * B-frames and frame threads add ENCODER_EXTRA_FRAMES). Other presets: medium. */
static const struct {
    const char *preset;
    int lookahead;
} encoder_lookahead[] = {
    { "ultrafast", 0 }, { "superfast", 0 }, { "veryfast", 10 }, { "faster", 20 },
    { "fast", 30 },     { "medium", 40 },   { "slow", 50 },     { "slower", 60 },
    { "veryslow", 60 },
};
#define ENCODER_EXTRA_FRAMES 16
#define ENCODER_BYTES_PER_PX 3.5  /* a 4:2:0 frame and the encoder's own planes */
#define GRAPH_FRAMES 8            /* output-sized frames in the filter graph */
#define LAYER_FRAME_BYTES_PER_PX 10 /* a layer's RGBA frame, its 4:2:0 copy, one in flight */
#define DECODED_FRAMES 26         /* the decoded queue (at most 10) and the decoder's references */
#define BASE_BYTES (48 * MIB)     /* code, fonts, FFmpeg's tables */
#define RASTER_CACHE_BYTES (256 * MIB)

typedef struct Budget {
    double fixed, encoder, rasters, layer_frames, drawing, media;
} Budget;

static double encoder_bytes(const VfPlan *p)
{
    int lookahead = 40;
    for (size_t i = 0; i < sizeof(encoder_lookahead) / sizeof(encoder_lookahead[0]); i++)
        if (p->encoding.preset && !strcmp(p->encoding.preset, encoder_lookahead[i].preset))
            lookahead = encoder_lookahead[i].lookahead;
    return (lookahead + ENCODER_EXTRA_FRAMES) * ENCODER_BYTES_PER_PX * p->width * p->height;
}

/* What overlay i adds: its layer frames, its raster unless an earlier overlay
 * draws the same one, and the peak while drawing it (before cropping). */
static void budget_layer(Budget *b, const VfPlan *p, const VfTemplate *t, const LayerSize *ls,
                         int i)
{
    const VfOverlay *ov = &t->overlays[i];
    int type[2] = { ov->anim[0].type, ov->anim[1].type };
    double distance[2];
    for (int d = 0; d < 2; d++)
        distance[d] = ov->anim[d].distance != VF_ANIM_OFFSCREEN ? ov->anim[d].distance
                    : (double)p->width + p->height + ls[i].w + ls[i].h;
    Rect v = visible_part(p, type, distance, ls[i].x, ls[i].y, ls[i].w, ls[i].h);
    double kept = (double)v.w * v.h, full = (double)ls[i].w * ls[i].h;
    if (vf_motion_any(ov)) /* drawn per frame into a canvas up to the frame's size */
        v = (Rect){ 0, 0, p->width, p->height };
    int per_px = ov->type == VF_LAYER_TEXT ? 6 : 4; /* text: RGBA and the cluster map */
    b->layer_frames += LAYER_FRAME_BYTES_PER_PX * (double)v.w * v.h;
    int shared = 0;
    for (int j = 0; j < i && !shared; j++)
        shared = same_layout(&t->overlays[j], ov) && ov->opacity == t->overlays[j].opacity &&
                 ls[j].x == ls[i].x && ls[j].y == ls[i].y && !memcmp(&ov->color,
                 &t->overlays[j].color, sizeof(ov->color));
    if (!shared)
        b->rasters += per_px * kept;
    double drawing = per_px * full + 8 * ls[i].source_px; /* decoded + converted source */
    b->drawing = fmax(b->drawing, drawing + fmin(RASTER_CACHE_BYTES, per_px * full));
}

static int check_memory(const VfPlanEnv *env, const VfPlan *p, const VfTemplate *t,
                        const VfProbe *in, const LayerSize *ls)
{
    Budget b = { .fixed = BASE_BYTES + GRAPH_FRAMES * 4.0 * p->width * p->height,
                 .encoder = encoder_bytes(p) };
    if (in && in->video >= 0)
        b.fixed += DECODED_FRAMES * 1.5 * in->streams[in->video].width *
                   in->streams[in->video].height;
    for (int i = 0; i < t->nb_overlays; i++)
        budget_layer(&b, p, t, ls, i);
    b.media = vf_budget_media_bytes(env, p, t);
    double total = b.fixed + b.encoder + b.rasters + b.layer_frames + b.drawing + b.media;
    if (total <= env->policy->limits.memory_mb * MIB)
        return 0;
    return vf_error_set(VF_ERR_TEMPLATE, "the render would need about %.0f MB of memory "
                        "(encoder %.0f, frames %.0f, layer rasters %.0f, layer frames %.0f, "
                        "drawing %.0f, video sources %.0f), over the %g MB limit "
                        "(--limit memory=SIZE)", total / MIB, b.encoder / MIB, b.fixed / MIB,
                        b.rasters / MIB, b.layer_frames / MIB, b.drawing / MIB, b.media / MIB,
                        env->policy->limits.memory_mb);
}

static int measure_layer(const VfPlanEnv *env, const VfPlan *p, const VfTemplate *t, int i,
                         VfTextEngine *te, LayerSize *ls)
{
    const VfOverlay *ov = &t->overlays[i];
    for (int j = 0; j < i && ls[i].box_w <= 0; j++)
        if (same_layout(&t->overlays[j], ov) && ov->type == VF_LAYER_TEXT)
            ls[i].box_w = ls[j].box_w, ls[i].box_h = ls[j].box_h;
    int ret = measurers[ov->type](env, t, ov, te, &ls[i]);
    if (ret < 0)
        return ret;
    if (ls[i].w > LAYER_SIDE_MAX || ls[i].h > LAYER_SIDE_MAX)
        return vf_error_set(VF_ERR_TEMPLATE, "/overlays/%d/%s: the %s would be %dx%d pixels, "
                            "over the %d a layer may measure a side", i,
                            ov->type == VF_LAYER_TEXT ? "content" : "source",
                            ov->type == VF_LAYER_TEXT ? "text" : "scaled image", ls[i].w,
                            ls[i].h, LAYER_SIDE_MAX);
    int bx, by;
    vf_layout_place(ov->anchor, p->width, p->height, ls[i].box_w, ls[i].box_h, ov->offset_x,
                    ov->offset_y, ov->custom_x, ov->custom_y, &bx, &by);
    ls[i].x += bx;
    ls[i].y += by;
    return 0;
}

/* Lays out every overlay without drawing it: each within the layer size, the
 * whole render within the memory limit. lenient: an overlay whose font or
 * image is missing counts for nothing instead of failing. */
int vf_plan_check_size(const VfPlanEnv *env, const VfPlan *p, const VfTemplate *t,
                       const VfProbe *in, int lenient)
{
    LayerSize *ls = calloc((size_t)t->nb_overlays + 1, sizeof(*ls));
    VfTextEngine *te = NULL;
    int text = 0;
    for (int i = 0; i < t->nb_overlays; i++)
        text |= t->overlays[i].type == VF_LAYER_TEXT;
    int ret = !ls ? VF_ERR_INTERNAL : text ? vf_text_engine_create(&te, env->fonts) : 0;
    for (int i = 0; i < t->nb_overlays && ret >= 0; i++)
        if ((ret = measure_layer(env, p, t, i, te, ls)) == VF_ERR_ASSET && lenient)
            ls[i] = (LayerSize){ 0 }, ret = 0;
    if (ret >= 0)
        ret = check_memory(env, p, t, in, ls);
    vf_text_engine_free(&te);
    free(ls);
    return ret;
}

/* Keeps only the part of the layer's raster (and cluster map) that can ever
 * be on screen. */
int vf_plan_crop_layer(const VfPlan *p, VfPlanLayer *l)
{
    int type[2] = { l->anim[0].type, l->anim[1].type };
    double distance[2] = { l->anim[0].distance, l->anim[1].distance };
    int w = l->raster.width;
    Rect r = visible_part(p, type, distance, l->raster_x, l->raster_y, w, l->raster.height);
    if (r.w == w && r.h == l->raster.height)
        return 0;
    VfRaster c;
    uint16_t *cl = l->clusters ? malloc((size_t)r.w * r.h * sizeof(*cl)) : NULL;
    if (vf_raster_alloc(&c, r.w, r.h) < 0 || (l->clusters && !cl)) {
        vf_raster_free(&c);
        free(cl);
        return VF_ERR_INTERNAL;
    }
    for (int y = 0; y < r.h; y++) {
        size_t from = (size_t)(y + r.y) * w + r.x;
        memcpy(c.pixels + (size_t)y * r.w * 4, l->raster.pixels + from * 4, (size_t)r.w * 4);
        if (cl)
            memcpy(cl + (size_t)y * r.w, l->clusters + from, (size_t)r.w * sizeof(*cl));
    }
    vf_raster_free(&l->raster);
    free(l->clusters);
    l->raster = c;
    l->clusters = cl;
    l->raster_x += r.x;
    l->raster_y += r.y;
    l->pivot_x -= r.x;
    l->pivot_y -= r.y;
    return 0;
}

/* Makes layer i use the pixels of an earlier layer that has the very same
 * ones (one raster for identical layers). */
void vf_plan_share_raster(VfPlan *p, int i)
{
    VfPlanLayer *l = &p->layers[i];
    size_t px = (size_t)l->raster.width * l->raster.height;
    for (int j = 0; j < i; j++) {
        const VfPlanLayer *o = &p->layers[j];
        if (o->raster.width != l->raster.width || o->raster.height != l->raster.height ||
            !o->clusters != !l->clusters || o->nb_clusters != l->nb_clusters ||
            memcmp(o->raster.pixels, l->raster.pixels, px * 4) ||
            (l->clusters && memcmp(o->clusters, l->clusters, px * sizeof(*l->clusters))))
            continue;
        vf_raster_free(&l->raster);
        free(l->clusters);
        l->raster = o->raster;
        l->clusters = o->clusters;
        l->raster_shared = 1;
        return;
    }
}

/* Equal, or both unset (NAN). */
static int same_number(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

/* An earlier layer of the same image, scaled, faded, placed and moving the
 * same way (slides by given distances only): its raster, as kept, is this
 * one's, without decoding the image or reading the cache again. */
const VfPlanLayer *vf_plan_same_image_layer(const VfPlan *p, const VfTemplate *t,
                                           const VfOverlay *ov)
{
    for (int j = 0; j < p->nb_layers && ov->type == VF_LAYER_IMAGE; j++) {
        const VfOverlay *o = &t->overlays[p->layers[j].index];
        int same = o->type == ov->type && !strcmp(o->source, ov->source) &&
                   o->scale == ov->scale && o->opacity == ov->opacity &&
                   o->anchor == ov->anchor && o->offset_x == ov->offset_x &&
                   o->offset_y == ov->offset_y && same_number(o->custom_x, ov->custom_x) &&
                   same_number(o->custom_y, ov->custom_y);
        for (int d = 0; d < 2 && same; d++)
            same = o->anim[d].type == ov->anim[d].type &&
                   o->anim[d].distance == ov->anim[d].distance &&
                   (ov->anim[d].type < VF_ANIM_SLIDE_UP || ov->anim[d].type > VF_ANIM_SLIDE_RIGHT ||
                    ov->anim[d].distance != VF_ANIM_OFFSCREEN);
        if (same)
            return &p->layers[j];
    }
    return NULL;
}


int vf_plan_overlay_boxes(const VfPlanEnv *env, const VfPlan *p, const VfTemplate *t, int *boxes)
{
    VfTextEngine *te = NULL;
    int ret = vf_text_engine_create(&te, env->fonts);
    for (int i = 0; i < t->nb_overlays && ret >= 0; i++) {
        const VfOverlay *ov = &t->overlays[i];
        LayerSize ls = { 0 };
        int *b = &boxes[4 * i];
        b[2] = b[3] = -1;
        if (measurers[ov->type](env, t, ov, te, &ls) < 0)
            continue; /* a missing font or image: the asset check says so */
        vf_layout_place(ov->anchor, p->width, p->height, ls.box_w, ls.box_h, ov->offset_x,
                        ov->offset_y, ov->custom_x, ov->custom_y, &b[0], &b[1]);
        b[2] = ls.box_w;
        b[3] = ls.box_h;
    }
    vf_text_engine_free(&te);
    vf_error_clear();
    return ret;
}
