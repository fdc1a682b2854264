/* Rasters shared between plans in one process (a batch's rows, a storyboard's
 * tiles) and, when the on-disk cache is open (diskcache.h), between
 * processes: an overlay that rasterizes to the same pixels is drawn once.
 * Keys cover everything that affects the pixels, files by their contents'
 * digest. Thread-safe. Entries are copied in and out: callers own what they
 * get. */
#ifndef VF_PLAN_RASTERCACHE_H
#define VF_PLAN_RASTERCACHE_H

#include <stdint.h>
#include "vidforge/plan.h"

typedef struct VfCachedRaster {
    int box_w, box_h, ink_x, ink_y;
    VfRaster raster;
    uint16_t *clusters;    /* may be NULL */
    int nb_clusters;
} VfCachedRaster;

/* 1 and a copy in *out when key is cached in memory or on disk, else 0. */
int vf_raster_cache_get(const char *key, VfCachedRaster *out);

/* Stores a copy of r under key in memory (nothing when over the size cap or
 * out of memory) and on disk. */
void vf_raster_cache_put(const char *key, const VfCachedRaster *r);

/* Lookups that found / did not find their key (in memory or on disk) since
 * the start: every miss was rasterized. */
void vf_raster_cache_stats(long *hits, long *misses);

/* Drops every entry (tests, and the end of a process for leak checkers). */
void vf_raster_cache_clear(void);

#endif
