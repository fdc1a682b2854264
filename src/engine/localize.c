#include "engine/localize.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/engine.h"
#include "storage/s3object.h"
#include "storage/s3url.h"
#include "storage/scratch.h"
#include "util/path.h"
#include "vidforge/error.h"

static int font_file_name(const char *font)
{
    const char *dot = strrchr(font, '.');
    return strchr(font, '/') ||
           (dot && (!strcasecmp(dot, ".ttf") || !strcasecmp(dot, ".otf") ||
                    !strcasecmp(dot, ".ttc") || !strcasecmp(dot, ".otc")));
}

/* The s3:// name a template value stands for, or NULL (local, or a font family). */
static char *remote_name(const VfTemplate *t, const char *value, int is_font)
{
    if (!value || (is_font && !vf_s3_is_url(value) && !font_file_name(value)))
        return NULL;
    char *path = vf_path_join(t->dir, value);
    if (path && !vf_s3_is_url(path)) {
        free(path);
        path = NULL;
    }
    return path;
}

typedef struct Ctx {
    VfEngine *e;
    const VfTemplate *src;
    VfLocalTemplate *out;
} Ctx;

/* The overlays array of out, copied on the first replacement. */
static VfOverlay *own_overlays(Ctx *c)
{
    size_t n = (size_t)c->src->nb_overlays * sizeof(VfOverlay);
    if (!c->out->overlays && n) {
        if (!(c->out->overlays = malloc(n)))
            return NULL;
        memcpy(c->out->overlays, c->src->overlays, n);
        c->out->t.overlays = c->out->overlays;
    }
    return c->out->overlays;
}

/* Replaces *value (in the copied overlay) by its local copy when it names
 * an S3 object. A font file that does not exist keeps its name: the shipped
 * font of that name stands in, as for a local template. */
static char **slot(VfOverlay *ov, size_t offset)
{
    return (char **)((char *)ov + offset);
}

static int localize(Ctx *c, int overlay, const char *field, int is_font, size_t offset)
{
    char pointer[96];
    char *url = remote_name(c->src, *slot(&c->src->overlays[overlay], offset), is_font);
    if (!url)
        return 0;
    snprintf(pointer, sizeof(pointer), "/overlays/%d/%s", overlay, field);
    const VfOverlay *ov = &c->src->overlays[overlay];
    const char *what = is_font ? "font" : ov->type == VF_LAYER_CAPTIONS ? "captions" : "image";
    const char *local = NULL;
    int ret = vf_policy_check_url(&c->e->policy, url, c->src->dir, pointer, what);
    VfS3Object info = { 1, -1, "", "" };
    if (ret >= 0 && is_font)
        ret = vf_s3_head(url, VF_ERR_ASSET, &info);
    if (ret >= 0 && info.exists)
        ret = vf_scratch_fetch(c->e->scratch, url, (int64_t)(c->e->policy.limits.input_size_mb * 1e6),
                               "--limit input_size=MB", &local);
    VfOverlay *ovs = ret >= 0 && local ? own_overlays(c) : NULL;
    if (ret >= 0 && local && !ovs)
        ret = VF_ERR_INTERNAL;
    if (ovs)
        *slot(&ovs[overlay], offset) = (char *)local;
    free(url);
    return ret;
}

static int localize_overlay(Ctx *c, int i)
{
    char field[32];
    /* a video layer's source stays an s3:// name: read by range requests */
    int ret = c->src->overlays[i].type == VF_LAYER_VIDEO
            ? 0 : localize(c, i, "source", 0, offsetof(VfOverlay, source));
    if (ret >= 0)
        ret = localize(c, i, "font", 1, offsetof(VfOverlay, font));
    for (int k = 0; ret >= 0 && k < c->src->overlays[i].nb_fallback; k++) {
        snprintf(field, sizeof(field), "fallback/%d", k);
        ret = localize(c, i, field, 1, offsetof(VfOverlay, fallback) + (size_t)k * sizeof(char *));
    }
    return ret;
}

int vf_engine_localize(VfEngine *e, const VfTemplate *src, VfLocalTemplate *out)
{
    Ctx c = { e, src, out };
    *out = (VfLocalTemplate){ .t = *src };
    char *input = src->video.input ? vf_path_join(src->dir, src->video.input) : NULL;
    int ret = input && vf_path_is_url(input)
            ? vf_policy_check_url(&e->policy, input, src->dir, "/video/input", "input video") : 0;
    free(input);
    for (int i = 0; ret >= 0 && i < src->nb_overlays; i++)
        ret = localize_overlay(&c, i);
    if (ret < 0)
        vf_local_template_clear(out);
    return ret;
}

void vf_local_template_clear(VfLocalTemplate *l)
{
    free(l->overlays);
    memset(l, 0, sizeof(*l));
}
