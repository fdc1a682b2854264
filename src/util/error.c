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
    { VF_ERR_INTERNAL, VF_EXIT_INTERNAL },
    { VF_ERR_USAGE, VF_EXIT_USAGE },
    { VF_ERR_TEMPLATE, VF_EXIT_USAGE },
    { VF_ERR_ASSET, VF_EXIT_ASSET },
    { VF_ERR_OUTPUT, VF_EXIT_OUTPUT },
    { VF_ERR_INTERRUPTED, VF_EXIT_INTERRUPTED },
};

int vf_error_exit_code(int err)
{
    if (err >= 0)
        return VF_EXIT_OK;
    for (size_t i = 0; i < sizeof(exit_codes) / sizeof(exit_codes[0]); i++)
        if (exit_codes[i].code == err)
            return exit_codes[i].exit_code;
    return VF_EXIT_INTERNAL; /* an FFmpeg or errno code nobody classified */
}
