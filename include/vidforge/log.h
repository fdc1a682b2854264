/* The one logger. Every message for the user passes through here, including
 * FFmpeg's av_log output (routed by vf_media_log_init). Nothing else writes to
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

/* Sets the sink (NULL: messages are dropped; the CLI's sink prints
 * "vidforge: [level: ]msg" on stderr) and the most verbose level passed on. */
void vf_log_init(VfLogSink sink, void *opaque, VfLogLevel max_level);

/* "error: ", "warning: " or "" for level, for sinks that print. */
const char *vf_log_level_prefix(VfLogLevel level);

/* 1 when messages of level would be passed on. */
int vf_log_enabled(VfLogLevel level);

/* Routes FFmpeg's av_log into the logger at VF_LOG_DEBUG (vidforge reports
 * failures itself, once). Part of the media stage: call it where FFmpeg is used. */
void vf_media_log_init(void);

void vf_log(VfLogLevel level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vf_vlog(VfLogLevel level, const char *fmt, va_list ap);

#endif
