/* `vidforge batch`: one template, one render per row. Exit 5 when some rows
 * failed (the others still rendered). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "batch/batch.h"
#include "cli/args.h"
#include "cli/remote.h"
#include "storage/notify.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"
#include "vidforge/vidforge.h"


static const char *const status_names[] = { "ok", "skipped", "locked", "failed" };

typedef struct DryLine {
    int row;
    char *text;
} DryLine;

typedef struct BatchCli {
    FILE *results;
    VfProgressMode mode;
    double t0;
    const char *notify;     /* --notify URL, or NULL */
    int notify_failed;      /* notifications that could not be delivered */
    cJSON *report_rows;     /* --report: one object per row, or NULL */
    DryLine *dry;           /* --dry-run: the rows' lines, printed in row order at the end */
    int nb_dry, cap_dry;
} BatchCli;

/* --notify: one POST per row and one for the summary; a failure is a
 * warning (counted in the summary), never a failed row. */
static void post(BatchCli *c, const char *body)
{
    char why[700];
    if (!c->notify || !body)
        return;
    if (vf_notify_post(c->notify, body, strlen(body), why, sizeof(why)) == 0)
        return;
    c->notify_failed++;
    fprintf(stderr, "vidforge: warning: %s\n", why);
}

static char *row_json(const VfRowResult *r, int event)
{
    cJSON *o = cJSON_CreateObject();
    if (event)
        cJSON_AddStringToObject(o, "event", "row");
    cJSON_AddStringToObject(o, "id", r->id);
    if (r->output)
        cJSON_AddStringToObject(o, "output", r->output);
    if (r->poster)
        cJSON_AddStringToObject(o, "poster", r->poster);
    if (r->poster_only && r->status == VF_ROW_OK) /* the video was current */
        cJSON_AddBoolToObject(o, "poster_only", 1);
    cJSON_AddStringToObject(o, "status", status_names[r->status]);
    cJSON_AddNumberToObject(o, "seconds", r->seconds);
    if (r->error)
        cJSON_AddStringToObject(o, "error", r->error);
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return s;
}

/* --dry-run: what the row would do, one JSON object per line on stdout. */
static char *plan_json(const VfRowResult *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "row", r->number);
    cJSON_AddStringToObject(o, "id", r->id);
    cJSON *vars = cJSON_AddObjectToObject(o, "vars");
    for (int i = 0; vars && i < r->vars->count; i++)
        cJSON_AddStringToObject(vars, r->vars->names[i], r->vars->values[i]);
    if (r->output)
        cJSON_AddStringToObject(o, "output", r->output);
    if (r->poster)
        cJSON_AddStringToObject(o, "poster", r->poster);
    if (r->key[0])
        cJSON_AddStringToObject(o, "key", r->key);
    cJSON_AddStringToObject(o, "action", r->status == VF_ROW_SKIPPED ? "skip"
                                         : r->status == VF_ROW_FAILED ? "fail"
                                         : r->poster_only ? "poster" : "render");
    cJSON_AddStringToObject(o, "reason", r->reason);
    if (r->error)
        cJSON_AddStringToObject(o, "error", r->error);
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return s;
}

static void on_row(void *opaque, const VfRowResult *r)
{
    BatchCli *c = opaque;
    if (r->dry_run) { /* rows are planned in parallel: kept, then printed in order */
        if (c->nb_dry == c->cap_dry) {
            int cap = c->cap_dry ? 2 * c->cap_dry : 64;
            DryLine *d = realloc(c->dry, (size_t)cap * sizeof(*d));
            if (!d)
                return;
            c->dry = d;
            c->cap_dry = cap;
        }
        c->dry[c->nb_dry++] = (DryLine){ r->number, plan_json(r) };
        return;
    }
    if (c->report_rows) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", r->id);
        cJSON_AddStringToObject(o, "status", status_names[r->status]);
        cJSON_AddNumberToObject(o, "frames_encoded", (double)r->frames_encoded);
        cJSON_AddNumberToObject(o, "segments_encoded", r->segments_encoded);
        cJSON_AddNumberToObject(o, "segments_reused", r->segments_reused);
        cJSON_AddItemToArray(c->report_rows, o);
    }
    char *line = row_json(r, 0);
    if (c->results && line) {
        fprintf(c->results, "%s\n", line);
        fflush(c->results);
    }
    free(line);
    if (c->mode == VF_PROGRESS_JSON) {
        char *ev = row_json(r, 1);
        printf("%s\n", ev ? ev : "");
        fflush(stdout);
        free(ev);
    } else if (c->mode == VF_PROGRESS_BAR) {
        fprintf(stderr, "\rrows %d/%d done, %d failed ", r->done, r->total, r->failed);
        fflush(stderr);
    }
    if (c->notify) {
        char *ev = row_json(r, 1);
        post(c, ev);
        free(ev);
    }
    if (r->status == VF_ROW_FAILED && c->mode != VF_PROGRESS_JSON)
        fprintf(stderr, "%svidforge: %s\n", c->mode == VF_PROGRESS_BAR ? "\n" : "", r->error);
}

