/* SHA-256 via libavutil; file digests memoized by file identity. */
#include "plan/digest.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libavutil/mem.h>
#include <libavutil/sha.h>

#include "vidforge/error.h"
#include "vidforge/interrupt.h"

typedef struct Known {
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    char hex[VF_DIGEST_HEX];
    struct Known *next;
} Known;

struct VfDigestMemo {
    pthread_mutex_t lock;
    Known *known;
};

int vf_digest_memo_create(VfDigestMemo **out)
{
    VfDigestMemo *m = calloc(1, sizeof(*m));
    if (!m || pthread_mutex_init(&m->lock, NULL) != 0) {
        free(m);
        *out = NULL;
        return VF_ERR_INTERNAL;
    }
    *out = m;
    return 0;
}

void vf_digest_memo_free(VfDigestMemo **pm)
{
    VfDigestMemo *m = pm ? *pm : NULL;
    if (!m)
        return;
    while (m->known) {
        Known *k = m->known;
        m->known = k->next;
        free(k);
    }
    pthread_mutex_destroy(&m->lock);
    free(m);
    *pm = NULL;
}

static void to_hex(const uint8_t sum[32], char hex[VF_DIGEST_HEX])
{
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", sum[i]);
}

void vf_digest_bytes(const void *data, size_t len, char hex[VF_DIGEST_HEX])
{
    struct AVSHA *sha = av_sha_alloc();
    uint8_t sum[32] = { 0 };
    if (sha && av_sha_init(sha, 256) == 0) {
        av_sha_update(sha, data, len);
        av_sha_final(sha, sum);
    }
    av_free(sha);
    to_hex(sum, hex);
}

static int same(const Known *k, const struct stat *st)
{
    return k->dev == st->st_dev && k->ino == st->st_ino && k->size == st->st_size &&
           k->mtime.tv_sec == st->st_mtim.tv_sec && k->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

static int hash_file(FILE *f, char hex[VF_DIGEST_HEX])
{
    struct AVSHA *sha = av_sha_alloc();
    uint8_t *buf = malloc(1 << 16);
    int ret = sha && buf && av_sha_init(sha, 256) == 0 ? 0 : -1;
    size_t n;
    while (ret == 0 && (n = fread(buf, 1, 1 << 16, f)) > 0) {
        av_sha_update(sha, buf, n);
        if (vf_interrupt_requested()) /* a large file takes seconds */
            ret = VF_ERR_INTERRUPTED;
    }
    if (ret == 0 && ferror(f))
        ret = -1;
    uint8_t sum[32];
    if (ret == 0) {
        av_sha_final(sha, sum);
        to_hex(sum, hex);
    }
    av_free(sha);
    free(buf);
    return ret;
}

static int recall(VfDigestMemo *m, const struct stat *st, char hex[VF_DIGEST_HEX])
{
    int found = 0;
    if (!m)
        return 0;
    pthread_mutex_lock(&m->lock);
    for (Known *k = m->known; k && !found; k = k->next)
        if ((found = same(k, st)))
            memcpy(hex, k->hex, VF_DIGEST_HEX);
    pthread_mutex_unlock(&m->lock);
    return found;
}

static void remember(VfDigestMemo *m, const struct stat *st, const char hex[VF_DIGEST_HEX])
{
    Known *k = m ? calloc(1, sizeof(*k)) : NULL;
    if (!k)
        return;
    *k = (Known){ st->st_dev, st->st_ino, st->st_size, st->st_mtim, "", NULL };
    memcpy(k->hex, hex, VF_DIGEST_HEX);
    pthread_mutex_lock(&m->lock);
    k->next = m->known;
    m->known = k;
    pthread_mutex_unlock(&m->lock);
}


/* Opened without blocking (a FIFO would wait for a writer), regular files only. */
static FILE *open_regular(const char *path, struct stat *st)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    FILE *f = NULL;
    if (fd >= 0 && fstat(fd, st) == 0 && S_ISREG(st->st_mode) &&
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == 0)
        f = fdopen(fd, "rb");
    if (!f && fd >= 0)
        close(fd);
    return f;
}

int vf_digest_file(VfDigestMemo *memo, const char *path, char hex[VF_DIGEST_HEX])
{
    struct stat st;
    FILE *f = open_regular(path, &st);
    if (!f)
        return -1;
    int found = recall(memo, &st, hex);
    int ret = found ? 0 : hash_file(f, hex);
    fclose(f);
    if (!found && ret == 0)
        remember(memo, &st, hex);
    return ret;
}
