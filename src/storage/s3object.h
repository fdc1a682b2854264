/* Objects in S3: whether one exists, reading ranges or all of it, and
 * writing a local file as an object that appears only complete (one PUT, or
 * a multipart upload above 64 MB whose parts are retried one by one and which
 * is aborted on failure or a stop request). Each call reads the S3
 * configuration (vf_s3_config_load) itself. Names are "s3://bucket/key". */
#ifndef VF_STORAGE_S3OBJECT_H
#define VF_STORAGE_S3OBJECT_H

#include <stddef.h>
#include <stdint.h>

#include "storage/s3config.h"

typedef struct VfS3Object {
    int exists;          /* 0: 404 */
    int64_t size;        /* bytes, -1 unknown */
    char meta_key[80];   /* x-amz-meta-vidforge-key, "" when none */
    char etag[160];      /* the ETag header as sent (quotes kept), "" when none */
} VfS3Object;

/* HEAD name. Returns 0 with info (exists 0 on 404), or err_code with a
 * message (403: access denied, naming where the credentials came from). */
int vf_s3_head(const char *name, int err_code, VfS3Object *info);

/* Reads all of name into *data (malloc'd, NUL-terminated, *len bytes) when it
 * holds at most max bytes; over it: VF_ERR_ASSET naming limit_hint (e.g.
 * "--limit template_size=MB"). Returns 0 or the error (VF_ERR_ASSET). */
int vf_s3_read_all(const char *name, size_t max, const char *limit_hint, char **data,
                   size_t *len);

/* Copies name into the new file local (created 0600, must not exist) in
 * ranges of 8 MB, when it holds at most max bytes. On failure local is
 * removed. Returns 0 or VF_ERR_ASSET / VF_ERR_INTERRUPTED. */
int vf_s3_download(const char *name, int64_t max, const char *limit_hint, const char *local);

/* Reads bytes [offset, offset + len) of the object (known to be size bytes)
 * into buf under config c; *got receives the count. interrupt (may be NULL)
 * stops it. Returns 0, VF_ERR_INTERRUPTED or VF_ERR_ASSET. */
int vf_s3_read_range(const VfS3Config *c, const char *name, int64_t offset, size_t len,
                     char *buf, size_t *got, int (*interrupt)(void *), void *opaque);

/* Uploads the local file as name. overwrite 0: fails (VF_ERR_OUTPUT, "already
 * exists") when name exists, checked with HEAD and sent as If-None-Match: *
 * for servers that honour it. meta_key (may be NULL) is stored as
 * x-amz-meta-vidforge-key. Above VIDFORGE_S3_MULTIPART_BYTES (default 64 MB)
 * the upload is multipart in parts of VIDFORGE_S3_PART_BYTES (16 MB, at least
 * 5 MB on AWS). Returns 0, VF_ERR_OUTPUT or VF_ERR_INTERRUPTED; nothing is
 * left behind on failure (an unfinished multipart upload is aborted). */
int vf_s3_upload(const char *local, const char *name, int overwrite, const char *meta_key);

#endif
