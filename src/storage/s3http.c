#include "storage/s3http.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <openssl/evp.h>

#include "util/clock.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"

#define TEXT_DEFAULT (64 * 1024)
#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* Retry bounds; VIDFORGE_S3_ATTEMPTS and VIDFORGE_S3_RETRY_SECONDS (not
 * documented as options: for tests and odd networks) change them. */
#define DEFAULT_ATTEMPTS 5
#define DEFAULT_RETRY_SECONDS 60.0
#define BACKOFF_BASE 0.25 /* seconds before the second attempt, doubling */
#define BACKOFF_CAP 8.0

static double env_number(const char *name, double def, double min, double max)
{
    const char *s = getenv(name);
    char *end;
    double v = s && *s ? strtod(s, &end) : def;
    return s && *s && (*end || v < min || v > max) ? def : v;
}

/* ---- building the request --------------------------------------------- */

static void append_encoded(char *dst, size_t n, const char *key)
{
    size_t k = strlen(dst);
    for (const unsigned char *p = (const unsigned char *)key; *p && k + 4 < n; p++) {
        if (isalnum(*p) || strchr("-._~/", *p))
            dst[k++] = (char)*p;
        else
            k += (size_t)snprintf(dst + k, n - k, "%%%02X", *p);
    }
    dst[k] = '\0';
}

static void build_url(const VfS3Config *c, const VfS3Call *call, char *dst, size_t n)
{
    const char *sep = strstr(c->endpoint, "://");
    const char *host = sep ? sep + 3 : c->endpoint;
    int path_style = c->path_style || (strchr(call->url.bucket, '.') && !strncmp(c->endpoint, "https", 5));
    if (path_style)
        snprintf(dst, n, "%s/%s/", c->endpoint, call->url.bucket);
    else
        snprintf(dst, n, "%.*s%s.%s/", sep ? (int)(sep + 3 - c->endpoint) : 0, c->endpoint,
                 call->url.bucket, host);
    append_encoded(dst, n, call->url.key);
    if (call->query) {
        size_t k = strlen(dst);
        snprintf(dst + k, n - k, "?%s", call->query);
    }
}

static struct curl_slist *add_header(struct curl_slist *list, const char *fmt, const char *v)
{
    char line[4400];
    snprintf(line, sizeof(line), fmt, v);
    struct curl_slist *l = curl_slist_append(list, line);
    if (!l)
        curl_slist_free_all(list);
    return l;
}

/* The payload hash S3 checks: of a body in memory (OpenSSL), UNSIGNED-PAYLOAD
 * for a file streamed in parts (TLS guards it on the way), of nothing. */
static void payload_hash(const VfS3Call *call, char hex[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (call->upload) {
        snprintf(hex, 65, "UNSIGNED-PAYLOAD");
    } else if (call->body && EVP_Digest(call->body, call->body_len, md, &n, EVP_sha256(), NULL)) {
        for (unsigned i = 0; i < n && i < 32; i++)
            snprintf(hex + 2 * i, 3, "%02x", md[i]);
    } else {
        snprintf(hex, 65, "%s", EMPTY_SHA256);
    }
}

static struct curl_slist *headers(const VfS3Config *c, const VfS3Call *call)
{
    char range[64], hash[65];
    payload_hash(call, hash);
    struct curl_slist *h = add_header(NULL, "x-amz-content-sha256: %s", hash);
    if (h && call->body)
        h = add_header(h, "%s", "Content-Type: application/xml");
    if (h && call->range_from >= 0 && call->range_to >= call->range_from) {
        snprintf(range, sizeof(range), "bytes=%lld-%lld", (long long)call->range_from,
                 (long long)call->range_to);
        h = add_header(h, "Range: %s", range);
    }
    if (h && c->access_key[0] && c->session_token[0])
        h = add_header(h, "x-amz-security-token: %s", c->session_token);
    /* no "Expect:" to turn 100-continue off: curl 7.88 would sign that header,
     * empty and unsent, and S3 would refuse the signature */
    for (int i = 0; h && i < 6 && call->headers[i]; i++)
        h = add_header(h, "%s", call->headers[i]);
    return h;
}

/* ---- transfer callbacks ----------------------------------------------- */

typedef struct Transfer {
    VfS3Call *call;
    CURL *h;
    int too_big;
    int64_t sent;
} Transfer;

static int status_ok(long s)
{
    return s >= 200 && s < 300;
}

static size_t keep_text(Transfer *t, const char *data, size_t n)
{
    VfS3Call *call = t->call;
    size_t max = call->max_text ? call->max_text : TEXT_DEFAULT;
    if (call->text_len + n > max) {
        t->too_big = 1;
        return 0;
    }
    char *grown = realloc(call->text, call->text_len + n + 1);
    if (!grown)
        return 0;
    memcpy(grown + call->text_len, data, n);
    call->text = grown;
    call->text_len += n;
    grown[call->text_len] = '\0';
    return n;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *opaque)
{
    Transfer *t = opaque;
    VfS3Call *call = t->call;
    size_t n = size * nmemb;
    long status = 0;
    curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &status);
    if (!call->out || !status_ok(status))
        return keep_text(t, data, n);
    if (call->out_len + n > call->out_cap) {
        t->too_big = 1;
        return 0;
    }
    memcpy(call->out + call->out_len, data, n);
    call->out_len += n;
    return n;
}

