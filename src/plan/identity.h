/* What names a source's contents in content keys (segments, the render's
 * key): never a modification time, so touching a file keeps its keys and an
 * edited file gets new ones even when its modification time was restored. */
#ifndef VF_PLAN_IDENTITY_H
#define VF_PLAN_IDENTITY_H

#include <stddef.h>

#include "plan/digest.h"

/* Writes into buf (NUL-terminated, truncated at size):
 *   a local regular file  "sha256 HEX" of its bytes (memo may be NULL);
 *   an s3:// object       "s3 URL etag ETAG size BYTES" from a HEAD (S3's ETag
 *                         changes with the object's bytes);
 *   another URL/a stream  "name URL" (read once, never hashed).
 * what names the source in messages ("input video", "video layer source").
 * Returns 0, VF_ERR_ASSET (unreadable or missing, message set) or
 * VF_ERR_INTERRUPTED. */
int vf_source_identity(VfDigestMemo *memo, const char *path, const char *what, char *buf,
                       size_t size);

#endif
