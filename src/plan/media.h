/* Video layers and clip sequences in the plan (plan_media.h): sources
 * checked and probed, trims and transitions checked against their lengths,
 * windows in output frames, overlays anchored to clips. */
#ifndef VF_PLAN_MEDIA_H
#define VF_PLAN_MEDIA_H

#include "media/probe.h"
#include "plan/rasterize.h"
#include "vidforge/model.h"
#include "vidforge/plan.h"

/* Checks and probes every clip of t->video.clips into p->clips (before the
 * frame size and rate are known). *first gets the first video clip's probe
 * (the frame size and rate default to it); *have_first says whether there
 * was one. 0, VF_ERR_ASSET (missing, unreadable or corrupt, naming the file),
 * VF_ERR_TEMPLATE (with the JSON pointer). */
int vf_plan_sequence_probe(const VfPlanCtx *pc, VfPlan *p, const VfTemplate *t, VfProbe *first,
                           int *have_first);

/* Lays the clips out in output frames (p's rate known): each clip starts
 * where the one before ends minus their transition; sets
 * p->sequence_duration. VF_ERR_TEMPLATE when a transition is longer than
 * either neighbour. */
int vf_plan_sequence_layout(VfPlan *p);

/* Plans every video layer of t into p->videos (frame size, rate and length
 * known). Same errors as vf_plan_sequence_probe. */
int vf_plan_videos(const VfPlanCtx *pc, VfPlan *p, const VfTemplate *t);

/* Hands the sound of every sequence clip and video layer that keeps it to
 * the mixer (p->mix, src/plan/audioplan.h), before vf_plan_audio. Returns 0
 * or VF_ERR_INTERNAL. */
int vf_plan_media_sound(VfPlan *p);

/* A copy of t's overlays (shallow: strings shared with t) with start and end
 * of those anchored to a clip (timeline.clip) moved by that clip's start.
 * Returns NULL on OOM; free with free(). */
VfOverlay *vf_plan_anchor_overlays(const VfPlan *p, const VfTemplate *t);

/* The box of video layer ov before placing (size x scale, or the source's
 * display size x scale): for the memory estimate. 0 or VF_ERR_ASSET. */
int vf_plan_video_box(const VfPlanEnv *env, const VfTemplate *t, const VfOverlay *ov, int *w,
                      int *h);

/* Appends one line per clip and video layer to bp (--dry-run). */
struct AVBPrint;
void vf_plan_describe_media(struct AVBPrint *bp, const VfPlan *p);

/* Frees p->videos and p->clips. */
void vf_plan_media_free(VfPlan *p);

#endif
