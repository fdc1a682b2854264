/* The plan's sound (VfPlan.mix, vidforge/mix.h): the template's `audio`
 * tracks, the base's own audio when it is mixed, ducking and loudness; and
 * the audio clips of the timeline, one audio track per mixer track. */
#ifndef VF_PLAN_AUDIOPLAN_H
#define VF_PLAN_AUDIOPLAN_H

#include "plan/plan.h"

/* Fills p->mix from t once p's input, duration, encoding and layers are
 * planned (tracks other stages added while planning layers count: the base's
 * audio then joins the mix too): each source resolved, checked against the
 * policy and probed. Returns 0,
 * VF_ERR_ASSET naming a missing, unreadable or silent ("has no audio")
 * source, VF_ERR_TEMPLATE (network sources turned off; a sample rate the
 * audio codec cannot take), VF_ERR_INTERNAL. */
int vf_plan_audio(const VfPlanEnv *env, VfPlan *p, const VfTemplate *t);

/* Appends a copy of *track to mix (it takes ownership of track->path,
 * track->id and track->keys, which must be malloc'd): how any stage that
 * plans sound (video layers, clip sequences) hands it to the mixer, while
 * planning its layers, before vf_plan_audio runs (which then mixes the base's
 * audio with it and sets mix->active, unless audio_codec is none). */
int vf_mix_add_track(VfMixPlan *mix, const VfMixTrack *track);

/* The timeline clip of mixer track i (an audio track's only clip). */
void vf_mix_track_clip(const VfPlan *p, int i, VfClip *c);

struct AVBPrint;
/* Appends the mix's tracks, ducking and loudness to bp (--dry-run). */
void vf_mix_describe(struct AVBPrint *bp, const VfMixPlan *mix);

/* Frees what vf_plan_audio and vf_mix_add_track allocated. */
void vf_plan_audio_clear(VfMixPlan *mix);

#endif
