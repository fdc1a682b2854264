/* `vidforge validate`: every finding in a template, nothing rendered. */
#include "cli/args.h"

int vf_cmd_validate(int argc, char **argv)
{
    VfCliArgs a = { 0 };
    VfTemplate *t = NULL;
    int code = vf_cli_parse_args(&a, argc, argv, "qv");
    if (!code)
        code = vf_cli_load_template(&a, &t, a.json_format);
    vf_template_free(&t);
    vf_cli_args_clear(&a);
    return code;
}

