/* The on-disk raster cache: rasterized layers as PNG files named by the
 * SHA-256 of their key (vidforge version + everything that decides the
 * pixels), shared by every vidforge process that uses the same folder.
 * Writes are atomic (temporary file + rename); a hit refreshes the file's
 * modification time, and the least recently used files are removed when the
 * folder grows past its size cap. One per engine; thread-safe. */
#ifndef VF_PLAN_DISKCACHE_H
#define VF_PLAN_DISKCACHE_H

#include <stdint.h>

#include "plan/rastercache.h"

typedef struct VfDiskCache VfDiskCache;

/* Uses dir (created with its parents when missing) capped at max_bytes;
 * entries wider than max_side pixels are not read back. Returns 0 and *out
 * (close with vf_disk_cache_close), or VF_ERR_OUTPUT with a message when dir
 * cannot be used (*out NULL: no disk cache). */
int vf_disk_cache_open(VfDiskCache **out, const char *dir, int64_t max_bytes, int max_side);

/* Frees c (the folder stays); accepts NULL; *c is NULL afterwards. */
void vf_disk_cache_close(VfDiskCache **c);

/* 1 and *out (caller owns) when key's file exists and is whole, else 0
 * (always 0 for c NULL). */
int vf_disk_cache_get(VfDiskCache *c, const char *key, VfCachedRaster *out);

/* Writes r under key, then trims the folder to its cap. Failures only log.
 * Nothing for c NULL. */
void vf_disk_cache_put(VfDiskCache *c, const char *key, const VfCachedRaster *r);

/* The folder (owned by c). Other entries live there too: encoded segments
 * (render/segstore.c, DIGEST.vfseg, trimmed with the rasters, least recently
 * used first) and their lock files (DIGEST.lock, removed after an hour). */
const char *vf_disk_cache_dir(const VfDiskCache *c);

/* DIR/DIGEST + suffix, DIGEST the SHA-256 of vidforge's version, a newline,
 * prefix and key (prefix "" for rasters, "segment " for segments: the kinds
 * never share a name); malloc'ed, NULL when out of memory. */
char *vf_disk_cache_path(const VfDiskCache *c, const char *prefix, const char *key,
                         const char *suffix);

/* Counts written bytes another writer added to the folder (a segment), and
 * trims the folder to its cap when the count says so. */
void vf_disk_cache_added(VfDiskCache *c, int64_t written);

#endif
