/* A captions overlay on the plan as ONE layer (one graph input however many
 * cues it has): its picture at output frame n is composed by the render
 * stage's caption feed (src/render/captionfeed.c) from the items on screen
 * at n, or drawn by libass at n / fps for an ASS/SSA file. The layer that
 * points here (VfPlanLayer.captions) has a transparent raster the size of
 * the canvas all its items fit in, placed at its raster_x/raster_y. Owned
 * by that layer; freed with the plan (vf_caption_track_free). */
#ifndef VIDFORGE_PLAN_CAPTIONS_H
#define VIDFORGE_PLAN_CAPTIONS_H

struct VfPlanLayer;

typedef struct VfCaptionTrack {
    /* Text captions: each caption, box and word layer as a plan layer of
     * its own (raster, frame window, in/out animations, output pixels), in
     * drawing order (later on top). Owned, with their rasters unless
     * raster_shared. */
    struct VfPlanLayer *items;
    int nb_items;
    int *by_start;          /* item indexes sorted by first_frame; owned */
    long long longest;      /* frames the longest item lasts */
    /* ASS/SSA: the file libass draws (items empty); owned, else NULL. */
    char *ass_path;
    char **font_dirs;       /* folders libass takes fonts from; owned */
    int nb_font_dirs;
    char *default_font;     /* a font file for text no font matches; owned, or NULL */
    double offset;          /* ASS: seconds added to the file's times (the overlay's offset) */
} VfCaptionTrack;

#endif
