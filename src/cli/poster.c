#include "cli/poster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch/poster.h"
#include "render/poster.h"
#include "util/number.h"
#include "util/path.h"
#include "vidforge/error.h"

static int usage(const char *msg, const char *arg)
{
    fprintf(stderr, "vidforge: --poster %s: %s (see vidforge help render)\n", arg, msg);
    return VF_EXIT_USAGE;
}

/* --poster SECONDS[:FILE]: FILE as given (anywhere, like -o). */
static int parse_flag(const char *arg, const VfPlan *plan, const char *out, VfRowPoster *rp)
{
    char *end;
    rp->time = vf_strtod_decimal(arg, &end);
    if (end == arg || (*end && *end != ':') || !(rp->time >= 0))
        return usage("give SECONDS or SECONDS:FILE, such as 1.5:poster.jpg", arg);
    if (rp->time >= plan->duration)
        return usage("the time is past the end of the video", arg);
    rp->path = *end == ':' && end[1] ? strdup(end + 1) : vf_poster_default_name(out);
    if (!rp->path)
        return VF_EXIT_INTERNAL;
    if (!vf_poster_known(rp->path))
        return usage("name a .png, .jpg or .webp picture", arg);
    return 0;
}

/* The template's output.poster: inside the output's folder, as batch reads it. */
static int parse_template(const VfTemplate *t, const VfPlan *plan, const char *out,
                          VfRowPoster *rp)
{
    char *why = NULL;
    if (vf_batch_poster_resolve(NULL, NULL, t, out, rp, &why) < 0) {
        fprintf(stderr, "vidforge: %s\n", why ? why : "out of memory");
        free(why);
        return VF_EXIT_USAGE;
    }
    int ret = vf_batch_poster_check_time(rp, plan);
    return ret < 0 ? vf_cli_fail(ret) : 0;
}

static int exists(const char *path)
{
    int ret = vf_poster_file_exists(path);
    if (ret < 0)
        return vf_cli_fail(ret);
    if (ret == 1)
        fprintf(stderr, "vidforge: %s already exists (use -y to overwrite)\n", path);
    return ret == 1 ? VF_EXIT_OUTPUT : 0;
}

int vf_cli_poster_stage(const VfCliArgs *a, VfEngine *e, const VfTemplate *t,
                        const VfPlan *plan, const char *out, VfCliPoster *p)
{
    VfRowPoster rp = { 0 };
    int code = a->poster ? parse_flag(a->poster, plan, out, &rp)
             : t->outputs.poster.given ? parse_template(t, plan, out, &rp) : 0;
    if (!code && rp.path && !a->overwrite)
        code = exists(rp.path);
    if (!code && rp.path) {
        int ret = vf_batch_poster_draw(e, plan, &rp, &p->file);
        code = ret < 0 ? vf_cli_fail(ret) : 0;
    }
    vf_row_poster_clear(&rp);
    return code;
}

int vf_cli_poster_commit(VfCliPoster *p, int overwrite)
{
    if (!p->file.temp)
        return 0;
    int ret = vf_poster_file_commit(&p->file, overwrite);
    if (ret < 0) {
        fprintf(stderr, "vidforge: the video was written, but not the poster: %s\n",
                vf_error_message());
        return vf_error_exit_code(ret);
    }
    return 0;
}

void vf_cli_poster_clear(VfCliPoster *p)
{
    vf_poster_file_clear(&p->file);
}
