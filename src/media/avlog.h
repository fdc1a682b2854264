/* FFmpeg's log lines, routed to vidforge's logger and, on request, read by
 * the code that caused them. */
#ifndef VF_MEDIA_AVLOG_H
#define VF_MEDIA_AVLOG_H

/* Routes FFmpeg's av_log into the logger bound to the emitting thread, at
 * VF_LOG_DEBUG (vidforge reports failures itself, once). FFmpeg's callback is
 * process-wide by FFmpeg's design; it is set once and is idempotent. */
void vf_media_log_init(void);

/* Until called again with fn NULL, every FFmpeg log line this thread emits
 * (any level, without its newline) is also passed to fn. Used to
 * read summaries encoders print when they close. */
void vf_media_log_capture(void (*fn)(void *opaque, const char *line), void *opaque);

#endif
