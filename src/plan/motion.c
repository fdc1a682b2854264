/* Clip properties hold absolute values: X/Y the raster's top-left (as for a
 * still layer), SCALE relative to the raster drawn (at the largest keyframed
 * scale, so it only ever shrinks), ROTATION degrees, OPACITY 0..1, WIDTH and
 * HEIGHT a shape's box. Keys keep the template's times (from the layer's
 * start, = the clip's start) and easings. */
#include "plan/motion.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/animimage.h"
#include "plan/digest.h"
#include "plan/shape.h"
#include "plan/timeline.h"
#include "template/keys.h"
#include "template/layerkeys.h"
#include "util/strbuf.h"
#include "vidforge/error.h"

int vf_motion_any(const VfOverlay *ov)
{
    for (int m = 0; m < VF_MOTION_COUNT; m++)
        if (ov->motion.keys[m].nb_keys)
            return 1;
    return ov->motion.rotation != 0;
}

double vf_motion_max(const VfOverlay *ov, int m, double constant)
{
    const VfKeyframeList *l = &ov->motion.keys[m];
    double v = l->nb_keys ? l->keys[0].value : constant;
    for (int k = 1; k < l->nb_keys; k++)
        v = fmax(v, l->keys[k].value);
    return v;
}

static int check_window(const VfPlanLayer *l, const VfOverlay *ov)
{
    for (int m = 0; m < VF_MOTION_COUNT; m++) {
        const VfKeyframeList *kl = &ov->motion.keys[m];
        for (int k = 0; k < kl->nb_keys; k++)
            if (kl->keys[k].t > l->end - l->start + 1e-9)
                return vf_error_set(VF_ERR_TEMPLATE, "/overlays/%d/%s/%d/t: keyframe at %g s is "
                                    "outside the layer's window (0 to %g s from its start)",
                                    ov->index, vf_motion_pointer(m), k, kl->keys[k].t,
                                    l->end - l->start);
    }
    return 0;
}

/* The layer's content key, with its motion and where its start falls in its
 * first frame: segment keys then change with the keyframes. */
static int key_motion(const VfPlan *p, VfPlanLayer *l, const VfOverlay *ov)
{
    VfStrBuf b = { 0 };
    double first = (double)l->first_frame * p->fps_den / p->fps_num;
    vf_strbuf_appendf(&b, "%s rot %.9g start %.9g loop %d", l->content_key, ov->motion.rotation,
                      l->start - first, !ov->motion.hold_last);
    for (int m = 0; m < VF_MOTION_COUNT; m++)
        for (int k = 0; k < ov->motion.keys[m].nb_keys; k++) {
            const VfKeyframeSpec *s = &ov->motion.keys[m].keys[k];
            vf_strbuf_appendf(&b, " %d:%.9g=%.9g/%d", m, s->t, s->value, s->easing);
        }
    int ret = b.oom ? VF_ERR_INTERNAL : 0;
    if (ret >= 0)
        vf_digest_bytes(b.data, b.len, l->content_key);
    vf_strbuf_discard(&b);
    return ret;
}

int vf_motion_prepare_layer(VfPlan *p, VfPlanLayer *l, const VfOverlay *ov)
{
    int ret = check_window(l, ov);
    return ret < 0 ? ret : key_motion(p, l, ov);
}

int vf_motion_prepare(VfPlan *p, const VfTemplate *t)
{
    for (int i = 0; i < p->nb_layers; i++) {
        VfPlanLayer *l = &p->layers[i];
        const VfOverlay *ov = &t->overlays[l->index];
        if (!vf_motion_any(ov) && !l->seq)
            continue;
        int ret = check_window(l, ov);
        if (ret >= 0 && ov->type == VF_LAYER_SHAPE && !l->shape) {
            if (!(l->shape = malloc(sizeof(*l->shape))))
                return VF_ERR_INTERNAL;
            *l->shape = vf_shape_style(ov);
        }
        if (ret >= 0)
            ret = key_motion(p, l, ov);
        if (ret < 0)
            return ret;
    }
    return 0;
}

const VfClip *vf_motion_clip_of(const VfPlan *p, int layer)
{
    for (int i = 1; i < p->timeline.nb_tracks; i++) {
        const VfTrack *tr = &p->timeline.tracks[i];
        for (int c = 0; tr->kind == VF_TRACK_VIDEO && c < tr->nb_clips; c++)
            if (tr->clips[c].source.kind == VF_SOURCE_RASTER && tr->clips[c].source.layer == layer)
                return &tr->clips[c];
    }
    return NULL;
}

/* prop's keys from list: value v becomes v * mul + add. */
static int set_keys(VfProperty *prop, const VfKeyframeList *list, double mul, double add)
{
    if (!list->nb_keys)
        return 0;
    free(prop->keys);
    if (!(prop->keys = calloc((size_t)list->nb_keys, sizeof(*prop->keys))))
        return VF_ERR_INTERNAL;
    prop->nb_keys = list->nb_keys;
    for (int k = 0; k < list->nb_keys; k++)
        prop->keys[k] = (VfKeyframe){ list->keys[k].t, list->keys[k].value * mul + add,
                                      list->keys[k].easing };
    return 0;
}

