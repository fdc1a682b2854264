/* A layout's raster: glyph masks (glyphs.c), the effects built from them
 * (effects.c) and their composite. Internal to src/text/. */
#ifndef VF_TEXT_TEXTRASTER_H
#define VF_TEXT_TEXTRASTER_H

#include "text/textlayout.h"

/* Fills out (box, ink offset, raster, cluster map) for layout l drawn in
 * style. 0 or VF_ERR_INTERNAL; on failure out may hold allocations the
 * caller frees (vf_raster_free, free(out->clusters)). */
int vf_text_rasterize(const VfLayout *l, const VfTextStyle *style, VfTextResult *out);

#endif
