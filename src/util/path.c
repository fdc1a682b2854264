#include "util/path.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *vf_path_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

char *vf_path_stem(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    return strndup(base, len);
}

int vf_path_is_url(const char *s)
{
    const char *p = s; /* RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), so s3:// too */
    if (!isalpha((unsigned char)*p))
        return 0;
    while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
        p++;
    return p > s && strncmp(p, "://", 3) == 0;
}

char *vf_path_join(const char *dir, const char *rel)
{
    if (rel[0] == '/' || vf_path_is_url(rel) || !dir || !dir[0])
        return strdup(rel);
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s/%s", dir, rel);
    char *folded = out ? vf_path_fold(out) : NULL; /* as messages show it */
    free(out);
    return folded;
}

int vf_path_is_readable_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0;
}

char *vf_path_normalize(const char *path)
{
    size_t n = strlen(path);
    char *out = malloc(n + 2), *copy = strdup(path);
    if (!out || !copy) {
        free(out);
        free(copy);
        return NULL;
    }
    const char *parts[1024];
    int np = 0, absolute = path[0] == '/';
    for (char *save = NULL, *t = strtok_r(copy, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
        if (!strcmp(t, "."))
            continue;
        if (!strcmp(t, "..") && np > 0 && strcmp(parts[np - 1], ".."))
            np--;
        else if (!strcmp(t, "..") && absolute)
            continue; /* "/.." is "/" */
        else if (np < 1024)
            parts[np++] = t;
    }
    size_t k = 0;
    if (absolute)
        out[k++] = '/';
    for (int i = 0; i < np; i++) {
        size_t len = strlen(parts[i]);
        if (i)
            out[k++] = '/';
        memcpy(out + k, parts[i], len);
        k += len;
    }
    if (!k)
        out[k++] = '.';
    out[k] = '\0';
    free(copy);
    return out;
}

int vf_path_within(const char *path, const char *dir)
{
    char *p = vf_path_normalize(path), *d = vf_path_normalize(dir && *dir ? dir : ".");
    int ok = 0;
    if (p && d) {
        size_t n = strlen(d);
        if (!strcmp(d, "."))
            ok = p[0] != '/' && strcmp(p, "..") && strncmp(p, "../", 3);
        else
            ok = !strncmp(p, d, n) && (p[n] == '/' || (n == 1 && d[0] == '/'));
    }
    free(p);
    free(d);
    return ok;
}

int vf_path_mkdirs(const char *dir)
{
    char *d = strdup(dir);
    if (!d)
        return -1;
    for (char *p = d + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(d, 0755);
        *p = '/';
    }
    mkdir(d, 0755);
    free(d);
    struct stat st;
    if (stat(dir, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

/* realpath of path's longest existing folder, then the rest of path as
 * written: where a file created at path would land. */
static int resolve_folders(const char *path, char *out, size_t n)
{
    char head[PATH_MAX], real[PATH_MAX];
    const char *slash = strrchr(path, '/');
    size_t len = slash ? (size_t)(slash - path) : 0;
    if (len >= sizeof(head))
        return -1;
    memcpy(head, path, len);
    head[len] = '\0';
    while (!realpath(head[0] ? head : path[0] == '/' ? "/" : ".", real)) {
        if (!head[0])
            return -1;
        char *s = strrchr(head, '/');
        len = s ? (size_t)(s - head) : 0;
        head[len] = '\0';
    }
    const char *rest = path + len;
    rest += strspn(rest, "/");
    return snprintf(out, n, "%s/%s", real, rest) < (int)n ? 0 : -1;
}

int vf_path_within_real(const char *path, const char *dir, char *real, size_t n)
{
    char rdir[PATH_MAX];
    if (n)
        real[0] = '\0';
    if (!realpath(dir, rdir) || resolve_folders(path, real, n) < 0)
        return 0;
    return vf_path_within(real, rdir);
}

int vf_path_frame_name(char *buf, size_t size, const char *pattern, int number)
{
    size_t q = 0;
    int found = 0;
    for (const char *p = pattern; *p;) {
        char c = *p++, digits[20];
        int nd = 0;
        if (c == '%') {
            do { /* "%1%2d": FFmpeg skips digits, then reads the conversion */
                for (nd = 0; isdigit((unsigned char)*p); p++) {
                    if (nd >= INT_MAX / 10 - 255)
                        return -1;
                    nd = nd * 10 + *p - '0';
                }
                c = *p ? *p++ : '\0';
            } while (isdigit((unsigned char)c));
            if (c == 'd' && !found) { /* FFmpeg keeps 19 characters: past 64 all are 0s */
                snprintf(digits, sizeof(digits), "%0*d", nd < 64 ? nd : 64, number);
                size_t len = strlen(digits);
                if (q + len > size - 1)
                    return -1;
                memcpy(buf + q, digits, len);
                q += len;
                found = 1;
                continue;
            }
            if (c != '%')
                return -1;
        }
        if (q + 1 < size)
            buf[q++] = c;
    }
    buf[q] = '\0';
    return found ? 0 : -1;
}

int vf_path_is_glob(const char *pattern)
{
    for (const char *p = pattern; (p = strchr(p, '%'));) {
        if (*++p == '%')
            p++;
        else if (strspn(p, "*?[]{}"))
            return 1;
    }
    return 0;
}
