#include "storage/notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "util/clock.h"
#include "vidforge/interrupt.h"

#define ATTEMPTS 4
#define FIRST_WAIT 0.5   /* seconds, doubling, with jitter */
#define TIMEOUT_MS 10000 /* per attempt */

int vf_notify_signature(const char *secret, const char *body, size_t len, char *out)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (!HMAC(EVP_sha256(), secret, (int)strlen(secret), (const unsigned char *)body, len, mac,
              &n) || n != 32)
        return -1;
    int k = snprintf(out, 8, "sha256=");
    for (unsigned i = 0; i < n; i++)
        k += snprintf(out + k, 3, "%02x", mac[i]);
    return 0;
}

static size_t discard(char *data, size_t size, size_t nmemb, void *opaque)
{
    (void)data, (void)opaque;
    return size * nmemb;
}

static long timeout_ms(void)
{
    const char *s = getenv("VIDFORGE_NOTIFY_TIMEOUT_MS");
    long v = s ? strtol(s, NULL, 10) : 0;
    return v > 0 ? v : TIMEOUT_MS;
}

/* One POST; the HTTP status in *status (0: none). */
static CURLcode post_once(const char *url, const char *body, size_t len,
                          struct curl_slist *hdrs, long *status)
{
    CURL *h = curl_easy_init();
    if (!h)
        return CURLE_OUT_OF_MEMORY;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms());
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "vidforge");
    CURLcode rc = curl_easy_perform(h);
    *status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
    curl_easy_cleanup(h);
    return rc;
}

static struct curl_slist *notify_headers(const char *body, size_t len)
{
    const char *secret = getenv("VIDFORGE_WEBHOOK_SECRET");
    char sig[80], line[120];
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    h = h ? curl_slist_append(h, "Expect:") : NULL;
    if (h && secret && *secret && vf_notify_signature(secret, body, len, sig) == 0) {
        snprintf(line, sizeof(line), "X-Vidforge-Signature: %s", sig);
        struct curl_slist *l = curl_slist_append(h, line);
        if (!l)
            curl_slist_free_all(h);
        h = l;
    }
    return h;
}

static void pause_for(double seconds)
{
    unsigned seed = (unsigned)(vf_now() * 1e6);
    double d = seconds / 2 + seconds / 2 * (rand_r(&seed) / (double)RAND_MAX);
    struct timespec ts = { (time_t)d, (long)((d - (time_t)d) * 1e9) };
    nanosleep(&ts, NULL);
}

int vf_notify_post(const char *url, const char *body, size_t len, char *why, size_t n)
{
    if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8)) {
        snprintf(why, n, "--notify %s: only http:// and https:// URLs are notified", url);
        return -1;
    }
    struct curl_slist *hdrs = notify_headers(body, len);
    if (!hdrs) {
        snprintf(why, n, "out of memory");
        return -1;
    }
    long status = 0;
    CURLcode rc = CURLE_OK;
    int attempt = 1, max = vf_interrupt_requested() ? 1 : ATTEMPTS;
    for (double wait = FIRST_WAIT;; attempt++, wait *= 2) {
        rc = post_once(url, body, len, hdrs, &status);
        int retry = rc != CURLE_OK || status >= 500;
        if (!retry || attempt >= max)
            break;
        pause_for(wait);
    }
    curl_slist_free_all(hdrs);
    if (rc == CURLE_OK && status >= 200 && status < 300)
        return 0;
    if (rc != CURLE_OK)
        snprintf(why, n, "notification to %s failed after %d attempt%s: %s", url, attempt,
                 attempt > 1 ? "s" : "", curl_easy_strerror(rc));
    else
        snprintf(why, n, "notification to %s failed after %d attempt%s: HTTP %ld", url, attempt,
                 attempt > 1 ? "s" : "", status);
    return -1;
}
