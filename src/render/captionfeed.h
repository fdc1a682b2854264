/* The picture of a captions layer (vidforge/plan_captions.h) at an output
 * frame: the track's items on screen then, each in its in/out animation's
 * state, composed onto the layer's canvas; or libass's picture of the ASS
 * file at the frame's time. The layer feed pushes it whenever its key
 * changes, so a captions overlay is one graph input however many cues it has. */
#ifndef VF_RENDER_CAPTIONFEED_H
#define VF_RENDER_CAPTIONFEED_H

#include <stdint.h>

#include "vidforge/plan.h"

typedef struct VfCaptionFeed VfCaptionFeed;

/* p and l (a layer with l->captions) are borrowed and must outlive the
 * feed. 0, VF_ERR_ASSET (the ASS file went unreadable) or VF_ERR_INTERNAL. */
int vf_caption_feed_create(VfCaptionFeed **out, const VfPlan *p, const VfPlanLayer *l);

/* What decides frame n's pixels: equal keys, equal pictures. Frames are
 * asked for in increasing order (an ASS file is drawn to know). */
#define VF_CAPTION_KEY_SIZE 4
void vf_caption_feed_key(VfCaptionFeed *f, int64_t n, int key[VF_CAPTION_KEY_SIZE]);

/* Draws frame n into dst (the layer's raster size, RGBA straight alpha,
 * linesize bytes a row). 0 or VF_ERR_INTERNAL. */
int vf_caption_feed_draw(VfCaptionFeed *f, int64_t n, uint8_t *dst, int linesize);

/* Accepts NULL; NULLs the pointer. */
void vf_caption_feed_free(VfCaptionFeed **f);

#endif
