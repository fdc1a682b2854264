/* `vidforge validate`: every finding in a template, nothing rendered. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* Names the engine reads another way (s3://...): its remote_begin fetches them. */
static int remote_name(const char *s)
{
    return s && !strncasecmp(s, "s3://", 5);
}

/* Argument errors, a template that cannot be read and a template whose own
 * findings hold an error end vf_cmd_validate_checks before any file the
 * template names is checked or anything is laid out: what it prints then
 * comes from the code here alone. A copy of argv is parsed (getopt permutes
 * it), so the engine can be handed the original. */
int vf_cmd_validate_early(int argc, char **argv)
{
    char **copy = malloc(((size_t)argc + 1) * sizeof(*copy));
    if (!copy)
        return -1;
    memcpy(copy, argv, (size_t)argc * sizeof(*copy));
    copy[argc] = NULL;
    VfCliArgs a = { 0 };
    VfTemplate *t = NULL;
    VfDiagList diags = { 0 };
    int err = 0, code = vf_cli_parse_args(&a, argc, copy, "qv");
    if (!code && (a.rows || remote_name(a.template_path) || remote_name(a.vars_file)))
        code = -1; /* the engine's: --rows, s3:// reads */
    if (!code)
        code = vf_cli_load_quiet(&a, &t, &diags, &err);
    if (!code)
        code = -1; /* no error among the findings: the engine checks on */
    else if (code == VF_EXIT_USAGE) /* as vf_cmd_validate_checks ends then */
        vf_cli_print_findings(&diags, a.json_format);
    else if (code == -1 && err)
        code = vf_cli_fail(err);
    vf_diag_list_clear(&diags);
    vf_template_free(&t);
    vf_cli_args_clear(&a);
    free(copy);
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
