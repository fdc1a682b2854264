#include "storage/s3object.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "storage/s3http.h"
#include "util/strbuf.h"
#include "vidforge/error.h"
#include "vidforge/log.h"

#define DOWNLOAD_BLOCK (8 << 20)
#define MULTIPART_DEFAULT ((int64_t)64 << 20)
#define PART_DEFAULT ((int64_t)16 << 20)
#define MAX_PARTS 10000

static int64_t env_bytes(const char *name, int64_t def)
{
    const char *s = getenv(name);
    char *end;
    long long v = s && *s ? strtoll(s, &end, 10) : 0;
    return s && *s && !*end && v > 0 ? (int64_t)v : def;
}

int vf_s3_head(const char *name, int err_code, VfS3Object *info)
{
    VfS3Config c;
    VfS3Call call;
    memset(info, 0, sizeof(*info));
    info->size = -1;
    int ret = vf_s3_call_init(&call, "HEAD", name, err_code);
    if (ret < 0)
        return ret;
    vf_s3_config_load(&c);
    ret = vf_s3_call(&c, &call);
    if (ret >= 0 && call.status != 404 && (call.status < 200 || call.status >= 300))
        ret = vf_s3_status_error(&c, &call);
    if (ret >= 0 && call.status != 404) {
        info->exists = 1;
        info->size = call.object_size;
        snprintf(info->meta_key, sizeof(info->meta_key), "%s", call.meta_key);
        snprintf(info->etag, sizeof(info->etag), "%s", call.etag);
    }
    vf_s3_call_clear(&call);
    return ret;
}

int vf_s3_read_range(const VfS3Config *c, const char *name, int64_t offset, size_t len,
                     char *buf, size_t *got, int (*interrupt)(void *), void *opaque)
{
    VfS3Call call;
    *got = 0;
    int ret = vf_s3_call_init(&call, "GET", name, VF_ERR_ASSET);
    if (ret < 0 || len == 0)
        return ret;
    call.range_from = offset;
    call.range_to = offset + (int64_t)len - 1;
    call.out = buf;
    call.out_cap = len;
    call.interrupt = interrupt;
    call.interrupt_opaque = opaque;
    ret = vf_s3_call_ok(c, &call);
    if (ret >= 0)
        *got = call.out_len;
    vf_s3_call_clear(&call);
    return ret;
}

/* The object's size after HEAD, checked against max. */
static int sized(const char *name, int64_t max, const char *limit_hint, int64_t *size)
{
    VfS3Object info;
    int ret = vf_s3_head(name, VF_ERR_ASSET, &info);
    if (ret >= 0 && !info.exists)
        ret = vf_error_set(VF_ERR_ASSET, "%s does not exist", name);
    if (ret >= 0 && info.size > max)
        ret = vf_error_set(VF_ERR_ASSET, "%s is %.1f MB, over the %g MB limit (%s)", name,
                           info.size / 1e6, max / 1e6, limit_hint);
    *size = info.size < 0 ? 0 : info.size;
    return ret;
}

int vf_s3_read_all(const char *name, size_t max, const char *limit_hint, char **data,
                   size_t *len)
{
    VfS3Config c;
    int64_t size = 0;
    *data = NULL;
    *len = 0;
    int ret = sized(name, (int64_t)max, limit_hint, &size);
    char *buf = ret >= 0 ? malloc((size_t)size + 1) : NULL;
    if (ret >= 0 && !buf)
        ret = VF_ERR_INTERNAL;
    vf_s3_config_load(&c);
    if (ret >= 0)
        ret = vf_s3_read_range(&c, name, 0, (size_t)size, buf, len, NULL, NULL);
    if (ret >= 0 && *len != (size_t)size)
        ret = vf_error_set(VF_ERR_ASSET, "%s changed while it was read", name);
    if (ret < 0) {
        free(buf);
        return ret;
    }
    buf[*len] = '\0';
    *data = buf;
    return 0;
}

static int download_to(const VfS3Config *c, const char *name, int64_t size, int fd)
{
    char *buf = malloc(DOWNLOAD_BLOCK);
    int ret = buf ? 0 : VF_ERR_INTERNAL;
    for (int64_t off = 0; ret >= 0 && off < size;) {
        size_t want = size - off < DOWNLOAD_BLOCK ? (size_t)(size - off) : DOWNLOAD_BLOCK, got = 0;
        ret = vf_s3_read_range(c, name, off, want, buf, &got, NULL, NULL);
        if (ret >= 0 && got != want)
            ret = vf_error_set(VF_ERR_ASSET, "%s changed while it was read", name);
        if (ret >= 0 && write(fd, buf, got) != (ssize_t)got)
            ret = vf_error_set(VF_ERR_ASSET, "cannot keep a copy of %s: %s", name, strerror(errno));
        off += (int64_t)got;
    }
    free(buf);
    return ret;
}

