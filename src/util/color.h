#ifndef VF_UTIL_COLOR_H
#define VF_UTIL_COLOR_H

#include "vidforge/model.h"

/* Parses "#RRGGBB" or "#RRGGBBAA" (hex digits, either case), or "transparent"
 * (#00000000).
 * Returns 0 and fills out, or -1 leaving out untouched. */
int vf_color_parse(const char *s, VfColor *out);

#endif
