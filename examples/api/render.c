/* Renders a template with vidforge's library API, using only the public
 * headers of include/vidforge/:
 *
 *     api-render TEMPLATE.json OUT.mp4 [NAME=VALUE]...
 *
 * Prints the template's findings, the plan, then renders; exits with the
 * code the vidforge command would use. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vidforge/error.h"
#include "vidforge/vidforge.h"

static void print_log(void *opaque, VfLogLevel level, const char *msg)
{
    (void)opaque;
    fprintf(stderr, "api-render: %s%s\n", vf_log_level_prefix(level), msg);
}

static void print_findings(const VfDiagList *diags)
{
    char line[1024];
    for (int i = 0; i < diags->count; i++) {
        vf_diag_format(&diags->items[i], line, sizeof(line));
        fprintf(stderr, "%s\n", line);
    }
}

/* NAME=VALUE arguments as variables (pointing into argv). */
static int parse_vars(int argc, char **argv, VfVariable *vars)
{
    int n = 0;
    for (int i = 0; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq)
            return -1;
        *eq = '\0';
        vars[n++] = (VfVariable){ argv[i], eq + 1 };
    }
    return n;
}

static int fail(const char *what, int err)
{
    fprintf(stderr, "api-render: %s: %s\n", what, vf_error_message());
    return vf_error_exit_code(err);
}

int main(int argc, char **argv)
{
    VfVariable vars[32];
    int nb_vars = argc >= 3 && argc - 3 <= 32 ? parse_vars(argc - 3, argv + 3, vars) : -1;
    if (nb_vars < 0) {
        fprintf(stderr, "usage: api-render TEMPLATE.json OUT.mp4 [NAME=VALUE]...\n");
        return 2;
    }
    VfEngineSettings settings;
    vf_engine_default_settings(&settings);
    settings.log = print_log;
    VfEngine *engine = NULL;
    VfTemplate *t = NULL;
    VfPlan *plan = NULL;
    VfDiagList findings = { 0 };
    int code = 0, ret = vf_engine_create(&engine, &settings);
    if (ret < 0)
        return fail("engine", ret);
    ret = vf_engine_load(engine, argv[1], vars, nb_vars, &findings, &t);
    print_findings(&findings);
    if (ret < 0)
        code = fail(argv[1], ret);
    if (!code && (ret = vf_engine_plan(engine, t, &plan)) < 0)
        code = fail("plan", ret);
    if (!code) {
        char *text = vf_plan_describe(plan);
        printf("%s", text ? text : "");
        free(text);
        VfRenderOptions o = { .output = argv[2], .overwrite = 1 };
        VfRenderResult res;
        if ((ret = vf_engine_render(engine, plan, &o, &res)) < 0)
            code = fail("render", ret);
        else
            printf("rendered %lld frames with %s in %.2f s\n", (long long)res.frames,
                   res.encoder, res.seconds);
    }
    vf_plan_free(&plan);
    vf_template_free(&t);
    vf_diag_list_clear(&findings);
    vf_engine_free(&engine);
    return code;
}
