/* Position arithmetic: where a box lands in the frame. Pixels throughout. */
#ifndef VF_PLAN_LAYOUT_H
#define VF_PLAN_LAYOUT_H

#include "vidforge/model.h"

/* Top-left corner of a box_w x box_h box placed in a frame_w x frame_h frame:
 * the anchor's point of the box meets the same point of the frame, then the
 * offset moves it; VF_ANCHOR_CUSTOM puts the top-left at (custom_x, custom_y)
 * plus the offset. Results are rounded to whole pixels. */
void vf_layout_place(int anchor, int frame_w, int frame_h, int box_w, int box_h,
                     double offset_x, double offset_y, double custom_x, double custom_y,
                     int *x, int *y);

/* First output frame n with n / fps >= t (fps = num/den), exact for times
 * that are whole frames. */
long long vf_layout_frame_at(double t, int fps_num, int fps_den);

#endif
