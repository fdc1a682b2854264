/* Shapes (rect, ellipse, line) drawn with anti-aliased edges: coverage from
 * the signed distance to the edge, exact for straight edges, within a few
 * percent on curves. Straight-alpha RGBA out. */
#ifndef VF_PLAN_SHAPE_H
#define VF_PLAN_SHAPE_H

#include "plan/rasterize.h"
#include "vidforge/plan.h"

/* The style a shape overlay asks for (its size aside). */
VfShapeStyle vf_shape_style(const VfOverlay *ov);

/* Pixels the stroke of a line and the shadow reach outside the box. */
int vf_shape_margin(const VfShapeStyle *st);

/* Draws st in a w x h box (pixels, may be fractional) into out (allocated
 * here, owned by the caller), the box's top-left at (-*ink_x, -*ink_y) of
 * the raster. 0 or VF_ERR_INTERNAL. */
int vf_shape_draw(const VfShapeStyle *st, double w, double h, VfRaster *out, int *ink_x,
                  int *ink_y);

/* The rasterizer of shape overlays (rasterize.c's table), cached by key. */
int vf_plan_rasterize_shape(const VfPlanCtx *pc, const VfTemplate *t, const VfOverlay *ov,
                            VfLayerRaster *out);

#endif
