/* One output frame, composited exactly as a render does (same graph, same
 * layer feed), without encoding: for `vidforge preview` and storyboards. */
#ifndef VF_RENDER_PREVIEW_H
#define VF_RENDER_PREVIEW_H

#include <stdint.h>

#include <libavutil/frame.h>

#include "vidforge/plan.h"

/* The output frame shown at t seconds: floor(t * fps), clamped to the last. */
int64_t vf_preview_frame_at(const VfPlan *p, double t);

/* Composites output frame n of plan p, seeking in the input instead of
 * decoding from the start. *out receives an RGB24 frame (BT.709 limited
 * range decoded the way players do); free with av_frame_free.
 * Returns 0, VF_ERR_ASSET (input unreadable) or VF_ERR_INTERNAL. */
int vf_preview_frame(const VfPlan *p, int64_t n, AVFrame **out);

#endif
