/* A bounded, blocking queue of frame references between two pipeline
 * threads (decode -> composite -> encode). Frames move in and out by
 * reference (av_frame_move_ref): nothing is copied. One producer, one
 * consumer. */
#ifndef VF_RENDER_QUEUE_H
#define VF_RENDER_QUEUE_H

#include <libavutil/frame.h>

typedef struct VfFrameQueue VfFrameQueue;

/* What get returns once the other side called vf_frame_queue_abort. */
#define VF_QUEUE_ABORTED AVERROR_EXIT

/* capacity: frames held at most (>= 1). Returns 0 or VF_ERR_INTERNAL. */
int vf_frame_queue_create(VfFrameQueue **out, int capacity);

/* Moves frame's reference into the queue (frame is left blank), waiting
 * while the queue is full; tag travels with it (e.g. 0 video, 1 audio).
 * frame NULL: the end of the stream. Returns 0 or VF_QUEUE_ABORTED. */
int vf_frame_queue_put(VfFrameQueue *q, AVFrame *frame, int tag);

/* Moves the oldest frame into frame (blank on entry), waiting while the
 * queue is empty. Returns 0, AVERROR_EOF after the end, or VF_QUEUE_ABORTED. */
int vf_frame_queue_get(VfFrameQueue *q, AVFrame *frame, int *tag);

/* Wakes and refuses both sides from now on; frames held are released. */
void vf_frame_queue_abort(VfFrameQueue *q);

void vf_frame_queue_free(VfFrameQueue **q);

#endif
