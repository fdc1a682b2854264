/* `vidforge validate --rows ROWS`: a batch template checked against every
 * row, as batch would prepare it (variables, outputs that collide) and as
 * render would check each row's files, findings naming the row. */
#include <stdio.h>

#include "batch/batch.h"
#include "cli/args.h"
#include "cli/cli.h"
#include "vidforge/error.h"
#include "vidforge/vidforge.h"

typedef struct RowCheck {
    VfEngine *e;
    const VfCliArgs *a;
    int code;            /* the first failing row's exit code */
    int bad_rows, rows;
} RowCheck;

static void print_row_findings(const RowCheck *c, const VfBatchRowPlan *r, const VfDiagList *d)
{
    char line[2048];
    for (int i = 0; i < d->count; i++) {
        vf_diag_format(&d->items[i], line, sizeof(line));
        fprintf(stderr, "%s:%d: row %s: %s\n", c->a->rows_name ? c->a->rows_name : c->a->rows, r->row->line, r->row->id, line);
    }
}

static int check_row(void *opaque, const VfBatchRowPlan *r)
{
    RowCheck *c = opaque;
    VfDiagList diags = { 0 };
    int code = 0;
    c->rows++;
    if (r->error) {
        fprintf(stderr, "%s:%d: %s\n", c->a->rows_name ? c->a->rows_name : c->a->rows, r->row->line, r->error);
        code = VF_EXIT_USAGE;
    } else if (!c->a->schema_only) {
        int ret = vf_engine_check_assets(c->e, r->tpl, &diags);
        if (ret == VF_ERR_INTERRUPTED || ret == VF_ERR_INTERNAL)
            return ret;
        print_row_findings(c, r, &diags);
        code = ret < 0 ? vf_error_exit_code(ret) : c->a->strict && diags.count ? VF_EXIT_USAGE : 0;
    }
    vf_diag_list_clear(&diags);
    c->bad_rows += code != 0;
    c->code = c->code ? c->code : code;
    return 0;
}

int vf_cli_validate_rows(VfCliArgs *a)
{
    VfRows rows = { 0 };
    VfVarSet vars = { 0 };
    VfEngine *e = NULL;
    VfCliArgs uncached = *a;
    uncached.no_cache = 1;
    int code = vf_cli_collect_vars(a, &vars);
    if (!code)
        code = vf_cli_engine_create(&uncached, &e);
    int ret = code ? 0 : vf_rows_load(a->rows, &rows);
    RowCheck c = { e, a, 0, 0, 0 };
    VfBatchOptions o = { .template_path = a->template_path, .vars = &vars,
                          .output_pattern = a->output, .jobs = 1, .shard_count = 1 };
    if (!code && ret >= 0)
        ret = vf_batch_prepare_rows(e, &o, &rows, check_row, &c);
    if (!code && ret < 0)
        code = vf_cli_fail(ret); /* outputs that collide, an unreadable template */
    if (!code && c.code)
        fprintf(stderr, "vidforge: %d of %d rows would fail\n", c.bad_rows, c.rows);
    code = code ? code : c.code;
    vf_engine_free(&e);
    vf_rows_clear(&rows);
    vf_vars_clear(&vars);
    return code;
}
