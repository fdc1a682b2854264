/* Shared segments of a batch; see shared.h. */
#include "batch/shared.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "media/encoder.h"
#include "plan/plan.h"
#include "render/reuse.h"
#include "render/segshare.h"
#include "render/segstore.h"
#include "util/clock.h"
#include "util/gate.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"
#include "vidforge/log.h"

#define MAX_CHUNKS 64

typedef struct Key {
    const VfPlan *plan;      /* a plan with the segment (owned by the VfBatchShared) */
    int seg;                 /* its index in that plan's timeline */
    int fd;                  /* the segment's lock, held until the entry is stored */
    int nb_chunks, left;     /* chunks; chunks not finished */
    int failed;
    double t0;
    int64_t from[MAX_CHUNKS];  /* chunk starts, output frames */
    VfSegEntry *chunks;
} Key;

typedef struct Task {
    int key, chunk;
} Task;

struct VfBatchShared {
    struct VfDiskCache *cache;
    VfPlan **plans;          /* owned: the plans keys point into */
    int nb_plans;
    Key *keys;
    int nb_keys;
    Task *tasks;
    int nb_tasks, next;
    int threads;
    VfGate *gate;            /* not owned */
    pthread_mutex_t lock;
    int segments, chunks;    /* done */
    int64_t frames;
};

typedef struct Ref {
    const char *key;
    int plan, seg;
} Ref;

static int by_key(const void *a, const void *b)
{
    const Ref *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : x->plan != y->plan ? x->plan - y->plan : x->seg - y->seg;
}

/* Every segment of every plan, sorted by key (then row). */
static Ref *all_refs(VfPlan **plans, int n, int *count)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += plans[i] ? plans[i]->timeline.nb_segments : 0;
    Ref *refs = calloc((size_t)total + 1, sizeof(*refs));
    *count = 0;
    for (int i = 0; refs && i < n; i++)
        for (int k = 0; plans[i] && k < plans[i]->timeline.nb_segments; k++)
            refs[(*count)++] = (Ref){ plans[i]->timeline.segments[k].key, i, k };
    if (refs)
        qsort(refs, (size_t)*count, sizeof(*refs), by_key);
    return refs;
}

static int64_t seg_frames(const VfPlan *p, int seg)
{
    return p->timeline.segments[seg].end_frame - p->timeline.segments[seg].first_frame;
}

/* 1 when key's entry is in the cache. */
static int cached(struct VfDiskCache *c, const VfPlan *p, int seg)
{
    VfSegEntry e;
    int hit = vf_seg_store_peek(c, p->timeline.segments[seg].key, seg_frames(p, seg), &e);
    vf_seg_entry_clear(&e);
    return hit;
}

/* Takes segment seg of p as a shared key unless it is cached or another
 * process holds its lock. */
static void claim(VfBatchShared *s, const VfPlan *p, int seg)
{
    const char *key = p->timeline.segments[seg].key;
    if (cached(s->cache, p, seg))
        return;
    int fd = vf_seg_store_trylock(s->cache, key);
    if (fd == -2)
        return; /* another process encodes it; the rows wait for it */
    if (cached(s->cache, p, seg)) { /* stored while we looked */
        vf_seg_store_unlock(fd);
        return;
    }
    s->keys[s->nb_keys++] = (Key){ .plan = p, .seg = seg, .fd = fd };
}

/* The shared keys: in two rows or more, missing from the cache. */
static int group(VfBatchShared *s, VfPlan **plans, int n, int *used)
{
    int count = 0;
    Ref *refs = all_refs(plans, n, &count);
    if (!refs || !(s->keys = calloc((size_t)count + 1, sizeof(*s->keys)))) {
        free(refs);
        return VF_ERR_INTERNAL;
    }
    for (int i = 0; i < count;) {
        int j = i + 1;
        while (j < count && !strcmp(refs[j].key, refs[i].key))
            j++;
        int before = s->nb_keys;
        if (j - i >= 2 && plans[refs[i].plan]->timeline.nb_segments > 0)
            claim(s, plans[refs[i].plan], refs[i].seg);
        if (s->nb_keys > before)
            used[refs[i].plan] = 1;
        i = j;
    }
    free(refs);
    return 0;
}

