/* Contact sheets: preview frames at chosen times, tiled with time labels. */
#ifndef VF_RENDER_STORYBOARD_H
#define VF_RENDER_STORYBOARD_H

#include <stdint.h>

#include "text/font.h"
#include "vidforge/plan.h"

#define VF_SHEET_TILE_W 480   /* pixels; tiles keep the output's aspect */
#define VF_SHEET_MARGIN 16
#define VF_SHEET_LABEL_H 28
#define VF_SHEET_MAX_COLS 4
#define VF_SHEET_MAX_TILES 64
#define VF_SHEET_PICK_MAX 256 /* --max-tiles at most */

/* Output frames at every `every` seconds from 0 (every > 0), or, when every
 * <= 0, at the changes: 0, each overlay's first and last visible frame, and
 * the middle of each animation. Sorted, unique, at most VF_SHEET_MAX_TILES.
 * Returns the count written to frames. */
int vf_storyboard_frames(const VfPlan *p, double every, int64_t *frames);

/* The same frames, at most max of them (frames holds max), and in *wanted
 * how many distinct frames there were before the cap. Returns the count
 * written, or VF_ERR_INTERNAL. */
int vf_storyboard_pick(const VfPlan *p, double every, int max, int64_t *frames, int64_t *wanted);

/* The sheet's size for nb tiles. */
void vf_storyboard_size(const VfPlan *p, int nb, int *width, int *height);

/* Renders the sheet for frames[0..nb) into *rgb (RGB24, malloc'd, caller
 * frees; linesize width * 3). guides: draw layout guides on each tile. */
int vf_storyboard_render(VfFontLookup *fonts, const VfPlan *p, const int64_t *frames, int nb, int guides,
                         uint8_t **rgb, int *width, int *height);

#endif
