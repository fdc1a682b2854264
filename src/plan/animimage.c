#include "plan/animimage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/frames.h"
#include "image/webpanim.h"
#include "util/path.h"
#include "vidforge/error.h"

/* Containers that may hold an animation; every other image is a still. */
static int may_animate(const char *kind)
{
    return !strcmp(kind, "gif") || !strcmp(kind, "apng") || !strcmp(kind, "webp_pipe") ||
           !strcmp(kind, "webp");
}

int vf_plan_image_decodable(const char *path, const char *pointer)
{
    int w, h;
    if (!vf_webp_anim_probe(path, &w, &h) || vf_webp_anim_check(path) >= 0)
        return 0;
    char msg[512];
    snprintf(msg, sizeof(msg), "%s", vf_error_message());
    vf_error_clear();
    return vf_error_set(VF_ERR_ASSET, "%s: %s", pointer, msg);
}

static int load(const VfPlanCtx *pc, const VfOverlay *ov, const char *path, const char *pointer,
                VfFrameSeq **out)
{
    size_t max = (size_t)(pc->env->policy->limits.memory_mb * 1048576.0 / 2);
    VfFrameSeq *s = calloc(1, sizeof(*s));
    int ret = s ? vf_image_frames(path, ov->scale, ov->opacity, max, s) : VF_ERR_INTERNAL;
    if (ret >= 0 && s->nb_frames > 1) {
        s->loop = !ov->motion.hold_last;
        *out = s;
        return 0;
    }
    vf_plan_frames_free(&s);
    if (ret == VF_ERR_TEMPLATE) { /* over the memory limit: say which overlay */
        char msg[512];
        snprintf(msg, sizeof(msg), "%s", vf_error_message());
        vf_error_clear();
        ret = vf_error_set(VF_ERR_TEMPLATE, "%s: %s", pointer, msg);
    }
    return ret;
}

int vf_plan_image_frames(const VfPlanCtx *pc, const VfTemplate *t, const VfOverlay *ov,
                         VfFrameSeq **out)
{
    char pointer[64], kind[64];
    *out = NULL;
    snprintf(pointer, sizeof(pointer), "/overlays/%d/source", ov->index);
    if (vf_path_is_url(ov->source))
        return 0; /* the still rasterizer refuses it */
    char *path = vf_path_join(t->dir, ov->source);
    if (!path)
        return VF_ERR_INTERNAL;
    int ret = vf_plan_check_file(pc, path, t->dir, pointer, "image");
    if (ret >= 0)
        ret = vf_image_is_video(path, kind, sizeof(kind));
    if (ret == 1)
        ret = vf_error_set(VF_ERR_TEMPLATE, "%s: %s is a video (%s), not an image: use "
                           "\"type\": \"video\" for video layers", pointer, path, kind);
    else if (ret >= 0)
        ret = vf_plan_image_decodable(path, pointer);
    if (ret >= 0 && may_animate(kind))
        ret = load(pc, ov, path, pointer, out);
    free(path);
    return ret < 0 ? ret : 0;
}

void vf_plan_frames_free(VfFrameSeq **s)
{
    if (!s || !*s)
        return;
    vf_frame_seq_clear(*s);
    free(*s);
    *s = NULL;
}
