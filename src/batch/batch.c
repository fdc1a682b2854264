#include "batch/batch.h"
#include "batch/jobs.h"
#include "batch/poster.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "batch/shared.h"
#include "engine/engine.h"
#include "engine/localize.h"
#include "media/probe.h"
#include "plan/plan.h"
#include "render/posterfile.h"
#include "render/render.h"
#include "render/reuse.h"
#include "storage/s3object.h"
#include "storage/s3url.h"
#include "template/template.h"
#include "util/clock.h"
#include "util/gate.h"
#include "util/path.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"
#include "vidforge/policy.h"
#include "vidforge/vidforge.h"

#define ENCODER_CORES 4 /* cores per encoder running at once */

/* ---- rendering ------------------------------------------------------------ */

/* The verdict on an output that exists: readable (ok) and carrying key. */
static int judge(Job *job, int ok, const char *key, const char *unreadable)
{
    job->reason = !ok ? unreadable
                  : !key[0] ? "the output carries no content key"
                  : strcmp(key, job->key) ? "stale: the template, the row or an input changed"
                  : "up to date";
    return ok && !strcmp(key, job->key);
}

/* 1 when path is a finished, readable video that a previous run made from
 * exactly what this row renders now (its "vidforge_key" tag is the job's
 * key); otherwise 0 with job->reason saying why it renders. */
static int up_to_date(Job *job)
{
    job->reason = "no output yet";
    if (vf_s3_is_url(job->output)) { /* objects appear only complete and verified */
        VfS3Object info;
        int ok = vf_s3_head(job->output, VF_ERR_OUTPUT, &info) >= 0;
        vf_error_clear();
        return (!ok || info.exists) &&
               judge(job, ok, ok ? info.meta_key : "", "the output cannot be checked");
    }
    if (access(job->output, F_OK) != 0)
        return 0;
    VfProbe p;
    int ok = vf_probe_file(job->output, 0, &p) == 0 && p.video >= 0;
    vf_error_clear();
    return judge(job, ok, ok ? p.key : "", "the output is unreadable");
}

/* mkdir -p of path's folder: batch patterns such as out/{{id}}.mp4 name
 * folders that may not exist yet. */
static void make_parents(const char *path)
{
    char *dir = vf_path_dirname(path);
    if (dir)
        vf_path_mkdirs(dir); /* a failure shows when the output is opened */
    free(dir);
}

/* An exclusive lock beside the output; released by the kernel if we die. */
static int lock_output(const char *output, char **lock_path)
{
    char *dir = vf_path_dirname(output);
    const char *base = strrchr(output, '/') ? strrchr(output, '/') + 1 : output;
    size_t n = strlen(dir ? dir : ".") + strlen(base) + 16;
    *lock_path = malloc(n);
    if (!dir || !*lock_path) {
        free(dir);
        return -1;
    }
    snprintf(*lock_path, n, "%s/.%s.lock", dir, base);
    free(dir);
    int fd = open(*lock_path, O_CREAT | O_RDWR | O_CLOEXEC, 0644);
    if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) < 0) {
        close(fd);
        return -2;
    }
    return fd;
}

/* The probe of the row's input when an earlier row probed the same file. */
static int cached_probe(Batch *b, const VfTemplate *t, VfProbe *out)
{
    char *path = t->video.input ? vf_path_join(t->dir, t->video.input) : NULL;
    int hit = 0;
    if (path && !vf_path_is_url(path) && vf_policy_check_media(&b->engine->policy, path, t->dir, "", "") < 0) {
        vf_error_clear(); /* nothing opened: the row's plan reports it */
        free(path);
        path = NULL;
    }
    if (path) {
        pthread_mutex_lock(&b->lock);
        if (b->probe_ok && b->probed_path && !strcmp(b->probed_path, path)) {
            *out = b->probe;
            hit = 1;
        } else if (!b->probed_path) {
            b->probed_path = path;
            path = NULL;
            b->probe_ok = vf_probe_file(b->probed_path, b->engine->policy.limits.network_seconds, &b->probe) == 0;
            vf_error_clear();
            *out = b->probe;
            hit = b->probe_ok;
        }
        pthread_mutex_unlock(&b->lock);
    }
    free(path);
    return hit;
}

static char *row_error(const Job *job)
{
    char msg[1200];
    snprintf(msg, sizeof(msg), "row %s (line %d): %s", job->row->id, job->row->line,
             vf_error_message());
    return strdup(msg);
}

