/* Per-thread error message: the deepest failure site describes the failure. */
#include <stdarg.h>
#include <stdio.h>
#include "vidforge/error.h"

static _Thread_local char message[1024];
static _Thread_local int message_set;

int vf_error_set(int code, const char *fmt, ...)
{
    if (message_set)
        return code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof(message), fmt, ap);
    va_end(ap);
    message_set = 1;
    return code;
}

const char *vf_error_message(void)
{
    return message_set ? message : "";
}

void vf_error_clear(void)
{
    message_set = 0;
    message[0] = '\0';
}

static const struct {
    int code;
    int exit_code;
} exit_codes[] = {
    { VF_ERR_INTERNAL, 1 },
    { VF_ERR_USAGE, 2 },
    { VF_ERR_TEMPLATE, 2 },
    { VF_ERR_ASSET, 3 },
    { VF_ERR_OUTPUT, 4 },
    { VF_ERR_INTERRUPTED, 130 },
};

int vf_error_exit_code(int err)
{
    if (err >= 0)
        return 0;
    for (size_t i = 0; i < sizeof(exit_codes) / sizeof(exit_codes[0]); i++)
        if (exit_codes[i].code == err)
            return exit_codes[i].exit_code;
    return 1; /* an FFmpeg or errno code nobody classified: internal */
}
