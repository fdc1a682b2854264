#include "plan/layout.h"

#include <math.h>

/* Fraction of the free space left of / above the box, per anchor. */
static const struct {
    double fx, fy;
} anchor_points[VF_ANCHOR_COUNT] = {
    [VF_ANCHOR_TOP_LEFT] = { 0, 0 },      [VF_ANCHOR_TOP_CENTER] = { 0.5, 0 },
    [VF_ANCHOR_TOP_RIGHT] = { 1, 0 },     [VF_ANCHOR_CENTER_LEFT] = { 0, 0.5 },
    [VF_ANCHOR_CENTER] = { 0.5, 0.5 },    [VF_ANCHOR_CENTER_RIGHT] = { 1, 0.5 },
    [VF_ANCHOR_BOTTOM_LEFT] = { 0, 1 },   [VF_ANCHOR_BOTTOM_CENTER] = { 0.5, 1 },
    [VF_ANCHOR_BOTTOM_RIGHT] = { 1, 1 },  [VF_ANCHOR_CUSTOM] = { 0, 0 },
};

void vf_layout_place(int anchor, int frame_w, int frame_h, int box_w, int box_h,
                     double offset_x, double offset_y, double custom_x, double custom_y,
                     int *x, int *y)
{
    if (anchor < 0 || anchor >= VF_ANCHOR_COUNT)
        anchor = VF_ANCHOR_TOP_LEFT;
    double bx = anchor_points[anchor].fx * (frame_w - box_w);
    double by = anchor_points[anchor].fy * (frame_h - box_h);
    if (anchor == VF_ANCHOR_CUSTOM) {
        bx = custom_x;
        by = custom_y;
    }
    *x = (int)lround(bx + offset_x);
    *y = (int)lround(by + offset_y);
}

long long vf_layout_frame_at(double t, int fps_num, int fps_den)
{
    /* The epsilon absorbs binary error in t * fps (2.0 * 30 may be 59.9999...),
     * far below a frame at any real rate. */
    return (long long)ceil(t * fps_num / fps_den - 1e-6);
}
