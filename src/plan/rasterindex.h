/* The rasters a plan holds, by their pixels: a layer whose raster (and
 * cluster map) is byte for byte one already in the index takes that one
 * instead of keeping a copy. A hash table on a 64-bit hash of the pixels, so
 * planning a captions file of thousands of captions and words costs one pass
 * over each raster instead of a comparison with every earlier one; a hash
 * match is confirmed by comparing the bytes. */
#ifndef VF_PLAN_RASTERINDEX_H
#define VF_PLAN_RASTERINDEX_H

#include <stdint.h>

#include "vidforge/plan.h"

typedef struct VfRasterIndex VfRasterIndex;

/* Returns 0 and *out (free with vf_raster_index_free), or VF_ERR_INTERNAL. */
int vf_raster_index_create(VfRasterIndex **out);

/* Frees the index (never the rasters it names); accepts NULL; NULLs *ix. */
void vf_raster_index_free(VfRasterIndex **ix);

/* When an indexed raster has l's very pixels and clusters, frees l's and
 * points l at it (l->raster_shared = 1: the plan frees them once) and
 * returns 1. Otherwise indexes l's raster and returns 0: it must stay where
 * it is for the index's life (the plan's layers and captions tracks keep
 * theirs until the plan is freed). VF_ERR_INTERNAL when out of memory
 * (nothing changed). */
int vf_raster_index_share(VfRasterIndex *ix, VfPlanLayer *l);

/* How many rasters were shared so far (for the plan's log and tests). */
int vf_raster_index_shared(const VfRasterIndex *ix);

#endif
