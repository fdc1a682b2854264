/* Video layers with keyframes, a rotation or in/out animations: drawn per
 * frame like moving raster layers (plan/motion.h). Each gets a VfPlanLayer
 * (VfPlanMedia.motion) standing for its shown rectangle (picture, border,
 * rounded corners) with its drop shadow, whose pixels the render fills from
 * the decoded frame each output frame; the keyframes go onto its MEDIA
 * clip's properties and the clip gets a canvas, exactly as for a raster. */
#ifndef VF_PLAN_MEDIA_MOTION_H
#define VF_PLAN_MEDIA_MOTION_H

#include <libavutil/bprint.h>

#include "vidforge/model.h"
#include "vidforge/plan.h"

/* 1 when video overlay ov is drawn per frame. */
int vf_media_motion_any(const VfOverlay *ov);

/* Before the timeline: the layer of each moving video layer (animations
 * resolved, keyframes checked against its window: VF_ERR_TEMPLATE with the
 * pointer, motion in its content key). 0 or a negative code. */
int vf_media_motion_prepare(VfPlan *p, const VfTemplate *t);

/* After the timeline: keyframes onto the clips' properties, canvases.
 * 0 or VF_ERR_INTERNAL. */
int vf_media_motion_apply(VfPlan *p, const VfTemplate *t);

/* The MEDIA clip that shows video layer m, or NULL. */
const VfClip *vf_media_motion_clip(const VfPlan *p, const VfPlanMedia *m);

/* --dry-run's line for a moving video layer (nothing for others). */
void vf_media_motion_describe(AVBPrint *bp, const VfPlan *p, const VfPlanMedia *m);

#endif
