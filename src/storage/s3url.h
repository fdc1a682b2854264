/* s3://bucket/key names: parsing, and the lexical checks policy and outputs
 * make on them. No network here. */
#ifndef VF_STORAGE_S3URL_H
#define VF_STORAGE_S3URL_H

#include <stddef.h>

#define VF_S3_BUCKET_MAX 64   /* S3 bucket names are 3 to 63 characters */
#define VF_S3_KEY_MAX 1025    /* object keys are at most 1024 bytes */

typedef struct VfS3Url {
    char bucket[VF_S3_BUCKET_MAX];
    char key[VF_S3_KEY_MAX];   /* without the leading '/'; "" for the bucket itself */
} VfS3Url;

/* 1 when s starts with "s3://" (any case). */
int vf_s3_is_url(const char *s);

/* Splits "s3://bucket/key" into u. Returns 0, or VF_ERR_USAGE (message set,
 * naming s) when the bucket is empty or not an S3 bucket name, the key is too
 * long, or the key holds "." or ".." segments, an empty segment, a
 * backslash or a control character (which an HTTP client or a file system
 * mirror could read as another key). */
int vf_s3_url_parse(const char *s, VfS3Url *u);

/* 1 when url lies under prefix: prefix "s3://b/p/" (or "s3://b/p", taken as
 * a folder) holds "s3://b/p/x" but not "s3://b/px". Both are compared as
 * written, after vf_s3_url_parse accepted url. */
int vf_s3_within(const char *url, const char *prefix);

#endif
