/* The batch's rows as jobs, shared by batch.c (running them) and
 * prepare.c (making them from the rows). Private to src/batch. */
#ifndef VF_BATCH_JOBS_H
#define VF_BATCH_JOBS_H

#include <pthread.h>

#include "batch/batch.h"
#include "batch/poster.h"
#include "batch/shared.h"
#include "engine/engine.h"
#include "media/probe.h"
#include "plan/plan.h"
#include "template/template.h"
#include "util/gate.h"
#include "vidforge/vidforge.h"

typedef struct Job {
    const VfRow *row;
    int number;            /* position in the rows file, from 1 */
    VfVarSet vars;         /* the row's variables as the template saw them */
    VfTemplate *tpl;       /* loaded with the row's variables, NULL when that failed */
    char *output;
    char *error;           /* why the row cannot render, before rendering */
    VfPlan *plan;          /* while the row runs */
    char key[65];          /* the plan's content key, "" before planning */
    const char *reason;    /* why it renders or is skipped */
    VfRowPoster poster;    /* its poster (path NULL: none) */
    int poster_only;       /* the video is current, its poster missing */
    VfRenderResult result; /* of its render */
} Job;

typedef struct Batch {
    VfEngine *engine;
    const VfBatchOptions *o;
    Job *jobs;
    int nb_jobs;
    int next;              /* next job to take */
    int stop;              /* fail-fast tripped */
    int threads;           /* encoder threads per render */
    VfGate *gate;          /* encoders at once (util/gate.h) */
    pthread_mutex_t lock;
    VfBatchSummary sum;
    /* rows sharing a base input probe it once */
    char *probed_path;
    VfProbe probe;
    int probe_ok;
    VfBatchShared *shared; /* segments the rows share, encoded before them; NULL: none */
} Batch;

/* Makes a job of every row of this shard: its variables, template, output
 * and poster; checks that no two rows write one file. A row that cannot
 * render keeps its message in job->error. Returns 0, or VF_ERR_* when the
 * batch cannot start (the jobs made so far are in b->jobs either way). */
int vf_batch_jobs_prepare(Batch *b, const VfRows *rows);

/* Frees b->jobs and everything each job owns. */
void vf_batch_jobs_free(Batch *b);

#endif
