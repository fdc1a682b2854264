#include "util/color.h"

#include <string.h>

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int vf_color_parse(const char *s, VfColor *out)
{
    size_t len = strlen(s);
    if (!strcmp(s, "transparent")) { /* as in CSS: black with alpha 0 */
        *out = (VfColor){ 0, 0, 0, 0 };
        return 0;
    }
    if (s[0] != '#' || (len != 7 && len != 9))
        return -1;
    uint8_t v[4] = { 0, 0, 0, 255 };
    for (size_t i = 0; i < (len - 1) / 2; i++) {
        int hi = hex_value(s[1 + 2 * i]), lo = hex_value(s[2 + 2 * i]);
        if (hi < 0 || lo < 0)
            return -1;
        v[i] = (uint8_t)(hi * 16 + lo);
    }
    *out = (VfColor){ v[0], v[1], v[2], v[3] };
    return 0;
}
