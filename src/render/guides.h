/* Layout guides drawn over a preview frame: each visible overlay's box and id
 * (video layers' too), the box of the sequence's clips on screen with their
 * ids, and the action-safe (90%) and title-safe (80%) areas. */
#ifndef VF_RENDER_GUIDES_H
#define VF_RENDER_GUIDES_H

#include <stdint.h>

#include "text/font.h"
#include "vidforge/plan.h"

/* Draws onto an RGB24 image of the plan's size (linesize bytes a row) the
 * guides for output frame n. Returns 0 or VF_ERR_ASSET (no label font). */
int vf_guides_draw(VfFontLookup *fonts, const VfPlan *p, int64_t n, uint8_t *rgb, int width, int height,
                   int linesize);

/* Shades the parts of an RGB24 image (linesize bytes a row) that app
 * ("reels", "tiktok", "shorts") covers with its own buttons, captions and
 * header. Returns 0 or VF_ERR_USAGE for an app it does not know. */
int vf_guides_draw_app(const char *app, uint8_t *rgb, int width, int height, int linesize);

#endif
