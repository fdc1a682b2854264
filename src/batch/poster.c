#include "batch/poster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch/pattern.h"
#include "render/poster.h"
#include "render/posterfile.h"
#include "storage/s3url.h"
#include "util/number.h"
#include "util/path.h"
#include "vidforge/error.h"

/* "SECONDS" or "SECONDS:PATTERN": the time, and the pattern or NULL. */
static int split(const char *arg, double *time, const char **pattern)
{
    char *end;
    *time = vf_strtod_decimal(arg, &end);
    if (end == arg || (*end && *end != ':') || !(*time >= 0) || *time > 1e9)
        return -1;
    *pattern = *end == ':' && end[1] ? end + 1 : NULL;
    return 0;
}

int vf_batch_poster_check_arg(const char *arg)
{
    double time;
    const char *pattern;
    if (!arg)
        return 0;
    if (split(arg, &time, &pattern) < 0)
        return vf_error_set(VF_ERR_USAGE, "--poster %s: give SECONDS or SECONDS:PATTERN, such "
                            "as 1.5:posters/{{id}}.jpg (see vidforge help batch)", arg);
    const char *dot = pattern ? strrchr(pattern, '.') : NULL;
    if (pattern && (!dot || !strstr(dot, "}}")) && !vf_poster_known(pattern))
        return vf_error_set(VF_ERR_USAGE, "--poster %s: name a .png, .jpg or .webp picture "
                            "(see vidforge help batch)", arg);
    return 0;
}

char *vf_poster_default_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    size_t stem = dot ? (size_t)(dot - path) : strlen(path);
    char *p = malloc(stem + 5);
    if (p)
        snprintf(p, stem + 5, "%.*s.png", (int)stem, path);
    return p;
}

static int fail(char **error, const char *fmt, const char *a, const char *b)
{
    char msg[1400];
    snprintf(msg, sizeof(msg), fmt, a, b);
    *error = strdup(msg);
    return -1;
}

/* output.poster.file, relative to the output's folder and inside it once
 * symbolic links are resolved (the template refused "/" and ".."). */
static char *template_path(const VfPosterSettings *ps, const char *output, char **error)
{
    if (!ps->file)
        return vf_poster_default_name(output);
    char *dir = vf_path_dirname(output), real[4096] = "";
    char *path = dir ? vf_path_join(dir, ps->file) : NULL;
    int s3 = path && vf_s3_is_url(path);
    if (path && (s3 ? !vf_s3_within(path, dir)
                    : !vf_path_within(path, dir) || /* through links, once the folder exists */
                      (access(dir, F_OK) == 0 &&
                       !vf_path_within_real(path, dir, real, sizeof(real))))) {
        fail(error, "%s: the poster resolves to %s, outside the output's folder",
             ps->file_at ? ps->file_at : "/output/poster/file", real[0] ? real : path);
        free(path);
        path = NULL;
    }
    free(dir);
    return path;
}

int vf_batch_poster_resolve(const char *arg, const VfVarSet *vars, const VfTemplate *t,
                            const char *output, VfRowPoster *out, char **error)
{
    const char *pattern = NULL;
    *out = (VfRowPoster){ 0 };
    if (arg) {
        split(arg, &out->time, &pattern); /* checked by vf_batch_poster_check_arg */
        out->path = pattern ? vf_batch_expand_pattern(pattern, vars, "--poster", "poster", error)
                            : vf_poster_default_name(output);
    } else if (t->outputs.poster.given) {
        out->time = t->outputs.poster.time;
        out->time_at = t->outputs.poster.time_at;
        out->path = template_path(&t->outputs.poster, output, error);
    } else {
        return 0;
    }
    if (!out->path)
        return *error ? -1 : fail(error, "out of memory", "", "");
    if (!vf_poster_known(out->path)) {
        fail(error, "%s: poster %s: name a .png, .jpg or .webp picture",
             arg ? "--poster" : t->outputs.poster.file_at, out->path);
        vf_row_poster_clear(out);
        return -1;
    }
    if (!strcmp(out->path, output)) {
        fail(error, "the poster %s would replace the video", out->path, "");
        vf_row_poster_clear(out);
        return -1;
    }
    return 0;
}

int vf_batch_poster_check_time(const VfRowPoster *p, const VfPlan *plan)
{
    if (!p->path || p->time < plan->duration)
        return 0;
    if (p->time_at)
        return vf_error_set(VF_ERR_TEMPLATE, "%s: the poster's time %g s is past the end of the "
                            "video (%g s long)", p->time_at, p->time, plan->duration);
    return vf_error_set(VF_ERR_USAGE, "--poster %g: the time is past the end of the video "
                        "(%g s long)", p->time, plan->duration);
}

int vf_batch_poster_draw(VfEngine *e, const VfPlan *plan, const VfRowPoster *p,
                         VfPosterFile *file)
{
    VfImage img;
    int ret = vf_engine_preview(e, plan, p->time, &img);
    if (ret >= 0)
        ret = vf_poster_file_write(file, p->path, img.pixels, img.width, img.height, img.stride);
    vf_image_free(&img);
    return ret;
}

void vf_row_poster_clear(VfRowPoster *p)
{
    free(p->path);
    *p = (VfRowPoster){ 0 };
}
