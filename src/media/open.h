/* Opening media with what a template may reach: local inputs through the
 * file protocol and the demuxers of real media files only (no playlists or
 * concat lists that could name other files); URLs through http(s) only, with
 * a bounded wait for a stalled server; s3:// objects through range requests
 * (s3avio.h); and every blocking call stoppable by
 * a signal. */
#ifndef VF_MEDIA_OPEN_H
#define VF_MEDIA_OPEN_H

#include <stdatomic.h>

#include <libavformat/avformat.h>

/* What makes a blocking libavformat call on one input give up: a stop request
 * (vf_interrupt_requested), a cancel from another thread, and for URLs the
 * network budget (--limit network_seconds): the seconds all the calls on that
 * input may take together (open and probe, then every read and seek), so a
 * server that trickles one byte at a time cannot keep a render forever. Time
 * spent decoding and encoding between the calls does not count. Owned by the
 * caller; it must outlive the AVFormatContext opened with it. Zero it, then
 * set cancelled if wanted. */
typedef struct VfMediaGuard {
    const atomic_int *cancelled; /* another thread's stop, or NULL */
    double budget;               /* seconds for URLs (the caller's policy); 0: none */
    double spent;                /* seconds taken by the finished calls */
    double since;                /* when the running call began (vf_now), 0: none */
    int expired;                 /* the budget ran out */
} VfMediaGuard;

/* avformat_open_input with those restrictions and guard's interrupt callback
 * on *fmt (allocated here when NULL). The caller sets guard->budget (the
 * policy's network_seconds); it only applies to URLs. The open is the first timed call: end it
 * with vf_media_guard_end after avformat_find_stream_info. A URL whose scheme
 * is not http or https gives AVERROR_PROTOCOL_NOT_FOUND. Same returns as
 * avformat_open_input (which frees *fmt on failure). */
int vf_media_open_guarded(AVFormatContext **fmt, const char *path, VfMediaGuard *guard);

/* The same for local files only, stoppable by a signal (no budget); a URL
 * gives AVERROR_PROTOCOL_NOT_FOUND. */
int vf_media_open(AVFormatContext **fmt, const char *path);

/* avformat_close_input, and the I/O context of an s3:// input with it.
 * Use it for every context opened by the calls above. */
void vf_media_close(AVFormatContext **fmt);

/* Brackets a blocking call (av_read_frame, av_seek_frame ...): the time
 * between them counts against the budget. begin is a no-op inside a call. */
void vf_media_guard_begin(VfMediaGuard *g);
void vf_media_guard_end(VfMediaGuard *g);

/* Why a call on path failed, when the guard made it fail: VF_ERR_INTERRUPTED
 * after a stop or a cancel, VF_ERR_ASSET naming path when the budget ran out;
 * 0 otherwise (the caller reports the failure itself). */
int vf_media_guard_failure(const VfMediaGuard *g, const char *path);

#endif
