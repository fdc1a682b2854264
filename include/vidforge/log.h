/* The one logger. Every message for the user passes through here, including
 * FFmpeg's av_log output (routed by the media stage). Nothing else writes to
 * stdout or stderr outside the CLI front.
 *
 * Where messages go is decided per engine (its settings carry a sink and a
 * level): the engine binds its VfLogger to the calling thread for the length
 * of each call, and to the threads it starts, so two engines in one process
 * log to their own sinks. A thread with no logger bound drops messages. */
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

/* A destination: sink (NULL: dropped; the CLI's prints "vidforge: [level: ]msg"
 * on stderr) and the most verbose level passed on. Owned by its holder (an
 * engine, the CLI front); must outlive every thread it is bound to. */
typedef struct VfLogger {
    VfLogSink sink;
    void *opaque;
    VfLogLevel max_level;
} VfLogger;

/* Binds lg (may be NULL) to the calling thread; returns the logger bound
 * before, so a call can restore it when it returns. */
const VfLogger *vf_log_bind(const VfLogger *lg);

/* The logger bound to the calling thread, or NULL. */
const VfLogger *vf_log_current(void);

/* "error: ", "warning: " or "" for level, for sinks that print. */
const char *vf_log_level_prefix(VfLogLevel level);

/* 1 when messages of level would be passed on. */
int vf_log_enabled(VfLogLevel level);

void vf_log(VfLogLevel level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vf_vlog(VfLogLevel level, const char *fmt, va_list ap);

#endif
