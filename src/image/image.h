/* Still images (PNG, JPEG, WebP, anything FFmpeg decodes) into RGBA rasters. */
#ifndef VF_IMAGE_IMAGE_H
#define VF_IMAGE_IMAGE_H

#include "vidforge/plan.h"

/* Decodes the first frame of path, scales it by scale (> 0; result at least
 * 1x1, rounded to whole pixels) and multiplies its alpha by opacity (0..1).
 * out receives a straight-alpha raster owned by the caller.
 * Returns 0, or VF_ERR_ASSET (missing, unreadable or not an image). */
int vf_image_load(const char *path, double scale, double opacity, VfRaster *out);

/* The size in pixels of the image vf_image_load would decode from path,
 * before scaling: read from the header of a PNG (nothing decoded), else by
 * decoding the first frame. 0, or VF_ERR_ASSET as vf_image_load. */
int vf_image_size(const char *path, int *width, int *height);

#endif