/* Plans the row: its content key decides whether the output is stale. */
static int plan_job(Batch *b, Job *job, char **error)
{
    VfProbe probe;
    vf_error_clear();
    VfPlanEnv env = vf_engine_plan_env(b->engine);
    job->tpl->outputs.target = job->output; /* its extension picks the format */
    VfLocalTemplate lt;
    int ret = vf_engine_localize(b->engine, job->tpl, &lt);
    if (ret >= 0)
        ret = cached_probe(b, &lt.t, &probe)
                  ? vf_plan_create_probed(&env, &lt.t, &probe, &job->plan)
                  : vf_plan_create(&env, &lt.t, &job->plan);
    vf_local_template_clear(&lt);
    if (ret < 0)
        *error = row_error(job);
    else
        snprintf(job->key, sizeof(job->key), "%s", job->plan->timeline.key);
    return ret;
}

/* The poster is drawn first (a row whose poster cannot be written renders
 * nothing) and moved in place after the video's commit. */
static int render_job(Batch *b, Job *job, char **error)
{
    VfRenderOptions ro = { .output = job->output, .overwrite = 1, .threads = b->threads,
                           .no_reuse = b->o->no_reuse, .encode_gate = b->gate };
    VfPosterFile poster = { 0 };
    vf_error_clear();
    if (job->poster.path && !vf_s3_is_url(job->poster.path))
        make_parents(job->poster.path);
    int ret = job->poster.path ? vf_batch_poster_draw(b->engine, job->plan, &job->poster, &poster)
                               : 0;
    if (ret >= 0 && !job->poster_only)
        ret = vf_engine_render(b->engine, job->plan, &ro, &job->result); /* segments shared */
    if (ret >= 0)
        ret = vf_poster_file_commit(&poster, 1);
    vf_poster_file_clear(&poster);
    if (ret < 0)
        *error = row_error(job);
    return ret;
}

/* A current video whose poster is missing gets its poster only. */
static int decide(Batch *b, Job *job)
{
    job->poster_only = 0;
    if (b->o->force) {
        job->reason = "--force";
        return VF_ROW_OK;
    }
    if (!up_to_date(job))
        return VF_ROW_OK;
    int have = job->poster.path ? vf_poster_file_exists(job->poster.path) : 1;
    vf_error_clear();
    if (have == 1)
        return VF_ROW_SKIPPED;
    job->poster_only = 1;
    job->reason = have == 0 ? "the poster is missing" : "the poster cannot be checked";
    return VF_ROW_OK;
}

static int run_job(Batch *b, Job *job, char **error)
{
    if (job->error) {
        *error = strdup(job->error);
        job->reason = "the row is invalid";
        return VF_ROW_FAILED;
    }
    if (!job->plan && plan_job(b, job, error) < 0) { /* planned already when rows share */
        job->reason = "the row cannot be planned";
        return VF_ROW_FAILED;
    }
    if (vf_batch_poster_check_time(&job->poster, job->plan) < 0) {
        *error = row_error(job);
        job->reason = "the poster's time is past the end";
        return VF_ROW_FAILED;
    }
    int status = decide(b, job);
    if (status == VF_ROW_SKIPPED || b->o->dry_run)
        return status;
    if (vf_s3_is_url(job->output)) /* no lock beside an object: shards split the rows */
        return render_job(b, job, error) < 0 ? VF_ROW_FAILED : VF_ROW_OK;
    char *lock_path = NULL;
    make_parents(job->output);
    int fd = lock_output(job->output, &lock_path);
    if (fd == -2) {
        status = VF_ROW_LOCKED;
    } else if (fd < 0) {
        char msg[600];
        snprintf(msg, sizeof(msg), "row %s: cannot create a lock beside %s: %s", job->row->id,
                 job->output, strerror(errno));
        *error = strdup(msg);
        status = VF_ROW_FAILED;
    } else if ((status = decide(b, job)) == VF_ROW_SKIPPED) {
        /* finished by another run while we waited */
    } else {
        status = render_job(b, job, error) < 0 ? VF_ROW_FAILED : VF_ROW_OK;
    }
    if (fd >= 0) {
        unlink(lock_path);
        close(fd);
    }
    free(lock_path);
    return status;
}

