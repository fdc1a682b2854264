/* Segment cache entries; see segstore.h. A file is, little-endian:
 *
 *   "VFSG" u32 version | u32 key length, key | u32 extradata size, extradata
 *   | i32 delay | i64 units | 12 x f64 (encode seconds, sse[3], samples[3],
 *   ssim sum, mix[4]) | u32 packets | per packet: i64 pts, dts, duration, u32 flags,
 *   u32 size, data | 64 hex digits: SHA-256 of everything before them */
#include "render/segstore.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdatomic.h>

#include <libavutil/intreadwrite.h>
#include <libavutil/mem.h>
#include <libavutil/sha.h>

#include "plan/digest.h"
#include "plan/diskcache.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"
#include "vidforge/log.h"
#include "vidforge/vidforge.h"

#define MAGIC "VFSG"
#define VERSION 1
#define MAX_ENTRY_BYTES ((int64_t)1 << 31)
#define TRAILER (VF_DIGEST_HEX - 1)

int vf_seg_entry_add(VfSegEntry *e, const AVPacket *pkt)
{
    if (e->nb_pkts == e->alloc) {
        int n = e->alloc ? e->alloc * 2 : 64;
        VfSegPacket *grown = realloc(e->pkts, (size_t)n * sizeof(*grown));
        if (!grown)
            return VF_ERR_INTERNAL;
        e->pkts = grown;
        e->alloc = n;
    }
    VfSegPacket *p = &e->pkts[e->nb_pkts];
    *p = (VfSegPacket){ pkt->pts, pkt->dts, pkt->duration, pkt->flags, pkt->size, NULL };
    if (!(p->data = malloc(pkt->size > 0 ? (size_t)pkt->size : 1)))
        return VF_ERR_INTERNAL;
    memcpy(p->data, pkt->data, (size_t)pkt->size);
    e->nb_pkts++;
    return 0;
}

int vf_seg_entry_set_codec(VfSegEntry *e, const AVCodecContext *enc)
{
    free(e->extradata);
    e->extradata = NULL;
    e->extradata_size = 0;
    e->delay = enc->has_b_frames;
    if (enc->extradata_size <= 0)
        return 0;
    if (!(e->extradata = malloc((size_t)enc->extradata_size)))
        return VF_ERR_INTERNAL;
    memcpy(e->extradata, enc->extradata, (size_t)enc->extradata_size);
    e->extradata_size = enc->extradata_size;
    return 0;
}

void vf_seg_entry_clear(VfSegEntry *e)
{
    for (int i = 0; i < e->nb_pkts; i++)
        free(e->pkts[i].data);
    free(e->pkts);
    free(e->extradata);
    memset(e, 0, sizeof(*e));
}

/* DIR/DIGEST + suffix for key, or NULL when out of memory. */
static char *entry_path(struct VfDiskCache *c, const char *key, const char *suffix)
{
    return vf_disk_cache_path(c, "segment ", key, suffix);
}

/* ---- files: every byte written or read goes through the digest ------------ */

typedef struct File {
    FILE *f;
    struct AVSHA *sha;
    int bad;                     /* a short read or write */
} File;

static int file_open(File *fl, const char *path, const char *mode)
{
    fl->bad = 0;
    fl->f = fopen(path, mode);
    fl->sha = av_sha_alloc();
    if (fl->f)
        setvbuf(fl->f, NULL, _IOFBF, 1 << 18);
    return fl->f && fl->sha && av_sha_init(fl->sha, 256) == 0 ? 0 : -1;
}

/* Closes; 0 when every call succeeded (for a writer: and fclose did). */
static int file_close(File *fl)
{
    int ok = !fl->bad && (!fl->f || fclose(fl->f) == 0);
    if (!ok && fl->f && fl->bad)
        fclose(fl->f);
    av_free(fl->sha);
    memset(fl, 0, sizeof(*fl));
    return ok ? 0 : -1;
}

static void file_digest(File *fl, char hex[VF_DIGEST_HEX])
{
    uint8_t sum[32];
    av_sha_final(fl->sha, sum);
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", sum[i]);
}

static void put_bytes(File *fl, const void *data, size_t n)
{
    if (fl->bad || !n)
        return;
    fl->bad = fwrite(data, 1, n, fl->f) != n;
    av_sha_update(fl->sha, data, (unsigned)n);
}

