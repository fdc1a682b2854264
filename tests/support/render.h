/* Rendering a template written by a test: load, plan, render, in one call. */
#ifndef VF_TEST_RENDER_H
#define VF_TEST_RENDER_H

#include "vidforge/plan.h"

/* Writes json to TMP/name.json, renders it to out and returns its plan
 * (caller frees with vf_plan_free), or NULL after recording a failed CHECK. */
VfPlan *vf_test_render(const char *name, const char *json, const char *out);

#endif
