/* The render plan: everything the media stages need, as plain data.
 * Times in seconds and output frames; boxes in output pixels; rasters in
 * straight-alpha RGBA. Built by the plan stage, read-only afterwards. */
#ifndef VIDFORGE_PLAN_H
#define VIDFORGE_PLAN_H

#include <stdint.h>
#include "vidforge/model.h"

/* A straight-alpha RGBA8 image; rows are width * 4 bytes, no padding.
 * Owned by whoever holds it; freed with vf_raster_free. */
typedef struct VfRaster {
    int width, height;
    uint8_t *pixels;
} VfRaster;

/* An animation as planned: everything resolved to pixels and seconds. */
typedef struct VfPlanAnim {
    int type;          /* VfAnimType, -1: none */
    double duration;   /* seconds */
    int easing;        /* VfEasing, resolved */
    double distance;   /* pixels, resolved ("offscreen" computed from the box) */
} VfPlanAnim;

typedef struct VfPlanLayer {
    char *id;         /* owned by the plan */
    int type;         /* VfLayerType */
    int index;        /* overlay index in the template */
    /* The layout box (text: advances and line heights; image: scaled size). */
    int box_x, box_y, box_w, box_h;
    /* Where the raster's top-left lands; differs from the box when ink
     * (descenders, overhangs) spills outside the layout box. */
    int raster_x, raster_y;
    /* Visible on output frames first_frame <= n < end_frame. */
    int64_t first_frame, end_frame;
    double start, end;        /* seconds, end resolved to the output's end */
    VfPlanAnim anim[2];       /* [VF_ANIM_IN], [VF_ANIM_OUT] */
    /* Box centre relative to the raster's top-left (zoom pivots here). */
    double pivot_x, pivot_y;
    VfRaster raster;
    /* Text: for each raster pixel, the index (reading order) of the grapheme
     * cluster that drew it, for typewriter reveals; NULL otherwise. */
    uint16_t *clusters;
    int nb_clusters;
    /* 1: raster and clusters belong to an earlier layer with the very same
     * pixels (the plan frees them once) */
    int raster_shared;
} VfPlanLayer;

/* Encoder choice after presets, aliases and overrides (before NVENC probing). */
typedef struct VfPlanEncoding {
    const char *codec;        /* FFmpeg encoder name, e.g. "libx264", "h264_nvenc" */
    const char *fallback;     /* CPU encoder if codec does not open, or NULL */
    const char *preset;       /* may be NULL */
    int64_t bitrate;          /* bits/s, 0 when crf rules */
    double crf;               /* < 0 when bitrate rules */
    const char *audio_codec;  /* FFmpeg encoder name */
    int64_t audio_bitrate;    /* bits/s */
} VfPlanEncoding;

typedef struct VfPlan {
    int width, height;            /* output frame size, even */
    int fps_num, fps_den;         /* output frame rate */
    int64_t nb_frames;            /* frames to write */
    double duration;              /* nb_frames / fps, seconds */
    char *input;                  /* resolved input path, NULL: background only */
    int input_has_audio;          /* audio planned in the output */
    double input_start;           /* first displayed timestamp of the input, s */
    double trim_start;            /* seconds of the input skipped (video.start) */
    int rotation;                 /* input display rotation, degrees clockwise: 0/90/180/270 */
    int fit;                      /* VfFit */
    double focus_x, focus_y;      /* cover focus, 0..1 */
    int extend;                   /* 0 freeze, 1 background */
    VfColor background;
    VfPlanEncoding encoding;
    VfPlanLayer *layers;
    int nb_layers;
    double rasterize_seconds;     /* spent producing layer rasters (drawn or from the cache) */
} VfPlan;

#endif
