#include "util/raster.h"

#include <stdlib.h>

#include "vidforge/error.h"

int vf_raster_alloc(VfRaster *r, int width, int height)
{
    *r = (VfRaster){ 0 };
    if (width <= 0 || height <= 0 || width > 16384 || height > 16384)
        return vf_error_set(VF_ERR_INTERNAL, "raster size %dx%d out of range", width, height);
    r->pixels = calloc((size_t)width * (size_t)height, 4);
    if (!r->pixels)
        return VF_ERR_INTERNAL;
    r->width = width;
    r->height = height;
    return 0;
}

void vf_raster_free(VfRaster *r)
{
    free(r->pixels);
    *r = (VfRaster){ 0 };
}
