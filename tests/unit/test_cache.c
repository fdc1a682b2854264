/* The on-disk raster cache: entries round-trip exactly (pixels, layout
 * numbers, the typewriter's cluster map), belong to their key only, damaged
 * files are misses, the folder is trimmed oldest first, and file digests
 * follow contents. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include "vidforge/vidforge.h"
#include "check.h"
#include "plan/digest.h"
#include "plan/diskcache.h"
#include "util/raster.h"
#include "tmpfile.h"

/* A w x h raster with a pattern, and a cluster map of runs along rows. */
static VfDiskCache *dc;

static VfCachedRaster sample(int w, int h, int seed, int with_clusters)
{
    VfCachedRaster r = { .box_w = w + 3, .box_h = h - 2, .ink_x = -4, .ink_y = 7 };
    vf_raster_alloc(&r.raster, w, h);
    for (int i = 0; i < w * h * 4; i++)
        r.raster.pixels[i] = (uint8_t)(i * 7 + seed);
    if (with_clusters) {
        r.clusters = malloc((size_t)w * h * sizeof(uint16_t));
        for (int i = 0; i < w * h; i++)
            r.clusters[i] = (uint16_t)((i % w) / 5 + (i / w) * 1000 + seed);
        r.nb_clusters = 42;
    }
    return r;
}

static void release(VfCachedRaster *r)
{
    vf_raster_free(&r->raster);
    free(r->clusters);
    r->clusters = NULL;
}

static int count_entries(const char *dir, long *bytes)
{
    DIR *d = opendir(dir);
    int n = 0;
    *bytes = 0;
    struct dirent *de;
    while (d && (de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len > 4 && !strcmp(de->d_name + len - 4, ".png")) {
            char path[4096];
            struct stat st;
            snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
            if (stat(path, &st) == 0)
                *bytes += (long)st.st_blocks * 512;
            n++;
        }
    }
    if (d)
        closedir(d);
    return n;
}

/* The entry file of the only .png in dir (first found). */
static int first_entry(const char *dir, char *path, size_t n)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int found = 0;
    while (d && !found && (de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len > 4 && !strcmp(de->d_name + len - 4, ".png")) {
            snprintf(path, n, "%s/%s", dir, de->d_name);
            found = 1;
        }
    }
    if (d)
        closedir(d);
    return found;
}

static void test_round_trip(void)
{
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/c1/deeper", vf_tmp_dir());
    CHECK(vf_disk_cache_open(&dc, dir, 1 << 30, 32768) == 0, "opens (and creates) %s", dir);
    VfCachedRaster in = sample(37, 11, 3, 1), out = { 0 };
    vf_disk_cache_put(dc, "key one", &in);
    CHECK(vf_disk_cache_get(dc, "key one", &out) == 1, "hit after put");
    CHECK(out.raster.width == 37 && out.raster.height == 11, "size %dx%d", out.raster.width,
          out.raster.height);
    CHECK(out.box_w == in.box_w && out.box_h == in.box_h && out.ink_x == -4 && out.ink_y == 7 &&
          out.nb_clusters == 42, "layout numbers");
    CHECK(out.raster.pixels && !memcmp(out.raster.pixels, in.raster.pixels, 37 * 11 * 4),
          "pixels exactly as put (premultiplied bytes, no colour management)");
    CHECK(out.clusters && !memcmp(out.clusters, in.clusters, 37 * 11 * sizeof(uint16_t)),
          "cluster map");
    release(&out);
    CHECK(vf_disk_cache_get(dc, "key two", &out) == 0, "another key misses");

    VfCachedRaster plain = sample(5, 4, 9, 0);
    vf_disk_cache_put(dc, "no clusters", &plain);
    CHECK(vf_disk_cache_get(dc, "no clusters", &out) == 1 && !out.clusters, "no cluster map");
    release(&out);
    release(&plain);

    /* damage: truncated, then garbage; both are misses, never a crash */
    char path[4200];
    vf_disk_cache_close(&dc);
    snprintf(dir, sizeof(dir), "%s/c2", vf_tmp_dir());
    vf_disk_cache_open(&dc, dir, 1 << 30, 32768);
    vf_disk_cache_put(dc, "key one", &in);
    CHECK(first_entry(dir, path, sizeof(path)), "entry written");
    CHECK(truncate(path, 60) == 0, "truncate");
    CHECK(vf_disk_cache_get(dc, "key one", &out) == 0, "a truncated entry is a miss");
    FILE *f = fopen(path, "wb");
    fputs("not a png at all", f);
    fclose(f);
    CHECK(vf_disk_cache_get(dc, "key one", &out) == 0, "garbage is a miss");
    vf_disk_cache_put(dc, "key one", &in);
    CHECK(vf_disk_cache_get(dc, "key one", &out) == 1, "rewritten");
    release(&out);
    release(&in);
    vf_disk_cache_close(&dc);
    CHECK(vf_disk_cache_get(dc, "key one", &out) == 0, "closed: nothing is read");
}

