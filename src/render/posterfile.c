#include "render/posterfile.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "media/probe.h"
#include "render/poster.h"
#include "storage/s3object.h"
#include "storage/s3url.h"
#include "util/path.h"
#include "vidforge/error.h"

/* ".vf-poster-PID-N.vidforge-tmp.EXT": hidden, unique per process (N, as
 * batch rows draw posters at once), the extension picks the writer. */
static char *temp_name(const char *path)
{
    static atomic_uint counter;
    const char *tmp = getenv("TMPDIR");
    char *dir = vf_s3_is_url(path) ? strdup(tmp && *tmp ? tmp : "/tmp") : vf_path_dirname(path);
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    size_t n = dir ? strlen(dir) + (dot ? strlen(dot) : 0) + 64 : 0;
    char *t = dir ? malloc(n) : NULL;
    if (t)
        snprintf(t, n, "%s/.vf-poster-%ld-%u.vidforge-tmp%s", dir, (long)getpid(),
                 atomic_fetch_add(&counter, 1), dot ? dot : "");
    free(dir);
    return t;
}

int vf_poster_file_verify(const char *temp, const char *path, int width, int height)
{
    static const char *const codecs[][2] = {
        { ".png", "png" }, { ".jpg", "mjpeg" }, { ".jpeg", "mjpeg" }, { ".webp", "webp" },
    };
    const char *dot = strrchr(temp, '.'), *want = "";
    for (size_t i = 0; dot && i < sizeof(codecs) / sizeof(codecs[0]); i++)
        if (!strcasecmp(dot, codecs[i][0]))
            want = codecs[i][1];
    VfProbe pr;
    if (vf_probe_file(temp, 0, &pr) < 0 || pr.video < 0)
        return vf_error_set(VF_ERR_OUTPUT, "the poster %s cannot be read back", path);
    const VfProbeStream *v = &pr.streams[pr.video];
    if (strcmp(v->codec, want) || v->width != width || v->height != height)
        return vf_error_set(VF_ERR_OUTPUT, "the poster %s reads back as %s %dx%d, not %s %dx%d",
                            path, v->codec, v->width, v->height, want, width, height);
    return 0;
}

int vf_poster_file_write(VfPosterFile *p, const char *path, const uint8_t *rgb, int width,
                         int height, int stride)
{
    vf_poster_file_clear(p);
    if (!vf_poster_known(path))
        return vf_error_set(VF_ERR_USAGE, "cannot tell the picture format of %s: name a .png, "
                            ".jpg or .webp file", path);
    char *dir = vf_s3_is_url(path) ? NULL : vf_path_dirname(path);
    struct stat st;
    int missing = dir && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || access(dir, W_OK) != 0);
    int err = dir && stat(dir, &st) == 0 && !S_ISDIR(st.st_mode) ? ENOTDIR : errno;
    if (missing)
        vf_error_set(VF_ERR_OUTPUT, "cannot write the poster %s: folder %s: %s", path, dir,
                     strerror(err));
    free(dir);
    if (missing)
        return VF_ERR_OUTPUT;
    p->path = strdup(path);
    char *temp = p->path ? temp_name(path) : NULL;
    if (!temp)
        return vf_error_set(VF_ERR_INTERNAL, "out of memory");
    int ret = vf_poster_write(temp, rgb, width, height, stride);
    if (ret >= 0)
        ret = vf_poster_file_verify(temp, path, width, height);
    if (ret < 0) {
        unlink(temp); /* a half-written picture */
        free(temp);
        return ret;
    }
    p->temp = temp;
    return 0;
}

static int commit_local(VfPosterFile *p, int overwrite)
{
    /* link() never replaces a file that appeared meanwhile; rename() does */
    int ret = overwrite ? rename(p->temp, p->path) : link(p->temp, p->path);
    int err = errno;
    if (ret == 0 && !overwrite)
        unlink(p->temp);
    if (ret < 0)
        return vf_error_set(VF_ERR_OUTPUT, "cannot write the poster %s: %s", p->path,
                            err == EEXIST ? "it already exists (use -y to overwrite)"
                                          : strerror(err));
    return 0;
}

int vf_poster_file_commit(VfPosterFile *p, int overwrite)
{
    if (!p->temp)
        return 0;
    int ret = vf_s3_is_url(p->path) ? vf_s3_upload(p->temp, p->path, overwrite, NULL)
                                    : commit_local(p, overwrite);
    if (ret < 0 || vf_s3_is_url(p->path))
        unlink(p->temp);
    free(p->temp);
    p->temp = NULL;
    return ret;
}

void vf_poster_file_clear(VfPosterFile *p)
{
    if (p->temp)
        unlink(p->temp);
    free(p->temp);
    free(p->path);
    p->temp = p->path = NULL;
}

int vf_poster_file_exists(const char *path)
{
    if (!vf_s3_is_url(path))
        return access(path, F_OK) == 0;
    VfS3Object info;
    int ret = vf_s3_head(path, VF_ERR_OUTPUT, &info);
    return ret < 0 ? ret : info.exists;
}
