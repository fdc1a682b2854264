/* The logger: one sink for vidforge's messages (and FFmpeg's, once
 * vf_media_log_init routes them here). */
#include <stdio.h>
#include <string.h>
#include "vidforge/log.h"

static VfLogSink log_sink;
static void *log_opaque;
static VfLogLevel log_max = VF_LOG_NOTICE;

static const char *const level_prefix[] = {
    [VF_LOG_ERROR] = "error: ",
    [VF_LOG_WARNING] = "warning: ",
    [VF_LOG_NOTICE] = "",
    [VF_LOG_INFO] = "",
    [VF_LOG_DEBUG] = "debug: ",
};

const char *vf_log_level_prefix(VfLogLevel level)
{
    return level >= VF_LOG_ERROR && level <= VF_LOG_DEBUG ? level_prefix[level] : "";
}

/* Without a sink (a library user who set none), messages are dropped: the
 * front end decides where they go (src/cli: stderr). */
static void default_sink(void *opaque, VfLogLevel level, const char *msg)
{
    (void)opaque, (void)level, (void)msg;
}

void vf_log_init(VfLogSink sink, void *opaque, VfLogLevel max_level)
{
    log_sink = sink;
    log_opaque = opaque;
    log_max = max_level;
}

int vf_log_enabled(VfLogLevel level)
{
    return level <= log_max;
}

void vf_vlog(VfLogLevel level, const char *fmt, va_list ap)
{
    if (level > log_max)
        return;
    char msg[2048];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    (log_sink ? log_sink : default_sink)(log_opaque, level, msg);
}

void vf_log(VfLogLevel level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vf_vlog(level, fmt, ap);
    va_end(ap);
}
