/* Command-line arguments of render/validate and template loading. */
#include "cli/args.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli/options.h"
#include "vidforge/error.h"
#include "vidforge/policy.h"

static const struct {
    const char *name;
    VfProgressMode mode;
} modes[] = {
    { "auto", VF_PROGRESS_AUTO }, { "bar", VF_PROGRESS_BAR },
    { "json", VF_PROGRESS_JSON }, { "none", VF_PROGRESS_NONE },
};

int vf_cli_progress_mode(const char *s, VfProgressMode *mode)
{
    for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
        if (!strcmp(s, modes[i].name)) {
            *mode = modes[i].mode;
            return 0;
        }
    }
    return -1;
}

static int usage_error(const char *cmd, const char *what)
{
    fprintf(stderr, "vidforge: %s (see vidforge help %s)\n", what, cmd);
    return VF_EXIT_USAGE;
}

/* getopt's view of the option table: one entry per name, val = 256 + the
 * index of its first row. */
static void build_getopt(struct option *longs, char *shorts)
{
    int n = 0, ns = 0;
    for (int i = 0; i < vf_cli_nb_options && n < VF_CLI_MAX_OPTIONS; i++) {
        const VfCliOption *o = &vf_cli_options[i];
        int seen = 0;
        for (int j = 0; j < n && !seen; j++)
            seen = !strcmp(longs[j].name, o->name);
        if (seen)
            continue;
        int has = !o->arg ? no_argument : o->arg[0] == '[' ? optional_argument
                                                           : required_argument;
        longs[n++] = (struct option){ o->name, has, NULL, 256 + i };
        if (o->short_name) {
            shorts[ns++] = o->short_name;
            if (has == required_argument)
                shorts[ns++] = ':';
        }
    }
    longs[n] = (struct option){ NULL, 0, NULL, 0 };
    shorts[ns] = '\0';
}

/* The row getopt's c stands for (a short option's, or 256 + index). */
static const VfCliOption *row_of(int c)
{
    if (c >= 256)
        return &vf_cli_options[c - 256];
    for (int i = 0; i < vf_cli_nb_options; i++)
        if (vf_cli_options[i].short_name == c)
            return &vf_cli_options[i];
    return NULL;
}

/* An optional value ("[a|b]") may also be the next word when it is one of
 * the words listed. */
static const char *optional_value(const VfCliOption *o, int argc, char **argv)
{
    if (optarg || optind >= argc)
        return optarg;
    const char *w = argv[optind], *list = o->arg + 1;
    size_t n = strlen(w);
    for (const char *p = list; n && (p = strstr(p, w)); p += n)
        if ((p[-1] == '[' || p[-1] == '|') && (p[n] == '|' || p[n] == ']'))
            return argv[optind++];
    return NULL;
}

static int apply_option(VfCliArgs *a, const char *cmd, int c, int argc, char **argv)
{
    const VfCliOption *first = row_of(c);
    int known;
    const VfCliOption *o = first ? vf_cli_option_find(first->name, cmd, &known) : NULL;
    if (!o) {
        char msg[256];
        snprintf(msg, sizeof(msg), "--%s does not apply to %s", first ? first->name : "?", cmd);
        return usage_error(cmd, msg);
    }
    const char *v = o->arg && o->arg[0] == '[' ? optional_value(o, argc, argv) : optarg;
    return o->set(a, cmd, v, o->field);
}

int vf_cli_parse_args(VfCliArgs *a, int argc, char **argv, const char *shortopts)
{
    (void)shortopts; /* the table says which short options exist */
    const char *cmd = argv[0];
    struct option longs[VF_CLI_MAX_OPTIONS + 1];
    char shorts[2 * VF_CLI_MAX_OPTIONS + 2];
    shorts[0] = ':';
    build_getopt(longs, shorts + 1);
    a->at = -1;
    a->log_level = VF_LOG_NOTICE;
    vf_policy_init(&a->policy);
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        if (c == '?' || c == ':') {
            char msg[256];
            snprintf(msg, sizeof(msg), "%s option %s", c == ':' ? "missing value for" : "unknown",
                     argv[optind - 1]);
            return usage_error(cmd, msg);
        }
        int ret = apply_option(a, cmd, c, argc, argv);
        if (ret)
            return ret;
    }
    if (optind != argc - 1)
        return usage_error(cmd, optind >= argc ? "missing TEMPLATE" : "expected one TEMPLATE");
    a->template_path = argv[optind];
    return 0;
}

