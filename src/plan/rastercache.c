#include "plan/rastercache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "plan/diskcache.h"
#include "util/raster.h"
#include "vidforge/error.h"

typedef struct Entry {
    char *key;
    VfCachedRaster r;
    size_t bytes;
    struct Entry *next;
} Entry;

struct VfRasterCache {
    pthread_mutex_t lock;
    Entry *entries;
    size_t total, cap;
    long hits, misses;
    VfDiskCache *disk;
};

int vf_raster_cache_create(VfRasterCache **out, size_t cap_bytes, VfDiskCache *disk)
{
    VfRasterCache *c = calloc(1, sizeof(*c));
    if (!c || pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        vf_disk_cache_close(&disk);
        *out = NULL;
        return VF_ERR_INTERNAL;
    }
    c->cap = cap_bytes;
    c->disk = disk;
    *out = c;
    return 0;
}

void vf_raster_cache_free(VfRasterCache **pc)
{
    VfRasterCache *c = pc ? *pc : NULL;
    if (!c)
        return;
    vf_raster_cache_clear(c);
    vf_disk_cache_close(&c->disk);
    pthread_mutex_destroy(&c->lock);
    free(c);
    *pc = NULL;
}

VfDiskCache *vf_raster_cache_disk(VfRasterCache *c)
{
    return c ? c->disk : NULL;
}

void vf_raster_cache_stats(VfRasterCache *c, long *h, long *m)
{
    *h = *m = 0;
    if (!c)
        return;
    pthread_mutex_lock(&c->lock);
    *h = c->hits;
    *m = c->misses;
    pthread_mutex_unlock(&c->lock);
}

static int copy(VfCachedRaster *dst, const VfCachedRaster *src)
{
    *dst = *src;
    size_t px = (size_t)src->raster.width * src->raster.height;
    dst->raster.pixels = malloc(px * 4);
    dst->clusters = src->clusters ? malloc(px * sizeof(uint16_t)) : NULL;
    if (!dst->raster.pixels || (src->clusters && !dst->clusters)) {
        free(dst->raster.pixels);
        free(dst->clusters);
        *dst = (VfCachedRaster){ 0 };
        return -1;
    }
    memcpy(dst->raster.pixels, src->raster.pixels, px * 4);
    if (src->clusters)
        memcpy(dst->clusters, src->clusters, px * sizeof(uint16_t));
    return 0;
}

static void put_memory(VfRasterCache *c, const char *key, const VfCachedRaster *r);

int vf_raster_cache_get(VfRasterCache *c, const char *key, VfCachedRaster *out)
{
    int hit = 0;
    if (!c)
        return 0;
    pthread_mutex_lock(&c->lock);
    for (Entry *e = c->entries; e && !hit; e = e->next)
        if (!strcmp(e->key, key))
            hit = copy(out, &e->r) == 0;
    pthread_mutex_unlock(&c->lock);
    if (!hit && (hit = vf_disk_cache_get(c->disk, key, out)))
        put_memory(c, key, out);
    pthread_mutex_lock(&c->lock);
    hit ? c->hits++ : c->misses++;
    pthread_mutex_unlock(&c->lock);
    return hit;
}

void vf_raster_cache_put(VfRasterCache *c, const char *key, const VfCachedRaster *r)
{
    if (!c)
        return;
    put_memory(c, key, r);
    vf_disk_cache_put(c->disk, key, r);
}

static void put_memory(VfRasterCache *c, const char *key, const VfCachedRaster *r)
{
    size_t bytes = (size_t)r->raster.width * r->raster.height * 6 + strlen(key);
    Entry *e = calloc(1, sizeof(*e));
    if (!e || !(e->key = strdup(key)) || copy(&e->r, r) < 0) {
        if (e)
            free(e->key);
        free(e);
        return;
    }
    e->bytes = bytes;
    pthread_mutex_lock(&c->lock);
    if (c->total + bytes <= c->cap) {
        e->next = c->entries;
        c->entries = e;
        c->total += bytes;
        e = NULL;
    }
    pthread_mutex_unlock(&c->lock);
    if (e) {
        vf_raster_free(&e->r.raster);
        free(e->r.clusters);
        free(e->key);
        free(e);
    }
}

void vf_raster_cache_clear(VfRasterCache *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->lock);
    while (c->entries) {
        Entry *e = c->entries;
        c->entries = e->next;
        vf_raster_free(&e->r.raster);
        free(e->r.clusters);
        free(e->key);
        free(e);
    }
    c->total = 0;
    pthread_mutex_unlock(&c->lock);
}
