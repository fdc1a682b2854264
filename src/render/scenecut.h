/* Picture cuts between consecutive frames, for per-scene GIF palettes: a
 * coarse histogram of each plane, sampled on a grid, compared with the
 * previous frame's. Fades and motion change it little; a cut to other
 * colours changes it most. */
#ifndef VF_RENDER_SCENECUT_H
#define VF_RENDER_SCENECUT_H

#include <libavutil/frame.h>

#define VF_SCENE_BINS 16

typedef struct VfSceneCut {
    int have;                                  /* a previous frame was seen */
    double hist[3][VF_SCENE_BINS];             /* its planes' histograms, each summing to 1 */
} VfSceneCut;

/* The distance of frame (8-bit planar YUV: planes 0..2) from the previous
 * frame given, 0 (same colours) to 1 (no colour in common), the largest of
 * its planes'; 0 for the first frame. Remembers frame's histograms. */
double vf_scene_cut_distance(VfSceneCut *s, const AVFrame *frame);

/* Distances above this are cuts. */
#define VF_SCENE_CUT_THRESHOLD 0.5

#endif
