/* Decimal numbers; see number.h. */
#include "util/number.h"

#include <stdlib.h>
#include <string.h>

double vf_strtod_decimal(const char *s, char **end)
{
    double x = strtod(s, end);
    for (const char *p = s; p < *end; p++)
        if (!strchr("+-.0123456789eE", *p) || ((*p == 'e' || *p == 'E') && p == s)) {
            *end = (char *)s; /* hexadecimal, inf, nan: not a number people type */
            return 0;
        }
    return x;
}
