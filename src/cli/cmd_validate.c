/* `vidforge validate`: every finding in a template, nothing rendered. */
#include <stdio.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/remote.h"
#include "vidforge/error.h"

/* The exit code of findings: 2 with an error among them, or with a warning
 * under --strict. */
static int findings_code(const VfCliArgs *a, const VfDiagList *d)
{
    return d->nb_errors || (a->strict && d->count) ? VF_EXIT_USAGE : 0;
}

int vf_cmd_validate_checks(int argc, char **argv, const VfValidateChecks *checks)
{
    VfCliArgs a = { 0 };
    VfTemplate *t = NULL;
    VfDiagList diags = { 0 };
    VfCliRemote remote = { 0 };
    int err = 0, code = vf_cli_parse_args(&a, argc, argv, "qv");
    if (!code && checks && checks->remote_begin)
        code = checks->remote_begin(&a, &remote);
    if (!code && a.rows && checks && checks->rows) {
        code = checks->rows(&a);
        goto done;
    }
    if (!code)
        code = vf_cli_load_quiet(&a, &t, &diags, &err);
    if (code && code != VF_EXIT_USAGE) { /* not findings: the file, a --vars file */
        code = code == -1 ? vf_cli_fail(err) : code;
        goto done;
    }
    if (!code && checks && checks->assets && !a.schema_only) {
        err = checks->assets(&a, t, &diags);
        code = err < 0 ? vf_error_exit_code(err) : 0;
    }
    code = code ? code : findings_code(&a, &diags);
    vf_cli_print_findings(&diags, a.json_format);
    if (!code && checks && checks->layout) {
        int ret = checks->layout(&a, t);
        code = ret < 0 ? vf_cli_fail(ret) : 0;
    }
done:
    if (checks && checks->remote_clear)
        checks->remote_clear(&remote);
    vf_diag_list_clear(&diags);
    vf_template_free(&t);
    vf_cli_args_clear(&a);
    return code;
}

int vf_cmd_validate_with(int argc, char **argv,
                         int (*check_plan)(const VfCliArgs *a, const VfTemplate *t))
{
    VfValidateChecks checks = { check_plan, NULL, NULL, NULL, NULL };
    return vf_cmd_validate_checks(argc, argv, &checks);
}

int vf_cmd_validate(int argc, char **argv)
{
    return vf_cmd_validate_with(argc, argv, NULL);
}
