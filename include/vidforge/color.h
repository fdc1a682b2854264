/* A colour as templates give it: straight (non-premultiplied) 8-bit RGBA. */
#ifndef VIDFORGE_COLOR_H
#define VIDFORGE_COLOR_H

#include <stdint.h>

typedef struct VfColor {
    uint8_t r, g, b, a;
} VfColor;

#endif
