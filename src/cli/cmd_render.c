/* `vidforge render` and `vidforge validate`: template in, video (or findings) out. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include "cli/cli.h"
#include "plan/plan.h"
#include "render/graph.h"
#include "template/template.h"
#include "util/path.h"
#include "vidforge/error.h"
#include "vidforge/vidforge.h"

typedef struct RenderArgs {
    const char *template_path;
    const char *output;
    VfVarSet vars;
    const char *vars_file;
    int overwrite, dry_run, json_format;
    VfProgressMode progress;
} RenderArgs;

enum { OPT_VAR = 256, OPT_VARS, OPT_PROGRESS, OPT_DRY_RUN, OPT_FORMAT };

static const struct option long_options[] = {
    { "output", required_argument, NULL, 'o' },
    { "var", required_argument, NULL, OPT_VAR },
    { "vars", required_argument, NULL, OPT_VARS },
    { "overwrite", no_argument, NULL, 'y' },
    { "progress", required_argument, NULL, OPT_PROGRESS },
    { "dry-run", no_argument, NULL, OPT_DRY_RUN },
    { "format", required_argument, NULL, OPT_FORMAT },
    { "quiet", no_argument, NULL, 'q' },
    { "verbose", no_argument, NULL, 'v' },
    { NULL, 0, NULL, 0 },
};

static int usage_error(const char *cmd, const char *what)
{
    fprintf(stderr, "vidforge: %s (see vidforge help %s)\n", what, cmd);
    return 2;
}

static int parse_option(RenderArgs *a, const char *cmd, int c)
{
    char msg[256];
    switch (c) {
    case 'o': a->output = optarg; return 0;
    case 'y': a->overwrite = 1; return 0;
    case 'q':
    case 'v': return 0; /* read by main before dispatch */
    case OPT_VAR: return vf_cli_add_var(&a->vars, optarg);
    case OPT_VARS: a->vars_file = optarg; return 0;
    case OPT_DRY_RUN: a->dry_run = 1; return 0;
    case OPT_PROGRESS:
        if (vf_cli_progress_mode(optarg, &a->progress) == 0)
            return 0;
        snprintf(msg, sizeof(msg), "--progress must be auto, bar, json or none, not \"%s\"", optarg);
        return usage_error(cmd, msg);
    case OPT_FORMAT:
        if (!strcmp(optarg, "json") || !strcmp(optarg, "text")) {
            a->json_format = !strcmp(optarg, "json");
            return 0;
        }
        return usage_error(cmd, "--format must be text or json");
    default: return usage_error(cmd, "invalid option");
    }
}

static int parse_args(RenderArgs *a, int argc, char **argv, const char *shortopts)
{
    const char *cmd = argv[0];
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, shortopts, long_options, NULL)) != -1) {
        if (c == '?' || c == ':') {
            char msg[256];
            snprintf(msg, sizeof(msg), "%s option %s", c == ':' ? "missing value for" : "unknown",
                     argv[optind - 1]);
            return usage_error(cmd, msg);
        }
        int ret = parse_option(a, cmd, c);
        if (ret)
            return ret;
    }
    if (optind != argc - 1)
        return usage_error(cmd, optind >= argc ? "missing TEMPLATE" : "expected one TEMPLATE");
    a->template_path = argv[optind];
    return 0;
}

/* Variables: --vars file first, then --var (which wins). */
static int collect_vars(RenderArgs *a, VfVarSet *out)
{
    int ret = a->vars_file ? vf_cli_add_vars_file(out, a->vars_file) : 0;
    for (int i = 0; !ret && i < a->vars.count; i++)
        ret = vf_vars_set(out, a->vars.names[i], a->vars.values[i]) < 0 ? 1 : 0;
    return ret;
}

