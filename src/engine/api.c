/* The public lifecycle calls: each binds the engine's logger, lends the
 * engine's pieces to one stage, and unbinds. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libavutil/frame.h>

#include "captions/captions.h"
#include "engine/engine.h"
#include "engine/localize.h"
#include "media/probe.h"
#include "render/preview.h"
#include "render/render.h"
#include "render/reuse.h"
#include "template/template.h"
#include "util/path.h"
#include "vidforge/error.h"

static int make_vars(const VfVariable *vars, int nb, VfVarSet *out)
{
    int ret = 0;
    for (int i = 0; i < nb && ret >= 0; i++)
        ret = vf_vars_set(out, vars[i].name, vars[i].value);
    return ret < 0 ? VF_ERR_INTERNAL : 0;
}

/* Loads from path, or from json when it is not NULL. */
static int load(VfEngine *e, const char *path, const char *json, size_t len,
                const VfVariable *vars, int nb_vars, VfDiagList *diags, VfTemplate **out)
{
    VfVarSet set = { 0 };
    VfDiagList scratch = { 0 };
    const VfLogger *before = vf_engine_enter(e);
    char *text = json ? malloc(len + 1) : NULL;
    *out = NULL;
    int ret = json && !text ? VF_ERR_INTERNAL : make_vars(vars, nb_vars, &set);
    if (ret >= 0 && text) {
        memcpy(text, json, len);
        text[len] = '\0';
        ret = vf_template_parse(&e->policy.limits, text, len, path, &set,
                                diags ? diags : &scratch, out);
    } else if (ret >= 0) {
        ret = vf_template_load(&e->policy.limits, path, &set, diags ? diags : &scratch, out);
    }
    free(text);
    vf_diag_list_clear(&scratch);
    vf_vars_clear(&set);
    vf_log_bind(before);
    return ret;
}

int vf_engine_load(VfEngine *e, const char *path, const VfVariable *vars, int nb_vars,
                   VfDiagList *diags, VfTemplate **out)
{
    return load(e, path, NULL, 0, vars, nb_vars, diags, out);
}

int vf_engine_load_memory(VfEngine *e, const char *json, size_t len, const char *name,
                          const VfVariable *vars, int nb_vars, VfDiagList *diags,
                          VfTemplate **out)
{
    if (!json)
        return vf_error_set(VF_ERR_USAGE, "no template text given");
    return load(e, name ? name : "template.json", json, len, vars, nb_vars, diags, out);
}

int vf_engine_plan(VfEngine *e, const VfTemplate *t, VfPlan **out)
{
    const VfLogger *before = vf_engine_enter(e);
    VfPlanEnv env = vf_engine_plan_env(e);
    VfLocalTemplate lt;
    *out = NULL;
    int ret = vf_engine_localize(e, t, &lt);
    if (ret >= 0)
        ret = vf_plan_create(&env, &lt.t, out);
    vf_local_template_clear(&lt);
    vf_log_bind(before);
    return ret;
}

int vf_engine_check(VfEngine *e, const VfTemplate *t)
{
    const VfLogger *before = vf_engine_enter(e);
    VfPlanEnv env = vf_engine_plan_env(e);
    VfLocalTemplate lt;
    int ret = vf_engine_localize(e, t, &lt);
    if (ret >= 0)
        ret = vf_plan_check(&env, &lt.t);
    vf_local_template_clear(&lt);
    vf_log_bind(before);
    return ret;
}

int vf_engine_render(VfEngine *e, const VfPlan *plan, const VfRenderOptions *o,
                     VfRenderResult *result)
{
    const VfLogger *before = vf_engine_enter(e);
    int ret = vf_render_reuse(plan, o, result, vf_raster_cache_disk(e->rasters));
    vf_log_bind(before);
    return ret;
}

static int to_image(const AVFrame *f, VfImage *out)
{
    int stride = f->width * 3;
    uint8_t *px = malloc((size_t)stride * f->height);
    if (!px)
        return VF_ERR_INTERNAL;
    for (int y = 0; y < f->height; y++)
        memcpy(px + (size_t)y * stride, f->data[0] + (size_t)y * f->linesize[0], (size_t)stride);
    *out = (VfImage){ f->width, f->height, stride, px };
    return 0;
}

int vf_engine_preview(VfEngine *e, const VfPlan *plan, double seconds, VfImage *out)
{
    const VfLogger *before = vf_engine_enter(e);
    AVFrame *rgb = NULL;
    memset(out, 0, sizeof(*out));
    int ret = vf_preview_frame(plan, vf_preview_frame_at(plan, seconds), &rgb);
    if (ret >= 0)
        ret = to_image(rgb, out);
    av_frame_free(&rgb);
    vf_log_bind(before);
    return ret;
}

void vf_image_free(VfImage *img)
{
    if (!img)
        return;
    free(img->pixels);
    memset(img, 0, sizeof(*img));
}

/* A local path that exists must be a regular file: a FIFO would block the
 * open, a device never end. */
static int check_local(const char *path)
{
    struct stat st;
    if (vf_path_is_url(path) || stat(path, &st) != 0 || S_ISREG(st.st_mode))
        return 0;
    return vf_error_set(VF_ERR_ASSET, "%s is not a regular file (a FIFO, device or folder)",
                        path);
}

/* A captions file (by its extension): its cues as JSON (docs/captions.md). */
static int probe_captions(const char *path, double limit_mb, char **json)
{
    VfCaptions *c = NULL;
    int ret = vf_captions_load_max(path, VF_CAPTIONS_AUTO, (size_t)(limit_mb * 1048576), &c);
    if (ret >= 0)
        ret = vf_captions_to_json(c, json);
    vf_captions_free(&c);
    return ret;
}

int vf_engine_probe(VfEngine *e, const char *path, char **json)
{
    const VfLogger *before = vf_engine_enter(e);
    VfProbe probe;
    *json = NULL;
    int ret = vf_path_is_url(path) && !e->policy.network
            ? vf_error_set(VF_ERR_TEMPLATE, "network inputs are turned off: %s", path)
            : check_local(path);
    if (ret >= 0 && !vf_path_is_url(path) && vf_captions_format_of_path(path)) {
        ret = probe_captions(path, e->policy.limits.input_size_mb, json);
    } else if (ret >= 0) {
        ret = vf_probe_file(path, e->policy.limits.network_seconds, &probe);
        if (ret >= 0 && !(*json = vf_probe_to_json(&probe, path)))
            ret = VF_ERR_INTERNAL;
    }
    vf_log_bind(before);
    return ret;
}
