/* Cue-text styles (bold, italic, underline, colour) drawn into a laid-out
 * caption's raster, word by word. Internal to the captions layer. */
#ifndef VF_PLAN_CAPTIONS_STYLE_H
#define VF_PLAN_CAPTIONS_STYLE_H

#include "captions/captions.h"
#include "plan/rasterize.h"

typedef struct VfCapStyled {
    int cluster_from, cluster_to;  /* the word's clusters in the raster's cluster map */
    double x0, y0, x1, y1;         /* the word's layout box (its line's height), raster pixels */
    int flags;                     /* VF_CUE_BOLD | VF_CUE_ITALIC | VF_CUE_UNDERLINE */
    int has_color;                 /* 1: the word's fill becomes color */
    VfColor color;
} VfCapStyled;

/* Draws the n words' styles into r (in place; its cluster map follows the
 * moved pixels). fill is the colour the text was drawn in, outline its
 * outline's (NULL: none), size the font size in pixels. Clears
 * r->content_key (the pixels are no longer the cached ones).
 * 0 or VF_ERR_INTERNAL. */
int vf_cap_style_apply(VfLayerRaster *r, const VfCapStyled *words, int n, VfColor fill,
                       const VfColor *outline, double size);

#endif
