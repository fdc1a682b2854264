/* What a plan costs, known before anything is drawn: every overlay laid out
 * (fonts and image headers read) within the largest raster, and the render's
 * estimated peak memory within --limit memory; then rasters cropped to what
 * can ever be on screen and shared between layers with the same pixels. */
#ifndef VF_PLAN_BUDGET_H
#define VF_PLAN_BUDGET_H

#include "media/probe.h"
#include "plan/plan.h"
#include "text/text.h"
#include "vidforge/model.h"
#include "vidforge/plan.h"

/* Lays out every overlay of t under env without drawing it: each within
 * 16384 pixels a side (else VF_ERR_TEMPLATE naming its JSON pointer), the
 * whole render of p (size, rate and encoding planned; in: the input's probe
 * or NULL) within the memory limit (else VF_ERR_TEMPLATE with the estimate).
 * lenient: an overlay whose font or image is missing counts for nothing
 * instead of failing. */
int vf_plan_check_size(const VfPlanEnv *env, const VfPlan *p, const VfTemplate *t,
                       const VfProbe *in, int lenient);

/* Keeps only the part of l's raster (and cluster map) that can ever be on
 * screen: the frame, widened along a slide's path. 0 or VF_ERR_INTERNAL. */
int vf_plan_crop_layer(const VfPlan *p, VfPlanLayer *l);

/* Makes layer i use the pixels of an earlier layer with the very same ones
 * (raster_shared: the plan frees them once). */
void vf_plan_share_raster(VfPlan *p, int i);

/* An earlier layer of the same image, scaled, faded, placed and moving the
 * same way: its raster, as kept, is the new one's; NULL when there is none. */
const VfPlanLayer *vf_plan_same_image_layer(const VfPlan *p, const VfTemplate *t,
                                            const VfOverlay *ov);

/* Each overlay's layout box in p's frame, as x, y, w, h at boxes[4 * i]
 * (w and h -1 when it cannot be laid out: a missing font or image). Nothing
 * drawn. Returns 0 or VF_ERR_INTERNAL. */
int vf_plan_overlay_boxes(const VfPlanEnv *env, const VfPlan *p, const VfTemplate *t, int *boxes);

#endif
