/* What video layers and clip sequences add to a render's peak memory: each
 * source is decoded on a thread of its own beside the base's decoder, so its
 * decoder's reference frames, the frames waiting for the graph and the
 * decoder's own state are held at once for every source (src/render/mediafeed.c).
 * Part of the estimate of src/plan/budget.c. */
#ifndef VF_PLAN_BUDGET_MEDIA_H
#define VF_PLAN_BUDGET_MEDIA_H

#include "plan/plan.h"
#include "vidforge/model.h"
#include "vidforge/plan.h"

/* Bytes held by the decoders of t's video layers (each source probed for its
 * size when the template gives only its box) and of p's sequence clips
 * (p->clips, probed already). A source that cannot be probed counts for
 * nothing (planning reports it). */
double vf_budget_media_bytes(const VfPlanEnv *env, const VfPlan *p, const VfTemplate *t);

#endif
