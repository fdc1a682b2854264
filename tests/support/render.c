#include <stdio.h>
#include "check.h"
#include "plan/plan.h"
#include "render.h"
#include "template/template.h"
#include "tmpfile.h"
#include "vidforge/error.h"
#include "vidforge/vidforge.h"

#include "engine/engine.h"

VfEngine *vf_test_engine(void)
{
    static VfEngine *engine;
    if (!engine) {
        VfEngineSettings s;
        vf_engine_default_settings(&s);
        CHECK(vf_engine_create(&engine, &s) == 0, "test engine: %s", vf_error_message());
    }
    return engine;
}

const VfLimits *vf_test_limits(void)
{
    return &vf_test_engine()->policy.limits;
}

VfFontLookup *vf_test_fonts(void)
{
    return vf_test_engine()->fonts;
}

const VfPlanEnv *vf_test_env(void)
{
    static VfPlanEnv env;
    env = vf_engine_plan_env(vf_test_engine());
    return &env;
}

VfPlan *vf_test_plan(const char *name, const char *json)
{
    char file[128];
    snprintf(file, sizeof(file), "%s.json", name);
    VfTemplate *t = NULL;
    VfPlan *p = NULL;
    VfDiagList d = { 0 };
    vf_error_clear();
    int ret = vf_template_load(vf_test_limits(), vf_tmp_write(file, json), NULL, &d, &t);
    if (ret >= 0)
        ret = vf_plan_create(vf_test_env(), t, &p);
    CHECK(ret == 0, "%s plans: %s", name, d.count ? d.items[0].message : vf_error_message());
    vf_template_free(&t);
    vf_diag_list_clear(&d);
    return p;
}

VfPlan *vf_test_render(const char *name, const char *json, const char *out)
{
    char file[128];
    snprintf(file, sizeof(file), "%s.json", name);
    const char *path = vf_tmp_write(file, json);
    VfDiagList d = { 0 };
    VfTemplate *t = NULL;
    VfPlan *plan = NULL;
    vf_error_clear();
    int ret = vf_template_load(vf_test_limits(), path, NULL, &d, &t);
    if (ret >= 0)
        ret = vf_plan_create(vf_test_env(), t, &plan);
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
