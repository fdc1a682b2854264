/* Animation math: the state of a layer at a time, and the same offsets as
 * FFmpeg expressions for the overlay filter. A pure function of the frame's
 * time t = n / fps:
 *
 *   p_in  = clamp((t - start) / d_in, 0, 1)        e_in  = E_in(p_in)
 *   q_out = 1 - clamp((end - t) / d_out, 0, 1)     e_out = 1 - E_out(q_out)
 *
 * where E is the easing (linear p, ease_in p^3, ease_out 1-(1-p)^3,
 * ease_in_out cubic). e = 1 means "in place and fully visible". */
#ifndef VF_PLAN_ANIMATE_H
#define VF_PLAN_ANIMATE_H

#include <stddef.h>

#include "vidforge/plan.h"

typedef struct VfAnimState {
    double opacity;       /* multiplies the raster's alpha */
    double dx, dy;        /* pixels added to the raster's position */
    double scale;         /* about the layer's pivot (box centre) */
    double reveal_from;   /* visible columns: [from, to) as fractions of the raster width */
    double reveal_to;
    int chars;            /* typewriter: clusters shown; -1: all */
} VfAnimState;

/* Easing curve e in [0, 1] for progress p in [0, 1]. */
double vf_ease(int easing, double p);

/* The state of layer l at time t (seconds). */
void vf_anim_state(const VfPlanLayer *l, double t, VfAnimState *s);

/* 1 when l moves (a slide), so the overlay needs per-frame x/y. */
int vf_anim_moves(const VfPlanLayer *l);

/* Writes the overlay x (axis 0) or y (axis 1) expression, in terms of t, that
 * equals raster_x/y + dx/dy of vf_anim_state. */
void vf_anim_position_expr(const VfPlanLayer *l, int axis, char *buf, size_t n);

#endif
