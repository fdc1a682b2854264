/* The files a template makes a render read, in the order it opens them, and
 * the checks render makes on each before decoding anything. */
#ifndef VF_PLAN_ASSETS_H
#define VF_PLAN_ASSETS_H

#include "plan/plan.h"
#include "vidforge/assets.h"
#include "vidforge/diag.h"

/* Calls fn for the template, its input, each image and each font (fallbacks
 * included; family names resolved through env->fonts). deep: also check each
 * as render would before decoding (allowed folder, scheme, exists, readable,
 * size, and of the right kind by its header: media and images opened by
 * libavformat, fonts by FreeType); the finding is in the asset's error and
 * message. Without deep, error is set only when a font cannot be resolved.
 * Returns 0, fn's negative return, or VF_ERR_INTERNAL. */
int vf_plan_assets(const VfPlanEnv *env, const VfTemplate *t, int deep, VfAssetFn fn,
                   void *opaque);

/* Appends to diags a warning for each overlay whose box lies entirely outside
 * the frame, or partly outside the title-safe area (the middle 80% of each
 * side), naming its id; frame size as vf_plan_check takes it, the input's
 * when in is given. Returns 0 or VF_ERR_INTERNAL; a layout that fails (a
 * missing font) is skipped. */
struct VfProbe;
int vf_plan_check_placement(const VfPlanEnv *env, const VfTemplate *t, const struct VfProbe *in,
                            VfDiagList *diags);

#endif
