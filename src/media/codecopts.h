/* Settings that belong to one encoder: a row per encoder whose knobs differ
 * from x264's (VP9's constant quality and speed, SVT-AV1's preset number,
 * ProRes's profile). */
#ifndef VF_MEDIA_CODECOPTS_H
#define VF_MEDIA_CODECOPTS_H

#include <libavcodec/avcodec.h>

#include "vidforge/plan.h"

/* Applies the row of c's encoder (if any) to c before it is opened; preset
 * is the plan's speed preset in x264's words, or NULL. */
void vf_codec_tune(AVCodecContext *c, const VfPlanEncoding *e, const char *preset);

#endif
