/* On-disk raster cache. An entry is DIGEST.png: the raster's RGBA pixels
 * (straight alpha, as PNG stores them, exactly as rasterized) and a private chunk holding the
 * layout numbers, the full key (checked on read) and the typewriter's
 * cluster map, run-length coded. Little-endian throughout. */
#include "plan/diskcache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libavutil/intreadwrite.h>

#include "image/png.h"
#include "plan/digest.h"
#include "util/path.h"
#include "util/strbuf.h"
#include "vidforge/error.h"
#include "vidforge/log.h"
#include "vidforge/vidforge.h"

#define MAGIC "VFC1"
#define HEADER_BYTES 32        /* magic, box w/h, ink x/y, clusters, runs, key length */
#define STALE_TEMP_SECONDS 3600
#define MAX_ENTRY_PIXELS ((int64_t)64 << 20) /* 256 MB of RGBA */

#define RESCAN_PUTS 64

struct VfDiskCache {
    pthread_mutex_t lock;
    char *dir;
    int64_t cap_bytes;
    int max_side;              /* widest entry read back, pixels */
    /* The folder's size as last scanned plus what this cache wrote since, or
     * -1: not scanned yet. Scans happen when it passes the cap, and every
     * RESCAN_PUTS writes (other processes add files too), not on every write. */
    int64_t known_bytes;
    int puts_since_scan;
};

int vf_disk_cache_open(VfDiskCache **out, const char *dir, int64_t max_bytes, int max_side)
{
    *out = NULL;
    if (vf_path_mkdirs(dir) < 0)
        return vf_error_set(VF_ERR_OUTPUT, "cannot use cache folder %s: %s", dir,
                            strerror(errno));
    if (access(dir, W_OK | X_OK) != 0)
        return vf_error_set(VF_ERR_OUTPUT, "cannot write to cache folder %s: %s", dir,
                            strerror(errno));
    VfDiskCache *c = calloc(1, sizeof(*c));
    if (!c || !(c->dir = strdup(dir)) || pthread_mutex_init(&c->lock, NULL) != 0) {
        if (c)
            free(c->dir);
        free(c);
        return VF_ERR_INTERNAL;
    }
    c->cap_bytes = max_bytes;
    c->max_side = max_side;
    c->known_bytes = -1;
    *out = c;
    return 0;
}

void vf_disk_cache_close(VfDiskCache **pc)
{
    VfDiskCache *c = pc ? *pc : NULL;
    if (!c)
        return;
    pthread_mutex_destroy(&c->lock);
    free(c->dir);
    free(c);
    *pc = NULL;
}

char *vf_disk_cache_path(const VfDiskCache *c, const char *prefix, const char *key,
                         const char *suffix)
{
    VfStrBuf b = { 0 };
    vf_strbuf_appendf(&b, "%s\n%s%s", vf_version(), prefix, key);
    char hex[VF_DIGEST_HEX];
    if (b.oom || !b.data) {
        vf_strbuf_discard(&b);
        return NULL;
    }
    vf_digest_bytes(b.data, b.len, hex);
    vf_strbuf_discard(&b);
    size_t n = strlen(c->dir) + VF_DIGEST_HEX + strlen(suffix) + 2;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/%s%s", c->dir, hex, suffix);
    return path;
}

/* ---- the private chunk --------------------------------------------------- */

static size_t count_runs(const uint16_t *c, size_t n)
{
    size_t runs = 0;
    for (size_t i = 0; i < n; runs++) {
        size_t j = i;
        while (j < n && c[j] == c[i])
            j++;
        i = j;
    }
    return runs;
}

static uint8_t *encode_chunk(const char *key, const VfCachedRaster *r, size_t *len)
{
    size_t px = (size_t)r->raster.width * r->raster.height;
    size_t runs = r->clusters ? count_runs(r->clusters, px) : 0, klen = strlen(key);
    *len = HEADER_BYTES + klen + runs * 6;
    uint8_t *b = malloc(*len), *p = b + HEADER_BYTES + klen;
    if (!b)
        return NULL;
    memcpy(b, MAGIC, 4);
    int32_t fields[7] = { r->box_w, r->box_h, r->ink_x, r->ink_y, r->nb_clusters, (int32_t)runs,
                          (int32_t)klen };
    for (int i = 0; i < 7; i++)
        AV_WL32(b + 4 + 4 * i, (uint32_t)fields[i]);
    memcpy(b + HEADER_BYTES, key, klen);
    for (size_t i = 0; i < px && r->clusters;) {
        size_t j = i;
        while (j < px && r->clusters[j] == r->clusters[i])
            j++;
        AV_WL16(p, r->clusters[i]);
        AV_WL32(p + 2, (uint32_t)(j - i));
        p += 6;
        i = j;
    }
    return b;
}

/* Fills out's numbers and cluster map from chunk; 0, or -1 when it does not
 * belong to key or does not add up. */
static int decode_chunk(const char *key, const uint8_t *b, size_t len, VfCachedRaster *out)
{
    if (len < HEADER_BYTES || memcmp(b, MAGIC, 4))
        return -1;
    int32_t f[7];
    for (int i = 0; i < 7; i++)
        f[i] = (int32_t)AV_RL32(b + 4 + 4 * i);
    size_t klen = (size_t)(uint32_t)f[6], runs = (size_t)(uint32_t)f[5];
    if (klen != strlen(key) || len != HEADER_BYTES + klen + runs * 6 ||
        memcmp(b + HEADER_BYTES, key, klen))
        return -1;
    out->box_w = f[0];
    out->box_h = f[1];
    out->ink_x = f[2];
    out->ink_y = f[3];
    out->nb_clusters = f[4];
    out->clusters = NULL;
    if (!runs)
        return 0;
    size_t px = (size_t)out->raster.width * out->raster.height, at = 0;
    if (!(out->clusters = malloc(px * sizeof(uint16_t))))
        return -1;
    const uint8_t *p = b + HEADER_BYTES + klen;
    for (size_t i = 0; i < runs; i++, p += 6) {
        uint16_t v = AV_RL16(p);
        size_t n = AV_RL32(p + 2);
        if (n > px - at)
            break;
        for (size_t k = 0; k < n; k++)
            out->clusters[at++] = v;
    }
    if (at != px) {
        free(out->clusters);
        out->clusters = NULL;
        return -1;
    }
    return 0;
}

