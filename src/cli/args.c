/* Command-line arguments of render/validate and template loading. */
#include "cli/args.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

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

enum { OPT_VAR = 256, OPT_VARS, OPT_PROGRESS, OPT_DRY_RUN, OPT_FORMAT, OPT_AT, OPT_GUIDES,
       OPT_EVERY, OPT_AT_CHANGES, OPT_ROWS, OPT_JOBS, OPT_SHARD, OPT_RESULTS, OPT_FORCE,
       OPT_FAIL_FAST, OPT_ALLOW_PATH, OPT_NO_NETWORK, OPT_LIMIT, OPT_CACHE_DIR, OPT_CACHE_SIZE,
       OPT_NO_CACHE, OPT_REPORT, OPT_MIN_PSNR, OPT_POSTER };

static const struct option long_options[] = {
    { "output", required_argument, NULL, 'o' },
    { "var", required_argument, NULL, OPT_VAR },
    { "vars", required_argument, NULL, OPT_VARS },
    { "overwrite", no_argument, NULL, 'y' },
    { "progress", required_argument, NULL, OPT_PROGRESS },
    { "dry-run", no_argument, NULL, OPT_DRY_RUN },
    { "format", required_argument, NULL, OPT_FORMAT },
    { "at", required_argument, NULL, OPT_AT },
    { "guides", no_argument, NULL, OPT_GUIDES },
    { "every", required_argument, NULL, OPT_EVERY },
    { "at-changes", no_argument, NULL, OPT_AT_CHANGES },
    { "rows", required_argument, NULL, OPT_ROWS },
    { "jobs", required_argument, NULL, OPT_JOBS },
    { "shard", required_argument, NULL, OPT_SHARD },
    { "results", required_argument, NULL, OPT_RESULTS },
    { "force", no_argument, NULL, OPT_FORCE },
    { "fail-fast", no_argument, NULL, OPT_FAIL_FAST },
    { "allow-path", required_argument, NULL, OPT_ALLOW_PATH },
    { "no-network", no_argument, NULL, OPT_NO_NETWORK },
    { "limit", required_argument, NULL, OPT_LIMIT },
    { "cache-dir", required_argument, NULL, OPT_CACHE_DIR },
    { "cache-size", required_argument, NULL, OPT_CACHE_SIZE },
    { "no-cache", no_argument, NULL, OPT_NO_CACHE },
    { "report", required_argument, NULL, OPT_REPORT },
    { "min-psnr", required_argument, NULL, OPT_MIN_PSNR },
    { "poster", required_argument, NULL, OPT_POSTER },
    { "quiet", no_argument, NULL, 'q' },
    { "verbose", no_argument, NULL, 'v' },
    { NULL, 0, NULL, 0 },
};

/* Which commands take which option: anything else is refused, not ignored. */
enum { C_RENDER = 1, C_PREVIEW = 2, C_STORYBOARD = 4, C_BATCH = 8, C_VALIDATE = 16,
       C_THUMBNAILS = 32 };
#define C_FRAMES (C_RENDER | C_PREVIEW | C_STORYBOARD | C_THUMBNAILS) /* commands that write */
#define C_PLAN (C_FRAMES | C_BATCH)                    /* commands that rasterize */
#define C_ALL (C_PLAN | C_VALIDATE)

static const struct {
    int opt;
    int commands;
} applies[] = {
    { 'o', C_PLAN }, { 'y', C_FRAMES }, { 'q', C_ALL }, { 'v', C_ALL },
    { OPT_VAR, C_ALL }, { OPT_VARS, C_ALL }, { OPT_PROGRESS, C_RENDER | C_BATCH },
    { OPT_DRY_RUN, C_RENDER }, { OPT_FORMAT, C_VALIDATE }, { OPT_AT, C_PREVIEW },
    { OPT_GUIDES, C_PREVIEW | C_STORYBOARD }, { OPT_EVERY, C_STORYBOARD | C_THUMBNAILS },
    { OPT_AT_CHANGES, C_STORYBOARD }, { OPT_ROWS, C_BATCH }, { OPT_JOBS, C_BATCH },
    { OPT_SHARD, C_BATCH }, { OPT_RESULTS, C_BATCH }, { OPT_FORCE, C_BATCH },
    { OPT_FAIL_FAST, C_BATCH }, { OPT_ALLOW_PATH, C_ALL }, { OPT_NO_NETWORK, C_ALL },
    { OPT_LIMIT, C_ALL }, { OPT_CACHE_DIR, C_PLAN }, { OPT_CACHE_SIZE, C_PLAN },
    { OPT_NO_CACHE, C_PLAN }, { OPT_REPORT, C_RENDER }, { OPT_MIN_PSNR, C_RENDER },
    { OPT_POSTER, C_RENDER },
};