/* Cuts every key into chunks of about a (2 x jobs)th of the shared frames,
 * at least two GOPs: each job takes about two, the last ones short. */
static int cut(VfBatchShared *s, int jobs)
{
    int64_t total = 0;
    for (int i = 0; i < s->nb_keys; i++)
        total += seg_frames(s->keys[i].plan, s->keys[i].seg);
    int nb = 0;
    for (int i = 0; i < s->nb_keys; i++) {
        Key *k = &s->keys[i];
        const VfPlan *p = k->plan;
        int gop = vf_encoder_gop_frames((AVRational){ p->fps_num, p->fps_den });
        int64_t frames = seg_frames(p, k->seg), want = jobs > 1 ? total / (2 * jobs) : frames;
        k->nb_chunks = vf_seg_chunk_plan(frames, want < 2 * gop ? 2 * gop : want, gop, k->from,
                                         MAX_CHUNKS);
        for (int c = 0; c < k->nb_chunks; c++)
            k->from[c] += p->timeline.segments[k->seg].first_frame;
        k->left = k->nb_chunks;
        if (!(k->chunks = calloc((size_t)k->nb_chunks, sizeof(*k->chunks))))
            return VF_ERR_INTERNAL;
        nb += k->nb_chunks;
    }
    if (!(s->tasks = calloc((size_t)nb + 1, sizeof(*s->tasks))))
        return VF_ERR_INTERNAL;
    for (int i = 0; i < s->nb_keys; i++)
        for (int c = 0; c < s->keys[i].nb_chunks; c++)
            s->tasks[s->nb_tasks++] = (Task){ i, c };
    return 0;
}

/* Keeps the plans keys point into; the caller's entries for them become NULL. */
static int keep_plans(VfBatchShared *s, VfPlan **plans, int n, const int *used)
{
    if (!(s->plans = calloc((size_t)n + 1, sizeof(*s->plans))))
        return VF_ERR_INTERNAL;
    for (int i = 0; i < n; i++)
        if (used[i]) {
            s->plans[s->nb_plans++] = plans[i];
            plans[i] = NULL;
        }
    return 0;
}

int vf_batch_shared_create(VfBatchShared **out, struct VfDiskCache *cache, VfPlan **plans,
                           int n, int jobs, int threads, VfGate *gate)
{
    VfBatchShared *s = calloc(1, sizeof(*s));
    int *used = calloc((size_t)n + 1, sizeof(*used));
    int ret = s && used ? 0 : VF_ERR_INTERNAL;
    *out = NULL;
    if (s) {
        s->cache = cache;
        s->threads = threads;
        s->gate = gate;
        pthread_mutex_init(&s->lock, NULL);
    }
    if (ret >= 0)
        ret = group(s, plans, n, used);
    if (ret >= 0)
        ret = cut(s, jobs);
    if (ret >= 0)
        ret = keep_plans(s, plans, n, used);
    free(used);
    if (ret < 0)
        vf_batch_shared_free(&s);
    else
        vf_log(VF_LOG_INFO, "segments: %d shared by the rows and missing, in %d chunks",
               s->nb_keys, s->nb_tasks);
    *out = s;
    return ret;
}

/* The last chunk of k is done: its segment stored (unless a chunk failed),
 * its lock released. */
