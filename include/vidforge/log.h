/* The one logger. Every message for the user passes through here, including
 * FFmpeg's av_log output (routed by vf_log_init). Nothing else writes to
 * stdout or stderr outside the CLI front. */
#ifndef VIDFORGE_LOG_H
#define VIDFORGE_LOG_H

#include <stdarg.h>

typedef enum VfLogLevel {
    VF_LOG_ERROR = 0,
    VF_LOG_WARNING = 1,
    VF_LOG_NOTICE = 2, /* one-line notices: fallbacks, choices made for the user */
    VF_LOG_INFO = 3,
    VF_LOG_DEBUG = 4,
} VfLogLevel;

/* Receives each complete message (no trailing newline). */
typedef void (*VfLogSink)(void *opaque, VfLogLevel level, const char *msg);

/* Sets the sink (NULL: stderr as "vidforge: [level: ]msg") and the most
 * verbose level that is passed on. Routes av_log into the logger. */
void vf_log_init(VfLogSink sink, void *opaque, VfLogLevel max_level);

void vf_log(VfLogLevel level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vf_vlog(VfLogLevel level, const char *fmt, va_list ap);

#endif
