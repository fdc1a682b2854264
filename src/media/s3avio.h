/* A seekable libavformat I/O context over an S3 object: reads become HTTP
 * range requests of 256 KB, doubling up to 2 MB while the demuxer reads on
 * in order and back to 256 KB after a seek, so decoding starts at once and a seek
 * into the middle of a large input fetches only what is decoded. */
#ifndef VF_MEDIA_S3AVIO_H
#define VF_MEDIA_S3AVIO_H

#include <stdint.h>

#include <libavformat/avio.h>

/* Opens name ("s3://bucket/key"): a HEAD for its size (403, 404 and the like
 * fail here, VF_ERR_ASSET with the message set), then *pb for
 * AVFormatContext.pb (with AVFMT_FLAG_CUSTOM_IO). cb (may have a NULL
 * callback) is polled during every request: nonzero stops it. Returns 0 or
 * the error. Free with vf_s3_avio_free. */
int vf_s3_avio_open(AVIOContext **pb, const char *name, AVIOInterruptCB cb);

/* Bytes fetched from the object so far (range answers' bodies). */
int64_t vf_s3_avio_fetched(const AVIOContext *pb);

/* Frees *pb and its reader (logging the bytes fetched at debug level) and
 * NULLs it. Accepts NULL. */
void vf_s3_avio_free(AVIOContext **pb);

#endif