static int clip_props(VfClip *c, const VfPlanLayer *l, const VfOverlay *ov)
{
    const VfKeyframeList *k = ov->motion.keys;
    VfProperty *pr = c->props;
    double scale = ov->scale > 0 ? ov->scale : 1; /* the raster's: the largest keyframed */
    pr[VF_PROP_ROTATION].value = ov->motion.rotation;
    int shape = ov->type == VF_LAYER_SHAPE; /* its exact size: boxes are whole pixels */
    pr[VF_PROP_WIDTH].value = shape ? ov->shape.width * scale : l->box_w;
    pr[VF_PROP_HEIGHT].value = shape ? ov->shape.height * scale : l->box_h;
    int ret = set_keys(&pr[VF_PROP_X], &k[VF_MOTION_X], 1, pr[VF_PROP_X].value - ov->offset_x);
    if (ret >= 0)
        ret = set_keys(&pr[VF_PROP_Y], &k[VF_MOTION_Y], 1, pr[VF_PROP_Y].value - ov->offset_y);
    if (ret >= 0)
        ret = set_keys(&pr[VF_PROP_SCALE], &k[VF_MOTION_SCALE], 1 / scale, 0);
    if (ret >= 0)
        ret = set_keys(&pr[VF_PROP_OPACITY], &k[VF_MOTION_OPACITY], 1, 0);
    if (ret >= 0)
        ret = set_keys(&pr[VF_PROP_ROTATION], &k[VF_MOTION_ROTATION], 1, 0);
    if (ret >= 0 && ov->type == VF_LAYER_SHAPE)
        ret = set_keys(&pr[VF_PROP_WIDTH], &k[VF_MOTION_WIDTH], scale, 0);
    if (ret >= 0 && ov->type == VF_LAYER_SHAPE)
        ret = set_keys(&pr[VF_PROP_HEIGHT], &k[VF_MOTION_HEIGHT], scale, 0);
    return ret;
}

void vf_motion_margins(const VfPlanLayer *l, double m[4])
{
    m[0] = l->box_x - l->raster_x;
    m[1] = l->box_y - l->raster_y;
    m[2] = l->raster.width - l->box_w - m[0];
    m[3] = l->raster.height - l->box_h - m[1];
}

int vf_motion_seq_frame(const VfFrameSeq *s, double t)
{
    double total = s->ends[s->nb_frames - 1];
    /* a microsecond absorbs binary error (1.4 - 0.3 is 1.0999...): far below a frame */
    t = t < 0 ? 0 : t + 1e-6;
    if (s->loop && total > 0)
        t = fmod(t, total);
    for (int i = 0; i < s->nb_frames; i++)
        if (t < s->ends[i])
            return i;
    return s->nb_frames - 1;
}

void vf_motion_pose(const VfPlan *p, const VfClip *c, const VfPlanLayer *l, int64_t n,
                    VfPose *out)
{
    double t = (double)n * p->fps_den / p->fps_num, tl = t - c->start;
    vf_anim_state(l, t, &out->anim);
    double w = vf_property_at(&c->props[VF_PROP_WIDTH], tl);
    double h = vf_property_at(&c->props[VF_PROP_HEIGHT], tl);
    out->box_w = w > 0 ? w : l->box_w;
    out->box_h = h > 0 ? h : l->box_h;
    out->box_x = vf_property_at(&c->props[VF_PROP_X], tl) + (l->box_x - l->raster_x) -
                 c->anchor_x * (out->box_w - l->box_w) + out->anim.dx;
    out->box_y = vf_property_at(&c->props[VF_PROP_Y], tl) + (l->box_y - l->raster_y) -
                 c->anchor_y * (out->box_h - l->box_h) + out->anim.dy;
    out->scale = vf_property_at(&c->props[VF_PROP_SCALE], tl) * out->anim.scale;
    out->rotation = vf_property_at(&c->props[VF_PROP_ROTATION], tl);
    out->opacity = vf_property_at(&c->props[VF_PROP_OPACITY], tl) * out->anim.opacity;
    out->frame = l->seq ? vf_motion_seq_frame(l->seq, tl) : 0;
}

/* Grows [x0, x1] x [y0, y1] by the picture at pose q. */
static void add_pose(const VfPlanLayer *l, const VfPose *q, double b[4])
{
    double m[4], cx = q->box_x + q->box_w / 2, cy = q->box_y + q->box_h / 2;
    vf_motion_margins(l, m);
    if (l->shape) /* redrawn at each size: its margin all round */
        m[0] = m[1] = m[2] = m[3] = vf_shape_margin(l->shape);
    double xs[2] = { -q->box_w / 2 - m[0], q->box_w / 2 + m[2] };
    double ys[2] = { -q->box_h / 2 - m[1], q->box_h / 2 + m[3] };
    double a = q->rotation * M_PI / 180, co = cos(a), si = sin(a);
    for (int i = 0; i < 4; i++) {
        double x = xs[i & 1] * q->scale, y = ys[i >> 1] * q->scale;
        double X = cx + x * co - y * si, Y = cy + x * si + y * co;
        b[0] = fmin(b[0], X), b[1] = fmin(b[1], Y), b[2] = fmax(b[2], X), b[3] = fmax(b[3], Y);
    }
}