static void header_value(const char *line, size_t n, const char *name, char *dst, size_t cap)
{
    size_t ln = strlen(name);
    if (n <= ln + 1 || strncasecmp(line, name, ln) || line[ln] != ':')
        return;
    const char *v = line + ln + 1;
    while (v < line + n && *v == ' ')
        v++;
    size_t vn = (size_t)(line + n - v);
    while (vn && (v[vn - 1] == '\r' || v[vn - 1] == '\n'))
        vn--;
    snprintf(dst, cap, "%.*s", (int)vn, v);
}

static size_t on_header(char *line, size_t size, size_t nmemb, void *opaque)
{
    VfS3Call *call = ((Transfer *)opaque)->call;
    size_t n = size * nmemb;
    char v[200] = "";
    header_value(line, n, "Content-Range", v, sizeof(v));
    const char *slash = strchr(v, '/');
    if (slash && slash[1] != '*')
        call->object_size = strtoll(slash + 1, NULL, 10);
    v[0] = '\0';
    header_value(line, n, "Content-Length", v, sizeof(v));
    if (v[0] && call->range_to < 0)
        call->object_size = strtoll(v, NULL, 10);
    header_value(line, n, "ETag", call->etag, sizeof(call->etag));
    header_value(line, n, "x-amz-meta-vidforge-key", call->meta_key, sizeof(call->meta_key));
    header_value(line, n, "x-amz-bucket-region", call->bucket_region, sizeof(call->bucket_region));
    return n;
}

static size_t on_upload(char *buf, size_t size, size_t nmemb, void *opaque)
{
    Transfer *t = opaque;
    int64_t left = t->call->upload_size - t->sent;
    size_t want = size * nmemb;
    if ((int64_t)want > left)
        want = (size_t)left;
    size_t got = want ? fread(buf, 1, want, t->call->upload) : 0;
    if (got < want && ferror(t->call->upload))
        return CURL_READFUNC_ABORT;
    t->sent += (int64_t)got;
    return got;
}

static int on_progress(void *opaque, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
    (void)dt, (void)dn, (void)ut, (void)un;
    VfS3Call *call = ((Transfer *)opaque)->call;
    if (call->no_retry) /* an abort sent while stopping must still go out */
        return 0;
    return vf_interrupt_requested() || (call->interrupt && call->interrupt(call->interrupt_opaque));
}

/* ---- one attempt ------------------------------------------------------ */

static void set_method(CURL *h, const VfS3Call *call)
{
    if (!strcmp(call->method, "HEAD")) {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (!strcmp(call->method, "PUT")) {
        curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)call->upload_size);
    } else if (!strcmp(call->method, "POST")) {
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, call->body ? call->body : "");
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)call->body_len);
    } else if (strcmp(call->method, "GET")) {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, call->method);
    }
}

static void set_signing(CURL *h, const VfS3Config *c, char *sigv4, size_t n)
{
    if (!c->access_key[0])
        return; /* anonymous: public buckets */
    snprintf(sigv4, n, "aws:amz:%s:s3", c->region);
    curl_easy_setopt(h, CURLOPT_AWS_SIGV4, sigv4);
    curl_easy_setopt(h, CURLOPT_USERNAME, c->access_key);
    curl_easy_setopt(h, CURLOPT_PASSWORD, c->secret_key);
}

