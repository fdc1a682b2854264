/* Image sources that are not stills: animated images get their frames; a
 * video named as an image is refused. */
#ifndef VF_PLAN_ANIMIMAGE_H
#define VF_PLAN_ANIMIMAGE_H

#include "plan/rasterize.h"

/* For image overlay ov: *out NULL for a still image, else its frames
 * (malloc'd, owned by the caller; free with vf_plan_frames_free), looping
 * unless the overlay says "loop": false. VF_ERR_TEMPLATE (a video, with a
 * hint to use "type": "video"; outside the readable folders; frames over the
 * memory limit), VF_ERR_ASSET (missing, corrupt), VF_ERR_INTERNAL. */
int vf_plan_image_frames(const VfPlanCtx *pc, const VfTemplate *t, const VfOverlay *ov,
                         VfFrameSeq **out);

void vf_plan_frames_free(VfFrameSeq **s);

/* VF_ERR_ASSET (naming pointer and path) for an animated WebP whose chunks
 * do not parse (truncated, malformed); 0 for anything else. */
int vf_plan_image_decodable(const char *path, const char *pointer);

#endif
