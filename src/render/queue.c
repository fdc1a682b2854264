/* Bounded frame queue: a ring of AVFrame shells guarded by one mutex. */
#include "render/queue.h"

#include <pthread.h>
#include <stdlib.h>

#include "vidforge/error.h"

struct VfFrameQueue {
    pthread_mutex_t lock;
    pthread_cond_t not_full, not_empty;
    AVFrame **frames;      /* capacity shells; [head, head + count) hold references */
    int *tags;
    int capacity, head, count;
    int ended;             /* the producer put the end */
    int aborted;
};

int vf_frame_queue_create(VfFrameQueue **out, int capacity)
{
    VfFrameQueue *q = calloc(1, sizeof(*q));
    *out = NULL;
    if (!q)
        return VF_ERR_INTERNAL;
    q->capacity = capacity < 1 ? 1 : capacity;
    q->frames = calloc((size_t)q->capacity, sizeof(*q->frames));
    q->tags = calloc((size_t)q->capacity, sizeof(*q->tags));
    int ok = q->frames && q->tags;
    for (int i = 0; ok && i < q->capacity; i++)
        ok = (q->frames[i] = av_frame_alloc()) != NULL;
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->not_full, NULL);
    pthread_cond_init(&q->not_empty, NULL);
    *out = q;
    if (!ok) {
        vf_frame_queue_free(out);
        return VF_ERR_INTERNAL;
    }
    return 0;
}

int vf_frame_queue_put(VfFrameQueue *q, AVFrame *frame, int tag)
{
    pthread_mutex_lock(&q->lock);
    while (!q->aborted && frame && q->count == q->capacity)
        pthread_cond_wait(&q->not_full, &q->lock);
    int ret = q->aborted ? VF_QUEUE_ABORTED : 0;
    if (!ret && !frame) {
        q->ended = 1;
    } else if (!ret) {
        int slot = (q->head + q->count) % q->capacity;
        av_frame_move_ref(q->frames[slot], frame);
        q->tags[slot] = tag;
        q->count++;
    }
    pthread_cond_signal(&q->not_empty);
    pthread_mutex_unlock(&q->lock);
    return ret;
}

int vf_frame_queue_get(VfFrameQueue *q, AVFrame *frame, int *tag)
{
    pthread_mutex_lock(&q->lock);
    while (!q->aborted && !q->ended && q->count == 0)
        pthread_cond_wait(&q->not_empty, &q->lock);
    int ret = q->aborted ? VF_QUEUE_ABORTED : q->count == 0 ? AVERROR_EOF : 0;
    if (!ret) {
        av_frame_move_ref(frame, q->frames[q->head]);
        *tag = q->tags[q->head];
        q->head = (q->head + 1) % q->capacity;
        q->count--;
        pthread_cond_signal(&q->not_full);
    }
    pthread_mutex_unlock(&q->lock);
    return ret;
}

void vf_frame_queue_abort(VfFrameQueue *q)
{
    pthread_mutex_lock(&q->lock);
    q->aborted = 1;
    for (; q->count > 0; q->count--, q->head = (q->head + 1) % q->capacity)
        av_frame_unref(q->frames[q->head]);
    pthread_cond_broadcast(&q->not_full);
    pthread_cond_broadcast(&q->not_empty);
    pthread_mutex_unlock(&q->lock);
}

void vf_frame_queue_free(VfFrameQueue **pq)
{
    VfFrameQueue *q = *pq;
    if (!q)
        return;
    for (int i = 0; q->frames && i < q->capacity; i++)
        av_frame_free(&q->frames[i]);
    free(q->frames);
    free(q->tags);
    pthread_mutex_destroy(&q->lock);
    pthread_cond_destroy(&q->not_full);
    pthread_cond_destroy(&q->not_empty);
    free(q);
    *pq = NULL;
}
