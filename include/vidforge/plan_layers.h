/* Plan data of shapes and animated images (see plan.h for units): what the
 * render stage needs to redraw a shape whose size is keyframed and to show an
 * animated image's frames at their own timing. Owned by the VfPlanLayer that
 * points to them (plan.h: `shape`, `seq`); freed with the plan. */
#ifndef VIDFORGE_PLAN_LAYERS_H
#define VIDFORGE_PLAN_LAYERS_H

#include <stdint.h>

#include "vidforge/color.h"

/* Everything that decides a shape's pixels but its size. */
typedef struct VfShapeStyle {
    int kind;               /* VfShapeKind */
    double radius;          /* rect corners, pixels */
    VfColor fill;           /* straight alpha */
    VfColor gradient[8];    /* replaces fill when nb_gradient >= 2 */
    int nb_gradient;
    double stops[8];        /* nb_stops 0: even */
    int nb_stops;
    double angle;           /* gradient degrees */
    double stroke_width;    /* pixels inside the edge; line: thickness; 0: none */
    VfColor stroke;
    int has_shadow;
    VfColor shadow_color;
    double shadow_x, shadow_y, shadow_blur;
    double opacity;         /* multiplies alpha, 0..1 */
} VfShapeStyle;

/* An animated image's frames, all width x height straight-alpha RGBA (rows
 * of width * 4 bytes), each decoded once. Frame i shows from ends[i-1] (0
 * for the first) to ends[i], seconds from the layer's start. */
typedef struct VfFrameSeq {
    uint8_t **pixels;       /* nb_frames buffers, each malloc'd */
    double *ends;
    int nb_frames;
    int width, height;
    int loop;               /* 1: repeat every ends[nb_frames - 1] s; 0: hold the last */
} VfFrameSeq;

#endif