/* The frame's part the clip ever covers, widened a pixel for the bilinear
 * edge, even-aligned (yuva420p chroma sits on even pixels, so the overlay
 * puts it exactly there). */
static void canvas(const VfPlan *p, VfClip *c, const VfPlanLayer *l)
{
    double b[4] = { INFINITY, INFINITY, -INFINITY, -INFINITY };
    for (int64_t n = c->first_frame; n < c->end_frame; n++) {
        VfPose q;
        vf_motion_pose(p, c, l, n, &q);
        add_pose(l, &q, b);
    }
    int x0 = (int)fmax(0, floor(b[0]) - 1), y0 = (int)fmax(0, floor(b[1]) - 1);
    int x1 = (int)fmin(p->width, ceil(b[2]) + 1), y1 = (int)fmin(p->height, ceil(b[3]) + 1);
    x0 &= ~1, y0 &= ~1;
    if (x1 <= x0 || y1 <= y0) /* never on screen */
        x0 = y0 = 0, x1 = y1 = 2;
    c->canvas_x = x0;
    c->canvas_y = y0;
    c->canvas_w = (x1 - x0 + 1) & ~1;
    c->canvas_h = (y1 - y0 + 1) & ~1;
}

static const double anchor_fx[VF_ANCHOR_COUNT] = { 0, .5, 1, 0, .5, 1, 0, .5, 1, 0 };
static const double anchor_fy[VF_ANCHOR_COUNT] = { 0, 0, 0, .5, .5, .5, 1, 1, 1, 0 };

int vf_motion_apply(VfPlan *p, const VfTemplate *t)
{
    for (int i = 0; i < p->nb_layers; i++) {
        const VfPlanLayer *l = &p->layers[i];
        const VfOverlay *ov = &t->overlays[l->index];
        VfClip *c = (VfClip *)vf_motion_clip_of(p, i);
        if (!c || (!vf_motion_any(ov) && !l->seq))
            continue;
        int ret = vf_motion_apply_clip(p, c, l, ov);
        if (ret < 0)
            return ret;
    }
    return 0;
}

int vf_motion_apply_clip(const VfPlan *p, VfClip *c, const VfPlanLayer *l, const VfOverlay *ov)
{
    c->anchor_x = anchor_fx[ov->anchor];
    c->anchor_y = anchor_fy[ov->anchor];
    int ret = clip_props(c, l, ov);
    if (ret >= 0)
        canvas(p, c, l);
    return ret;
}

int vf_plan_moving_layer(const VfPlanCtx *pc, const VfTemplate *t, const VfOverlay *ov,
                         VfFrameSeq **seq, int *moving)
{
    int ret = ov->type == VF_LAYER_IMAGE ? vf_plan_image_frames(pc, t, ov, seq) : 0;
    *moving = ret >= 0 && (*seq || vf_motion_any(ov));
    return ret;
}

static void describe_prop(AVBPrint *bp, const char *name, const VfProperty *pr)
{
    if (!pr->nb_keys)
        return;
    av_bprintf(bp, " %s", name);
    for (int k = 0; k < pr->nb_keys; k++)
        av_bprintf(bp, "%s%.6g@%.6gs/%s", k ? "," : "[", pr->keys[k].value, pr->keys[k].time,
                   vf_keyframe_easing_names[pr->keys[k].easing]);
    av_bprintf(bp, "]");
}

void vf_motion_describe(AVBPrint *bp, const VfPlan *p, int layer)
{
    static const char *const names[VF_PROP_COUNT] = { "x", "y", "scale", "rotation", "opacity",
                                                      "width", "height" };
    const VfClip *c = vf_motion_clip_of(p, layer);
    const VfPlanLayer *l = &p->layers[layer];
    if (!c || !c->canvas_w)
        return;
    av_bprintf(bp, "  drawn per frame into %dx%d at (%d,%d):", c->canvas_w, c->canvas_h,
               c->canvas_x, c->canvas_y);
    if (c->props[VF_PROP_ROTATION].value != 0 && !c->props[VF_PROP_ROTATION].nb_keys)
        av_bprintf(bp, " rotation %.6g", c->props[VF_PROP_ROTATION].value);
    for (int i = 0; i < VF_PROP_COUNT; i++)
        describe_prop(bp, names[i], &c->props[i]);
    if (l->seq)
        av_bprintf(bp, " %d frames over %.3f s%s", l->seq->nb_frames,
                   l->seq->ends[l->seq->nb_frames - 1], l->seq->loop ? " looped" : ", last held");
    av_bprintf(bp, "\n");
}
