/* FFmpeg's messages into vidforge's logger. */
#include <string.h>
#include <libavutil/log.h>
#include "vidforge/log.h"

static void av_callback(void *avcl, int level, const char *fmt, va_list ap)
{
    /* vidforge reports failures itself, once; FFmpeg's own words are detail */
    if (level > AV_LOG_WARNING || !vf_log_enabled(VF_LOG_DEBUG))
        return;
    char line[1024];
    int print_prefix = 1;
    av_log_format_line(avcl, level, fmt, ap, line, sizeof(line), &print_prefix);
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    if (n)
        vf_log(VF_LOG_DEBUG, "%s", line);
}

void vf_media_log_init(void)
{
    av_log_set_callback(av_callback);
}
