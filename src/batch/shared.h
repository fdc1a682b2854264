/* The segments a batch's rows have in common, encoded before the rows
 * render (issue 18): every row is planned first, segment keys that two or
 * more rows need and the cache lacks are grouped, and each is encoded once,
 * long ones as chunks of a few seconds cut at GOP boundaries
 * (render/segshare.h) so that every job takes a share; the rows then find
 * them in the cache and encode only their own segments, in parallel.
 *
 * Each shared segment's lock (render/segstore.h) is held from the grouping
 * until its entry is stored, so a row (of this batch or of another process
 * on the same folder) that needs it waits for it instead of encoding it
 * again; a key another process holds already is left to it. */
#ifndef VF_BATCH_SHARED_H
#define VF_BATCH_SHARED_H

#include <stdint.h>

#include "vidforge/plan.h"

struct VfDiskCache;
typedef struct VfBatchShared VfBatchShared;
struct VfGate;

/* Groups the segments of plans[0..n) (NULL entries: rows that will not
 * render) and locks the shared ones missing from cache. jobs: how many run
 * at once (1: no chunks); threads: encoder threads per job (0: the
 * encoder's choice); gate: each chunk's encode holds a slot of it (may be
 * NULL; not owned). Takes the plans it encodes from: those entries of
 * plans are set to NULL (freed with *out); the caller frees the others.
 * Returns 0 and *out (possibly with nothing to do), or VF_ERR_INTERNAL. */
int vf_batch_shared_create(VfBatchShared **out, struct VfDiskCache *cache, VfPlan **plans,
                           int n, int jobs, int threads, struct VfGate *gate);

/* Encodes the next chunk, from any thread; the one that finishes a
 * segment's last chunk stores the segment and releases its lock. Returns 1
 * when it took one (a failed chunk only logs: the rows encode that segment
 * themselves), 0 when none is left or the batch was interrupted. */
int vf_batch_shared_run_one(VfBatchShared *s);

/* Segments stored, chunks encoded and frames encoded so far. */
void vf_batch_shared_counts(VfBatchShared *s, int *segments, int *chunks, int64_t *frames);

/* Releases every lock still held and frees; accepts NULL; *s is NULL after. */
void vf_batch_shared_free(VfBatchShared **s);

#endif
