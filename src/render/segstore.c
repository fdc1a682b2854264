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

#include <libavutil/intreadwrite.h>

#include "plan/digest.h"
#include "plan/diskcache.h"
#include "util/strbuf.h"
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
    VfStrBuf b = { 0 };
    vf_strbuf_appendf(&b, "%s\nsegment %s", vf_version(), key);
    char hex[VF_DIGEST_HEX];
    if (b.oom || !b.data) {
        vf_strbuf_discard(&b);
        return NULL;
    }
    vf_digest_bytes(b.data, b.len, hex);
    vf_strbuf_discard(&b);
    const char *dir = vf_disk_cache_dir(c);
    size_t n = strlen(dir) + VF_DIGEST_HEX + strlen(suffix) + 2;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/%s%s", dir, hex, suffix);
    return path;
}

/* ---- writing ------------------------------------------------------------- */

typedef struct Buf {
    uint8_t *data;
    size_t len, alloc;
    int oom;
} Buf;

static uint8_t *room(Buf *b, size_t n)
{
    if (b->oom)
        return NULL;
    if (b->len + n > b->alloc) {
        size_t a = b->alloc ? b->alloc : 4096;
        while (a < b->len + n)
            a *= 2;
        uint8_t *grown = realloc(b->data, a);
        if (!grown) {
            b->oom = 1;
            return NULL;
        }
        b->data = grown;
        b->alloc = a;
    }
    uint8_t *p = b->data + b->len;
    b->len += n;
    return p;
}

static void put32(Buf *b, uint32_t v)
{
    uint8_t *p = room(b, 4);
    if (p)
        AV_WL32(p, v);
}

static void put64(Buf *b, uint64_t v)
{
    uint8_t *p = room(b, 8);
    if (p)
        AV_WL64(p, v);
}

static void put_double(Buf *b, double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof(v));
    put64(b, v);
}

static void put_bytes(Buf *b, const void *data, size_t n)
{
    uint8_t *p = room(b, n);
    if (p && n)
        memcpy(p, data, n);
}

static void serialize(const VfSegEntry *e, Buf *b)
{
    put_bytes(b, MAGIC, 4);
    put32(b, VERSION);
    put32(b, (uint32_t)strlen(e->key));
    put_bytes(b, e->key, strlen(e->key));
    put32(b, (uint32_t)e->extradata_size);
    put_bytes(b, e->extradata, (size_t)e->extradata_size);
    put32(b, (uint32_t)e->delay);
    put64(b, (uint64_t)e->units);
    double d[12] = { e->encode_seconds, e->sse[0], e->sse[1], e->sse[2],
                     e->samples[0], e->samples[1], e->samples[2], e->ssim_sum,
                     e->mix[0], e->mix[1], e->mix[2], e->mix[3] };
    for (int i = 0; i < 12; i++)
        put_double(b, d[i]);
    put32(b, (uint32_t)e->nb_pkts);
    for (int i = 0; i < e->nb_pkts; i++) {
        const VfSegPacket *p = &e->pkts[i];
        put64(b, (uint64_t)p->pts);
        put64(b, (uint64_t)p->dts);
        put64(b, (uint64_t)p->duration);
        put32(b, (uint32_t)p->flags);
        put32(b, (uint32_t)p->size);
        put_bytes(b, p->data, (size_t)p->size);
    }
    char hex[VF_DIGEST_HEX];
    if (!b->oom) {
        vf_digest_bytes(b->data, b->len, hex);
        put_bytes(b, hex, TRAILER);
    }
}

static int write_file(const char *path, const Buf *b)
{
    size_t n = strlen(path) + 32;
    char *tmp = malloc(n);
    if (!tmp)
        return VF_ERR_INTERNAL;
    snprintf(tmp, n, "%s.%d.vidforge-tmp", path, (int)getpid());
    FILE *f = fopen(tmp, "wb");
    int ok = f && fwrite(b->data, 1, b->len, f) == b->len;
    ok = f && fclose(f) == 0 && ok;
    ok = ok && rename(tmp, path) == 0;
    int err = errno;
    if (!ok)
        unlink(tmp);
    free(tmp);
    return ok ? 0 : vf_error_set(VF_ERR_OUTPUT, "cannot write %s: %s", path, strerror(err));
}

void vf_seg_store_put(struct VfDiskCache *c, const VfSegEntry *e)
{
    char *path = c ? entry_path(c, e->key, ".vfseg") : NULL;
    if (!path)
        return;
    Buf b = { 0 };
    serialize(e, &b);
    int ret = b.oom ? VF_ERR_INTERNAL : write_file(path, &b);
    if (ret < 0) {
        vf_log(VF_LOG_DEBUG, "segment cache: cannot store %s: %s", e->key, vf_error_message());
        vf_error_clear();
    } else {
        vf_disk_cache_added(c, (int64_t)b.len);
    }
    free(b.data);
    free(path);
}