static int by_row(const void *a, const void *b)
{
    int x = ((const DryLine *)a)->row, y = ((const DryLine *)b)->row;
    return (x > y) - (x < y);
}

/* --dry-run's lines on stdout, in the rows file's order. */
static void print_dry(BatchCli *c)
{
    if (c->nb_dry > 1)
        qsort(c->dry, (size_t)c->nb_dry, sizeof(*c->dry), by_row);
    for (int i = 0; i < c->nb_dry; i++) {
        printf("%s\n", c->dry[i].text ? c->dry[i].text : "");
        free(c->dry[i].text);
    }
    fflush(stdout);
    free(c->dry);
    c->dry = NULL;
    c->nb_dry = c->cap_dry = 0;
}

static void notify_summary(BatchCli *c, const VfBatchSummary *sum, int shard_i, int shard_n,
                           int code)
{
    char body[400];
    snprintf(body, sizeof(body), "{\"event\":\"done\",\"shard\":\"%d/%d\",\"rows\":%d,"
             "\"ok\":%d,\"skipped\":%d,\"locked\":%d,\"failed\":%d,\"exit_code\":%d,"
             "\"notifications_failed\":%d}", shard_i, shard_n, sum->selected, sum->ok,
             sum->skipped, sum->locked, sum->failed, code, c->notify_failed);
    post(c, body);
}

/* --report: what the batch encoded (the work done; docs/performance.md). */
static int write_report(const char *path, BatchCli *c, const VfBatchSummary *sum)
{
    cJSON *o = cJSON_CreateObject(), *sh = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "rows", sum->selected);
    cJSON_AddNumberToObject(o, "ok", sum->ok);
    cJSON_AddNumberToObject(o, "skipped", sum->skipped);
    cJSON_AddNumberToObject(o, "failed", sum->failed);
    cJSON_AddNumberToObject(o, "frames_encoded", (double)sum->frames_encoded);
    cJSON_AddNumberToObject(sh, "segments", sum->shared_segments);
    cJSON_AddNumberToObject(sh, "chunks", sum->shared_chunks);
    cJSON_AddNumberToObject(sh, "frames", (double)sum->shared_frames);
    cJSON_AddItemToObject(o, "shared", sh);
    cJSON *en = cJSON_AddObjectToObject(o, "encoders");
    cJSON_AddNumberToObject(en, "allowed", sum->encoders);
    cJSON_AddNumberToObject(en, "peak", sum->encoders_peak);
    cJSON_AddNumberToObject(en, "waits", sum->encoder_waits);
    cJSON_AddNumberToObject(en, "wait_seconds", round(sum->encoder_wait_seconds * 100) / 100);
    cJSON_AddItemToObject(o, "list", c->report_rows);
    c->report_rows = NULL;
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    FILE *f = text ? fopen(path, "w") : NULL;
    int ok = f && fputs(text, f) >= 0 && fputc('\n', f) != EOF;
    ok = f && fclose(f) == 0 && ok;
    free(text);
    if (!ok)
        fprintf(stderr, "vidforge: cannot write %s\n", path);
    return ok ? 0 : VF_EXIT_OUTPUT;
}

