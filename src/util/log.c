/* The logger: one sink for vidforge's messages and FFmpeg's av_log. */
#include <stdio.h>
#include <string.h>
#include <libavutil/log.h>
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

static void default_sink(void *opaque, VfLogLevel level, const char *msg)
{
    fprintf(stderr, "vidforge: %s%s\n", level_prefix[level], msg);
}

static VfLogLevel from_av_level(int level)
{
    if (level <= AV_LOG_ERROR)
        return VF_LOG_DEBUG; /* vidforge reports failures itself, once */
    if (level <= AV_LOG_WARNING)
        return VF_LOG_DEBUG;
    return VF_LOG_DEBUG + 1; /* below everything: dropped */
}

static void av_callback(void *avcl, int level, const char *fmt, va_list ap)
{
    VfLogLevel vf_level = from_av_level(level);
    if (vf_level > log_max)
        return;
    char line[1024];
    int print_prefix = 1;
    av_log_format_line(avcl, level, fmt, ap, line, sizeof(line), &print_prefix);
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    if (n)
        (log_sink ? log_sink : default_sink)(log_opaque, VF_LOG_DEBUG, line);
}

void vf_log_init(VfLogSink sink, void *opaque, VfLogLevel max_level)
{
    log_sink = sink;
    log_opaque = opaque;
    log_max = max_level;
    av_log_set_callback(av_callback);
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
