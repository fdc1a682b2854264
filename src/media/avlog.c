/* FFmpeg's messages into vidforge's logger. */
#include "media/avlog.h"

#include <string.h>

#include <libavutil/log.h>

#include "vidforge/log.h"

static _Thread_local void (*capture_fn)(void *opaque, const char *line);
static _Thread_local void *capture_opaque;

static void av_callback(void *avcl, int level, const char *fmt, va_list ap)
{
    /* vidforge reports failures itself, once; FFmpeg's own words are detail */
    int wanted = level <= AV_LOG_WARNING && vf_log_enabled(VF_LOG_DEBUG);
    if (!wanted && !capture_fn)
        return;
    char line[1024];
    int print_prefix = 1;
    av_log_format_line(avcl, level, fmt, ap, line, sizeof(line), &print_prefix);
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    if (capture_fn && n)
        capture_fn(capture_opaque, line);
    if (wanted && n)
        vf_log(VF_LOG_DEBUG, "%s", line);
}

void vf_media_log_init(void)
{
    av_log_set_callback(av_callback);
}

void vf_media_log_capture(void (*fn)(void *opaque, const char *line), void *opaque)
{
    if (fn)
        av_log_set_callback(av_callback); /* library callers may not have routed logs */
    capture_fn = fn;
    capture_opaque = opaque;
}
