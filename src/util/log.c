/* The logger: one sink for vidforge's messages (and FFmpeg's, once
 * vf_media_log_init routes them here). */
#include <stdio.h>
#include <string.h>

#include "vidforge/log.h"

static _Thread_local const VfLogger *bound;

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

const VfLogger *vf_log_bind(const VfLogger *lg)
{
    const VfLogger *before = bound;
    bound = lg;
    return before;
}

const VfLogger *vf_log_current(void)
{
    return bound;
}

/* Without a sink (a library user who set none), messages are dropped: the
 * front end decides where they go (src/cli: stderr). */
int vf_log_enabled(VfLogLevel level)
{
    return bound && bound->sink && level <= bound->max_level;
}

void vf_vlog(VfLogLevel level, const char *fmt, va_list ap)
{
    if (!vf_log_enabled(level))
        return;
    char msg[2048];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    bound->sink(bound->opaque, level, msg);
}

void vf_log(VfLogLevel level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vf_vlog(level, fmt, ap);
    va_end(ap);
}
