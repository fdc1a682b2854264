/* The on-disk raster cache: rasterized layers as PNG files named by the
 * SHA-256 of their key (vidforge version + everything that decides the
 * pixels), shared by every vidforge process that uses the same folder.
 * Writes are atomic (temporary file + rename); a hit refreshes the file's
 * modification time, and the least recently used files are removed when the
 * folder grows past its size cap. Off until vf_disk_cache_open. */
#ifndef VF_PLAN_DISKCACHE_H
#define VF_PLAN_DISKCACHE_H

#include <stdint.h>
#include "plan/rastercache.h"

/* Uses dir (created with its parents when missing) capped at max_bytes.
 * Returns 0, or VF_ERR_OUTPUT with a message when dir cannot be used (the
 * cache then stays off). */
int vf_disk_cache_open(const char *dir, int64_t max_bytes);

/* Turns the cache off. */
void vf_disk_cache_close(void);

/* 1 and *out (caller owns) when key's file exists and is whole, else 0. */
int vf_disk_cache_get(const char *key, VfCachedRaster *out);

/* Writes r under key, then trims the folder to its cap. Failures only log. */
void vf_disk_cache_put(const char *key, const VfCachedRaster *r);

#endif
