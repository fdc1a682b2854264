/* FFmpeg's log lines, routed to vidforge's logger (vf_media_log_init in
 * vidforge/log.h) and, on request, read by the code that caused them. */
#ifndef VF_MEDIA_AVLOG_H
#define VF_MEDIA_AVLOG_H

/* Until called again with fn NULL, every FFmpeg log line this thread emits
 * (any level, without its newline) is also passed to fn. Used to
 * read summaries encoders print when they close. */
void vf_media_log_capture(void (*fn)(void *opaque, const char *line), void *opaque);

#endif
