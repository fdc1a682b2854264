/* The output format's part of the plan: which row of the formats table the
 * render writes, and what that asks of the encoding (codec and audio it can
 * carry, alpha, the pixels the graph ends in, GIF's caps). */
#ifndef VF_PLAN_OUTPUTPLAN_H
#define VF_PLAN_OUTPUTPLAN_H

#include "media/formats.h"
#include "vidforge/model.h"
#include "vidforge/plan.h"

/* encoding.format's row, else the row of the target's extension (else of the
 * template's "output"), else mp4's. Never NULL. */
const VfFormat *vf_plan_format(const VfTemplate *t);

/* The codec table name the video is encoded with: encoding.codec, else the
 * output preset's, else the format's default. */
const char *vf_plan_codec_name(const VfTemplate *t);

/* Caps p's frame rate at encoding.gif.fps when the format is GIF. */
void vf_plan_output_rate(VfPlan *p, const VfTemplate *t);

/* Checks the resolved encoding against the format and fills the format's
 * fields of p->encoding (format, pix_fmt, alpha, blend_fmt, width, height,
 * GIF's loop and dither). Returns 0, or VF_ERR_TEMPLATE naming the JSON
 * pointer of the choice that cannot be written (a codec or audio codec the
 * format does not carry, a transparent background in a format or codec
 * without alpha, encoding.format against the output's extension). */
int vf_plan_output(VfPlan *p, const VfTemplate *t);

#endif