static void reset_answer(VfS3Call *call)
{
    free(call->text);
    call->text = NULL;
    call->text_len = call->out_len = 0;
    call->status = 0;
    call->object_size = -1;
    call->etag[0] = call->meta_key[0] = call->bucket_region[0] = '\0';
}

static CURLcode attempt(const VfS3Config *c, VfS3Call *call, int *too_big)
{
    char url[4096], sigv4[96];
    CURL *h = curl_easy_init();
    struct curl_slist *hdrs = h ? headers(c, call) : NULL;
    if (!h || !hdrs) {
        curl_easy_cleanup(h);
        return CURLE_OUT_OF_MEMORY;
    }
    Transfer t = { call, h, 0, 0 };
    reset_answer(call);
    if (call->upload && fseeko(call->upload, (off_t)call->upload_offset, SEEK_SET) != 0) {
        curl_slist_free_all(hdrs);
        curl_easy_cleanup(h);
        return CURLE_READ_ERROR;
    }
    build_url(c, call, url, sizeof(url));
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME,
                     (long)env_number("VIDFORGE_S3_STALL_SECONDS", 15, 1, 3600));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, on_upload);
    curl_easy_setopt(h, CURLOPT_READDATA, &t);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &t);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "vidforge");
    set_method(h, call);
    set_signing(h, c, sigv4, sizeof(sigv4));
    CURLcode rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &call->status);
    *too_big = t.too_big;
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
    return rc;
}

/* ---- retries ---------------------------------------------------------- */

static int stopping(const VfS3Call *call)
{
    return vf_interrupt_requested() ||
           (call->interrupt && call->interrupt(call->interrupt_opaque));
}

static int transient(CURLcode rc)
{
    static const CURLcode codes[] = { CURLE_OPERATION_TIMEDOUT, CURLE_COULDNT_CONNECT,
                                      CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING,
                                      CURLE_PARTIAL_FILE, CURLE_SSL_CONNECT_ERROR,
                                      CURLE_COULDNT_RESOLVE_HOST, CURLE_HTTP2 };
    for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
        if (rc == codes[i])
            return 1;
    return 0;
}

