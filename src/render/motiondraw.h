/* Drawing a clip that changes every frame (keyframes, rotation, animated
 * images, keyframed shape sizes) into its canvas (VfClip.canvas_*): the
 * picture at its pose for output frame n, scaled and turned about its box
 * centre with bilinear sampling, onto a transparent canvas-sized frame that
 * the overlay filter places at the canvas's even-aligned corner. Exact to
 * the sub-pixel; the cost is the canvas (clipped to the frame). */
#ifndef VF_RENDER_MOTIONDRAW_H
#define VF_RENDER_MOTIONDRAW_H

#include <stdint.h>

#include "vidforge/plan.h"

typedef struct VfMotionFeed VfMotionFeed;

/* p, c and l are borrowed and must outlive the feed. 0 or VF_ERR_INTERNAL. */
int vf_motion_feed_create(VfMotionFeed **out, const VfPlan *p, const VfClip *c,
                          const VfPlanLayer *l);

/* What decides frame n's pixels beside the in/out animation's state,
 * quantized below what 8-bit pixels show: equal keys, equal pixels. */
#define VF_MOTION_KEY_SIZE 8
void vf_motion_feed_key(VfMotionFeed *f, int64_t n, int key[VF_MOTION_KEY_SIZE]);

/* Draws frame n into dst (canvas_w x canvas_h RGBA, straight alpha,
 * linesize bytes a row). 0 or VF_ERR_INTERNAL. */
int vf_motion_feed_draw(VfMotionFeed *f, int64_t n, uint8_t *dst, int linesize);

void vf_motion_feed_free(VfMotionFeed **f);

#endif
