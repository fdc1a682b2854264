/* From a loaded template to a render plan: sizes, frame counts, encoder
 * choice, and every overlay rasterized and placed. */
#ifndef VF_PLAN_PLAN_H
#define VF_PLAN_PLAN_H

#include "media/probe.h"
#include "plan/digest.h"
#include "plan/rastercache.h"
#include "text/font.h"
#include "vidforge/model.h"
#include "vidforge/plan.h"
#include "vidforge/policy.h"

/* What planning reads from the engine: borrowed for the call. */
typedef struct VfPlanEnv {
    const VfPolicy *policy;       /* folders, network, limits */
    VfRasterCache *rasters;       /* may be NULL: nothing cached */
    VfDigestMemo *digests;        /* may be NULL: files hashed each time */
    VfFontLookup *fonts;          /* may be NULL: font paths and shipped fonts only */
} VfPlanEnv;

/* Builds the plan for t (only read; the plan owns copies of what it keeps)
 * under env's policy.
 * Probes the input when there is one. Returns 0 and *out
 * (free with vf_plan_free), or VF_ERR_ASSET (input, font or image missing or
 * corrupt), VF_ERR_TEMPLATE, VF_ERR_INTERNAL; the message is in
 * vf_error_message(). */
int vf_plan_create(const VfPlanEnv *env, const VfTemplate *t, VfPlan **out);

/* Same, with the input's probe already known (input_probe may be NULL when
 * the template has no input). */
int vf_plan_create_probed(const VfPlanEnv *env, const VfTemplate *t, const VfProbe *input_probe,
                          VfPlan **out);

void vf_plan_free(VfPlan **p);

/* The checks vf_plan_create makes before drawing anything, without opening
 * the input (its frame size, when the template does not set one, is taken as
 * 1920x1080): every overlay laid out (fonts and image headers read) and within
 * 16384 pixels a side, and the render's estimated memory within
 * --limit memory. Returns 0, VF_ERR_TEMPLATE (the message names the overlay's
 * JSON pointer, or the estimate). A missing font or image is not an error
 * here: that overlay counts for nothing (render reports it). */
int vf_plan_check(const VfPlanEnv *env, const VfTemplate *t);

/* Only the frame of t's plan into p (width, height, rate): the template's,
 * its preset's, in's (may be NULL) or 1920x1080. Returns 0 or VF_ERR_TEMPLATE. */
int vf_plan_frame_only(const VfPlanEnv *env, const VfTemplate *t, const VfProbe *in, VfPlan *p);

/* ov's in/out animations resolved into l->anim (l's raster and window
 * set); VF_ERR_TEMPLATE when they overlap. */
int vf_plan_layer_animations(const VfPlan *p, const VfOverlay *ov, VfPlanLayer *l);

/* The plan as human-readable text (malloc'd), for --dry-run. */
char *vf_plan_describe(const VfPlan *p);

#endif
