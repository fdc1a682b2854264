#include <stdio.h>
#include "check.h"
#include "plan/plan.h"
#include "render.h"
#include "template/template.h"
#include "tmpfile.h"
#include "vidforge/error.h"
#include "vidforge/vidforge.h"

VfPlan *vf_test_render(const char *name, const char *json, const char *out)
{
    char file[128];
    snprintf(file, sizeof(file), "%s.json", name);
    const char *path = vf_tmp_write(file, json);
    VfDiagList d = { 0 };
    VfTemplate *t = NULL;
    VfPlan *plan = NULL;
    vf_error_clear();
    int ret = vf_template_load(path, NULL, &d, &t);
    if (ret >= 0)
        ret = vf_plan_create(t, &plan);
    VfRenderOptions o = { .output = out, .overwrite = 1 };
    if (ret >= 0)
        ret = vf_render(plan, &o, NULL);
    CHECK(ret == 0, "%s renders: %s (%d findings)", name, vf_error_message(), d.count);
    vf_template_free(&t);
    vf_diag_list_clear(&d);
    if (ret < 0)
        vf_plan_free(&plan);
    return plan;
}
