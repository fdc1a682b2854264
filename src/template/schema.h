/* Table-driven reading and checking of a parsed template into VfTemplate.
 * The key tables in keys.c are the single description of the format:
 * name, type, range, default, and where the value lands in the model. */
#ifndef VF_TEMPLATE_SCHEMA_H
#define VF_TEMPLATE_SCHEMA_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "vidforge/diag.h"
#include "vidforge/model.h"
#include "vidforge/policy.h"

/* Set on cJSON string nodes whose text came from {{variable}} substitution:
 * only those may stand for numbers ("size": "{{size}}"). cJSON's own type
 * tests mask the type with 0xFF, so this high bit is invisible to it. */
#define VF_CJSON_SUBSTITUTED (1 << 12)

typedef struct VfSchemaCtx {
    VfDiagList *diags;  /* findings are appended here */
    const char *file;   /* template path, for messages */
    const char *text;   /* source text, to locate pointers */
    size_t len;
    const VfLimits *limits; /* the caller's policy */
} VfSchemaCtx;

/* Reads root into t (which must be zeroed), applying defaults, and appends
 * every finding to ctx->diags. Returns 0 (even with findings) or
 * VF_ERR_INTERNAL on out of memory. t owns what it receives either way. */
int vf_schema_read(VfSchemaCtx *ctx, const cJSON *root, VfTemplate *t);

/* Adds a finding located at pointer (at its key when want_key). */
int vf_schema_report(VfSchemaCtx *ctx, int severity, const char *pointer, int want_key,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The entry of choices (NULL-terminated) closest to word, or NULL when none is
 * close enough to suggest. */
const char *vf_did_you_mean(const char *word, const char *const *choices);

/* Appends "/token" (RFC 6901-escaped) to the pointer in buf of size n. */
void vf_pointer_push(char *buf, size_t n, const char *token);

/* Reports "must be EXPECTED, got V" at ptr; returns what vf_schema_report does. */
int vf_schema_type_error(VfSchemaCtx *ctx, const char *ptr, const char *expected, const cJSON *v);

/* A number, or a string a variable made that is one number and nothing else:
 * 0 and *out, or -1. */
int vf_schema_as_number(const cJSON *v, double *out);

/* Byte offset of the first invalid UTF-8 sequence in s, or -1. */
long vf_schema_utf8_invalid(const char *s);

#endif
