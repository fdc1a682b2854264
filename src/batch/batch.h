/* One template, many rows: each row's fields are variables for one render.
 * Rows are sharded, deduplicated by output, skipped when already done, locked
 * per output so concurrent runs never render one output twice at once. */
#ifndef VF_BATCH_BATCH_H
#define VF_BATCH_BATCH_H

#include "batch/rows.h"
#include "template/vars.h"
#include "vidforge/vidforge.h"

typedef enum VfRowStatus {
    VF_ROW_OK = 0,
    VF_ROW_SKIPPED,   /* the output exists, probes valid and carries the row's content key */
    VF_ROW_LOCKED,    /* another vidforge is rendering it right now */
    VF_ROW_FAILED,
} VfRowStatus;

typedef struct VfRowResult {
    const char *id;
    const char *output;     /* NULL when it could not be decided */
    int status;             /* VfRowStatus */
    double seconds;
    const char *error;      /* failed: one sentence */
    int done, failed, total; /* counts so far, for progress */
    int number;             /* the row's position in the rows file, from 1 */
    const VfVarSet *vars;   /* the row's variables after --var/--vars, empty cells and the
                             * template's `variables` defaults */
    const char *key;        /* the content key the row renders now ("" if not planned) */
    const char *reason;     /* why it renders or is skipped, one phrase */
    int dry_run;            /* 1: nothing was rendered; status says what would be done */
    const char *poster;     /* the row's poster picture, NULL: none */
    int poster_only;        /* the video was current: only its missing poster was made */
    int64_t frames_encoded; /* video frames its render encoded (ok rows) */
    int segments_reused, segments_encoded; /* with segment reuse; 0 and 0 without */
} VfRowResult;

typedef void (*VfRowCallback)(void *opaque, const VfRowResult *r);

typedef struct VfBatchOptions {
    const char *template_path;
    const VfVarSet *vars;          /* --vars/--var: below each row's fields */
    const char *output_pattern;    /* -o with {{variables}}; NULL: the template's output */
    int jobs;                      /* rows rendered at once; <= 0: one per core */
    int shard_index, shard_count;  /* this process renders rows with index % count == index */
    int force, fail_fast;
    VfRowCallback on_row;          /* called once per selected row, from any worker, serialised */
    void *opaque;
    int dry_run;                   /* plan each row and report, render nothing */
    const char *template_text;     /* the template's text when it was read already (from
                                    * S3); NULL: read template_path */
    size_t template_len;
    int no_reuse;                  /* 1: rows encode every frame (--no-reuse) */
    const char *poster;            /* --poster SECONDS[:PATTERN] (batch/poster.h); NULL: the
                                    * template's output.poster, if any */
    int encoders;                  /* encoders at once (each about one render's memory), at
                                    * most jobs; <= 0: one per 4 cores, at least 1 */
} VfBatchOptions;

typedef struct VfBatchSummary {
    int selected, ok, skipped, locked, failed;
    /* segments the rows share, encoded before them (batch/shared.h): how
     * many were stored, in how many chunks, and their frames */
    int shared_segments, shared_chunks;
    int64_t shared_frames;
    int64_t frames_encoded;        /* every video frame encoded: shared and the rows' */
    /* encoders allowed at once (--encoders), the most that ran at once, and
     * how often and how long a pass waited for its turn */
    int encoders, encoders_peak, encoder_waits;
    double encoder_wait_seconds;
} VfBatchSummary;

/* Runs the batch with engine e (its policy, caches and logger; shared by the
 * rows' renders). Returns 0 when it ran (row failures are counted in sum),
 * or VF_ERR_USAGE / VF_ERR_TEMPLATE when it cannot start (two rows writing
 * one output, no output pattern, ...), with the message in vf_error_message. */
int vf_batch_run(VfEngine *e, const VfBatchOptions *o, const VfRows *rows, VfBatchSummary *sum);

/* Parses "I/N" or "auto" (JOB_COMPLETION_INDEX with VIDFORGE_SHARD_COUNT or
 * JOB_COMPLETIONS, SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT and
 * SLURM_ARRAY_TASK_MIN, VIDFORGE_SHARD_INDEX with VIDFORGE_SHARD_COUNT).
 * Returns 0 or VF_ERR_USAGE with a message. */
int vf_batch_parse_shard(const char *s, int *index, int *count);

/* A row as vf_batch_run prepares it, before rendering. Owned by the call. */
typedef struct VfBatchRowPlan {
    const VfRow *row;
    const VfTemplate *tpl;   /* loaded with the row's variables; NULL when that failed */
    const char *output;      /* NULL when it could not be decided */
    const char *error;       /* why the row cannot render ("row ID (line N): ..."); NULL: none */
} VfBatchRowPlan;

typedef int (*VfBatchRowFn)(void *opaque, const VfBatchRowPlan *r);

/* Prepares the selected rows as vf_batch_run does (variables, template,
 * output) and calls fn for each, rendering nothing. Returns 0, fn's
 * negative return, or the error that keeps the batch from starting (two rows
 * writing one output: VF_ERR_USAGE), its message set after every row is
 * seen. For `validate --rows` and `deps --rows`. */
int vf_batch_prepare_rows(VfEngine *e, const VfBatchOptions *o, const VfRows *rows,
                          VfBatchRowFn fn, void *opaque);

#endif
