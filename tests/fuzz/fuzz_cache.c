/* libFuzzer target for reading raster cache entries: the bytes become the
 * entry file of one key, then the cache reads it (PNG decoding, the private
 * chunk, the cluster map). A cache folder may come from elsewhere (a restored
 * CI cache), so nothing in it may crash or exhaust memory. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan/diskcache.h"
#include "plan/digest.h"
#include "util/raster.h"
#include "vidforge/error.h"
#include "vidforge/vidforge.h"

#define KEY "T|fuzz key"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char entry[4200];
static VfDiskCache *dc;
static char dir[] = "/tmp/vidforge-fuzz-cache-XXXXXX";

static void cleanup(void)
{
    remove(entry);
    remove(dir);
}

static int setup(void)
{
    if (!mkdtemp(dir) || vf_disk_cache_open(&dc, dir, (int64_t)1 << 30, 32768) < 0)
        return -1;
    atexit(cleanup);
    char text[256], hex[VF_DIGEST_HEX];
    int n = snprintf(text, sizeof(text), "%s\n%s", vf_version(), KEY);
    vf_digest_bytes(text, (size_t)n, hex);
    snprintf(entry, sizeof(entry), "%s/%s.png", dir, hex);
    if (getenv("VF_FUZZ_CACHE_SEED")) { /* writes a valid entry to start a corpus from */
        VfCachedRaster r = { .box_w = 6, .box_h = 4, .nb_clusters = 3 };
        vf_raster_alloc(&r.raster, 8, 6);
        uint16_t clusters[48];
        for (int i = 0; i < 48; i++)
            clusters[i] = (uint16_t)((i % 8) / 3);
        r.clusters = clusters;
        memset(r.raster.pixels, 0x80, 8 * 6 * 4);
        vf_disk_cache_put(dc, KEY, &r);
        vf_raster_free(&r.raster);
        char cmd[4400];
        snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", entry, getenv("VF_FUZZ_CACHE_SEED"));
        if (system(cmd) != 0)
            return -1;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready = -2;
    if (ready == -2)
        ready = setup();
    if (ready < 0)
        return 0;
    FILE *f = fopen(entry, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    VfCachedRaster r;
    if (vf_disk_cache_get(dc, KEY, &r)) {
        vf_raster_free(&r.raster);
        free(r.clusters);
    }
    vf_error_clear();
    return 0;
}
