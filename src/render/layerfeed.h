/* Feeds each layer's raster into its overlay input: one frame when its pixels
 * change (an animation window), nothing while they stay the same, and the
 * end of the stream at the layer's end frame. The overlay filter shows the
 * latest frame with pts <= the base frame's, and nothing before the first or
 * after the end, so visibility is exact to the frame by construction. */
#ifndef VF_RENDER_LAYERFEED_H
#define VF_RENDER_LAYERFEED_H

#include <stdint.h>

#include "render/graph.h"
#include "vidforge/plan.h"

typedef struct VfLayerFeed VfLayerFeed;

/* The plan is borrowed and must outlive the feed. from_frame: the first
 * output frame the graph will produce (0 for a render, n for a preview). */
int vf_layer_feed_create(VfLayerFeed **out, const VfPlan *p, int64_t from_frame);

/* Pushes frames until every layer has one with pts > frame, or has ended. */
int vf_layer_feed_run(VfLayerFeed *f, VfGraph *g, int64_t frame);

void vf_layer_feed_free(VfLayerFeed **f);

/* Draws layer l as it looks in state s into dst (RGBA, the raster's size,
 * straight alpha, dst_linesize bytes per row). Exposed for tests. */
struct VfAnimState;
void vf_layer_draw(const VfPlanLayer *l, const struct VfAnimState *s, uint8_t *dst,
                   int dst_linesize);

/* 1 when vf_layer_draw would copy l's raster as it is in state s (no scale,
 * fade, reveal or typing at work), so a caller may read the raster itself. */
int vf_layer_plain(const VfPlanLayer *l, const struct VfAnimState *s);

#endif
