/* Open addressing with linear probing; the table doubles at half full. */
#include "plan/rasterindex.h"

#include <stdlib.h>
#include <string.h>

#include "util/raster.h"
#include "vidforge/error.h"

typedef struct Entry {
    uint64_t hash;           /* 0: empty slot */
    VfRaster raster;         /* borrowed: pixels owned by a plan layer */
    const uint16_t *clusters;
    int nb_clusters;
} Entry;

struct VfRasterIndex {
    Entry *slots;
    size_t size, used;       /* size: a power of two */
    int shared;
};

int vf_raster_index_create(VfRasterIndex **out)
{
    VfRasterIndex *ix = calloc(1, sizeof(*ix));
    if (ix && !(ix->slots = calloc(64, sizeof(*ix->slots))))
        vf_raster_index_free(&ix);
    if (ix)
        ix->size = 64;
    *out = ix;
    return ix ? 0 : VF_ERR_INTERNAL;
}

void vf_raster_index_free(VfRasterIndex **pix)
{
    VfRasterIndex *ix = pix ? *pix : NULL;
    if (!ix)
        return;
    free(ix->slots);
    free(ix);
    *pix = NULL;
}

static uint64_t mix64(uint64_t h, uint64_t v)
{
    h ^= v * 0x9E3779B97F4A7C15ULL;
    h = (h << 27 | h >> 37) * 0xC2B2AE3D27D4EB4FULL;
    return h;
}

/* Eight bytes at a time: fast enough to be a small part of drawing. */
static uint64_t hash_bytes(uint64_t h, const void *data, size_t len)
{
    const uint8_t *p = data;
    for (; len >= 8; p += 8, len -= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        h = mix64(h, v);
    }
    uint64_t tail = 0;
    memcpy(&tail, p, len);
    return mix64(h, tail ^ (uint64_t)len << 56);
}

static uint64_t layer_hash(const VfPlanLayer *l)
{
    size_t px = (size_t)l->raster.width * l->raster.height;
    uint64_t h = mix64(mix64(0x243F6A8885A308D3ULL, (uint64_t)l->raster.width),
                       (uint64_t)l->raster.height);
    h = mix64(h, (uint64_t)l->nb_clusters << 1 | (l->clusters != NULL));
    h = hash_bytes(h, l->raster.pixels, px * 4);
    if (l->clusters)
        h = hash_bytes(h, l->clusters, px * sizeof(*l->clusters));
    return h ? h : 1;
}

static int same(const Entry *e, const VfPlanLayer *l)
{
    size_t px = (size_t)l->raster.width * l->raster.height;
    return e->raster.width == l->raster.width && e->raster.height == l->raster.height &&
           !e->clusters == !l->clusters && e->nb_clusters == l->nb_clusters &&
           !memcmp(e->raster.pixels, l->raster.pixels, px * 4) &&
           (!l->clusters || !memcmp(e->clusters, l->clusters, px * sizeof(*l->clusters)));
}

static Entry *slot_of(const VfRasterIndex *ix, uint64_t hash, const VfPlanLayer *l)
{
    for (size_t i = hash & (ix->size - 1);; i = (i + 1) & (ix->size - 1)) {
        Entry *e = &ix->slots[i];
        if (!e->hash || (e->hash == hash && l && same(e, l)))
            return e;
    }
}

static int grow(VfRasterIndex *ix)
{
    VfRasterIndex bigger = { calloc(ix->size * 2, sizeof(Entry)), ix->size * 2, ix->used,
                             ix->shared };
    if (!bigger.slots)
        return VF_ERR_INTERNAL;
    for (size_t i = 0; i < ix->size; i++)
        if (ix->slots[i].hash)
            *slot_of(&bigger, ix->slots[i].hash, NULL) = ix->slots[i];
    free(ix->slots);
    *ix = bigger;
    return 0;
}

int vf_raster_index_share(VfRasterIndex *ix, VfPlanLayer *l)
{
    if (!l->raster.pixels)
        return 0;
    if ((ix->used + 1) * 2 > ix->size && grow(ix) < 0)
        return VF_ERR_INTERNAL;
    uint64_t hash = layer_hash(l);
    Entry *e = slot_of(ix, hash, l);
    if (!e->hash) {
        *e = (Entry){ hash, l->raster, l->clusters, l->nb_clusters };
        ix->used++;
        return 0;
    }
    vf_raster_free(&l->raster);
    free(l->clusters);
    l->raster = e->raster;
    l->clusters = (uint16_t *)e->clusters;
    l->raster_shared = 1;
    ix->shared++;
    return 1;
}

int vf_raster_index_shared(const VfRasterIndex *ix)
{
    return ix ? ix->shared : 0;
}
