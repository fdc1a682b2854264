/* The media feed: decodes every video layer and sequence clip of a plan
 * (mediagraph.h numbers them) and pushes into each one's graph input exactly
 * one frame per output frame of its window, pts = the output frame index:
 * the source frame displayed at the plan's source time for that frame
 * (plan_media.h), looped or held. Frame-exact by construction: the choice is
 * made here in integer microseconds, not by a rate filter.
 *
 * Each file decodes on a thread of its own (the same input code as the
 * base: vf_input_open/read/seek) into a queue of MEDIA_QUEUE frames, so
 * memory is bounded per source and decoding runs beside compositing. */
#ifndef VF_RENDER_MEDIAFEED_H
#define VF_RENDER_MEDIAFEED_H

#include <stdint.h>

#include "media/input.h"
#include "render/graph.h"
#include "vidforge/plan.h"

typedef struct VfMediaFeed VfMediaFeed;

/* Opens every media source of p that takes part in a graph starting at
 * output frame from_frame (0 for a render), positioned for that frame. The
 * plan is borrowed and must outlive the feed. Returns 0 (*out NULL when p has
 * none), or VF_ERR_ASSET naming the file that is missing or corrupt. */
int vf_media_feed_create(VfMediaFeed **out, const VfPlan *p, int64_t from_frame);

/* Per media source, its decoded stream (NULL: a colour clip or not in the
 * graph): for VfGraphInputs.media. Owned by the feed. NULL for a NULL feed. */
const VfInputVideo *const *vf_media_feed_inputs(const VfMediaFeed *f);

/* Starts the decode threads. 0 or VF_ERR_INTERNAL. */
int vf_media_feed_start(VfMediaFeed *f);

/* Pushes frames until every source has one with pts > frame, or has ended.
 * Waits for its decoders; returns 0, or a decoder's failure (VF_ERR_ASSET
 * naming the file). A NULL feed does nothing. */
int vf_media_feed_run(VfMediaFeed *f, VfGraph *g, int64_t frame);

/* Stops the threads and frees everything; accepts NULL. */
void vf_media_feed_free(VfMediaFeed **f);

#endif
