/* Rendering a template written by a test: load, plan, render, in one call. */
#ifndef VF_TEST_RENDER_H
#define VF_TEST_RENDER_H

#include "plan/plan.h"
#include "render/render.h"
#include "vidforge/plan.h"
#include "vidforge/vidforge.h"

/* The tests' engine: default settings, no disk cache, messages dropped.
 * Created on first use, kept for the life of the test program. */
VfEngine *vf_test_engine(void);

/* Its limits, its font lookup, and what planning borrows from it. */
VfFontLookup *vf_test_fonts(void);
const VfLimits *vf_test_limits(void);
const VfPlanEnv *vf_test_env(void);

/* Writes json to TMP/name.json, loads and plans it with the tests' engine.
 * Returns the plan (free with vf_plan_free), or NULL after recording a failed
 * CHECK that names the first finding or the error. */
VfPlan *vf_test_plan(const char *name, const char *json);

/* Writes json to TMP/name.json, renders it to out and returns its plan
 * (caller frees with vf_plan_free), or NULL after recording a failed CHECK. */
VfPlan *vf_test_render(const char *name, const char *json, const char *out);

#endif
