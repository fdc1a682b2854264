/* Content identities for cache keys: SHA-256 of strings and of files. */
#ifndef VF_PLAN_DIGEST_H
#define VF_PLAN_DIGEST_H

#include <stddef.h>

#define VF_DIGEST_HEX 65       /* 64 hex digits and the terminator */

/* SHA-256 of len bytes of data as lowercase hex. */
void vf_digest_bytes(const void *data, size_t len, char hex[VF_DIGEST_HEX]);

/* SHA-256 of the file's contents. Remembered for the life of the process
 * per (device, inode, size, modification time), so a font read once is not
 * hashed again. Thread-safe. Never blocks on a FIFO: returns 0, -1 when the
 * file is unreadable or not a regular file, or VF_ERR_INTERRUPTED when
 * vf_interrupt_request() was called while hashing. */
int vf_digest_file(const char *path, char hex[VF_DIGEST_HEX]);

/* Forgets the remembered file digests (tests, leak checkers). */
void vf_digest_clear(void);

#endif
