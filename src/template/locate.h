/* Finds where a JSON pointer's value (or key) sits in the source text.
 * cJSON keeps no positions, so this walks the text itself. */
#ifndef VF_TEMPLATE_LOCATE_H
#define VF_TEMPLATE_LOCATE_H

#include <stddef.h>

/* Converts a byte offset into 1-based line and column (columns count UTF-8
 * characters). */
void vf_json_offset_to_line_col(const char *text, size_t offset, int *line, int *col);

/* Locates pointer (RFC 6901, "" = the whole document) in text of len bytes.
 * want_key: point at the member's key rather than its value.
 * Returns 0 and fills line/col, or -1 when the pointer does not exist (then
 * line/col point at the deepest existing parent). */
int vf_json_locate(const char *text, size_t len, const char *pointer, int want_key,
                   int *line, int *col);

#endif
