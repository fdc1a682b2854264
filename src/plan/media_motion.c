#include "plan/media_motion.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/motion.h"
#include "plan/plan.h"
#include "plan/timeline.h"
#include "template/keys.h"
#include "vidforge/error.h"

int vf_media_motion_any(const VfOverlay *ov)
{
    return ov->type == VF_LAYER_VIDEO &&
           (vf_motion_any(ov) || ov->anim[0].type >= 0 || ov->anim[1].type >= 0);
}

/* The layer standing for m: box = the shown rectangle (as mediagraph.c's
 * vf_media_layer_rect), raster = that rectangle and the shadow together. */
static void shape_layer(const VfPlanMedia *m, VfPlanLayer *l)
{
    int crop = m->pic_w > m->box_w || m->pic_h > m->box_h;
    l->box_x = m->box_x + (crop ? 0 : m->pic_x) - m->border;
    l->box_y = m->box_y + (crop ? 0 : m->pic_y) - m->border;
    l->box_w = (crop ? m->box_w : m->pic_w) + 2 * m->border;
    l->box_h = (crop ? m->box_h : m->pic_h) + 2 * m->border;
    int x0 = l->box_x, y0 = l->box_y, x1 = l->box_x + l->box_w, y1 = l->box_y + l->box_h;
    if (m->shadow) {
        x0 = x0 < m->shadow_x ? x0 : m->shadow_x;
        y0 = y0 < m->shadow_y ? y0 : m->shadow_y;
        x1 = x1 > m->shadow_x + m->shadow->width ? x1 : m->shadow_x + m->shadow->width;
        y1 = y1 > m->shadow_y + m->shadow->height ? y1 : m->shadow_y + m->shadow->height;
    }
    l->raster_x = x0;
    l->raster_y = y0;
    l->raster.width = x1 - x0;
    l->raster.height = y1 - y0;
    l->pivot_x = l->box_x + l->box_w / 2.0 - x0;
    l->pivot_y = l->box_y + l->box_h / 2.0 - y0;
}

static int prepare_one(VfPlan *p, VfPlanMedia *m, const VfOverlay *ov)
{
    VfPlanLayer *l = calloc(1, sizeof(*l));
    if (!(m->motion = l))
        return VF_ERR_INTERNAL;
    *l = (VfPlanLayer){ .id = m->id, .type = VF_LAYER_VIDEO, .index = m->index,
                        .first_frame = m->first_frame, .end_frame = m->end_frame,
                        .start = m->start, .end = m->end };
    shape_layer(m, l);
    snprintf(l->content_key, sizeof(l->content_key), "video layer %d", m->index);
    int ret = vf_plan_layer_animations(p, ov, l);
    return ret < 0 ? ret : vf_motion_prepare_layer(p, l, ov);
}

int vf_media_motion_prepare(VfPlan *p, const VfTemplate *t)
{
    for (int i = 0; i < p->nb_videos; i++) {
        const VfOverlay *ov = &t->overlays[p->videos[i].index];
        int ret = vf_media_motion_any(ov) ? prepare_one(p, &p->videos[i], ov) : 0;
        if (ret < 0)
            return ret;
    }
    return 0;
}

const VfClip *vf_media_motion_clip(const VfPlan *p, const VfPlanMedia *m)
{
    for (int i = 1; i < p->timeline.nb_tracks; i++) {
        const VfTrack *tr = &p->timeline.tracks[i];
        for (int c = 0; tr->kind == VF_TRACK_VIDEO && c < tr->nb_clips; c++)
            if (tr->clips[c].source.kind == VF_SOURCE_MEDIA && tr->clips[c].source.media == m)
                return &tr->clips[c];
    }
    return NULL;
}

int vf_media_motion_apply(VfPlan *p, const VfTemplate *t)
{
    for (int i = 0; i < p->nb_videos; i++) {
        const VfPlanMedia *m = &p->videos[i];
        VfClip *c = (VfClip *)vf_media_motion_clip(p, m);
        if (!m->motion || !c)
            continue;
        /* as a raster clip: X, Y place the raster's top-left; the opacity
         * is the layer's (a raster has its own baked in) */
        vf_timeline_constant_props(c, m->motion->raster_x, m->motion->raster_y);
        c->props[VF_PROP_OPACITY].value = m->opacity;
        memcpy(c->anim, m->motion->anim, sizeof(c->anim));
        int ret = vf_motion_apply_clip(p, c, m->motion, &t->overlays[m->index]);
        if (ret < 0)
            return ret;
    }
    return 0;
}

void vf_media_motion_describe(AVBPrint *bp, const VfPlan *p, const VfPlanMedia *m)
{
    static const char *const names[VF_PROP_COUNT] = { "x", "y", "scale", "rotation", "opacity",
                                                      "width", "height" };
    const VfClip *c = m->motion ? vf_media_motion_clip(p, m) : NULL;
    if (!c || !c->canvas_w)
        return;
    av_bprintf(bp, "  drawn per frame into %dx%d at (%d,%d):", c->canvas_w, c->canvas_h,
               c->canvas_x, c->canvas_y);
    for (int i = 0; i < VF_PROP_COUNT; i++) {
        const VfProperty *pr = &c->props[i];
        if (!pr->nb_keys && i == VF_PROP_ROTATION && pr->value != 0)
            av_bprintf(bp, " rotation %.6g", pr->value);
        for (int k = 0; k < pr->nb_keys; k++)
            av_bprintf(bp, "%s%s%s%.6g@%.6gs/%s%s", k ? "" : " ", k ? "" : names[i],
                       k ? "," : "[", pr->keys[k].value, pr->keys[k].time,
                       vf_keyframe_easing_names[pr->keys[k].easing],
                       k + 1 == pr->nb_keys ? "]" : "");
    }
    for (int d = 0; d < 2; d++)
        if (c->anim[d].type >= 0)
            av_bprintf(bp, " %s %.6g s", d ? "out" : "in", c->anim[d].duration);
    av_bprintf(bp, "\n");
}
