/* Coverage masks (8-bit, one byte a pixel, rows of `width` bytes) and the
 * effects built from them: blur, rounded boxes, and compositing the layers of
 * a text raster (background, shadow, outline, fill). */
#ifndef VF_TEXT_EFFECTS_H
#define VF_TEXT_EFFECTS_H

#include <stdint.h>

#include "vidforge/model.h"

/* Gaussian-like blur of radius pixels (three box passes), in place. */
int vf_mask_blur(uint8_t *m, int width, int height, double radius);

/* Anti-aliased rounded rectangle [x0, x1) x [y0, y1) with corner radius r. */
void vf_mask_round_rect(uint8_t *m, int width, int height, double x0, double y0, double x1,
                        double y1, double r);

/* The fill colour at (x, y): a linear gradient across [gx0, gx1] x [gy0, gy1]
 * at angle degrees with colours at stops (0..1 ascending; NULL: evenly), or
 * the plain colour when nb < 2. */
VfColor vf_gradient_at(const VfColor *colors, const double *stops, int nb, double angle,
                       double gx0, double gy0, double gx1, double gy1, double x, double y,
                       VfColor plain);

/* For the typewriter: gives each pixel of shadow that no glyph drew (fill and
 * outline are 0 there; outline may be NULL) the earliest cluster among the
 * glyph pixels within reach pixels of where it was cast from, (x - dx, y - dy),
 * so a letter's shadow appears with the letter. clusters holds width x height
 * entries, valid where fill or outline covers. 0 or VF_ERR_INTERNAL. */
int vf_clusters_to_shadow(uint16_t *clusters, const uint8_t *fill, const uint8_t *outline,
                          const uint8_t *shadow, int width, int height, int dx, int dy,
                          int reach);

/* Composites src colour with coverage over the premultiplied pixel dst
 * (4 floats, 0..1). */
void vf_over(float dst[4], VfColor src, uint8_t coverage);

#endif
