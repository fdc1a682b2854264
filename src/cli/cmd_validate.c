/* `vidforge validate`: every finding in a template, nothing rendered. Runs in
 * the engine: the overlays are laid out and the render's memory estimated by
 * the very checks render makes before drawing (vf_plan_check). */
#include "cli/args.h"
#include "plan/plan.h"

int vf_cmd_validate(int argc, char **argv)
{
    VfCliArgs a = { 0 };
    VfTemplate *t = NULL;
    int code = vf_cli_parse_args(&a, argc, argv, "qv");
    if (!code)
        code = vf_cli_load_template(&a, &t, a.json_format);
    if (!code) {
        int ret = vf_plan_check(t);
        code = ret < 0 ? vf_cli_fail(ret) : 0;
    }
    vf_template_free(&t);
    vf_cli_args_clear(&a);
    return code;
}