static int load_template(RenderArgs *a, VfTemplate **t, int print_json)
{
    VfVarSet vars = { 0 };
    VfDiagList diags = { 0 };
    int code = collect_vars(a, &vars);
    if (code)
        goto done;
    int ret = vf_template_load(a->template_path, &vars, &diags, t);
    if (print_json) {
        cJSON *arr = cJSON_CreateArray();
        for (int i = 0; i < diags.count; i++) {
            const VfDiag *d = &diags.items[i];
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
    } else {
        vf_cli_print_diags(&diags);
    }
    code = ret == VF_ERR_TEMPLATE ? 2 : ret < 0 ? vf_cli_fail(ret) : 0;
done:
    vf_diag_list_clear(&diags);
    vf_vars_clear(&vars);
    return code;
}

int vf_cmd_validate(int argc, char **argv)
{
    RenderArgs a = { 0 };
    VfTemplate *t = NULL;
    int code = parse_args(&a, argc, argv, "qv");
    if (!code)
        code = load_template(&a, &t, a.json_format);
    vf_template_free(&t);
    vf_vars_clear(&a.vars);
    return code;
}

/* -o, else the template's output (relative to its folder), else NAME.mp4 here. */
static char *output_path(const RenderArgs *a, const VfTemplate *t)
{
    if (a->output)
        return strdup(a->output);
    if (t->output)
        return vf_path_join(t->dir, t->output);
    char *stem = vf_path_stem(a->template_path);
    size_t n = stem ? strlen(stem) + 5 : 0;
    char *out = stem ? malloc(n) : NULL;
    if (out)
        snprintf(out, n, "%s.mp4", stem);
    free(stem);
    return out;
}

static int dry_run(const VfPlan *plan, const char *out)
{
    char *desc = vf_plan_describe(plan);
    VfInputVideo iv = { .width = -1, .sar = { 1, 1 } }; /* unknown: show the full chain */
    char *graph = vf_graph_describe_video(plan, plan->input ? &iv : NULL);
    printf("%soutput file: %s\nfilter graph:\n%s\n", desc ? desc : "", out, graph ? graph : "");
    if (plan->input_has_audio) {
        char *agraph = vf_graph_describe_audio();
        printf("audio graph:\n%s\n", agraph ? agraph : "");
        free(agraph);
    }
    free(desc);
    free(graph);
    return 0;
}

static void print_done(const char *out, const VfRenderResult *res)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "event", "done");
    cJSON_AddStringToObject(o, "output", out);
    cJSON_AddNumberToObject(o, "seconds", res->seconds);
    cJSON_AddNumberToObject(o, "frames", (double)res->frames);
    cJSON_AddStringToObject(o, "encoder", res->encoder);
    char *s = cJSON_PrintUnformatted(o);
    printf("%s\n", s ? s : "");
    fflush(stdout);
    cJSON_free(s);
    cJSON_Delete(o);
}

static int render(RenderArgs *a, const VfTemplate *t)
{
    VfPlan *plan = NULL;
    char *out = output_path(a, t);
    int ret = out ? vf_plan_create(t, &plan) : VF_ERR_INTERNAL;
    int code = ret < 0 ? vf_cli_fail(ret) : 0;
    if (!code && a->dry_run) {
        code = dry_run(plan, out);
    } else if (!code) {
        VfProgressMode mode = a->progress;
        if (mode == VF_PROGRESS_AUTO)
            mode = isatty(STDERR_FILENO) ? VF_PROGRESS_BAR : VF_PROGRESS_NONE;
        VfRenderOptions o = { out, a->overwrite,
                              mode == VF_PROGRESS_BAR ? vf_cli_progress_bar
                              : mode == VF_PROGRESS_JSON ? vf_cli_progress_json : NULL, NULL };
        VfRenderResult res = { 0 };
        ret = vf_render(plan, &o, &res);
        vf_cli_progress_end(mode);
        code = ret < 0 ? vf_cli_fail(ret) : 0;
        if (!code && mode == VF_PROGRESS_JSON)
            print_done(out, &res);
    }
    vf_plan_free(&plan);
    free(out);
    return code;
}

int vf_cmd_render(int argc, char **argv)
{
    RenderArgs a = { 0 };
    VfTemplate *t = NULL;
    int code = parse_args(&a, argc, argv, "o:yqv");
    if (!code)
        code = load_template(&a, &t, 0);
    if (!code)
        code = render(&a, t);
    vf_template_free(&t);
    vf_vars_clear(&a.vars);
    return code;
}
