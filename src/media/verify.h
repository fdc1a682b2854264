/* Checking a written file against its plan. */
#ifndef VF_MEDIA_VERIFY_H
#define VF_MEDIA_VERIFY_H

#include "media/probe.h"
#include "vidforge/plan.h"

/* Compares what a probe of the output found with the plan: a video stream of
 * plan->encoding.family ("h264", "hevc", whichever encoder ran), the planned
 * size and frame rate, duration and frame count within one frame; audio
 * present exactly when planned, of plan->encoding.audio_family.
 * Returns 0, or VF_ERR_OUTPUT with a sentence saying what differs. */
int vf_verify_probe(const VfProbe *probe, const VfPlan *plan);

/* Probes path and checks it with vf_verify_probe. Returns 0, or
 * VF_ERR_OUTPUT (also when path cannot be read back). */
int vf_verify_output(const char *path, const VfPlan *plan);

#endif
