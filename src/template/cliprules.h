/* Rules of video layers and clip sequences that involve more than one key
 * (checked after reading; cliprules.c). */
#ifndef VF_TEMPLATE_CLIPRULES_H
#define VF_TEMPLATE_CLIPRULES_H

#include "template/schema.h"
#include "vidforge/model.h"

/* Reports every finding about video.clips, timeline.clip anchors and video
 * layers' trims into ctx; returns 0 or VF_ERR_INTERNAL. */
int vf_template_check_clips(VfSchemaCtx *ctx, const VfTemplate *t);

/* Frees video.clips and what it owns; v->clips is NULL afterwards. */
void vf_template_free_clips(VfVideo *v);

#endif
