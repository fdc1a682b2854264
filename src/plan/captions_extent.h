/* Where an ASS file's captions can be on screen: the rectangle holding
 * everything libass draws over a layer's frames, so the layer's canvas is
 * that strip instead of the whole frame (every picture libass changes is
 * then cleared, copied, converted to YUVA and blended over a few hundred
 * rows instead of 1080). */
#ifndef VF_PLAN_CAPTIONS_EXTENT_H
#define VF_PLAN_CAPTIONS_EXTENT_H

#include <stdint.h>

#include "vidforge/plan.h"
#include "vidforge/plan_captions.h"

/* Layers longer than this many frames keep the whole frame: measuring asks
 * libass for every frame's picture at plan time (~0.07 ms each), which
 * `validate` and `--dry-run` would pay too. */
#define VF_CAPTION_EXTENT_MAX_FRAMES 9000

/* r = {x0, y0, x1, y1}: what libass draws for t's file over frames
 * [first, end) of p (its font folders, default font and offset), widened by
 * 2 pixels and to even edges (for 4:2:0 chroma), within the frame; the
 * whole frame past VF_CAPTION_EXTENT_MAX_FRAMES; a 2x2 corner when it draws
 * nothing. 0, VF_ERR_ASSET (the file went unreadable) or VF_ERR_INTERNAL. */
int vf_caption_ass_extent(const VfPlan *p, const VfCaptionTrack *t, int64_t first, int64_t end,
                          int r[4]);

#endif
