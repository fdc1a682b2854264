#include "util/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vidforge/error.h"

static int reserve(VfStrBuf *sb, size_t extra)
{
    if (sb->oom)
        return -1;
    if (sb->len + extra + 1 <= sb->cap)
        return 0;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    char *d = realloc(sb->data, cap);
    if (!d) {
        sb->oom = 1;
        return -1;
    }
    sb->data = d;
    sb->cap = cap;
    return 0;
}

void vf_strbuf_append(VfStrBuf *sb, const char *s, size_t n)
{
    if (reserve(sb, n) < 0)
        return;
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void vf_strbuf_appendf(VfStrBuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || reserve(sb, (size_t)n) < 0)
        return;
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

int vf_strbuf_finish(VfStrBuf *sb, char **out)
{
    *out = NULL;
    if (!sb->oom && !sb->data)
        vf_strbuf_append(sb, "", 0);
    if (sb->oom) {
        vf_strbuf_discard(sb);
        return VF_ERR_INTERNAL;
    }
    *out = sb->data;
    *sb = (VfStrBuf){ 0 };
    return 0;
}

void vf_strbuf_discard(VfStrBuf *sb)
{
    free(sb->data);
    *sb = (VfStrBuf){ 0 };
}

int vf_text_has_nul(const char *text, size_t len, int json)
{
    if (memchr(text, '\0', len))
        return 1;
    for (size_t i = 0; json && i + 5 < len; i++) {
        if (text[i] != '\\')
            continue;
        if (text[i + 1] == 'u' && !strncmp(text + i + 2, "0000", 4))
            return 1;
        i++; /* an escaped backslash does not start an escape */
    }
    return 0;
}