/* ---- get, put, trim ------------------------------------------------------ */

int vf_disk_cache_get(VfDiskCache *c, const char *key, VfCachedRaster *out)
{
    char *path = c ? vf_disk_cache_path(c, "", key, ".png") : NULL;
    if (!path)
        return 0;
    uint8_t *rgba = NULL, *chunk = NULL;
    size_t chunk_len = 0;
    VfCachedRaster r = { 0 };
    /* entries may come from elsewhere (a restored CI cache): bound what they cost */
    int ok = vf_png_read_rgba(path, c->max_side, MAX_ENTRY_PIXELS, &rgba,
                              &r.raster.width, &r.raster.height, &chunk, &chunk_len) == 0;
    r.raster.pixels = rgba;
    ok = ok && chunk && decode_chunk(key, chunk, chunk_len, &r) == 0;
    free(chunk);
    if (ok) {
        utimensat(AT_FDCWD, path, NULL, 0); /* most recently used */
        *out = r;
    } else {
        free(rgba);
    }
    free(path);
    return ok;
}

typedef struct FileInfo {
    char *name;
    int64_t bytes;
    struct timespec used;
} FileInfo;

static int older_first(const void *a, const void *b)
{
    const FileInfo *x = a, *y = b;
    if (x->used.tv_sec != y->used.tv_sec)
        return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
    return x->used.tv_nsec < y->used.tv_nsec ? -1 : x->used.tv_nsec > y->used.tv_nsec;
}

/* Removes least recently used entries until the folder is under its cap,
 * and temporaries a crashed writer left over an hour ago. Returns the bytes
 * left. */
static int64_t trim(const char *dir, int64_t cap)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    FileInfo *files = NULL;
    size_t n = 0, alloc = 0;
    int64_t total = 0;
    time_t now = time(NULL);
    struct dirent *de;
    while ((de = readdir(d))) {
        struct stat st;
        const char *name = de->d_name;
        size_t len = strlen(name);
        int entry = (len > 4 && !strcmp(name + len - 4, ".png")) ||
                    (len > 6 && !strcmp(name + len - 6, ".vfseg")); /* render/segstore.c */
        int temp = (len > 13 && !strcmp(name + len - 13, ".vidforge-tmp")) ||
                   (len > 5 && !strcmp(name + len - 5, ".lock")); /* segment locks */
        if ((!entry && !temp) || fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISREG(st.st_mode))
            continue;
        if (temp) {
            if (now - st.st_mtime > STALE_TEMP_SECONDS)
                unlinkat(dirfd(d), name, 0);
            continue;
        }
        if (n == alloc) {
            FileInfo *grown = realloc(files, (alloc = alloc ? alloc * 2 : 64) * sizeof(*files));
            if (!grown)
                break;
            files = grown;
        }
        if (!(files[n].name = strdup(name)))
            break;
        files[n].bytes = (int64_t)st.st_blocks * 512;
        files[n].used = st.st_mtim;
        total += files[n++].bytes;
    }
    qsort(files, n, sizeof(*files), older_first);
    for (size_t i = 0; i < n && total > cap; i++) {
        if (unlinkat(dirfd(d), files[i].name, 0) == 0 || errno == ENOENT)
            total -= files[i].bytes;
    }
    for (size_t i = 0; i < n; i++)
        free(files[i].name);
    free(files);
    closedir(d);
    return total;
}

void vf_disk_cache_put(VfDiskCache *c, const char *key, const VfCachedRaster *r)
{
    char *path = c ? vf_disk_cache_path(c, "", key, ".png") : NULL;
    if (!path)
        return;
    size_t len = 0;
    uint8_t *chunk = encode_chunk(key, r, &len);
    VfPngImage img = { r->raster.pixels, r->raster.width, r->raster.height,
                       r->raster.width * 4, 4, chunk, len };
    if (!chunk || vf_png_write(path, &img, 1) < 0) {
        vf_log(VF_LOG_DEBUG, "raster cache: cannot write %s: %s", path, vf_error_message());
        vf_error_clear();
    }
    free(chunk);
    struct stat st;
    vf_disk_cache_added(c, stat(path, &st) == 0 ? (int64_t)st.st_blocks * 512 : 0);
    free(path);
}

const char *vf_disk_cache_dir(const VfDiskCache *c)
{
    return c->dir;
}

void vf_disk_cache_added(VfDiskCache *c, int64_t written)
{
    pthread_mutex_lock(&c->lock);
    int scan = c->known_bytes < 0 || c->known_bytes + written > c->cap_bytes ||
               ++c->puts_since_scan >= RESCAN_PUTS;
    if (!scan)
        c->known_bytes += written;
    pthread_mutex_unlock(&c->lock);
    if (scan) {
        int64_t left = trim(c->dir, c->cap_bytes);
        pthread_mutex_lock(&c->lock);
        c->known_bytes = left;
        c->puts_since_scan = 0;
        pthread_mutex_unlock(&c->lock);
    }
}