int vf_s3_download(const char *name, int64_t max, const char *limit_hint, const char *local)
{
    VfS3Config c;
    int64_t size = 0;
    int ret = sized(name, max, limit_hint, &size);
    if (ret < 0)
        return ret;
    int fd = open(local, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return vf_error_set(VF_ERR_ASSET, "cannot keep a copy of %s in %s: %s", name, local,
                            strerror(errno));
    vf_s3_config_load(&c);
    ret = download_to(&c, name, size, fd);
    if (close(fd) != 0 && ret >= 0)
        ret = vf_error_set(VF_ERR_ASSET, "cannot keep a copy of %s: %s", name, strerror(errno));
    if (ret < 0)
        unlink(local);
    else
        vf_log(VF_LOG_DEBUG, "fetched %s (%lld bytes)", name, (long long)size);
    return ret;
}

/* ---- uploads ---------------------------------------------------------- */

typedef struct Upload {
    VfS3Config c;
    const char *name, *meta_key;
    int overwrite;
    FILE *f;
    int64_t size;
    char meta_line[128], type_line[80];
} Upload;

static const char *content_type(const char *name)
{
    static const struct { const char *ext, *type; } types[] = {
        { ".mp4", "video/mp4" }, { ".m4v", "video/mp4" }, { ".mov", "video/quicktime" },
        { ".webm", "video/webm" }, { ".mkv", "video/x-matroska" }, { ".gif", "image/gif" },
        { ".png", "image/png" }, { ".json", "application/json" },
        { ".jsonl", "application/x-ndjson" },
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
        if (!strcmp(dot, types[i].ext))
            return types[i].type;
    return "application/octet-stream";
}

/* The headers an object is created with: its type, its content key, and
 * If-None-Match: * without overwrite. */
static void creation_headers(Upload *u, VfS3Call *call, int conditional)
{
    int i = 0;
    snprintf(u->type_line, sizeof(u->type_line), "Content-Type: %s", content_type(u->name));
    call->headers[i++] = u->type_line;
    if (u->meta_key && u->meta_key[0]) {
        snprintf(u->meta_line, sizeof(u->meta_line), "x-amz-meta-vidforge-key: %s", u->meta_key);
        call->headers[i++] = u->meta_line;
    }
    if (conditional && !u->overwrite)
        call->headers[i++] = "If-None-Match: *";
}

static int put_single(Upload *u)
{
    VfS3Call call;
    int ret = vf_s3_call_init(&call, "PUT", u->name, VF_ERR_OUTPUT);
    if (ret < 0)
        return ret;
    creation_headers(u, &call, 1);
    call.upload = u->f;
    call.upload_size = u->size;
    ret = vf_s3_call_ok(&u->c, &call);
    vf_s3_call_clear(&call);
    return ret;
}

static void query_encode(char *dst, size_t n, const char *s)
{
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && k + 4 < n; p++) {
        if (isalnum(*p) || strchr("-._~", *p))
            dst[k++] = (char)*p;
        else
            k += (size_t)snprintf(dst + k, n - k, "%%%02X", *p);
    }
    dst[k] = '\0';
}

static int start_multipart(Upload *u, char *upload_id, size_t n)
{
    VfS3Call call;
    int ret = vf_s3_call_init(&call, "POST", u->name, VF_ERR_OUTPUT);
    if (ret < 0)
        return ret;
    creation_headers(u, &call, 0);
    call.query = "uploads=";
    ret = vf_s3_call_ok(&u->c, &call);
    char id[1024];
    if (ret >= 0 && vf_s3_xml_value(call.text, "UploadId", id, sizeof(id)) < 0)
        ret = vf_error_set(VF_ERR_OUTPUT, "%s: the S3 server started no multipart upload",
                           u->name);
    if (ret >= 0)
        query_encode(upload_id, n, id);
    vf_s3_call_clear(&call);
    return ret;
}

static int put_part(Upload *u, const char *id, int number, int64_t offset, int64_t size,
                    VfStrBuf *complete)
{
    VfS3Call call;
    char query[1200];
    int ret = vf_s3_call_init(&call, "PUT", u->name, VF_ERR_OUTPUT);
    if (ret < 0)
        return ret;
    snprintf(query, sizeof(query), "partNumber=%d&uploadId=%s", number, id);
    call.query = query;
    call.upload = u->f;
    call.upload_offset = offset;
    call.upload_size = size;
    ret = vf_s3_call_ok(&u->c, &call);
    if (ret >= 0 && !call.etag[0])
        ret = vf_error_set(VF_ERR_OUTPUT, "%s: part %d was stored without an ETag", u->name,
                           number);
    if (ret >= 0)
        vf_strbuf_appendf(complete, "<Part><PartNumber>%d</PartNumber><ETag>%s</ETag></Part>",
                         number, call.etag);
    vf_s3_call_clear(&call);
    return ret;
}

static int finish_multipart(Upload *u, const char *id, VfStrBuf *parts)
{
    VfS3Call call;
    char query[1100];
    int ret = vf_s3_call_init(&call, "POST", u->name, VF_ERR_OUTPUT);
    if (ret < 0)
        return ret;
    vf_strbuf_appendf(parts, "</CompleteMultipartUpload>");
    snprintf(query, sizeof(query), "uploadId=%s", id);
    call.query = query;
    call.body = parts->data;
    call.body_len = parts->len;
    if (!u->overwrite)
        call.headers[0] = "If-None-Match: *";
    ret = vf_s3_call_ok(&u->c, &call);
    /* an error can come with 200 once the server started answering */
    if (ret >= 0 && call.text && strstr(call.text, "<Error>"))
        ret = vf_s3_status_error(&u->c, &call);
    vf_s3_call_clear(&call);
    return ret;
}

/* Sent even while stopping (the interrupt is ignored for it): an unfinished
 * upload's parts would otherwise be kept, and billed, by the server. */
static void abort_multipart(Upload *u, const char *id)
{
    VfS3Call call;
    char query[1100];
    if (vf_s3_call_init(&call, "DELETE", u->name, VF_ERR_OUTPUT) < 0)
        return;
    snprintf(query, sizeof(query), "uploadId=%s", id);
    call.query = query;
    call.no_retry = 1;
    int ret = vf_s3_call(&u->c, &call);
    if (ret < 0 || call.status >= 300)
        vf_log(VF_LOG_WARNING, "could not abort the unfinished upload of %s (HTTP %ld); a "
               "lifecycle rule for incomplete multipart uploads removes it", u->name, call.status);
    vf_s3_call_clear(&call);
}

static int put_multipart(Upload *u, int64_t part)
{
    char id[1024];
    VfStrBuf parts;
    VfStrBuf zero = { 0 };
    parts = zero;
    if ((u->size + part - 1) / part > MAX_PARTS)
        part = (u->size + MAX_PARTS - 1) / MAX_PARTS;
    int ret = start_multipart(u, id, sizeof(id));
    if (ret < 0)
        return ret;
    vf_strbuf_appendf(&parts, "<CompleteMultipartUpload>");
    int number = 1;
    for (int64_t off = 0; ret >= 0 && off < u->size; off += part, number++)
        ret = put_part(u, id, number, off, u->size - off < part ? u->size - off : part, &parts);
    if (ret >= 0)
        ret = finish_multipart(u, id, &parts);
    if (ret < 0)
        abort_multipart(u, id);
    vf_strbuf_discard(&parts);
    return ret;
}

static int refuse_existing(const char *name)
{
    VfS3Object info;
    int ret = vf_s3_head(name, VF_ERR_OUTPUT, &info);
    if (ret >= 0 && info.exists)
        ret = vf_error_set(VF_ERR_OUTPUT, "%s already exists (use -y to replace it)", name);
    return ret;
}

int vf_s3_upload(const char *local, const char *name, int overwrite, const char *meta_key)
{
    Upload u = { .name = name, .meta_key = meta_key, .overwrite = overwrite };
    struct stat st;
    vf_s3_config_load(&u.c);
    int ret = overwrite ? 0 : refuse_existing(name);
    if (ret < 0)
        return ret;
    if (!(u.f = fopen(local, "rb")) || fstat(fileno(u.f), &st) != 0) {
        ret = vf_error_set(VF_ERR_OUTPUT, "cannot read %s to upload it: %s", local,
                           strerror(errno));
        if (u.f)
            fclose(u.f);
        return ret;
    }
    u.size = st.st_size;
    int64_t threshold = env_bytes("VIDFORGE_S3_MULTIPART_BYTES", MULTIPART_DEFAULT);
    ret = u.size > threshold ? put_multipart(&u, env_bytes("VIDFORGE_S3_PART_BYTES", PART_DEFAULT))
                             : put_single(&u);
    fclose(u.f);
    if (ret >= 0)
        vf_log(VF_LOG_DEBUG, "uploaded %s (%lld bytes)", name, (long long)u.size);
    return ret;
}
