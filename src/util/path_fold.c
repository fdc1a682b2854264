/* Paths as people read them: "templates/../out/x.mp4" is "out/x.mp4" when
 * templates is a real folder. See path.h. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/path.h"

/* 1 when the first len bytes of out name a folder that is not a symbolic
 * link: "x/.." then lands where the folder holding x is. */
static int real_folder(char *out, size_t len)
{
    char keep = out[len];
    struct stat st;
    out[len] = '\0';
    int ok = lstat(len ? out : ".", &st) == 0 && S_ISDIR(st.st_mode);
    out[len] = keep;
    return ok;
}

/* Appends the component t (n bytes) to out (k bytes so far). */
static size_t append(char *out, size_t k, int absolute, const char *t, size_t n)
{
    if (k > (size_t)absolute)
        out[k++] = '/';
    memcpy(out + k, t, n);
    return k + n;
}

/* Removes the last component of out (k bytes); returns the new length. */
static size_t drop_last(const char *out, size_t k, int absolute)
{
    while (k > (size_t)absolute && out[k - 1] != '/')
        k--;
    return k > (size_t)absolute ? k - 1 : k;
}

static int last_is_dotdot(const char *out, size_t k, int absolute)
{
    size_t start = k;
    while (start > (size_t)absolute && out[start - 1] != '/')
        start--;
    return k - start == 2 && out[start] == '.' && out[start + 1] == '.';
}

char *vf_path_fold(const char *path)
{
    if (vf_path_is_url(path))
        return strdup(path);
    size_t len = strlen(path);
    char *out = malloc(len + 4);
    if (!out)
        return NULL;
    int absolute = path[0] == '/';
    size_t k = absolute ? 1 : 0;
    out[0] = '/';
    for (const char *t = path; *t;) {
        size_t n = strcspn(t, "/");
        if (n == 2 && !strncmp(t, "..", 2) && k > (size_t)absolute &&
            !last_is_dotdot(out, k, absolute) && real_folder(out, k))
            k = drop_last(out, k, absolute);
        else if (n && !(n == 1 && t[0] == '.'))
            k = append(out, k, absolute, t, n);
        t += n;
        t += strspn(t, "/");
    }
    if (!k)
        out[k++] = '.';
    out[k] = '\0';
    if (!strncmp(path, "./", 2) && strcmp(out, ".") && strncmp(out, "../", 3)) {
        /* "./x" stays "./x", as written (messages keep the form they had) */
        memmove(out + 2, out, k + 1);
        memcpy(out, "./", 2);
    }
    return out;
}