static void report(Batch *b, const Job *job, int status, double seconds, const char *error)
{
    pthread_mutex_lock(&b->lock);
    int *counts[] = { &b->sum.ok, &b->sum.skipped, &b->sum.locked, &b->sum.failed };
    (*counts[status])++;
    if (status == VF_ROW_FAILED && b->o->fail_fast)
        b->stop = 1;
    int done = b->sum.ok + b->sum.skipped + b->sum.locked + b->sum.failed;
    const VfReuseResult *u = &job->result.reuse;
    int64_t frames = status != VF_ROW_OK || b->o->dry_run ? 0
                   : u->used ? u->frames_encoded : job->result.frames;
    b->sum.frames_encoded += frames;
    /* what the row's variables resolved to: the template's defaults where
     * the row, --vars and --var leave one unset */
    VfVarSet resolved = { job->tpl ? job->tpl->var_names : NULL,
                          job->tpl ? job->tpl->var_values : NULL, job->tpl ? job->tpl->nb_vars : 0 };
    VfRowResult r = { job->row->id, job->output, status, seconds, error, done, b->sum.failed,
                      b->nb_jobs, job->number, job->tpl ? &resolved : &job->vars, job->key,
                      job->reason ? job->reason : "", b->o->dry_run, job->poster.path,
                      job->poster_only, frames, u->reused, u->encoded };
    if (b->o->on_row)
        b->o->on_row(b->o->opaque, &r);
    pthread_mutex_unlock(&b->lock);
}

/* Returns the heap pages a finished task left free: glibc keeps a freed
 * frame buffer mapped once its mmap threshold has grown past the frame size,
 * so each row's pipeline would add its own to the last one's (a batch of 6
 * rows, one job, peaked at 448 MB against 350 MB for one render). */
static void give_back(void)
{
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
    /* Not under ASan: its allocator replaces glibc's, whose arenas are then
     * never set up, and malloc_trim walks them (SEGV at address 0x8). */
    malloc_trim(0);
#endif
}

/* Frame-sized blocks (1 MB and up) get pages of their own, given back when
 * freed: with glibc's sliding threshold the first freed frame raises it past
 * the frame size, and a pass's freed frames stay in its thread's arena while
 * the next pass, on another job's thread, allocates its own (a 6-row batch
 * of 1080p rows, two jobs, peaked at 419 MB against 366 MB with this). */
static void bound_heap(void)
{
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
}

static void *worker(void *arg)
{
    Batch *b = arg;
    vf_engine_enter(b->engine);
    while (b->shared && !b->stop && vf_batch_shared_run_one(b->shared) > 0)
        give_back(); /* the shared segments first: every job takes a share */
    for (;;) {
        pthread_mutex_lock(&b->lock);
        int i = b->stop || vf_interrupt_requested() ? b->nb_jobs : b->next++;
        pthread_mutex_unlock(&b->lock);
        if (i >= b->nb_jobs)
            return NULL;
        char *error = NULL;
        memset(&b->jobs[i].result, 0, sizeof(b->jobs[i].result));
        double t0 = vf_now();
        int status = run_job(b, &b->jobs[i], &error);
        if (vf_interrupt_requested() && status == VF_ROW_FAILED) {
            free(error);
            return NULL; /* interrupted, not failed: the rerun finishes it */
        }
        report(b, &b->jobs[i], status, vf_now() - t0, error);
        vf_plan_free(&b->jobs[i].plan); /* one plan's rasters alive per worker */
        free(error);
        give_back();
    }
}

static int default_jobs(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores > 0 ? (int)cores : 1;
}

/* Runs fn on `jobs` threads; how many started (0: none could). */
static int run_threads(Batch *b, void *(*fn)(void *), int jobs)
{
    pthread_t *threads = calloc((size_t)jobs, sizeof(*threads));
    int started = 0;
    for (; threads && started < jobs; started++)
        if (pthread_create(&threads[started], NULL, fn, b) != 0)
            break;
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    return started;
}

/* Plans the rows that will render (for their segment keys); a row that
 * fails here fails again, with its message, when it runs. */
static void *plan_worker(void *arg)
{
    Batch *b = arg;
    vf_engine_enter(b->engine);
    for (;;) {
        pthread_mutex_lock(&b->lock);
        int i = vf_interrupt_requested() ? b->nb_jobs : b->next++;
        pthread_mutex_unlock(&b->lock);
        if (i >= b->nb_jobs)
            return NULL;
        Job *job = &b->jobs[i];
        char *error = NULL;
        VfRenderOptions ro = { .no_reuse = b->o->no_reuse };
        if (!job->error && plan_job(b, job, &error) >= 0 &&
            (vf_render_reuse_unfit(job->plan, &ro, vf_raster_cache_disk(b->engine->rasters)) ||
             (!b->o->force && up_to_date(job))))
            vf_plan_free(&job->plan); /* no segments, or nothing to render */
        vf_error_clear();
        free(error);
    }
}

/* Plans every row first and encodes the segments they share before any
 * row renders (batch/shared.h); a row renders with the plan made here (the
 * few the shared work keeps are made again). */
