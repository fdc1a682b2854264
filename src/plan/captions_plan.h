/* A captions overlay expanded into plan layers (issue 17): each caption (a
 * cue, or a chunk of words_per_caption words) is a text layer in its own
 * frame window; the spoken word's highlight, karaoke fill or reveal are
 * layers cut from a second raster of the same caption, so the raster cache,
 * the layer feed and the timeline handle captions as they handle text. */
#ifndef VF_PLAN_CAPTIONS_PLAN_H
#define VF_PLAN_CAPTIONS_PLAN_H

#include "captions/captions.h"
#include "plan/rasterize.h"
#include "vidforge/model.h"
#include "vidforge/plan.h"

/* Appends the layers of captions overlay ov (its inline cues, or its source
 * file) to p->layers, growing the array and keeping room for the overlays
 * of t after ov. 0, VF_ERR_TEMPLATE, VF_ERR_ASSET (source or font missing or
 * unreadable), VF_ERR_INTERRUPTED or VF_ERR_INTERNAL. */
int vf_captions_plan(const VfPlanCtx *pc, VfPlan *p, const VfTemplate *t, const VfOverlay *ov);

/* The same from captions already parsed (borrowed), ov giving the style and
 * the rest of the layer's keys. */
int vf_captions_plan_from(const VfPlanCtx *pc, VfPlan *p, const VfTemplate *t,
                          const VfOverlay *ov, const VfCaptions *caps);

/* An ASS/SSA file (path, checked and parsed) as one layer that libass
 * draws per frame (captions_ass.c). 0, VF_ERR_ASSET (font) or
 * VF_ERR_INTERNAL. */
int vf_captions_plan_ass(const VfPlanCtx *pc, VfPlan *p, const VfTemplate *t,
                         const VfOverlay *ov, const char *path);

#endif
