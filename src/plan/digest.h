/* Content identities for cache keys: SHA-256 of strings and of files. */
#ifndef VF_PLAN_DIGEST_H
#define VF_PLAN_DIGEST_H

#include <stddef.h>

#define VF_DIGEST_HEX 65       /* 64 hex digits and the terminator */

/* SHA-256 of len bytes of data as lowercase hex. */
void vf_digest_bytes(const void *data, size_t len, char hex[VF_DIGEST_HEX]);

/* File digests remembered per (device, inode, size, modification time), so a
 * font read once is not hashed again. Owned by an engine; thread-safe. */
typedef struct VfDigestMemo VfDigestMemo;

/* Returns 0 and *out (free with vf_digest_memo_free), or VF_ERR_INTERNAL. */
int vf_digest_memo_create(VfDigestMemo **out);

/* Frees m and what it remembers; accepts NULL; *m is NULL afterwards. */
void vf_digest_memo_free(VfDigestMemo **m);

/* SHA-256 of the file's contents, remembered in memo (may be NULL: not
 * remembered). Never blocks on a FIFO: returns 0, -1 when the file is
 * unreadable or not a regular file, or VF_ERR_INTERRUPTED when
 * vf_interrupt_request() was called while hashing. */
int vf_digest_file(VfDigestMemo *memo, const char *path, char hex[VF_DIGEST_HEX]);

#endif