static void put32(File *fl, uint32_t v)
{
    uint8_t b[4];
    AV_WL32(b, v);
    put_bytes(fl, b, 4);
}

static void put64(File *fl, uint64_t v)
{
    uint8_t b[8];
    AV_WL64(b, v);
    put_bytes(fl, b, 8);
}

static int get_bytes(File *fl, void *data, size_t n)
{
    if (fl->bad || (n && fread(data, 1, n, fl->f) != n))
        return fl->bad = 1, -1;
    av_sha_update(fl->sha, data, (unsigned)n);
    return 0;
}

static uint32_t get32(File *fl)
{
    uint8_t b[4] = { 0 };
    get_bytes(fl, b, 4);
    return AV_RL32(b);
}

static uint64_t get64(File *fl)
{
    uint8_t b[8] = { 0 };
    get_bytes(fl, b, 8);
    return AV_RL64(b);
}

static void fields(const VfSegEntry *e, double d[12])
{
    double v[12] = { e->encode_seconds, e->sse[0], e->sse[1], e->sse[2],
                     e->samples[0], e->samples[1], e->samples[2], e->ssim_sum,
                     e->mix[0], e->mix[1], e->mix[2], e->mix[3] };
    memcpy(d, v, sizeof(v));
}

static void set_fields(VfSegEntry *e, const double d[12])
{
    e->encode_seconds = d[0];
    for (int i = 0; i < 3; i++) {
        e->sse[i] = d[1 + i];
        e->samples[i] = d[4 + i];
    }
    e->ssim_sum = d[7];
    memcpy(e->mix, d + 8, sizeof(e->mix));
}

/* ---- writing ------------------------------------------------------------- */

struct VfSegWriter {
    struct VfDiskCache *cache;
    File file;
    char *path, *tmp;
    int64_t bytes;
    uint32_t left;               /* packets still to come */
};

static void write_header(File *fl, const VfSegEntry *e, uint32_t nb_pkts)
{
    put_bytes(fl, MAGIC, 4);
    put32(fl, VERSION);
    put32(fl, (uint32_t)strlen(e->key));
    put_bytes(fl, e->key, strlen(e->key));
    put32(fl, (uint32_t)e->extradata_size);
    put_bytes(fl, e->extradata, (size_t)e->extradata_size);
    put32(fl, (uint32_t)e->delay);
    put64(fl, (uint64_t)e->units);
    double d[12];
    fields(e, d);
    for (int i = 0; i < 12; i++) {
        uint64_t v;
        memcpy(&v, &d[i], sizeof(v));
        put64(fl, v);
    }
    put32(fl, nb_pkts);
}

int vf_seg_writer_open(VfSegWriter **out, struct VfDiskCache *c, const VfSegEntry *e,
                       int nb_pkts)
{
    VfSegWriter *w = calloc(1, sizeof(*w));
    *out = NULL;
    if (!w || !c || !(w->path = entry_path(c, e->key, ".vfseg"))) {
        free(w);
        return VF_ERR_INTERNAL;
    }
    size_t n = strlen(w->path) + 48;
    static atomic_uint serial; /* threads of one process write apart too */
    if ((w->tmp = malloc(n)))
        snprintf(w->tmp, n, "%s.%d.%u.vidforge-tmp", w->path, (int)getpid(),
                 atomic_fetch_add(&serial, 1));
    w->cache = c;
    w->left = (uint32_t)nb_pkts;
    if (!w->tmp || file_open(&w->file, w->tmp, "wb") < 0) {
        int err = errno;
        vf_seg_writer_close(&w, 0);
        return vf_error_set(VF_ERR_OUTPUT, "cannot write a segment cache entry: %s",
                            strerror(err));
    }
    write_header(&w->file, e, (uint32_t)nb_pkts);
    *out = w;
    return 0;
}

void vf_seg_writer_add(VfSegWriter *w, const VfSegPacket *p, int64_t shift)
{
    File *fl = &w->file;
    if (!w->left) {
        fl->bad = 1; /* more packets than announced */
        return;
    }
    w->left--;
    put64(fl, (uint64_t)(p->pts == AV_NOPTS_VALUE ? p->pts : p->pts + shift));
    put64(fl, (uint64_t)(p->dts == AV_NOPTS_VALUE ? p->dts : p->dts + shift));
    put64(fl, (uint64_t)p->duration);
    put32(fl, (uint32_t)p->flags);
    put32(fl, (uint32_t)p->size);
    put_bytes(fl, p->data, (size_t)p->size);
    w->bytes += 36 + p->size;
}

