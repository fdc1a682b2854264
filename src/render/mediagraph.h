/* The filter text of video layers and clip sequences (plan_media.h), for
 * graph.c: each media source enters the graph through a buffer source
 * labelled [vlI] (video layer I of VfPlan.videos) or [scI] (clip I of
 * VfPlan.clips), fed by the media feed (mediafeed.h) with one frame per
 * output frame, pts = the output frame index (time base 1/fps). */
#ifndef VF_RENDER_MEDIAGRAPH_H
#define VF_RENDER_MEDIAGRAPH_H

#include <libavutil/bprint.h>

#include "media/input.h"
#include "vidforge/plan.h"

/* Media sources are numbered videos first, then clips: source i's plan. */
const VfPlanMedia *vf_media_source(const VfPlan *p, int i);
int vf_media_source_count(const VfPlan *p);

/* Its buffer source's label ("vl0", "sc2") into buf. */
void vf_media_source_label(const VfPlan *p, int i, char *buf, size_t n);

/* 1 when source i takes part in a graph whose first output frame is
 * start_frame: video layers that are ever visible; clips that end after it. */
int vf_media_source_in_graph(const VfPlan *p, int i, int64_t start_frame);

/* The first output frame a preview starting near `frame` may start from so
 * that no transition is cut in two (transitions need both clips from their
 * start): frame, or the start of the transition it falls in. */
int64_t vf_media_safe_start(const VfPlan *p, int64_t frame);

/* The base chain of a sequence, from start_frame on: colour background,
 * each clip fitted to the frame, consecutive clips joined by xfade, each
 * group of joined clips overlaid in its window. Ends unlabelled (the caller
 * adds [b0] or [out]). media[i]: source i's decoded stream (NULL: colour). */
void vf_media_describe_sequence(AVBPrint *bp, const VfPlan *p, const VfInputVideo *const *media,
                                int64_t start_frame);

/* Where video layer m's picture lands with its border: the output rectangle
 * (the fitted picture, cropped to the box for cover, plus the border). */
void vf_media_layer_rect(const VfPlanMedia *m, int *x, int *y, int *w, int *h);

/* Video layer clip c (source `i`) drawn onto [bK] (base = K). Rounded
 * corners take their alpha from [vmI], a gray mask the feed pushes with
 * each frame. */
void vf_media_describe_layer(AVBPrint *bp, const VfPlan *p, int i, const VfInputVideo *iv,
                             int base);

#endif
