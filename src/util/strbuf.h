/* A growable string. Keeps the template stage free of FFmpeg. */
#ifndef VF_UTIL_STRBUF_H
#define VF_UTIL_STRBUF_H

#include <stddef.h>

typedef struct VfStrBuf {
    char *data;   /* NUL-terminated when non-NULL */
    size_t len, cap;
    int oom;      /* an append failed: the content is incomplete */
} VfStrBuf;

void vf_strbuf_append(VfStrBuf *sb, const char *s, size_t n);
void vf_strbuf_appendf(VfStrBuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Hands the string to *out (caller frees; "" when empty) and resets sb.
 * Returns 0, or VF_ERR_INTERNAL (and frees) when an append ran out of memory. */
int vf_strbuf_finish(VfStrBuf *sb, char **out);

/* Frees the content without handing it out. */
void vf_strbuf_discard(VfStrBuf *sb);

/* 1 when text (len bytes) holds a NUL byte, or (json) a \u0000 escape in a
 * string: once a value is a C string, either would cut it short silently. */
int vf_text_has_nul(const char *text, size_t len, int json);

#endif