/* Sets the modification time of key's entry in dir. */
static void set_age(const char *dir, const char *key, time_t when)
{
    char text[256], hex[VF_DIGEST_HEX], path[4200];
    int n = snprintf(text, sizeof(text), "%s\n%s", vf_version(), key);
    vf_digest_bytes(text, (size_t)n, hex);
    snprintf(path, sizeof(path), "%s/%s.png", dir, hex);
    struct timespec ts[2] = { { when, 0 }, { when, 0 } };
    CHECK(utimensat(AT_FDCWD, path, ts, 0) == 0, "age of %s", key);
}

static void test_trim(void)
{
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/c3", vf_tmp_dir());
    vf_disk_cache_open(&dc, dir, 1 << 30, 32768);
    VfCachedRaster r = sample(64, 64, 1, 0); /* ~16 KB of noise: one entry ~ 20 KB */
    char key[32];
    for (int i = 0; i < 5; i++) {
        snprintf(key, sizeof(key), "entry %d", i);
        r.raster.pixels[0] = (uint8_t)i;
        vf_disk_cache_put(dc, key, &r);
    }
    /* distinct modification times in the past, oldest first, whatever the
     * file system's timestamp resolution */
    time_t now = time(NULL);
    for (int i = 0; i < 5; i++) {
        snprintf(key, sizeof(key), "entry %d", i);
        set_age(dir, key, now - 3600 + i * 60);
    }
    long bytes;
    CHECK(count_entries(dir, &bytes) == 5, "five entries");
    long one = bytes / 5;
    VfCachedRaster got;
    CHECK(vf_disk_cache_get(dc, "entry 0", &got) == 1, "entry 0 used again: now the newest");
    release(&got);
    /* a cap for about three entries; the next put trims the oldest */
    vf_disk_cache_close(&dc);
    vf_disk_cache_open(&dc, dir, one * 3 + one / 2, 32768);
    r.raster.pixels[0] = 99;
    vf_disk_cache_put(dc, "entry 5", &r);
    int n = count_entries(dir, &bytes);
    CHECK(n == 3 && bytes <= one * 3 + one / 2, "trimmed to 3 entries under the cap: %d, %ld", n,
          bytes);
    CHECK(vf_disk_cache_get(dc, "entry 0", &got) == 1, "the recently used entry stays");
    release(&got);
    CHECK(vf_disk_cache_get(dc, "entry 5", &got) == 1, "the new entry stays");
    release(&got);
    CHECK(vf_disk_cache_get(dc, "entry 1", &got) == 0 && vf_disk_cache_get(dc, "entry 2", &got) == 0,
          "the least recently used went");
    release(&r);
    vf_disk_cache_close(&dc);
}

static void test_digest(void)
{
    char a[VF_DIGEST_HEX], b[VF_DIGEST_HEX], c[VF_DIGEST_HEX];
    VfDigestMemo *memo = NULL;
    CHECK(vf_digest_memo_create(&memo) == 0, "memo");
    vf_digest_bytes("abc", 3, a);
    CHECK(!strcmp(a, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
          "SHA-256 of abc, got %s", a);
    const char *p = vf_tmp_write("d.txt", "first");
    char path[4096];
    snprintf(path, sizeof(path), "%s", p);
    CHECK(vf_digest_file(memo, path, a) == 0 && vf_digest_file(memo, path, b) == 0 && !strcmp(a, b),
          "stable");
    vf_tmp_write("d.txt", "other contents"); /* a new size: whatever the mtime resolution */
    CHECK(vf_digest_file(memo, path, c) == 0 && strcmp(a, c) != 0, "follows the contents");
    CHECK(vf_digest_file(memo, "/nonexistent/file", c) == -1, "unreadable");
    vf_digest_memo_free(&memo);
}

int main(void)
{
    test_round_trip();
    test_trim();
    test_digest();
    vf_tmp_cleanup();
    return vf_check_summary("cache");
}
