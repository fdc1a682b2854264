#include "cli/poster.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/poster.h"
#include "util/path.h"
#include "vidforge/error.h"

/* out with its extension replaced by .png. */
static char *default_path(const char *out)
{
    const char *slash = strrchr(out, '/');
    const char *dot = strrchr(slash ? slash : out, '.');
    size_t stem = dot ? (size_t)(dot - out) : strlen(out);
    char *p = malloc(stem + 5);
    if (p)
        snprintf(p, stem + 5, "%.*s.png", (int)stem, out);
    return p;
}

static int usage(const char *msg, const char *arg)
{
    fprintf(stderr, "vidforge: --poster %s: %s (see vidforge help render)\n", arg, msg);
    return VF_EXIT_USAGE;
}

/* ".vf-poster-PID.vidforge-tmp.EXT" beside path (the extension picks the writer). */
static char *temp_path(const char *path)
{
    char *dir = vf_path_dirname(path);
    const char *dot = strrchr(path, '.');
    size_t n = dir ? strlen(dir) + strlen(dot) + 64 : 0;
    char *t = dir ? malloc(n) : NULL;
    if (t)
        snprintf(t, n, "%s/.vf-poster-%ld.vidforge-tmp%s", dir, (long)getpid(), dot);
    free(dir);
    return t;
}

static int parse(const VfCliArgs *a, const VfPlan *plan, const char *out, double *at,
                 VfCliPoster *p)
{
    char *end;
    *at = strtod(a->poster, &end);
    if (end == a->poster || (*end && *end != ':') || !(*at >= 0))
        return usage("give SECONDS or SECONDS:FILE, such as 1.5:poster.jpg", a->poster);
    if (*at >= plan->duration)
        return usage("the time is past the end of the video", a->poster);
    p->path = *end == ':' && end[1] ? strdup(end + 1) : default_path(out);
    if (!p->path)
        return VF_EXIT_INTERNAL;
    if (!vf_poster_known(p->path))
        return usage("name a .png, .jpg or .webp picture", a->poster);
    if (!a->overwrite && access(p->path, F_OK) == 0) {
        fprintf(stderr, "vidforge: %s already exists (use -y to overwrite)\n", p->path);
        return VF_EXIT_OUTPUT;
    }
    return 0;
}

int vf_cli_poster_stage(const VfCliArgs *a, VfEngine *e, const VfPlan *plan, const char *out,
                        VfCliPoster *p)
{
    double at;
    int code = a->poster ? parse(a, plan, out, &at, p) : 0;
    if (code || !a->poster)
        return code;
    VfImage img;
    int ret = (p->temp = temp_path(p->path)) ? vf_engine_preview(e, plan, at, &img)
                                             : VF_ERR_INTERNAL;
    if (ret >= 0) {
        ret = vf_poster_write(p->temp, img.pixels, img.width, img.height, img.stride);
        vf_image_free(&img);
    }
    return ret < 0 ? vf_cli_fail(ret) : 0;
}

int vf_cli_poster_commit(VfCliPoster *p, int overwrite)
{
    if (!p->temp)
        return 0;
    /* link() never replaces a file that appeared meanwhile; rename() does, with -y */
    int ret = overwrite ? rename(p->temp, p->path) : link(p->temp, p->path);
    if (ret == 0 && !overwrite)
        unlink(p->temp);
    if (ret < 0) {
        fprintf(stderr, "vidforge: the video was written, but not the poster %s: %s\n", p->path,
                strerror(errno));
        return VF_EXIT_OUTPUT;
    }
    free(p->temp);
    p->temp = NULL;
    return 0;
}

void vf_cli_poster_clear(VfCliPoster *p)
{
    if (p->temp)
        unlink(p->temp);
    free(p->temp);
    free(p->path);
    p->temp = p->path = NULL;
}
