/* One S3 request with retries: libcurl signs it (CURLOPT_AWS_SIGV4, no
 * cryptography of our own), sends it, and retries 5xx answers (503 SlowDown
 * included), timeouts and dropped connections with exponential backoff and
 * jitter, within a bounded number of attempts and a bounded total time; 4xx
 * answers are final. Messages name the s3:// URL and where the credentials
 * came from, never the credentials. */
#ifndef VF_STORAGE_S3HTTP_H
#define VF_STORAGE_S3HTTP_H

#include <stdint.h>
#include <stdio.h>

#include "storage/s3config.h"
#include "storage/s3url.h"

typedef struct VfS3Call {
    /* the request (set by the caller) */
    const char *method;           /* "GET", "HEAD", "PUT", "POST", "DELETE" */
    VfS3Url url;
    const char *name;             /* "s3://bucket/key" as the user wrote it, for messages */
    const char *query;            /* canonical query ("partNumber=1&uploadId=X"), or NULL */
    int64_t range_from, range_to; /* Range: bytes=from-to when range_to >= range_from >= 0 */
    const char *body;             /* POST body in memory (body_len bytes), not owned */
    size_t body_len;
    FILE *upload;                 /* PUT body: upload_size bytes from upload_offset */
    int64_t upload_offset, upload_size;
    const char *headers[6];       /* extra "Name: value" lines, NULL-terminated */
    int (*interrupt)(void *opaque); /* nonzero: stop now (may be NULL) */
    void *interrupt_opaque;
    int no_retry;                 /* 1: one attempt (an abort while stopping) */
    char *out;                    /* GET: body written here, out_cap bytes at most */
    size_t out_cap;
    size_t max_text;              /* without out: keep a body up to this (default 64 KB) */
    int err_code;                 /* VF_ERR_ASSET (reads) or VF_ERR_OUTPUT (writes) */
    /* the answer */
    long status;                  /* HTTP status of the last attempt, 0: none */
    size_t out_len;               /* bytes written to out */
    char *text;                   /* body without out (malloc'd, NUL-terminated), or NULL */
    size_t text_len;
    int64_t object_size;          /* Content-Range's total, else Content-Length; -1 */
    char etag[160];
    char meta_key[80];            /* x-amz-meta-vidforge-key */
    char bucket_region[64];       /* x-amz-bucket-region */
    int attempts;
} VfS3Call;

/* Zeroes call and sets the method, the name (parsed into call->url), the
 * error code and no range. Returns 0 or VF_ERR_USAGE for a bad name. */
int vf_s3_call_init(VfS3Call *call, const char *method, const char *name, int err_code);

/* Sends call under config c. Returns 0 once an answer other than 5xx arrived
 * (any status: the caller reads call->status; vf_s3_status_error turns it
 * into a message), VF_ERR_INTERRUPTED when call->interrupt or a signal stopped
 * it, or call->err_code with a message when the attempts ran out. Free
 * call->text with vf_s3_call_clear. */
int vf_s3_call(const VfS3Config *c, VfS3Call *call);

/* The error for a non-2xx status of call (403: access denied, naming where the
 * credentials came from; 404: does not exist; a wrong region: the bucket's
 * region; 412: exists already), with call->err_code. */
int vf_s3_status_error(const VfS3Config *c, const VfS3Call *call);

/* vf_s3_call, then vf_s3_status_error unless the status is 2xx. */
int vf_s3_call_ok(const VfS3Config *c, VfS3Call *call);

void vf_s3_call_clear(VfS3Call *call);

/* The value between <tag> and </tag> in an S3 XML answer, into dst (size n);
 * 0, or -1 when absent. */
int vf_s3_xml_value(const char *xml, const char *tag, char *dst, size_t n);

#endif
