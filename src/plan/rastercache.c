#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "plan/diskcache.h"
#include "plan/raster.h"
#include "plan/rastercache.h"

#define CACHE_CAP_BYTES (256u << 20)

typedef struct Entry {
    char *key;
    VfCachedRaster r;
    size_t bytes;
    struct Entry *next;
} Entry;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static Entry *entries;
static size_t total;
static long hits, misses;

void vf_raster_cache_stats(long *h, long *m)
{
    pthread_mutex_lock(&lock);
    *h = hits;
    *m = misses;
    pthread_mutex_unlock(&lock);
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

static void put_memory(const char *key, const VfCachedRaster *r);

int vf_raster_cache_get(const char *key, VfCachedRaster *out)
{
    int hit = 0;
    pthread_mutex_lock(&lock);
    for (Entry *e = entries; e && !hit; e = e->next)
        if (!strcmp(e->key, key))
            hit = copy(out, &e->r) == 0;
    pthread_mutex_unlock(&lock);
    if (!hit && (hit = vf_disk_cache_get(key, out)))
        put_memory(key, out);
    pthread_mutex_lock(&lock);
    hit ? hits++ : misses++;
    pthread_mutex_unlock(&lock);
    return hit;
}

void vf_raster_cache_put(const char *key, const VfCachedRaster *r)
{
    put_memory(key, r);
    vf_disk_cache_put(key, r);
}

static void put_memory(const char *key, const VfCachedRaster *r)
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
    pthread_mutex_lock(&lock);
    if (total + bytes <= CACHE_CAP_BYTES) {
        e->next = entries;
        entries = e;
        total += bytes;
        e = NULL;
    }
    pthread_mutex_unlock(&lock);
    if (e) {
        vf_raster_free(&e->r.raster);
        free(e->r.clusters);
        free(e->key);
        free(e);
    }
}

void vf_raster_cache_clear(void)
{
    pthread_mutex_lock(&lock);
    while (entries) {
        Entry *e = entries;
        entries = e->next;
        vf_raster_free(&e->r.raster);
        free(e->r.clusters);
        free(e->key);
        free(e);
    }
    total = 0;
    pthread_mutex_unlock(&lock);
}
