/* The base video's way into the output frame: turned upright (display
 * matrix), square pixels (sample aspect ratio), colours into 8-bit BT.709
 * (tone-mapped when HDR), then fitted (contain, cover, stretch, blur). */
#ifndef VF_RENDER_FIT_H
#define VF_RENDER_FIT_H

#include <libavutil/bprint.h>

#include "media/input.h"
#include "vidforge/plan.h"

/* Appends ",filter,..." to a chain whose last output is the decoded base,
 * ending with a W x H yuv420p picture with square pixels. */
void vf_fit_describe(AVBPrint *bp, const VfPlan *p, const VfInputVideo *iv);

/* The scaled picture size and position in the frame for the plan's fit,
 * for an input shown at dw x dh (display pixels). Exposed for tests. */
void vf_fit_box(const VfPlan *p, double dw, double dh, int *sw, int *sh, int *x, int *y);

#endif