static void finish_key(VfBatchShared *s, Key *k)
{
    const VfSegment *sg = &k->plan->timeline.segments[k->seg];
    int ret = k->failed ? -1 : vf_seg_chunks_store(s->cache, k->plan, k->seg, k->chunks,
                                                    k->from, k->nb_chunks);
    if (ret >= 0) {
        vf_log(VF_LOG_INFO, "segments: encoded segment %d (frames %lld-%lld) %s in %.2f s, "
               "%d chunks", k->seg, (long long)sg->first_frame, (long long)sg->end_frame - 1,
               sg->key, vf_now() - k->t0, k->nb_chunks);
    } else {
        vf_log(VF_LOG_INFO, "segments: shared segment %.16s not stored (%s); the rows encode it",
               sg->key, k->failed ? "a chunk failed" : vf_error_message());
        vf_error_clear();
    }
    for (int c = 0; c < k->nb_chunks; c++)
        vf_seg_entry_clear(&k->chunks[c]);
    pthread_mutex_lock(&s->lock);
    s->segments += ret >= 0;
    pthread_mutex_unlock(&s->lock);
    vf_seg_store_unlock(k->fd);
    k->fd = -1;
}

int vf_batch_shared_run_one(VfBatchShared *s)
{
    pthread_mutex_lock(&s->lock);
    int i = s && !vf_interrupt_requested() && s->next < s->nb_tasks ? s->next++ : -1;
    pthread_mutex_unlock(&s->lock);
    if (i < 0)
        return 0;
    Task t = s->tasks[i];
    Key *k = &s->keys[t.key];
    const VfSegment *sg = &k->plan->timeline.segments[k->seg];
    int64_t from = k->from[t.chunk];
    int64_t to = t.chunk + 1 < k->nb_chunks ? k->from[t.chunk + 1] : sg->end_frame;
    VfVideoEncoderSetup es;
    VfStageTimes times = { 0 };
    vf_reuse_encoder_setup(k->plan, s->threads, 0, &es);
    if (t.chunk == 0)
        k->t0 = vf_now();
    double t0 = vf_now();
    int ret = vf_seg_chunk_encode(k->plan, k->seg, from, to, &es, s->gate, &k->chunks[t.chunk],
                                  &times);
    if (ret < 0) {
        vf_log(VF_LOG_INFO, "segments: chunk %lld-%lld of %.16s failed: %s", (long long)from,
               (long long)to - 1, sg->key, vf_error_message());
        vf_error_clear();
    } else {
        vf_log(VF_LOG_INFO, "segments: encoded chunk %d/%d (frames %lld-%lld) of %.16s in %.2f s",
               t.chunk + 1, k->nb_chunks, (long long)from, (long long)to - 1, sg->key,
               vf_now() - t0);
    }
    pthread_mutex_lock(&s->lock);
    k->failed |= ret < 0;
    int last = --k->left == 0;
    s->chunks += ret >= 0;
    s->frames += ret >= 0 ? to - from : 0;
    pthread_mutex_unlock(&s->lock);
    if (last)
        finish_key(s, k);
    return 1;
}

void vf_batch_shared_counts(VfBatchShared *s, int *segments, int *chunks, int64_t *frames)
{
    *segments = *chunks = 0;
    *frames = 0;
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    *segments = s->segments;
    *chunks = s->chunks;
    *frames = s->frames;
    pthread_mutex_unlock(&s->lock);
}

void vf_batch_shared_free(VfBatchShared **ps)
{
    VfBatchShared *s = ps ? *ps : NULL;
    if (!s)
        return;
    for (int i = 0; s->keys && i < s->nb_keys; i++) {
        Key *k = &s->keys[i];
        for (int c = 0; k->chunks && c < k->nb_chunks; c++)
            vf_seg_entry_clear(&k->chunks[c]);
        free(k->chunks);
        if (k->fd >= 0)
            vf_seg_store_unlock(k->fd);
    }
    for (int i = 0; i < s->nb_plans; i++)
        vf_plan_free(&s->plans[i]);
    free(s->plans);
    free(s->keys);
    free(s->tasks);
    pthread_mutex_destroy(&s->lock);
    free(s);
    *ps = NULL;
}