int vf_seg_writer_close(VfSegWriter **pw, int commit)
{
    VfSegWriter *w = pw ? *pw : NULL;
    if (!w)
        return 0;
    int ok = commit && w->file.f && !w->file.bad && !w->left;
    if (ok) {
        char hex[VF_DIGEST_HEX];
        file_digest(&w->file, hex);
        w->file.bad = fwrite(hex, 1, TRAILER, w->file.f) != TRAILER;
    }
    ok = file_close(&w->file) == 0 && ok;
    int err = errno;
    ok = ok && rename(w->tmp, w->path) == 0;
    if (!ok && w->tmp)
        unlink(w->tmp);
    if (ok)
        vf_disk_cache_added(w->cache, w->bytes + TRAILER);
    int ret = ok || !commit ? 0 : vf_error_set(VF_ERR_OUTPUT, "cannot write %s: %s", w->path,
                                               strerror(err ? err : EIO));
    free(w->path);
    free(w->tmp);
    free(w);
    *pw = NULL;
    return ret;
}

int vf_seg_store_put(struct VfDiskCache *c, const VfSegEntry *e)
{
    VfSegWriter *w = NULL;
    int ret = c ? vf_seg_writer_open(&w, c, e, e->nb_pkts) : VF_ERR_INTERNAL;
    for (int i = 0; ret >= 0 && i < e->nb_pkts; i++)
        vf_seg_writer_add(w, &e->pkts[i], 0);
    if (ret >= 0)
        ret = vf_seg_writer_close(&w, 1);
    if (ret < 0 && c) {
        vf_log(VF_LOG_DEBUG, "segment cache: cannot store %s: %s", e->key, vf_error_message());
        vf_error_clear();
    }
    return ret;
}

/* ---- reading ------------------------------------------------------------- */

struct VfSegReader {
    File file;
    char *path;
    uint32_t left;               /* packets not read yet */
    uint8_t *buf;                /* the last packet's data */
    uint32_t alloc;
    int64_t size;                /* of the file */
};

/* Reads the header into e (no packets); -1 when it is not key's entry. */
static int read_header(VfSegReader *r, const char *key, VfSegEntry *e)
{
    File *fl = &r->file;
    char magic[4];
    if (get_bytes(fl, magic, 4) < 0 || memcmp(magic, MAGIC, 4) || get32(fl) != VERSION)
        return -1;
    uint32_t klen = get32(fl);
    if (fl->bad || klen != strlen(key) || klen >= sizeof(e->key) ||
        get_bytes(fl, e->key, klen) < 0 || memcmp(e->key, key, klen))
        return -1;
    e->key[klen] = '\0';
    uint32_t xlen = get32(fl);
    if (fl->bad || (int64_t)xlen > r->size || (xlen && !(e->extradata = malloc(xlen))))
        return -1;
    if (get_bytes(fl, e->extradata, xlen) < 0)
        return -1;
    e->extradata_size = (int)xlen;
    e->delay = (int)get32(fl);
    e->units = (int64_t)get64(fl);
    double d[12];
    for (int i = 0; i < 12; i++) {
        uint64_t v = get64(fl);
        memcpy(&d[i], &v, sizeof(v));
    }
    set_fields(e, d);
    r->left = get32(fl);
    return fl->bad || r->left > r->size / 36 ? -1 : 0;
}

void vf_seg_reader_free(VfSegReader **pr)
{
    VfSegReader *r = pr ? *pr : NULL;
    if (!r)
        return;
    file_close(&r->file);
    free(r->path);
    free(r->buf);
    free(r);
    *pr = NULL;
}

/* The file is not what it should be: removed, so it is encoded again. */
static int damaged(VfSegReader *r)
{
    vf_log(VF_LOG_INFO, "segment cache: %s is damaged; encoding it again", r->path);
    unlink(r->path);
    return -1;
}

