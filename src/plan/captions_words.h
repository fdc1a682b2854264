/* A caption's word as a raster of its own: the pixels the word's grapheme
 * clusters drew in a raster of the whole caption (so it sits exactly on
 * the caption's own glyphs), over an optional rounded box, optionally
 * scaled about its centre. Internal to the captions layer. */
#ifndef VF_PLAN_CAPTIONS_WORDS_H
#define VF_PLAN_CAPTIONS_WORDS_H

#include "plan/rasterize.h"
#include "vidforge/model.h"

typedef struct VfCapCut {
    int cluster_from, cluster_to;  /* the word's clusters in the raster's cluster map */
    double x0, y0, x1, y1;         /* the word's layout box, raster pixels */
    int has_box;                   /* 1: a box of box_color behind it, box_pad around x0..y1 */
    VfColor box_color;
    double box_pad, box_radius;
    double scale;                  /* 1: as drawn */
} VfCapCut;

/* Cuts the word out of r (a text raster with its cluster map; without one,
 * the pixels inside the word's layout box). *out receives the raster (owned
 * by the caller) and *x, *y its top-left relative to r's. Returns 0, 1 when
 * the word drew nothing (no raster), or VF_ERR_INTERNAL. */
int vf_cap_cut_word(const VfLayerRaster *r, const VfCapCut *cut, VfRaster *out, int *x, int *y);

#endif
