/* Seek-preview thumbnails: frames every few seconds, scaled to tiles and
 * laid out in one sprite sheet, described by a WebVTT track whose cues point
 * at their tile (`sprite.jpg#xywh=X,Y,W,H`), the form web players read. */
#ifndef VF_RENDER_THUMBNAILS_H
#define VF_RENDER_THUMBNAILS_H

#include <stdint.h>

#include "vidforge/plan.h"

#define VF_THUMB_WIDTH 160       /* pixels a tile; the height keeps the aspect, even */
#define VF_THUMB_COLUMNS 10
#define VF_THUMB_MAX 1000        /* tiles in one sheet */

typedef struct VfThumbSheet {
    uint8_t *rgb;                /* RGB24, width * 3 bytes a row; owned */
    int width, height;           /* the sheet */
    int tile_w, tile_h, columns;
    int count;                   /* tiles: one at 0, every, 2 * every ... before the end */
    double every;                /* seconds */
    double duration;             /* the video's, seconds: the last cue ends there */
} VfThumbSheet;

/* Renders the sheet of plan p's frames every `every` seconds (> 0), each the
 * frame preview shows at that time. Returns 0, VF_ERR_USAGE (more than
 * VF_THUMB_MAX tiles), or the preview's errors. */
int vf_thumbnails_render(const VfPlan *p, double every, VfThumbSheet *out);

/* The WebVTT text (malloc'd) for sheet, cues pointing at `sprite_url`. */
char *vf_thumbnails_vtt(const VfThumbSheet *sheet, const char *sprite_url);

void vf_thumbnails_clear(VfThumbSheet *sheet);

#endif