int vf_seg_reader_open(VfSegReader **out, struct VfDiskCache *c, const char *key,
                       int64_t units, VfSegEntry *header)
{
    VfSegReader *r = calloc(1, sizeof(*r));
    struct stat st;
    int ret = 0;
    memset(header, 0, sizeof(*header));
    *out = NULL;
    if (!r || !c || !(r->path = entry_path(c, key, ".vfseg")))
        ret = VF_ERR_INTERNAL;
    else if (file_open(&r->file, r->path, "rb") < 0 || fstat(fileno(r->file.f), &st) != 0 ||
             !S_ISREG(st.st_mode))
        ret = 0; /* no entry */
    else if ((r->size = st.st_size) <= TRAILER || st.st_size >= MAX_ENTRY_BYTES ||
             read_header(r, key, header) < 0 || header->units != units)
        ret = damaged(r) + 1; /* a file under key's name that is not key's entry */
    else
        ret = 1;
    if (ret <= 0) {
        vf_seg_entry_clear(header);
        vf_seg_reader_free(&r);
    }
    *out = r;
    return ret;
}

int vf_seg_reader_next(VfSegReader *r, VfSegPacket *pkt)
{
    File *fl = &r->file;
    if (!r->left) { /* the end: the digest of all of it follows */
        char hex[VF_DIGEST_HEX], stored[TRAILER];
        file_digest(fl, hex);
        int whole = fread(stored, 1, TRAILER, fl->f) == TRAILER && !memcmp(hex, stored, TRAILER) &&
                    fgetc(fl->f) == EOF;
        return whole ? 0 : damaged(r);
    }
    r->left--;
    *pkt = (VfSegPacket){ 0 };
    pkt->pts = (int64_t)get64(fl);
    pkt->dts = (int64_t)get64(fl);
    pkt->duration = (int64_t)get64(fl);
    pkt->flags = (int)get32(fl);
    uint32_t size = get32(fl);
    if (fl->bad || size > INT32_MAX || (int64_t)size > r->size)
        return damaged(r);
    if (size > r->alloc) {
        uint8_t *grown = realloc(r->buf, size);
        if (!grown)
            return damaged(r);
        r->buf = grown;
        r->alloc = size;
    }
    if (get_bytes(fl, r->buf, size) < 0)
        return damaged(r);
    pkt->size = (int)size;
    pkt->data = r->buf;
    return 1;
}

int vf_seg_store_peek(struct VfDiskCache *c, const char *key, int64_t units, VfSegEntry *out)
{
    VfSegReader *r = NULL;
    int ok = vf_seg_reader_open(&r, c, key, units, out) > 0;
    vf_seg_reader_free(&r);
    return ok;
}

int vf_seg_store_get(struct VfDiskCache *c, const char *key, int64_t units, VfSegEntry *out)
{
    VfSegReader *r = NULL;
    VfSegPacket p;
    AVPacket pkt = { 0 };
    int ret = vf_seg_reader_open(&r, c, key, units, out) > 0 ? 1 : -1;
    while (ret > 0 && (ret = vf_seg_reader_next(r, &p)) > 0) {
        pkt = (AVPacket){ .pts = p.pts, .dts = p.dts, .duration = p.duration, .flags = p.flags,
                          .size = p.size, .data = p.data };
        if (vf_seg_entry_add(out, &pkt) < 0)
            ret = -1;
    }
    if (ret == 0)
        vf_seg_store_touch(c, key);
    else
        vf_seg_entry_clear(out);
    vf_seg_reader_free(&r);
    return ret == 0;
}

void vf_seg_store_touch(struct VfDiskCache *c, const char *key)
{
    char *path = entry_path(c, key, ".vfseg");
    if (path)
        utimensat(AT_FDCWD, path, NULL, 0); /* most recently used */
    free(path);
}

/* ---- locks --------------------------------------------------------------- */

int vf_seg_store_lock(struct VfDiskCache *c, const char *key)
{
    char *path = c ? entry_path(c, key, ".lock") : NULL;
    int fd = path ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644) : -1;
    free(path);
    if (fd < 0)
        return -1;
    while (flock(fd, LOCK_EX) != 0) {
        if (errno != EINTR || vf_interrupt_requested()) { /* the render stops right after */
            close(fd);
            return -1;
        }
    }
    futimens(fd, NULL); /* held now: not a stale lock for the trim */
    return fd;
}

int vf_seg_store_trylock(struct VfDiskCache *c, const char *key)
{
    char *path = c ? entry_path(c, key, ".lock") : NULL;
    int fd = path ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644) : -1;
    free(path);
    if (fd < 0)
        return -1;
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        return -2;
    }
    futimens(fd, NULL);
    return fd;
}

void vf_seg_store_unlock(int fd)
{
    if (fd < 0)
        return;
    flock(fd, LOCK_UN);
    close(fd);
}
