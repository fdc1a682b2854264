#ifndef VF_UTIL_COLOR_H
#define VF_UTIL_COLOR_H

#include "vidforge/model.h"

/* Parses "#RRGGBB", "#RRGGBBAA", "#RGB", "#RGBA" (hex digits, either case;
 * a short form's digits doubled) or a CSS colour name (lower case;
 * "transparent" is #00000000). Returns 0 and fills out, or -1 leaving out
 * untouched. */
int vf_color_parse(const char *s, VfColor *out);

/* A CSS named colour in lower case (color_names.c), opaque, or
 * "transparent". 0 or -1. */
int vf_color_by_name(const char *s, VfColor *out);

/* The i-th colour name vf_color_by_name takes (from 0); NULL past the end. */
const char *vf_color_name(int i);

/* How messages and the schema name what vf_color_parse takes. */
#define VF_COLOR_FORMS "\"#RRGGBB\", \"#RRGGBBAA\", \"#RGB\", \"#RGBA\" or a CSS name"

#endif
