/* Batch rows: CSV (RFC 4180, header row, UTF-8 with or without BOM, CRLF or
 * LF) or JSON Lines (one object per line). Each row becomes a set of
 * variables. */
#ifndef VF_BATCH_ROWS_H
#define VF_BATCH_ROWS_H

#include "template/vars.h"

typedef struct VfRow {
    VfVarSet vars;     /* column -> value */
    int line;          /* 1-based line where the row starts in the file */
    char *id;          /* the `id` column, or the row number (from 1) */
} VfRow;

typedef struct VfRows {
    VfRow *rows;
    int count;
} VfRows;

/* Reads path (.jsonl / .ndjson as JSON Lines, anything else as CSV).
 * Returns 0, or VF_ERR_USAGE with "PATH:LINE: message" in vf_error_message. */
int vf_rows_load(const char *path, VfRows *out);

/* Parses CSV text of len bytes (for tests and the loader). name labels errors. */
int vf_rows_parse_csv(const char *text, size_t len, const char *name, VfRows *out);
int vf_rows_parse_jsonl(const char *text, size_t len, const char *name, VfRows *out);

void vf_rows_clear(VfRows *rows);

#endif
