/* Video layers and sequence clips as planned: media files (or colours)
 * shown over a window of the output, with everything resolved to seconds,
 * output frames and output pixels. Part of VfPlan (plan.h: videos, clips);
 * owned by the plan. The timeline's MEDIA clips point at these.
 *
 * Time mapping (the same for the render and the preview): output frame n of
 * the window shows the source frame displayed at source time
 *     trim_start + local(n),  local(n) = (n * fps_den / fps_num - start) * speed,
 * taken modulo `period` when loop, else held at the last frame once past
 * trim_end (or the source's end). */
#ifndef VIDFORGE_PLAN_MEDIA_H
#define VIDFORGE_PLAN_MEDIA_H

#include <stdint.h>

#include "vidforge/model.h"

typedef struct VfPlanMedia {
    char *id;               /* owned: the overlay's or clip's id ("clip-N" when it has none) */
    int index;              /* overlay index (video layers) or clip index (sequences) */
    char *path;             /* owned: resolved file; NULL: a colour clip */
    VfColor color;          /* colour clips */
    int still;              /* a still image: one frame, held */
    int rotation;           /* display rotation of the source, degrees clockwise */
    int src_w, src_h;       /* the source's display size (upright, square pixels) */
    double src_duration;    /* seconds of the source's video, < 0: unknown */
    double trim_start;      /* source seconds at the window's start */
    double trim_end;        /* source seconds where it stops, < 0: its end (unknown) */
    double period;          /* loop: seconds of source per repeat (trim_end - trim_start) */
    int loop;
    double speed;           /* source seconds per output second */
    int fit;                /* VfFit of the picture into its box */
    double focus_x, focus_y;
    /* Video layers: the box (output pixels) and where the fitted picture
     * lands in it; sequence clips: the whole frame. */
    int box_x, box_y, box_w, box_h;
    int pic_x, pic_y, pic_w, pic_h;  /* the scaled picture (cover: larger than the box) */
    double opacity;         /* 0..1 */
    double start, end;      /* window on the output, seconds */
    int64_t first_frame, end_frame; /* the same in output frames */
    int audio;              /* 1: its sound is planned into the output (an audio clip) */
    double volume_db;
    int transition;         /* clips: VfTransition into the next clip, -1: a cut */
    double transition_duration;     /* seconds */
    int64_t transition_frames;      /* frames the two clips overlap */
    char *identity;         /* owned: path, size, mtime, inode (segment keys) */
    int radius;             /* video layers: rounded corners of the shown rectangle, pixels */
    int border;             /* video layers: border width around the picture, pixels */
    VfColor border_color;
    struct VfRaster *shadow;  /* video layers: owned drop shadow (straight RGBA), or NULL */
    int shadow_x, shadow_y;   /* where its top-left lands, output pixels */
    /* Video layers drawn per frame (keyframes, rotation, in/out animations;
     * src/plan/media_motion.c): owned; a layer whose raster (pixels NULL) is
     * the shown rectangle with its shadow, box the rectangle. NULL: placed
     * once in the graph. */
    struct VfPlanLayer *motion;
} VfPlanMedia;

#endif