static int run(VfCliArgs *a, VfEngine *e, const VfRows *rows, int shard_i, int shard_n)
{
    VfVarSet vars = { 0 };
    int code = vf_cli_collect_vars(a, &vars);
    BatchCli c = { .mode = a->progress, .notify = a->notify };
    if (c.mode == VF_PROGRESS_AUTO)
        c.mode = isatty(STDERR_FILENO) ? VF_PROGRESS_BAR : VF_PROGRESS_NONE;
    if (!code && a->results && !(c.results = fopen(a->results, "w"))) {
        fprintf(stderr, "vidforge: cannot write %s\n", a->results);
        code = VF_EXIT_OUTPUT;
    }
    VfBatchOptions o = { a->template_path, &vars, a->output, a->jobs, shard_i, shard_n,
                         a->force, a->fail_fast, on_row, &c, a->dry_run,
                         a->template_text, a->template_len, a->no_reuse, a->poster,
                         a->encoders };
    VfBatchSummary sum = { 0 };
    c.report_rows = a->report && !a->dry_run ? cJSON_CreateArray() : NULL;
    int ret = code ? 0 : vf_batch_run(e, &o, rows, &sum);
    print_dry(&c);
    if (c.mode == VF_PROGRESS_BAR)
        fprintf(stderr, "\n");
    if (!code && ret < 0)
        code = vf_cli_fail(ret);
    if (!code && vf_interrupt_requested()) {
        fprintf(stderr, "\nvidforge: interrupted; rerun the same command to finish the rest\n");
        code = VF_EXIT_INTERRUPTED;
    }
    if (!code && a->dry_run)
        fprintf(stderr, "vidforge: %d rows: %d would render, %d up to date, %d invalid "
                "(dry run: nothing written)\n", sum.selected, sum.ok, sum.skipped, sum.failed);
    else if (!code && c.mode == VF_PROGRESS_JSON)
        printf("{\"event\":\"done\",\"rows\":%d,\"ok\":%d,\"skipped\":%d,\"locked\":%d,"
               "\"failed\":%d}\n", sum.selected, sum.ok, sum.skipped, sum.locked, sum.failed);
    else if (!code)
        fprintf(stderr, "vidforge: %d rows: %d rendered, %d up to date, %d busy elsewhere, "
                "%d failed\n", sum.selected, sum.ok, sum.skipped, sum.locked, sum.failed);
    if (!code && c.report_rows && write_report(a->report, &c, &sum))
        code = VF_EXIT_OUTPUT;
    cJSON_Delete(c.report_rows);
    if (!code && sum.failed)
        code = VF_EXIT_ROWS_FAILED;
    if (c.notify)
        notify_summary(&c, &sum, shard_i, shard_n, code);
    if (c.results)
        fclose(c.results);
    vf_vars_clear(&vars);
    return code;
}

int vf_cmd_batch(int argc, char **argv)
{
    VfCliArgs a = { 0 };
    VfCliRemote remote = { 0 };
    VfRows rows = { 0 };
    int shard_i = 0, shard_n = 1;
    int code = vf_cli_parse_args(&a, argc, argv, "o:yqv");
    if (!code && !a.rows) {
        fprintf(stderr, "vidforge: batch needs --rows ROWS.csv|ROWS.jsonl (see vidforge help batch)\n");
        code = VF_EXIT_USAGE;
    }
    if (!code && a.shard && vf_batch_parse_shard(a.shard, &shard_i, &shard_n) < 0)
        code = vf_cli_fail(VF_ERR_USAGE);
    if (!code)
        code = vf_cli_remote_begin(&a, &remote);
    if (!code) {
        int ret = vf_rows_load(a.rows, &rows);
        code = ret < 0 ? vf_cli_fail(ret) : 0;
    }
    VfEngine *e = NULL;
    if (!code)
        code = vf_cli_engine_create(&a, &e);
    if (!code)
        code = run(&a, e, &rows, shard_i, shard_n);
    code = vf_cli_remote_finish(&remote, code);
    vf_cli_remote_clear(&remote);
    vf_engine_free(&e);
    vf_rows_clear(&rows);
    vf_cli_args_clear(&a);
    return code;
}
