/* Webhooks: `--notify URL` POSTs a JSON report when a render ends and, for
 * batch, after each row and at the end. */
#ifndef VF_STORAGE_NOTIFY_H
#define VF_STORAGE_NOTIFY_H

#include <stddef.h>

/* POSTs body (len bytes of JSON) to url (http or https) with Content-Type
 * application/json and, when VIDFORGE_WEBHOOK_SECRET is set,
 * X-Vidforge-Signature: sha256=<hex HMAC-SHA256 of the body under the
 * secret> (OpenSSL). 5xx answers, timeouts and dropped connections are
 * retried with backoff (4 attempts within about 10 s; one attempt once a stop
 * was requested); any other non-2xx answer is final. Returns 0 when a 2xx
 * answer came, else -1 with why in why (size n). Sets no vf_error: a failed
 * notification is the caller's warning, never a failure. */
int vf_notify_post(const char *url, const char *body, size_t len, char *why, size_t n);

/* The signature header's value for body under secret: "sha256=" and 64 hex
 * digits into out (at least 72 bytes). Returns 0 or -1. */
int vf_notify_signature(const char *secret, const char *body, size_t len, char *out);

#endif
