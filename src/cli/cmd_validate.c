/* `vidforge validate`: every finding in a template, nothing rendered. */
#include "cli/args.h"

int vf_cmd_validate_with(int argc, char **argv,
                         int (*check_plan)(const VfCliArgs *a, const VfTemplate *t))
{
    VfCliArgs a = { 0 };
    VfTemplate *t = NULL;
    int code = vf_cli_parse_args(&a, argc, argv, "qv");
    if (!code)
        code = vf_cli_load_template(&a, &t, a.json_format);
    if (!code && check_plan) {
        int ret = check_plan(&a, t);
        code = ret < 0 ? vf_cli_fail(ret) : 0;
    }
    vf_template_free(&t);
    vf_cli_args_clear(&a);
    return code;
}

int vf_cmd_validate(int argc, char **argv)
{
    return vf_cmd_validate_with(argc, argv, NULL);
}
