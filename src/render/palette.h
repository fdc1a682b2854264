/* GIF's two passes in front of its encoder: every frame, scaled to the
 * encoded size, goes to palettegen and, once the last frame of its palette
 * has arrived, through paletteuse with the plan's dither. One palette for
 * the whole file (encoding.gif.palette "file"), or one per scene ("scene":
 * a new graph where a timeline segment starts or the picture cuts to other
 * colours, src/render/scenecut.c; the GIF encoder writes each frame's
 * palette as a local colour table where it differs from the first). The
 * frames wait in the graph until then: memory grows with the frames of a
 * palette (width x height x 4 bytes each). */
#ifndef VF_RENDER_PALETTE_H
#define VF_RENDER_PALETTE_H

#include <libavutil/frame.h>

#include "vidforge/plan.h"

typedef struct VfPalette VfPalette;

/* The palette graph for plan p (frames in the plan's size and pixels
 * `in_fmt`, pts in output frames), text logged at VF_LOG_DEBUG. Returns 0 and
 * *out (free with vf_palette_free), or VF_ERR_INTERNAL with a message. */
int vf_palette_create(VfPalette **out, const VfPlan *p, int in_fmt);

/* The textual graph for plan p (malloc'd, NULL on OOM). */
char *vf_palette_describe(const VfPlan *p);

/* Gives a frame (the graph takes a reference), or NULL at the end. */
int vf_palette_push(VfPalette *pal, AVFrame *frame);

/* A pal8 frame: 0, AVERROR(EAGAIN) (needs more frames) or AVERROR_EOF. */
int vf_palette_pull(VfPalette *pal, AVFrame *frame);

/* Accepts NULL; NULLs the pointer. */
void vf_palette_free(VfPalette **pal);

#endif
