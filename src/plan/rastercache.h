/* Rasters shared between plans in one process (a batch's rows, a storyboard's
 * tiles) and, when the on-disk cache is open (diskcache.h), between
 * processes: an overlay that rasterizes to the same pixels is drawn once.
 * Keys cover everything that affects the pixels, files by their contents'
 * digest. One per engine; thread-safe. Entries are copied in and out:
 * callers own what they get. */
#ifndef VF_PLAN_RASTERCACHE_H
#define VF_PLAN_RASTERCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "vidforge/plan.h"

typedef struct VfCachedRaster {
    int box_w, box_h, ink_x, ink_y;
    VfRaster raster;
    uint16_t *clusters;    /* may be NULL */
    int nb_clusters;
} VfCachedRaster;

typedef struct VfRasterCache VfRasterCache;
struct VfDiskCache;

/* A memory cache of at most cap_bytes, backed by disk (may be NULL: memory
 * only; the cache takes ownership of disk, also on failure). Returns 0 and
 * *out (free with vf_raster_cache_free), or VF_ERR_INTERNAL. */
int vf_raster_cache_create(VfRasterCache **out, size_t cap_bytes, struct VfDiskCache *disk);

/* Frees c, its entries and its disk cache handle; accepts NULL. */
void vf_raster_cache_free(VfRasterCache **c);

/* 1 and a copy in *out when key is cached in memory or on disk, else 0
 * (always 0 for c NULL). */
int vf_raster_cache_get(VfRasterCache *c, const char *key, VfCachedRaster *out);

/* Stores a copy of r under key in memory (nothing when over the size cap or
 * out of memory) and on disk. Nothing for c NULL. */
void vf_raster_cache_put(VfRasterCache *c, const char *key, const VfCachedRaster *r);

/* Lookups that found / did not find their key (in memory or on disk) since
 * c was created: every miss was rasterized. */
void vf_raster_cache_stats(VfRasterCache *c, long *hits, long *misses);

/* The disk folder behind c (owned by c), or NULL: none. Encoded segments
 * are kept there too (render/segstore.c). */
struct VfDiskCache *vf_raster_cache_disk(VfRasterCache *c);

/* Drops every entry in memory (tests). */
void vf_raster_cache_clear(VfRasterCache *c);

#endif
