/* Rasterizing a layout's glyphs into coverage masks (FreeType outlines,
 * strokes and colour bitmaps). Internal to src/text/. */
#ifndef VF_TEXT_GLYPHS_H
#define VF_TEXT_GLYPHS_H

#include <stdint.h>

#include "text/textlayout.h"

/* A coverage mask the size of the raster (m NULL: the layer is absent). */
typedef struct VfMask {
    uint8_t *m;
    int w, h;
} VfMask;

/* Ink bounds of l in whole pixels, box coordinates (y down), merged with the
 * box [0, box_w) x [0, box_h): x0, y0, x1, y1. */
void vf_glyphs_ink_bounds(const VfLayout *l, int box_w, int box_h, int b[4]);

/* Whether some glyph of l is a colour bitmap (emoji). */
int vf_glyphs_have_color(const VfLayout *l);

/* Draws every glyph of l, the box's origin at (-ox, -oy) of the raster:
 * outline glyphs into fill, colour glyphs into color (premultiplied RGBA,
 * raster-sized; NULL: skipped) with their alpha into fill. Notes in clusters
 * the cluster of each pixel a glyph raises. */
void vf_glyphs_draw_fill(const VfLayout *l, VfMask *fill, uint8_t *color, uint16_t *clusters,
                         int ox, int oy);

/* A true stroke of width pixels outside each outline glyph (FreeType stroker,
 * round joins) into out, as vf_glyphs_draw_fill places glyphs. */
void vf_glyphs_draw_outline(const VfLayout *l, double width, VfMask *out, uint16_t *clusters,
                            int ox, int oy);

#endif
