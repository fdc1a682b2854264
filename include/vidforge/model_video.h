/* The template model of a video layer (an overlay of type "video"): what
 * the template says, after parsing. Part of VfOverlay (model.h); plain
 * data, no pointers owned here.
 *
 * Units: seconds of the source for trims, output pixels for sizes,
 * decibels for volume. */
#ifndef VIDFORGE_MODEL_VIDEO_H
#define VIDFORGE_MODEL_VIDEO_H

typedef struct VfOverlayVideo {
    double trim_start;    /* source seconds shown at the layer's start */
    double trim_end;      /* source seconds where it stops; < 0: the source's end */
    int loop;             /* 1: repeat the trimmed part to fill the window; 0: hold its last frame */
    double speed;         /* source seconds per output second, 0.25..4 */
    int has_size;         /* size given: the box the picture is fitted into */
    double width, height; /* the box, output pixels (before transform.scale) */
    int fit;              /* VfFit: contain, cover or stretch, into the box */
    int audio;            /* 0 mute (default), 1 mixed into the output at volume_db */
    double volume_db;     /* gain of the layer's sound, dB */
    double radius;        /* rounded corners of the picture (with its border), pixels */
    int has_border;
    double border_width;  /* pixels around the picture */
    unsigned char border_color[4]; /* r, g, b, a: laid out as a VfColor (model.h) */
} VfOverlayVideo;

#endif
