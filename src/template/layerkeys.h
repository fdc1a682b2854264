/* Helpers for the keys of shapes, keyframes and animated images that other
 * stages use (the readers themselves are declared in keys.h). */
#ifndef VF_TEMPLATE_LAYERKEYS_H
#define VF_TEMPLATE_LAYERKEYS_H

#include "vidforge/model.h"

/* The JSON pointer of VfMotionKey key below "/overlays/N/" ("transform/scale"). */
const char *vf_motion_pointer(int key);

/* Frees the keyframe lists of m; they are empty afterwards. */
void vf_motion_clear(VfMotion *m);

#endif
