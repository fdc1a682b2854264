/* Jobs from the rows: variables, templates, outputs; see jobs.h. */
#include "batch/jobs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/pattern.h"
#include "media/formats.h"
#include "media/output.h"
#include "storage/s3url.h"
#include "util/path.h"
#include "vidforge/error.h"

/* ---- preparing: variables, templates and outputs of the selected rows ---- */

static int merged_vars(const VfBatchOptions *o, const VfRow *row, VfVarSet *out)
{
    int ret = 0;
    for (int i = 0; o->vars && i < o->vars->count && ret >= 0; i++)
        ret = vf_vars_set(out, o->vars->names[i], o->vars->values[i]);
    /* an empty cell is an unset value: --var, {{name|default}} and the
     * template's variables apply, as for a missing JSONL field */
    for (int i = 0; i < row->vars.count && ret >= 0; i++)
        if (row->vars.values[i][0])
            ret = vf_vars_set(out, row->vars.names[i], row->vars.values[i]);
    if (ret >= 0 && !vf_vars_get(out, "id"))
        ret = vf_vars_set(out, "id", row->id);
    return ret;
}

static char *first_error(const VfDiagList *d, const VfRow *row)
{
    char line[1200], msg[1400];
    for (int i = 0; i < d->count; i++) {
        if (d->items[i].severity != VF_SEV_ERROR)
            continue;
        vf_diag_format(&d->items[i], line, sizeof(line));
        snprintf(msg, sizeof(msg), "row %s (line %d): %s", row->id, row->line, line);
        return strdup(msg);
    }
    snprintf(msg, sizeof(msg), "row %s (line %d): %s", row->id, row->line, vf_error_message());
    return strdup(msg);
}

/* The template's "output" with the row's values: inside the template's
 * folder once symbolic links are resolved (the template stage refused "/"
 * and ".."). */
static char *template_output(const VfTemplate *t, char **error)
{
    char real[4096], msg[4400];
    if (!t->output) {
        *error = strdup("the template has no \"output\": give -o PATTERN, e.g. out/{{id}}.mp4");
        return NULL;
    }
    char *out = vf_path_join(t->dir, t->output);
    if (out && vf_s3_is_url(out))
        snprintf(real, sizeof(real), "%s", out);
    if (out && (vf_s3_is_url(out) ? !vf_s3_within(out, t->dir)
                                  : !vf_path_within_real(out, t->dir, real, sizeof(real)))) {
        snprintf(msg, sizeof(msg), "/output: output %s resolves to %s, outside the template's "
                 "folder; only -o on the command line may point elsewhere", t->output,
                 real[0] ? real : "?");
        *error = strdup(msg);
        free(out);
        out = NULL;
    }
    return out;
}

/* Refuses a container that writes more than one file before any folder is made. */
static char *single_file(char *out, char **error)
{
    if (out && !*error && (vf_output_is_folder(out) /* its lock would sit in the folder */
        ? vf_error_set(VF_ERR_USAGE, "%s: the %s muxer writes a folder of files, and batch "
                       "writes one file per row; render it with vidforge render", out,
                       vf_format_for_path(out)->muxer)
        : vf_output_check_format(out)) < 0) {
        *error = strdup(vf_error_message());
        free(out);
        out = NULL;
    }
    return out;
}

static char *row_output(const VfBatchOptions *o, const VfVarSet *vars, const VfTemplate *t,
                        char **error)
{
    if (!o->output_pattern)
        return single_file(template_output(t, error), error);
    char *out = vf_batch_expand_pattern(o->output_pattern, vars, "-o", "output", error);
    return single_file(out, error);
}

static int prepare_job(const Batch *b, const VfRow *row, int number, Job *job)
{
    const VfBatchOptions *o = b->o;
    VfDiagList diags = { 0 };
    *job = (Job){ .row = row, .number = number };
    vf_error_clear();
    int ret = merged_vars(o, row, &job->vars);
    if (ret < 0)
        return ret;
    ret = o->template_text /* read already, from S3 */
        ? vf_template_parse(&b->engine->policy.limits, o->template_text, o->template_len,
                            o->template_path, &job->vars, &diags, &job->tpl)
        : vf_template_load(&b->engine->policy.limits, o->template_path, &job->vars, &diags,
                           &job->tpl);
    if (ret < 0 && ret != VF_ERR_USAGE) /* USAGE: the template file itself, nothing renders */
        job->error = first_error(&diags, row);
    vf_diag_list_clear(&diags);
    if (ret == VF_ERR_USAGE)
        return ret;
    if (ret >= 0)
        job->output = row_output(o, &job->vars, job->tpl, &job->error);
    if (job->output && vf_batch_poster_resolve(o->poster, &job->vars, job->tpl, job->output,
                                               &job->poster, &job->error) < 0) {
        free(job->output); /* the row fails, and no other row collides with it */
        job->output = NULL;
    }
    return 0;
}

