/* Checking a written file against its plan. */
#ifndef VF_MEDIA_VERIFY_H
#define VF_MEDIA_VERIFY_H

#include "vidforge/plan.h"

/* Probes path and compares it with the plan: container readable, a video
 * stream of codec_family ("h264", "hevc"), the planned size and frame rate,
 * duration within one frame, audio present exactly when planned.
 * Returns 0, or VF_ERR_OUTPUT with a sentence saying what differs. */
int vf_verify_output(const char *path, const VfPlan *plan, const char *codec_family);

#endif
