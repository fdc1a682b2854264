#ifndef VF_UTIL_RASTER_H
#define VF_UTIL_RASTER_H

#include "vidforge/plan.h"

/* Allocates a cleared (transparent) width x height raster. 0 or VF_ERR_INTERNAL. */
int vf_raster_alloc(VfRaster *r, int width, int height);

/* Frees the pixels; the raster is empty afterwards. Accepts an empty raster. */
void vf_raster_free(VfRaster *r);

#endif