static int share(Batch *b, int jobs, int encoders)
{
    struct VfDiskCache *cache = vf_raster_cache_disk(b->engine->rasters);
    if (b->o->no_reuse || b->o->dry_run || !cache || b->nb_jobs < 2)
        return 0;
    if (!run_threads(b, plan_worker, jobs))
        return vf_error_set(VF_ERR_INTERNAL, "cannot start a render thread");
    b->next = 0;
    VfPlan **plans = calloc((size_t)b->nb_jobs, sizeof(*plans));
    for (int i = 0; plans && i < b->nb_jobs; i++) {
        plans[i] = b->jobs[i].plan;
        b->jobs[i].plan = NULL;
    }
    int ret = plans ? vf_batch_shared_create(&b->shared, cache, plans, b->nb_jobs, encoders,
                                             b->threads, b->gate)
                    : VF_ERR_INTERNAL;
    for (int i = 0; plans && i < b->nb_jobs; i++)
        b->jobs[i].plan = plans[i]; /* kept for its render (those the shared work took: NULL) */
    free(plans);
    give_back();
    return ret;
}

int vf_batch_run(VfEngine *e, const VfBatchOptions *o, const VfRows *rows, VfBatchSummary *sum)
{
    Batch b = { .engine = e, .o = o };
    const VfLogger *before = vf_engine_enter(e);
    pthread_mutex_init(&b.lock, NULL);
    int ret = vf_batch_poster_check_arg(o->poster);
    if (ret >= 0)
        ret = vf_batch_jobs_prepare(&b, rows);
    int jobs = o->jobs > 0 ? o->jobs : default_jobs();
    if (jobs > b.nb_jobs)
        jobs = b.nb_jobs > 0 ? b.nb_jobs : 1;
    /* Encoders at once (--encoders): by default one per ENCODER_CORES
     * cores, at least one; at most one per job; they share the cores. An
     * x264 at 1080p holds 180 to 270 MB of frames: two at once put a 2-core
     * batch at 1.4x one render's peak memory, for no more speed (x264's own
     * threads use both cores), so the other jobs plan, assemble, verify and
     * wait for the gate meanwhile. */
    bound_heap();
    int cores = default_jobs(), encoders = o->encoders > 0 ? o->encoders : cores / ENCODER_CORES;
    encoders = encoders < 1 ? 1 : encoders > jobs ? jobs : encoders;
    b.threads = encoders > 1 ? (cores + encoders - 1) / encoders : 0;
    b.gate = vf_gate_create(encoders);
    if (ret >= 0 && !b.gate)
        ret = vf_error_set(VF_ERR_INTERNAL, "out of memory");
    b.sum.selected = b.nb_jobs;
    if (ret >= 0)
        ret = share(&b, jobs, encoders);
    int started = ret >= 0 ? run_threads(&b, worker, jobs) : 0;
    if (ret >= 0 && !started && b.nb_jobs)
        ret = vf_error_set(VF_ERR_INTERNAL, "cannot start a render thread");
    vf_batch_shared_counts(b.shared, &b.sum.shared_segments, &b.sum.shared_chunks,
                           &b.sum.shared_frames);
    b.sum.frames_encoded += b.sum.shared_frames;
    vf_batch_shared_free(&b.shared);
    b.sum.encoders = encoders;
    vf_gate_stats(b.gate, &b.sum.encoder_waits, &b.sum.encoder_wait_seconds,
                  &b.sum.encoders_peak);
    vf_gate_free(&b.gate);
    vf_batch_jobs_free(&b);
    free(b.probed_path);
    pthread_mutex_destroy(&b.lock);
    vf_log_bind(before);
    *sum = b.sum;
    return ret;
}

int vf_batch_prepare_rows(VfEngine *e, const VfBatchOptions *o, const VfRows *rows,
                          VfBatchRowFn fn, void *opaque)
{
    Batch b = { .engine = e, .o = o };
    const VfLogger *before = vf_engine_enter(e);
    int ret = vf_batch_jobs_prepare(&b, rows), stop = ret == VF_ERR_INTERNAL ? ret : 0;
    char *why = ret < 0 ? strdup(vf_error_message()) : NULL;
    for (int i = 0; i < b.nb_jobs && !stop; i++) {
        const Job *j = &b.jobs[i];
        VfBatchRowPlan r = { j->row, j->tpl, j->output, j->error };
        stop = fn(opaque, &r);
    }
    vf_batch_jobs_free(&b);
    vf_log_bind(before);
    if (!stop && ret < 0) /* the rows' findings first, then why the batch cannot start */
        vf_error_set(ret, "%s", why ? why : "cannot prepare the rows");
    free(why);
    return stop < 0 ? stop : ret;
}