/* Every file the jobs write (a video, a poster), sorted by path then job. */
typedef struct Write {
    const char *path;
    int job, poster;
} Write;

static int by_path(const void *x, const void *y)
{
    const Write *a = x, *b = y;
    int c = strcmp(a->path, b->path);
    return c ? c : a->job != b->job ? a->job - b->job : a->poster - b->poster;
}

/* In the run [w, w + n) of one path, in job order: the first pair of jobs
 * (j < i, i as small as it goes) where one writes it as a poster (posters
 * 1) or, with posters 0, any pair. 0 when there is none. */
static int first_pair(const Write *w, int n, int posters, int *pj, int *pi)
{
    int first = -1, first_poster = -1;
    for (int k = 0; k < n; k++) {
        int j = w[k].poster || !posters ? first : first_poster;
        if (j >= 0 && j != w[k].job) {
            *pj = j;
            *pi = w[k].job;
            return 1;
        }
        first = first < 0 ? w[k].job : first;
        first_poster = first_poster < 0 && w[k].poster ? w[k].job : first_poster;
    }
    return 0;
}

/* The first clash (by the later row, then the earlier) among the paths. */
static int first_clash(const Write *w, int n, int posters, int *pj, int *pi, const char **path)
{
    int found = 0;
    for (int k = 0; k < n;) {
        int e = k + 1, j, i;
        while (e < n && !strcmp(w[e].path, w[k].path))
            e++;
        int any_poster = 0;
        for (int m = k; m < e; m++)
            any_poster |= w[m].poster;
        if ((posters ? any_poster : !any_poster) && first_pair(w + k, e - k, posters, &j, &i) &&
            (!found || i < *pi || (i == *pi && j < *pj))) {
            *pj = j;
            *pi = i;
            *path = w[k].path;
            found = 1;
        }
        k = e;
    }
    return found;
}

/* Two rows writing one file (video or poster) stop the batch before it
 * starts; sorted, so a batch of 100,000 rows checks in a moment. */
static int check_duplicates(const Batch *b)
{
    Write *w = calloc((size_t)b->nb_jobs * 2 + 1, sizeof(*w));
    int n = 0, j = 0, i = 0, ret = 0;
    const char *path = NULL;
    if (!w)
        return VF_ERR_INTERNAL;
    for (int k = 0; k < b->nb_jobs; k++) {
        if (b->jobs[k].output)
            w[n++] = (Write){ b->jobs[k].output, k, 0 };
        if (b->jobs[k].poster.path)
            w[n++] = (Write){ b->jobs[k].poster.path, k, 1 };
    }
    qsort(w, (size_t)n, sizeof(*w), by_path);
    if (first_clash(w, n, 1, &j, &i, &path))
        ret = vf_error_set(VF_ERR_USAGE, "rows %s and %s would both write %s: make the poster "
                           "pattern unique (e.g. with {{id}})", b->jobs[j].row->id,
                           b->jobs[i].row->id, path);
    else if (first_clash(w, n, 0, &j, &i, &path))
        ret = vf_error_set(VF_ERR_USAGE, "rows %s and %s would both write %s: make the output "
                           "pattern unique (e.g. with {{id}})", b->jobs[j].row->id,
                           b->jobs[i].row->id, path);
    free(w);
    return ret;
}

int vf_batch_jobs_prepare(Batch *b, const VfRows *rows)
{
    const VfBatchOptions *o = b->o;
    b->jobs = calloc((size_t)rows->count + 1, sizeof(*b->jobs));
    if (!b->jobs)
        return VF_ERR_INTERNAL;
    for (int i = 0; i < rows->count; i++) {
        if (i % o->shard_count != o->shard_index)
            continue;
        int ret = prepare_job(b, &rows->rows[i], i + 1, &b->jobs[b->nb_jobs]);
        b->nb_jobs++; /* counted even when it failed, so its variables are freed */
        if (ret < 0)
            return ret;
    }
    return check_duplicates(b);
}

void vf_batch_jobs_free(Batch *b)
{
    for (int i = 0; i < b->nb_jobs; i++) {
        vf_template_free(&b->jobs[i].tpl);
        vf_plan_free(&b->jobs[i].plan);
        vf_vars_clear(&b->jobs[i].vars);
        free(b->jobs[i].output);
        free(b->jobs[i].error);
        vf_row_poster_clear(&b->jobs[i].poster);
    }
    free(b->jobs);
    b->jobs = NULL;
}
