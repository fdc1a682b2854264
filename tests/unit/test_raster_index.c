/* The plan's raster index (src/plan/rasterindex.h): a layer with the very
 * pixels and cluster map of an indexed one takes that raster; one byte of
 * difference, another size or another cluster map keeps its own; many
 * distinct rasters (past the table's growth) all stay distinct. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "plan/rasterindex.h"
#include "util/raster.h"

static VfPlanLayer layer(int w, int h, uint8_t fill, int with_clusters)
{
    VfPlanLayer l = { 0 };
    if (vf_raster_alloc(&l.raster, w, h) < 0)
        return l;
    memset(l.raster.pixels, fill, (size_t)w * h * 4);
    if (with_clusters && (l.clusters = calloc((size_t)w * h, sizeof(*l.clusters))))
        l.nb_clusters = 3;
    return l;
}

static void drop(VfPlanLayer *l)
{
    if (!l->raster_shared) {
        vf_raster_free(&l->raster);
        free(l->clusters);
    }
}

static void pairs(void)
{
    VfRasterIndex *ix = NULL;
    CHECK(vf_raster_index_create(&ix) == 0, "create");
    VfPlanLayer a = layer(40, 10, 7, 1), same = layer(40, 10, 7, 1), byte = layer(40, 10, 7, 1);
    VfPlanLayer size = layer(10, 40, 7, 1), plain = layer(40, 10, 7, 0), map = layer(40, 10, 7, 1);
    byte.raster.pixels[40 * 10 * 4 - 1] ^= 1; /* the very last byte */
    map.clusters[399] = 2;
    CHECK_INT(vf_raster_index_share(ix, &a), 0);
    CHECK_INT(vf_raster_index_share(ix, &same), 1);
    CHECK(same.raster_shared && same.raster.pixels == a.raster.pixels && same.clusters == a.clusters,
          "identical pixels and clusters: the first one's raster");
    CHECK_INT(vf_raster_index_share(ix, &byte), 0);
    CHECK_INT(vf_raster_index_share(ix, &size), 0);
    CHECK_INT(vf_raster_index_share(ix, &plain), 0);
    CHECK_INT(vf_raster_index_share(ix, &map), 0);
    CHECK(!byte.raster_shared && !size.raster_shared && !plain.raster_shared && !map.raster_shared,
          "a byte, the shape, a missing or a different cluster map: kept apart");
    CHECK_INT(vf_raster_index_shared(ix), 1);
    VfPlanLayer again = layer(40, 10, 7, 1);
    again.raster.pixels[40 * 10 * 4 - 1] ^= 1;
    CHECK(vf_raster_index_share(ix, &again) == 1 && again.raster.pixels == byte.raster.pixels,
          "the changed one is found again");
    VfPlanLayer *all[] = { &a, &same, &byte, &size, &plain, &map, &again };
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        drop(all[i]);
    vf_raster_index_free(&ix);
    CHECK(!ix, "free NULLs the pointer");
    vf_raster_index_free(NULL);
}

/* 1000 rasters differing in one pixel each, then each again: the table
 * grows past its first size and finds every one. */
static void many(void)
{
    enum { N = 1000 };
    VfRasterIndex *ix = NULL;
    VfPlanLayer *l = calloc(2 * N, sizeof(*l));
    CHECK(l && vf_raster_index_create(&ix) == 0, "create");
    int fresh = 0, found = 0;
    for (int i = 0; l && ix && i < 2 * N; i++) {
        l[i] = layer(32, 32, 0, 0);
        memcpy(l[i].raster.pixels + 8, &(int){ i % N }, sizeof(int));
        int r = vf_raster_index_share(ix, &l[i]);
        fresh += r == 0 && i < N;
        found += r == 1 && i >= N && l[i].raster.pixels == l[i - N].raster.pixels;
    }
    CHECK_INT(fresh, N);
    CHECK_INT(found, N);
    for (int i = 0; l && i < 2 * N; i++)
        drop(&l[i]);
    free(l);
    vf_raster_index_free(&ix);
}

int main(void)
{
    pairs();
    many();
    return vf_check_summary("test_raster_index");
}
