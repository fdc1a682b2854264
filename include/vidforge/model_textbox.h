/* The template model of a text background box's own drop shadow
 * (style.background.shadow): plain data held by value in the VfOverlay
 * (model.h, its `box_shadow` field). Units as in model.h. */
#ifndef VIDFORGE_MODEL_TEXTBOX_H
#define VIDFORGE_MODEL_TEXTBOX_H

#include "vidforge/color.h"

/* The box's shadow: the rounded box's coverage moved by (x, y) and blurred,
 * drawn under the box. Only drawn when the text has a background. */
typedef struct VfBoxShadow {
    int on;           /* 1: style.background.shadow was given */
    VfColor color;    /* straight alpha; alpha sets its strength */
    double x, y;      /* pixels right and down */
    double blur;      /* pixels, Gaussian radius (sigma = blur / 2); 0: hard */
} VfBoxShadow;

#endif