/* ---- reading ------------------------------------------------------------- */

typedef struct Reader {
    const uint8_t *p, *end;
    int bad;
} Reader;

static const uint8_t *take(Reader *r, size_t n)
{
    if (r->bad || (size_t)(r->end - r->p) < n) {
        r->bad = 1;
        return NULL;
    }
    const uint8_t *p = r->p;
    r->p += n;
    return p;
}

static uint32_t get32(Reader *r)
{
    const uint8_t *p = take(r, 4);
    return p ? AV_RL32(p) : 0;
}

static uint64_t get64(Reader *r)
{
    const uint8_t *p = take(r, 8);
    return p ? AV_RL64(p) : 0;
}

static double get_double(Reader *r)
{
    uint64_t v = get64(r);
    double d;
    memcpy(&d, &v, sizeof(d));
    return d;
}

static int parse_packets(Reader *r, VfSegEntry *e)
{
    uint32_t n = get32(r);
    if (r->bad || n > (uint32_t)(r->end - r->p) / 32)
        return -1;
    for (uint32_t i = 0; i < n && !r->bad; i++) {
        AVPacket pkt = { 0 };
        pkt.pts = (int64_t)get64(r);
        pkt.dts = (int64_t)get64(r);
        pkt.duration = (int64_t)get64(r);
        pkt.flags = (int)get32(r);
        uint32_t size = get32(r);
        pkt.data = (uint8_t *)take(r, size);
        pkt.size = (int)size;
        if (!r->bad && (size > INT32_MAX || vf_seg_entry_add(e, &pkt) < 0))
            return -1;
    }
    return r->bad || r->p != r->end ? -1 : 0;
}

static int parse(const uint8_t *data, size_t len, const char *key, VfSegEntry *e)
{
    Reader r = { data, data + len, 0 };
    const uint8_t *magic = take(&r, 4);
    if (!magic || memcmp(magic, MAGIC, 4) || get32(&r) != VERSION)
        return -1;
    uint32_t klen = get32(&r);
    const uint8_t *k = take(&r, klen);
    if (!k || klen != strlen(key) || klen >= sizeof(e->key) || memcmp(k, key, klen))
        return -1;
    memcpy(e->key, key, klen + 1);
    uint32_t xlen = get32(&r);
    const uint8_t *x = take(&r, xlen);
    if (!x || (xlen && !(e->extradata = malloc(xlen))))
        return -1;
    if (xlen)
        memcpy(e->extradata, x, xlen);
    e->extradata_size = (int)xlen;
    e->delay = (int)get32(&r);
    e->units = (int64_t)get64(&r);
    double d[12];
    for (int i = 0; i < 12; i++)
        d[i] = get_double(&r);
    e->encode_seconds = d[0];
    for (int i = 0; i < 3; i++) {
        e->sse[i] = d[1 + i];
        e->samples[i] = d[4 + i];
    }
    e->ssim_sum = d[7];
    memcpy(e->mix, d + 8, sizeof(e->mix));
    return r.bad ? -1 : parse_packets(&r, e);
}

static uint8_t *read_all(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return NULL;
    uint8_t *data = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > TRAILER &&
        st.st_size < MAX_ENTRY_BYTES && (data = malloc((size_t)st.st_size))) {
        size_t got = 0;
        ssize_t n = 1;
        while (got < (size_t)st.st_size && (n = read(fd, data + got, (size_t)st.st_size - got)) > 0)
            got += (size_t)n;
        *len = got;
    }
    close(fd);
    return data;
}

int vf_seg_store_get(struct VfDiskCache *c, const char *key, int64_t units, VfSegEntry *out)
{
    memset(out, 0, sizeof(*out));
    char *path = c ? entry_path(c, key, ".vfseg") : NULL;
    size_t len = 0;
    uint8_t *data = path ? read_all(path, &len) : NULL;
    int ok = 0;
    if (data && len > TRAILER) {
        char hex[VF_DIGEST_HEX];
        vf_digest_bytes(data, len - TRAILER, hex);
        ok = !memcmp(hex, data + len - TRAILER, TRAILER) &&
             parse(data, len - TRAILER, key, out) == 0 && out->units == units;
    }
    if (ok) {
        utimensat(AT_FDCWD, path, NULL, 0); /* most recently used */
    } else {
        if (data) { /* damaged, truncated or another key's: encode it again */
            vf_log(VF_LOG_INFO, "segment cache: %s is damaged; encoding it again", path);
            unlink(path);
        }
        vf_seg_entry_clear(out);
    }
    free(data);
    free(path);
    return ok;
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

void vf_seg_store_unlock(int fd)
{
    if (fd < 0)
        return;
    flock(fd, LOCK_UN);
    close(fd);
}
