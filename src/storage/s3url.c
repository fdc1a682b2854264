#include "storage/s3url.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "vidforge/error.h"

int vf_s3_is_url(const char *s)
{
    return s && !strncasecmp(s, "s3://", 5);
}

/* Lower-case letters, digits, '.', '-' (and '_' of legacy buckets). */
static int bucket_ok(const char *b, size_t n)
{
    if (n < 1 || n >= VF_S3_BUCKET_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!islower((unsigned char)b[i]) && !isdigit((unsigned char)b[i]) && !strchr(".-_", b[i]))
            return 0;
    return 1;
}

/* One segment of a key: not ".", "..", empty (except the last: a folder). */
static int segment_ok(const char *seg, size_t n, int last)
{
    if (n == 0)
        return last;
    return !((n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'));
}

static int key_ok(const char *key)
{
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '\\')
            return 0;
    for (const char *seg = key; *key;) {
        const char *slash = strchr(seg, '/');
        size_t n = slash ? (size_t)(slash - seg) : strlen(seg);
        if (!segment_ok(seg, n, !slash))
            return 0;
        if (!slash)
            break;
        seg = slash + 1;
    }
    return 1;
}

int vf_s3_url_parse(const char *s, VfS3Url *u)
{
    memset(u, 0, sizeof(*u));
    if (!vf_s3_is_url(s))
        return vf_error_set(VF_ERR_USAGE, "%s is not an s3://bucket/key name", s);
    const char *b = s + 5, *slash = strchr(b, '/');
    size_t bn = slash ? (size_t)(slash - b) : strlen(b);
    const char *key = slash ? slash + 1 : "";
    if (!bucket_ok(b, bn))
        return vf_error_set(VF_ERR_USAGE, "%s: the bucket name must be 1 to 63 lower-case "
                            "letters, digits, dots or hyphens", s);
    if (strlen(key) >= VF_S3_KEY_MAX || !key_ok(key))
        return vf_error_set(VF_ERR_USAGE, "%s: the key must be at most 1024 bytes without "
                            "empty, \".\" or \"..\" parts, backslashes or control characters", s);
    memcpy(u->bucket, b, bn);
    snprintf(u->key, sizeof(u->key), "%s", key);
    return 0;
}

int vf_s3_within(const char *url, const char *prefix)
{
    size_t n = strlen(prefix);
    if (!vf_s3_is_url(url) || !vf_s3_is_url(prefix) || n <= 5)
        return 0;
    if (strncmp(url + 5, prefix + 5, n - 5))
        return 0;
    return prefix[n - 1] == '/' || url[n] == '/';
}