static int command_bit(const char *cmd)
{
    static const char *const names[] = { "render", "preview", "storyboard", "batch", "validate",
                                         "thumbnails" };
    for (int i = 0; i < 6; i++)
        if (!strcmp(cmd, names[i]))
            return 1 << i;
    return C_ALL;
}

static int option_applies(const char *cmd, int opt)
{
    for (size_t i = 0; i < sizeof(applies) / sizeof(applies[0]); i++)
        if (applies[i].opt == opt)
            return (applies[i].commands & command_bit(cmd)) != 0;
    return 1;
}

static const char *option_name(int opt)
{
    for (const struct option *o = long_options; o->name; o++)
        if (o->val == opt)
            return o->name;
    return "?";
}

static int usage_error(const char *cmd, const char *what)
{
    fprintf(stderr, "vidforge: %s (see vidforge help %s)\n", what, cmd);
    return VF_EXIT_USAGE;
}

/* "256M", "2G", "500K", "1048576B"; a plain number is megabytes. */
static int parse_size(const char *s, int64_t *bytes)
{
    char *end;
    double v = strtod(s, &end);
    double unit = 1 << 20;
    if (*end == 'K' || *end == 'k')
        unit = 1 << 10;
    else if (*end == 'G' || *end == 'g')
        unit = 1 << 30;
    else if (*end == 'B' || *end == 'b')
        unit = 1;
    if (*end && *end != 'M' && *end != 'm' && unit == 1 << 20)
        return -1;
    if (end == s || (*end && end[1]) || !(v > 0) || v * unit > 1e15 || v * unit < 1)
        return -1;
    *bytes = (int64_t)(v * unit);
    return 0;
}