/* Variables: --vars file first, then --var (which wins). */
int vf_cli_collect_vars(VfCliArgs *a, VfVarSet *out)
{
    int ret = a->vars_file ? vf_cli_add_vars_file(out, a->vars_file, &a->policy.limits) : 0;
    for (int i = 0; !ret && i < a->vars.count; i++)
        ret = vf_vars_set(out, a->vars.names[i], a->vars.values[i]) < 0 ? 1 : 0;
    return ret;
}

int vf_cli_load_template(VfCliArgs *a, VfTemplate **t, int print_json)
{
    return vf_cli_load_template_why(a, t, print_json, NULL, 0);
}

/* The first error among the findings, or the failure's sentence. */
static void first_error(const VfDiagList *diags, int ret, char *why, size_t n)
{
    if (!why || !n)
        return;
    snprintf(why, n, "%s", ret == VF_ERR_TEMPLATE ? "" : vf_error_message());
    for (int i = 0; ret == VF_ERR_TEMPLATE && i < diags->count; i++) {
        if (!diags->items[i].severity) {
            vf_diag_format(&diags->items[i], why, n);
            return;
        }
    }
}

void vf_cli_print_findings(const VfDiagList *diags, int json)
{
    if (!json) {
        vf_cli_print_diags(diags);
        return;
    }
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < diags->count; i++) {
        const VfDiag *d = &diags->items[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "file", d->file);
        cJSON_AddNumberToObject(o, "line", d->line);
        cJSON_AddNumberToObject(o, "column", d->column);
        cJSON_AddStringToObject(o, "pointer", d->pointer);
        cJSON_AddStringToObject(o, "severity", d->severity ? "warning" : "error");
        cJSON_AddStringToObject(o, "message", d->message);
        cJSON_AddItemToArray(arr, o);
    }
    char *s = cJSON_Print(arr);
    printf("%s\n", s ? s : "[]");
    cJSON_free(s);
    cJSON_Delete(arr);
}

int vf_cli_load_quiet(VfCliArgs *a, VfTemplate **t, VfDiagList *diags, int *err)
{
    VfVarSet vars = { 0 };
    int code = vf_cli_collect_vars(a, &vars);
    int ret = code ? 0
             : a->template_text /* read already, from S3 */
                 ? vf_template_parse(&a->policy.limits, a->template_text, a->template_len,
                                     a->template_path, &vars, diags, t)
                 : vf_template_load(&a->policy.limits, a->template_path, &vars, diags, t);
    if (err)
        *err = ret;
    vf_vars_clear(&vars);
    return code ? code : ret == VF_ERR_TEMPLATE ? VF_EXIT_USAGE : ret < 0 ? -1 : 0;
}

int vf_cli_load_template_why(VfCliArgs *a, VfTemplate **t, int print_json, char *why,
                             size_t why_len)
{
    VfDiagList diags = { 0 };
    int ret = 0, code = vf_cli_load_quiet(a, t, &diags, &ret);
    if (code >= 0 && code != VF_EXIT_USAGE && code)
        return code; /* printed already */
    vf_cli_print_findings(&diags, print_json);
    code = code < 0 ? vf_cli_fail(ret) : code;
    if (code)
        first_error(&diags, ret, why, why_len);
    vf_diag_list_clear(&diags);
    return code;
}

void vf_cli_args_clear(VfCliArgs *a)
{
    vf_vars_clear(&a->vars);
    vf_policy_clear(&a->policy);
    free(a->output_folded);
    a->output_folded = NULL;
}
