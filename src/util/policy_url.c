/* The policy for remote names: S3 prefixes a template may read, and the
 * network switch. Lexical only: nothing here touches the network. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vidforge/error.h"
#include "vidforge/policy.h"

static int is_s3(const char *s)
{
    return s && !strncasecmp(s, "s3://", 5);
}

/* 1 when a part of the name after the bucket is "." or "..": S3 keeps such
 * keys as written, but HTTP clients and mirrors fold them. */
static int has_dot_parts(const char *url)
{
    const char *p = strchr(url + 5, '/');
    while (p) {
        const char *q = p + 1, *next = strchr(q, '/');
        size_t n = next ? (size_t)(next - q) : strlen(q);
        if ((n == 1 && q[0] == '.') || (n == 2 && q[0] == '.' && q[1] == '.'))
            return 1;
        p = next;
    }
    return 0;
}

int vf_policy_allow_url(VfPolicy *p, const char *prefix)
{
    size_t n = strlen(prefix);
    if (!is_s3(prefix) || n <= 5 || prefix[5] == '/' || has_dot_parts(prefix))
        return vf_error_set(VF_ERR_USAGE, "--allow-path %s: an S3 prefix is "
                            "s3://bucket/prefix/ without \".\" or \"..\" parts", prefix);
    if (p->nb_allowed >= VF_POLICY_MAX_ALLOWED)
        return vf_error_set(VF_ERR_USAGE, "too many --allow-path folders");
    char *copy = malloc(n + 2);
    if (!copy)
        return VF_ERR_INTERNAL;
    memcpy(copy, "s3://", 5); /* any case as written: compared in lower case */
    memcpy(copy + 5, prefix + 5, n - 5 + 1);
    if (copy[n - 1] != '/')
        memcpy(copy + n, "/", 2);
    p->allowed[p->nb_allowed++] = copy;
    return 0;
}

/* 1 when url lies in the folder prefix (ending in '/', or a folder name). */
static int under(const char *url, const char *prefix)
{
    size_t n = strlen(prefix);
    if (n <= 5 || strncmp(url + 5, prefix + 5, n - 5))
        return 0;
    return prefix[n - 1] == '/' || url[n] == '/';
}

static int s3_allowed(const VfPolicy *p, const char *url, const char *template_dir)
{
    if (is_s3(template_dir) && under(url, template_dir))
        return 1;
    for (int i = 0; i < p->nb_allowed; i++)
        if (is_s3(p->allowed[i]) && under(url, p->allowed[i]))
            return 1;
    return 0;
}

int vf_policy_check_url(const VfPolicy *p, const char *url, const char *template_dir,
                        const char *pointer, const char *what)
{
    if (!p->network)
        return vf_error_set(VF_ERR_TEMPLATE, "%s: network inputs are turned off "
                            "(--no-network): %s %s", pointer, what, url);
    if (!is_s3(url))
        return 0;
    if (has_dot_parts(url))
        return vf_error_set(VF_ERR_TEMPLATE, "%s: %s %s has \".\" or \"..\" parts, which S3 "
                            "keys may hold but vidforge does not read", pointer, what, url);
    if (!s3_allowed(p, url, template_dir))
        return vf_error_set(VF_ERR_TEMPLATE, "%s: %s %s is outside the S3 prefixes a template "
                            "may read (the template's own S3 folder; add one with --allow-path "
                            "s3://bucket/prefix/)", pointer, what, url);
    return 0;
}