static int parse_option(VfCliArgs *a, const char *cmd, int c)
{
    char msg[256];
    switch (c) {
    case 'o': a->output = optarg; return 0;
    case 'y': a->overwrite = 1; return 0;
    case 'q': a->log_level = VF_LOG_WARNING; return 0;
    case 'v': a->log_level = VF_LOG_DEBUG; return 0;
    case OPT_VAR: return vf_cli_add_var(&a->vars, optarg);
    case OPT_VARS: a->vars_file = optarg; return 0;
    case OPT_DRY_RUN: a->dry_run = 1; return 0;
    case OPT_PROGRESS:
        if (vf_cli_progress_mode(optarg, &a->progress) == 0)
            return 0;
        snprintf(msg, sizeof(msg), "--progress must be auto, bar, json or none, not \"%s\"", optarg);
        return usage_error(cmd, msg);
    case OPT_AT:
    case OPT_EVERY: {
        char *end;
        double v = strtod(optarg, &end);
        if (end == optarg || *end || !(v >= 0) || v > 1e6 || (c == OPT_EVERY && v <= 0)) {
            snprintf(msg, sizeof(msg), "--%s needs a number of seconds%s, not \"%s\"",
                     c == OPT_AT ? "at" : "every", c == OPT_AT ? "" : " above 0", optarg);
            return usage_error(cmd, msg);
        }
        *(c == OPT_AT ? &a->at : &a->every) = v;
        return 0;
    }
    case OPT_GUIDES: a->guides = 1; return 0;
    case OPT_ROWS: a->rows = optarg; return 0;
    case OPT_SHARD: a->shard = optarg; return 0;
    case OPT_RESULTS: a->results = optarg; return 0;
    case OPT_FORCE: a->force = 1; return 0;
    case OPT_FAIL_FAST: a->fail_fast = 1; return 0;
    case OPT_NO_NETWORK: a->policy.network = 0; return 0;
    case OPT_ALLOW_PATH:
    case OPT_LIMIT: {
        vf_error_clear();
        int ret = c == OPT_LIMIT ? vf_limits_set(&a->policy.limits, optarg)
                                 : vf_policy_allow_path(&a->policy, optarg);
        return ret < 0 ? usage_error(cmd, vf_error_message()) : 0;
    }
    case OPT_JOBS: {
        char *end;
        long v = strtol(optarg, &end, 10);
        if (end == optarg || *end || v < 1 || v > 64) {
            snprintf(msg, sizeof(msg), "--jobs needs a number from 1 to 64, not \"%s\"", optarg);
            return usage_error(cmd, msg);
        }
        a->jobs = (int)v;
        return 0;
    }
    case OPT_AT_CHANGES: a->at_changes = 1; return 0;
    case OPT_CACHE_DIR: a->cache_dir = optarg; return 0;
    case OPT_NO_CACHE: a->no_cache = 1; return 0;
    case OPT_REPORT: a->report = optarg; return 0;
    case OPT_POSTER: a->poster = optarg; return 0;
    case OPT_CACHE_SIZE:
        if (parse_size(optarg, &a->cache_size) == 0)
            return 0;
        snprintf(msg, sizeof(msg), "--cache-size needs a size such as 256M, 2G or 500K "
                 "(a plain number is megabytes), not \"%s\"", optarg);
        return usage_error(cmd, msg);
    case OPT_MIN_PSNR: {
        char *end;
        double v = strtod(optarg, &end);
        if (end == optarg || *end || !(v > 0) || v > 200) {
            snprintf(msg, sizeof(msg), "--min-psnr needs decibels above 0, such as 35, not "
                     "\"%s\"", optarg);
            return usage_error(cmd, msg);
        }
        a->min_psnr = v;
        return 0;
    }
    case OPT_FORMAT:
        if (!strcmp(optarg, "json") || !strcmp(optarg, "text")) {
            a->json_format = !strcmp(optarg, "json");
            return 0;
        }
        return usage_error(cmd, "--format must be text or json");
    default: return usage_error(cmd, "invalid option");
    }
}

int vf_cli_parse_args(VfCliArgs *a, int argc, char **argv, const char *shortopts)
{
    const char *cmd = argv[0];
    a->at = -1;
    a->log_level = VF_LOG_NOTICE;
    vf_policy_init(&a->policy);
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
        if (!option_applies(cmd, c)) {
            char msg[256];
            snprintf(msg, sizeof(msg), "--%s does not apply to %s", option_name(c), cmd);
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
int vf_cli_collect_vars(VfCliArgs *a, VfVarSet *out)
{
    int ret = a->vars_file ? vf_cli_add_vars_file(out, a->vars_file, &a->policy.limits) : 0;
    for (int i = 0; !ret && i < a->vars.count; i++)
        ret = vf_vars_set(out, a->vars.names[i], a->vars.values[i]) < 0 ? 1 : 0;
    return ret;
}

int vf_cli_load_template(VfCliArgs *a, VfTemplate **t, int print_json)
{
    VfVarSet vars = { 0 };
    VfDiagList diags = { 0 };
    int code = vf_cli_collect_vars(a, &vars);
    if (code)
        goto done;
    int ret = vf_template_load(&a->policy.limits, a->template_path, &vars, &diags, t);
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
    code = ret == VF_ERR_TEMPLATE ? VF_EXIT_USAGE : ret < 0 ? vf_cli_fail(ret) : 0;
done:
    vf_diag_list_clear(&diags);
    vf_vars_clear(&vars);
    return code;
}

void vf_cli_args_clear(VfCliArgs *a)
{
    vf_vars_clear(&a->vars);
    vf_policy_clear(&a->policy);
}
