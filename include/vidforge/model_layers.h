/* The template model of shapes, keyframes and animated-image timing: what a
 * template says after parsing (see model.h for units). Plain data owned by
 * the VfOverlay that holds it (model.h, its `shape` and `motion` fields). */
#ifndef VIDFORGE_MODEL_LAYERS_H
#define VIDFORGE_MODEL_LAYERS_H

#include "vidforge/color.h"

/* One keyframe as written: value at t seconds from the layer's start; easing
 * (VfEasing, VF_EASE_HOLD included) shapes the way to the next key. */
typedef struct VfKeyframeSpec {
    double t;
    double value;
    int easing;
} VfKeyframeSpec;

/* A property given as a list of keyframes; nb_keys 0: it is a constant (the
 * number in the overlay's own field). keys is malloc'd, owned by the list. */
typedef struct VfKeyframeList {
    VfKeyframeSpec *keys;
    int nb_keys;
} VfKeyframeList;

/* The properties that may be keyframed, indexing VfMotion.keys. */
typedef enum VfMotionKey {
    VF_MOTION_X = 0,      /* position.offset.x */
    VF_MOTION_Y,          /* position.offset.y */
    VF_MOTION_SCALE,      /* transform.scale */
    VF_MOTION_OPACITY,    /* transform.opacity */
    VF_MOTION_ROTATION,   /* transform.rotation */
    VF_MOTION_WIDTH,      /* shapes: width */
    VF_MOTION_HEIGHT,     /* shapes: height */
    VF_MOTION_COUNT
} VfMotionKey;

typedef struct VfMotion {
    VfKeyframeList keys[VF_MOTION_COUNT];
    double rotation;      /* degrees clockwise about the box centre (constant form) */
    int hold_last;        /* animated images: "loop": false (hold the last frame) */
} VfMotion;

typedef enum VfShapeKind {
    VF_SHAPE_RECT = 0,
    VF_SHAPE_ELLIPSE,
    VF_SHAPE_LINE,
    VF_SHAPE_KIND_COUNT
} VfShapeKind;

/* A shape's own keys; its fill gradient and shadow use the overlay's gradient
 * and shadow fields (model.h), its fill colour the overlay's `color`. */
typedef struct VfShape {
    int kind;             /* VfShapeKind */
    double width, height; /* box, pixels (constant form) */
    double radius;        /* rect: corner radius, pixels */
    int has_fill;         /* 0: white */
    int has_stroke;
    double stroke_width;  /* pixels, inside the box (line: its thickness) */
    VfColor stroke_color;
} VfShape;

#endif
