/* Shared by the captions parser tests: warnings collected into `logged`
 * (bind `logger`), and parse_as, which clears them first. */
#ifndef VF_TEST_CAPTIONS_SUPPORT_H
#define VF_TEST_CAPTIONS_SUPPORT_H

#include <stdio.h>
#include <string.h>

#include "captions/captions.h"
#include "vidforge/error.h"
#include "vidforge/log.h"

static char logged[8192];

static void sink(void *opaque, VfLogLevel level, const char *msg)
{
    size_t n = strlen(logged);
    snprintf(logged + n, sizeof(logged) - n, "%s\n", msg);
}

static const VfLogger logger = { sink, NULL, VF_LOG_WARNING };

/* Parses n bytes of text as format; NULL when the parse fails. */
static VfCaptions *parse_as(const char *text, size_t n, int format)
{
    VfCaptions *c = NULL;
    logged[0] = '\0';
    vf_error_clear();
    if (vf_captions_parse(text, n, format, "t", &c) < 0)
        return NULL;
    return c;
}

#endif
