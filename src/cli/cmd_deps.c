/* `vidforge deps`: the files a render reads as a Makefile rule, like gcc -M,
 * so a Makefile rebuilds a video exactly when one of them changes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/batch.h"
#include "cli/args.h"
#include "cli/remote.h"
#include "util/path.h"
#include "vidforge/error.h"
#include "vidforge/vidforge.h"

typedef struct Rule {
    char **files;        /* owned, distinct, in the order met */
    int nb, cap;
    int error;           /* a font that does not resolve */
} Rule;

/* Make's escaping of a file name: spaces and # with \, $ as $$; a leading
 * "./" dropped, as make drops it. */
static void print_name(const char *s)
{
    while (s[0] == '.' && s[1] == '/' && s[2])
        s += 2;
    for (; *s; s++) {
        if (*s == ' ' || *s == '#' || *s == '\\')
            putchar('\\');
        if (*s == '$')
            putchar('$');
        putchar(*s);
    }
}

static int add_file(void *opaque, const VfAsset *a)
{
    Rule *r = opaque;
    if (a->error) {
        fprintf(stderr, "vidforge: %s%s%s\n", a->pointer, a->pointer[0] ? ": " : "", a->message);
        r->error = a->error;
        return 0;
    }
    if (!a->path || vf_path_is_url(a->path))
        return 0; /* make has no rule for a URL */
    for (int i = 0; i < r->nb; i++)
        if (!strcmp(r->files[i], a->path))
            return 0;
    if (r->nb == r->cap) {
        int cap = r->cap ? 2 * r->cap : 16;
        char **f = realloc(r->files, sizeof(*f) * (size_t)cap);
        if (!f)
            return VF_ERR_INTERNAL;
        r->files = f, r->cap = cap;
    }
    return (r->files[r->nb] = strdup(a->path)) ? (r->nb++, 0) : VF_ERR_INTERNAL;
}

/* "TARGET: FILE FILE \" lines of at most ~78 columns, as gcc -M writes. */
static void print_rule(const char *target, const Rule *r)
{
    size_t col = strlen(target) + 1; /* an estimate: "./" and escapes aside */
    print_name(target);
    putchar(':');
    for (int i = 0; i < r->nb; i++) {
        if (col + strlen(r->files[i]) + 1 > 78) {
            printf(" \\\n ");
            col = 1;
        }
        putchar(' ');
        print_name(r->files[i]);
        col += strlen(r->files[i]) + 1;
    }
    putchar('\n');
}

static int one_rule(VfEngine *e, const VfTemplate *t, const char *target)
{
    Rule r = { 0 };
    int ret = vf_engine_assets(e, t, add_file, &r);
    if (ret >= 0 && !r.error)
        print_rule(target, &r);
    for (int i = 0; i < r.nb; i++)
        free(r.files[i]);
    free(r.files);
    return ret < 0 ? vf_cli_fail(ret) : r.error ? vf_error_exit_code(r.error) : 0;
}

/* What render writes (cmd_render.c): .gif for gif_email, .mov when transparent. */
static char *target_of(const VfCliArgs *a, const VfTemplate *t)
{
    return vf_cli_output_path(a, t);
}

typedef struct RowsCtx {
    VfEngine *e;
    int code;
} RowsCtx;

static int row_rule(void *opaque, const VfBatchRowPlan *r)
{
    RowsCtx *c = opaque;
    if (r->error || !r->tpl || !r->output) {
        fprintf(stderr, "vidforge: %s\n", r->error ? r->error : "a row has no output");
        c->code = c->code ? c->code : VF_EXIT_USAGE;
        return 0;
    }
    int code = one_rule(c->e, r->tpl, r->output);
    c->code = c->code ? c->code : code;
    return 0;
}

static int rows_rules(VfCliArgs *a, VfEngine *e)
{
    VfRows rows = { 0 };
    VfVarSet vars = { 0 };
    int code = vf_cli_collect_vars(a, &vars);
    int ret = code ? 0 : vf_rows_load(a->rows, &rows);
    RowsCtx c = { e, 0 };
    VfBatchOptions o = { .template_path = a->template_path, .vars = &vars,
                          .output_pattern = a->output, .jobs = 1, .shard_count = 1 };
    if (!code && ret >= 0)
        ret = vf_batch_prepare_rows(e, &o, &rows, row_rule, &c);
    if (!code)
        code = ret < 0 ? vf_cli_fail(ret) : c.code;
    vf_rows_clear(&rows);
    vf_vars_clear(&vars);
    return code;
}

int vf_cmd_deps(int argc, char **argv)
{
    VfCliArgs a = { 0 };
    VfTemplate *t = NULL;
    VfEngine *e = NULL;
    VfCliRemote remote = { 0 };
    a.no_cache = 1;
    int code = vf_cli_parse_args(&a, argc, argv, "o:qv");
    a.no_cache = 1; /* deps reads no raster */
    if (!code)
        code = vf_cli_remote_begin(&a, &remote); /* an s3:// template, --vars or --rows */
    if (!code)
        code = vf_cli_engine_create(&a, &e);
    if (!code && a.rows) {
        code = rows_rules(&a, e);
    } else if (!code && !(code = vf_cli_load_template(&a, &t, 0))) {
        char *target = target_of(&a, t);
        code = target ? one_rule(e, t, target) : vf_cli_fail(VF_ERR_INTERNAL);
        free(target);
    }
    vf_template_free(&t);
    vf_engine_free(&e);
    vf_cli_remote_clear(&remote);
    vf_cli_args_clear(&a);
    return code;
}
