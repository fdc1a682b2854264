#include "storage/scratch.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "storage/s3object.h"
#include "vidforge/error.h"

typedef struct Copy {
    char *url, *local;
} Copy;

struct VfScratch {
    char dir[4096];
    int made;
    unsigned next;
    Copy *copies;
    int nb_copies;
    pthread_mutex_t lock;
};

int vf_scratch_create(VfScratch **out)
{
    static atomic_uint counter;
    const char *tmp = getenv("TMPDIR");
    VfScratch *s = calloc(1, sizeof(*s));
    *out = NULL;
    if (!s)
        return VF_ERR_INTERNAL;
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid() ^ (unsigned)(uintptr_t)s;
    snprintf(s->dir, sizeof(s->dir), "%s/vidforge-%ld-%u-%08x", tmp && *tmp ? tmp : "/tmp",
             (long)getpid(), atomic_fetch_add(&counter, 1), (unsigned)rand_r(&seed));
    pthread_mutex_init(&s->lock, NULL);
    *out = s;
    return 0;
}

const char *vf_scratch_dir(const VfScratch *s)
{
    return s->dir;
}

/* Under the lock. A folder that exists already is not ours: refused. */
static int make_dir(VfScratch *s)
{
    if (s->made)
        return 0;
    if (mkdir(s->dir, 0700) != 0)
        return vf_error_set(VF_ERR_ASSET, "cannot make a private folder %s: %s", s->dir,
                            strerror(errno));
    s->made = 1;
    return 0;
}

static void file_name(VfScratch *s, const char *name, char *out, size_t n)
{
    const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
    const char *dot = strrchr(base, '.');
    snprintf(out, n, "%s/%u%.16s", s->dir, s->next++, dot && strlen(dot) <= 16 ? dot : "");
}

int vf_scratch_file(VfScratch *s, const char *name, char *out, size_t n)
{
    pthread_mutex_lock(&s->lock);
    int ret = make_dir(s);
    if (ret >= 0)
        file_name(s, name, out, n);
    pthread_mutex_unlock(&s->lock);
    return ret;
}

static int remember(VfScratch *s, const char *url, const char *local)
{
    Copy *grown = realloc(s->copies, (size_t)(s->nb_copies + 1) * sizeof(*grown));
    if (!grown)
        return VF_ERR_INTERNAL;
    s->copies = grown;
    Copy *c = &s->copies[s->nb_copies];
    c->url = strdup(url);
    c->local = strdup(local);
    if (!c->url || !c->local) {
        free(c->url);
        free(c->local);
        return VF_ERR_INTERNAL;
    }
    s->nb_copies++;
    return 0;
}

/* The lock is held through the download: two rows naming one logo fetch it once. */
int vf_scratch_fetch(VfScratch *s, const char *url, int64_t max, const char *limit_hint,
                     const char **local)
{
    char path[4200];
    *local = NULL;
    pthread_mutex_lock(&s->lock);
    for (int i = 0; i < s->nb_copies; i++)
        if (!strcmp(s->copies[i].url, url))
            *local = s->copies[i].local;
    int ret = *local ? 0 : make_dir(s);
    if (!*local && ret >= 0) {
        file_name(s, url, path, sizeof(path));
        ret = vf_s3_download(url, max, limit_hint, path);
        if (ret >= 0 && (ret = remember(s, url, path)) < 0)
            unlink(path);
        if (ret >= 0)
            *local = s->copies[s->nb_copies - 1].local;
    }
    pthread_mutex_unlock(&s->lock);
    return ret;
}

static void remove_all(const char *dir)
{
    DIR *d = opendir(dir);
    char path[4400];
    for (struct dirent *e; d && (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        unlink(path);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

void vf_scratch_free(VfScratch **ps)
{
    VfScratch *s = ps ? *ps : NULL;
    if (!s)
        return;
    if (s->made)
        remove_all(s->dir);
    for (int i = 0; i < s->nb_copies; i++) {
        free(s->copies[i].url);
        free(s->copies[i].local);
    }
    free(s->copies);
    pthread_mutex_destroy(&s->lock);
    free(s);
    *ps = NULL;
}
