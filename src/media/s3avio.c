#include "media/s3avio.h"

#include <stdlib.h>
#include <string.h>

#include <libavutil/mem.h>

#include "storage/s3config.h"
#include "storage/s3object.h"
#include "vidforge/error.h"
#include "vidforge/log.h"

#define MIN_BLOCK (256 << 10)
#define MAX_BLOCK (2 << 20)
#define AVIO_BUFFER (64 * 1024)

typedef struct Reader {
    VfS3Config c;
    char *name;
    int64_t size, pos;
    char *block;                 /* MAX_BLOCK bytes: [block_start, + block_len) */
    int64_t block_start;
    size_t block_len, next_len;  /* the next request's size */
    int64_t fetched;
    int requests;
    AVIOInterruptCB cb;
} Reader;

static int interrupted(void *opaque)
{
    Reader *r = opaque;
    return r->cb.callback && r->cb.callback(r->cb.opaque);
}

static int fill(Reader *r)
{
    int sequential = r->block_len && r->pos == r->block_start + (int64_t)r->block_len;
    r->next_len = !sequential ? MIN_BLOCK : r->next_len * 2 > MAX_BLOCK ? MAX_BLOCK : r->next_len * 2;
    size_t want = r->size - r->pos < (int64_t)r->next_len ? (size_t)(r->size - r->pos) : r->next_len;
    size_t got = 0;
    r->block_len = 0;
    int ret = vf_s3_read_range(&r->c, r->name, r->pos, want, r->block, &got, interrupted, r);
    r->requests++;
    r->fetched += (int64_t)got;
    if (ret < 0)
        return ret == VF_ERR_INTERRUPTED ? AVERROR_EXIT : AVERROR(EIO);
    if (got == 0)
        return AVERROR_EOF;
    r->block_start = r->pos;
    r->block_len = got;
    return 0;
}

static int read_packet(void *opaque, uint8_t *buf, int size)
{
    Reader *r = opaque;
    if (r->pos >= r->size)
        return AVERROR_EOF;
    if (r->pos < r->block_start || r->pos >= r->block_start + (int64_t)r->block_len) {
        int ret = fill(r);
        if (ret < 0)
            return ret;
    }
    int64_t avail = r->block_start + (int64_t)r->block_len - r->pos;
    int n = avail < size ? (int)avail : size;
    memcpy(buf, r->block + (r->pos - r->block_start), (size_t)n);
    r->pos += n;
    return n;
}

static int64_t seek(void *opaque, int64_t offset, int whence)
{
    Reader *r = opaque;
    int64_t base = 0;
    switch (whence & ~AVSEEK_FORCE) {
    case AVSEEK_SIZE: return r->size;
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = r->pos; break;
    case SEEK_END: base = r->size; break;
    default: return AVERROR(EINVAL);
    }
    if (base + offset < 0)
        return AVERROR(EINVAL);
    r->pos = base + offset;
    return r->pos;
}

static void reader_free(Reader *r)
{
    if (!r)
        return;
    vf_log(VF_LOG_DEBUG, "%s: fetched %lld of %lld bytes in %d range requests", r->name,
           (long long)r->fetched, (long long)r->size, r->requests);
    free(r->name);
    free(r->block);
    free(r);
}

int vf_s3_avio_open(AVIOContext **pb, const char *name, AVIOInterruptCB cb)
{
    VfS3Object info;
    *pb = NULL;
    int ret = vf_s3_head(name, VF_ERR_ASSET, &info);
    if (ret >= 0 && !info.exists)
        ret = vf_error_set(VF_ERR_ASSET, "input %s does not exist", name);
    if (ret < 0)
        return ret;
    Reader *r = calloc(1, sizeof(*r));
    unsigned char *buf = r ? av_malloc(AVIO_BUFFER) : NULL;
    if (r) {
        r->name = strdup(name);
        r->block = malloc(MAX_BLOCK);
        r->size = info.size < 0 ? 0 : info.size;
        r->cb = cb;
        vf_s3_config_load(&r->c);
    }
    if (buf && r->name && r->block)
        *pb = avio_alloc_context(buf, AVIO_BUFFER, 0, r, read_packet, NULL, seek);
    if (!*pb) {
        av_free(buf);
        reader_free(r);
        return VF_ERR_INTERNAL;
    }
    (*pb)->seekable = AVIO_SEEKABLE_NORMAL;
    return 0;
}

int64_t vf_s3_avio_fetched(const AVIOContext *pb)
{
    return pb ? ((const Reader *)pb->opaque)->fetched : 0;
}

void vf_s3_avio_free(AVIOContext **pb)
{
    if (!pb || !*pb)
        return;
    reader_free((*pb)->opaque);
    av_freep(&(*pb)->buffer);
    avio_context_free(pb);
}