/* Sleeps d seconds in short steps; 1 when asked to stop meanwhile. */
static int backoff(const VfS3Call *call, double d)
{
    for (double end = vf_now() + d; vf_now() < end;) {
        if (stopping(call))
            return 1;
        struct timespec ts = { 0, 20 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    return stopping(call);
}

/* Full jitter on an exponential base (AWS's advice): a uniform wait in
 * [base/2, base], so failing clients do not return in step. */
static double backoff_seconds(int attempt)
{
    double base = BACKOFF_BASE * (double)(1u << (attempt < 10 ? attempt - 1 : 9));
    if (base > BACKOFF_CAP)
        base = BACKOFF_CAP;
    unsigned seed = (unsigned)(vf_now() * 1e6) ^ (unsigned)attempt;
    return base / 2 + base / 2 * (rand_r(&seed) / (double)RAND_MAX);
}

static int gave_up(const VfS3Config *c, VfS3Call *call, CURLcode rc, double t0)
{
    const char *code = call->text ? strstr(call->text, "<Code>") : NULL;
    char s3code[64] = "";
    if (code)
        vf_s3_xml_value(call->text, "Code", s3code, sizeof(s3code));
    if (call->status >= 500)
        return vf_error_set(call->err_code, "%s: the S3 server kept failing (HTTP %ld%s%s) "
                            "after %d attempts over %.1f s", call->name, call->status,
                            s3code[0] ? " " : "", s3code, call->attempts, vf_now() - t0);
    return vf_error_set(call->err_code, "%s: cannot reach the S3 endpoint %s (%s) after %d "
                        "attempts over %.1f s", call->name, c->endpoint, curl_easy_strerror(rc),
                        call->attempts, vf_now() - t0);
}

int vf_s3_call(const VfS3Config *c, VfS3Call *call)
{
    int max = call->no_retry ? 1 : (int)env_number("VIDFORGE_S3_ATTEMPTS", DEFAULT_ATTEMPTS, 1, 100);
    double limit = env_number("VIDFORGE_S3_RETRY_SECONDS", DEFAULT_RETRY_SECONDS, 0, 86400);
    double t0 = vf_now();
    CURLcode rc = CURLE_OK;
    for (call->attempts = 1;; call->attempts++) {
        int too_big = 0;
        rc = attempt(c, call, &too_big);
        if (rc == CURLE_ABORTED_BY_CALLBACK || (rc != CURLE_OK && stopping(call)))
            return VF_ERR_INTERRUPTED;
        if (too_big)
            return vf_error_set(call->err_code, "%s is larger than expected (over %zu bytes)",
                                call->name, call->out ? call->out_cap : call->max_text);
        int retry = rc == CURLE_OK ? call->status >= 500 : transient(rc);
        if (rc != CURLE_OK && !retry)
            return vf_error_set(call->err_code, "%s: S3 request failed: %s", call->name,
                                curl_easy_strerror(rc));
        if (!retry)
            return 0;
        double wait = backoff_seconds(call->attempts);
        if (call->attempts >= max || vf_now() - t0 + wait > limit)
            return gave_up(c, call, rc, t0);
        if (backoff(call, wait))
            return VF_ERR_INTERRUPTED;
    }
}

/* ---- answers ---------------------------------------------------------- */

int vf_s3_xml_value(const char *xml, const char *tag, char *dst, size_t n)
{
    char open[64], close[64];
    snprintf(open, sizeof(open), "<%s>", tag);
    snprintf(close, sizeof(close), "</%s>", tag);
    const char *a = xml ? strstr(xml, open) : NULL;
    const char *b = a ? strstr(a, close) : NULL;
    if (!b)
        return -1;
    a += strlen(open);
    snprintf(dst, n, "%.*s", (int)(b - a), a);
    return 0;
}

static int region_error(const VfS3Config *c, const VfS3Call *call)
{
    char region[64] = "";
    if (call->bucket_region[0])
        snprintf(region, sizeof(region), "%s", call->bucket_region);
    else
        vf_s3_xml_value(call->text, "Region", region, sizeof(region));
    if (!region[0] || !strcmp(region, c->region))
        return 0;
    return vf_error_set(call->err_code, "%s: bucket %s is in region %s, not %s: set "
                        "AWS_REGION=%s", call->name, call->url.bucket, region, c->region, region);
}

int vf_s3_status_error(const VfS3Config *c, const VfS3Call *call)
{
    char code[64] = "", msg[256] = "";
    vf_s3_xml_value(call->text, "Code", code, sizeof(code));
    vf_s3_xml_value(call->text, "Message", msg, sizeof(msg));
    int ret = call->status == 301 || call->status == 400 ? region_error(c, call) : 0;
    if (ret < 0)
        return ret;
    if (call->status == 403)
        return vf_error_set(call->err_code, "access denied to %s (%s%scredentials from %s)",
                            call->name, code, code[0] ? "; " : "", c->source);
    if (call->status == 404 && !strcmp(code, "NoSuchBucket"))
        return vf_error_set(call->err_code, "%s: bucket %s does not exist", call->name,
                            call->url.bucket);
    if (call->status == 404)
        return vf_error_set(call->err_code, "%s does not exist", call->name);
    if (call->status == 412)
        return vf_error_set(call->err_code, "%s already exists (use -y to replace it)",
                            call->name);
    return vf_error_set(call->err_code, "%s: S3 %s answered HTTP %ld%s%s%s%s", call->name,
                        call->method, call->status, code[0] ? " " : "", code,
                        msg[0] ? ": " : "", msg);
}

int vf_s3_call_init(VfS3Call *call, const char *method, const char *name, int err_code)
{
    memset(call, 0, sizeof(*call));
    call->method = method;
    call->name = name;
    call->err_code = err_code;
    call->range_from = -1;
    call->range_to = -1;
    call->object_size = -1;
    int ret = vf_s3_url_parse(name, &call->url);
    return ret < 0 ? vf_error_set(VF_ERR_USAGE, "%s", vf_error_message()) : 0;
}

int vf_s3_call_ok(const VfS3Config *c, VfS3Call *call)
{
    int ret = vf_s3_call(c, call);
    if (ret >= 0 && !status_ok(call->status))
        ret = vf_s3_status_error(c, call);
    return ret;
}

void vf_s3_call_clear(VfS3Call *call)
{
    free(call->text);
    call->text = NULL;
    call->text_len = 0;
}
