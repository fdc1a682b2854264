/* Cross-key rules of clip sequences, clip anchors and video layers. Those
 * that need the sources' lengths (trims past the end, transitions longer
 * than a clip whose length comes from its file) are the plan's
 * (src/plan/media.c). */
#include "template/cliprules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vidforge/error.h"
#include "vidforge/model_clips.h"

#define PTR_MAX 160

/* Seconds clip c lasts on the output when the template says so, else -1. */
static double stated_length(const VfSeqClip *c)
{
    if (c->duration > 0)
        return c->duration;
    if (c->input && c->trim_end >= 0)
        return c->trim_end - c->trim_start;
    return -1;
}

static int check_transition(VfSchemaCtx *ctx, const VfVideo *v, int i)
{
    const VfSeqClip *c = &v->clips[i];
    char ptr[PTR_MAX];
    snprintf(ptr, sizeof(ptr), "/video/clips/%d/transition", i);
    if (c->transition < 0)
        return 0;
    if (i + 1 == v->nb_clips)
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 1, "the last clip has no next clip "
                                "to turn into");
    for (int k = i; k <= i + 1; k++) {
        double len = stated_length(&v->clips[k]);
        if (len > 0 && c->transition_duration > len + 1e-9)
            return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "the %g s transition is longer "
                                    "than clip %d (%g s)", c->transition_duration, k, len);
    }
    return 0;
}

static int check_clip(VfSchemaCtx *ctx, const VfVideo *v, int i)
{
    const VfSeqClip *c = &v->clips[i];
    char ptr[PTR_MAX];
    snprintf(ptr, sizeof(ptr), "/video/clips/%d", i);
    if (!c->input == !c->has_color)
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "give either \"input\" or \"color\"");
    if (c->has_color && c->duration <= 0)
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "a colour clip needs \"duration\"");
    if (c->trim_end >= 0 && c->trim_end <= c->trim_start) {
        snprintf(ptr, sizeof(ptr), "/video/clips/%d/trim", i);
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "end (%g) must be greater than "
                                "start (%g)", c->trim_end, c->trim_start);
    }
    for (int j = 0; c->id && j < i; j++) {
        if (v->clips[j].id && !strcmp(v->clips[j].id, c->id)) {
            snprintf(ptr, sizeof(ptr), "/video/clips/%d/id", i);
            return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "duplicate clip id \"%s\" "
                                    "(also /video/clips/%d)", c->id, j);
        }
    }
    return check_transition(ctx, v, i);
}

static int check_anchor(VfSchemaCtx *ctx, const VfTemplate *t, int i)
{
    const VfOverlay *ov = &t->overlays[i];
    char ptr[PTR_MAX];
    snprintf(ptr, sizeof(ptr), "/overlays/%d/timeline/clip", i);
    const char *names[65];
    int n = 0;
    for (int k = 0; k < t->video.nb_clips && n < 64; k++) {
        if (t->video.clips[k].id && !strcmp(t->video.clips[k].id, ov->clip_anchor))
            return 0;
        if (t->video.clips[k].id)
            names[n++] = t->video.clips[k].id;
    }
    names[n] = NULL;
    if (!t->video.nb_clips)
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "anchors to clip \"%s\", but "
                                "video has no clips", ov->clip_anchor);
    const char *hint = vf_did_you_mean(ov->clip_anchor, names);
    if (hint)
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "unknown clip id \"%s\" (did you "
                                "mean \"%s\"?)", ov->clip_anchor, hint);
    return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "unknown clip id \"%s\"",
                            ov->clip_anchor);
}

static int check_video_layer(VfSchemaCtx *ctx, const VfOverlay *ov, int i)
{
    const VfOverlayVideo *v = &ov->video;
    char ptr[PTR_MAX];
    if (ov->type != VF_LAYER_VIDEO || v->trim_end < 0 || v->trim_end > v->trim_start)
        return 0;
    snprintf(ptr, sizeof(ptr), "/overlays/%d/trim", i);
    return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "end (%g) must be greater than start "
                            "(%g)", v->trim_end, v->trim_start);
}

int vf_template_check_clips(VfSchemaCtx *ctx, const VfTemplate *t)
{
    int ret = 0;
    if (t->video.nb_clips && t->video.input)
        ret = vf_schema_report(ctx, VF_SEV_ERROR, "/video/clips", 1, "cannot be combined with "
                               "\"input\": give one or the other");
    for (int i = 0; i < t->video.nb_clips && ret >= 0; i++)
        ret = check_clip(ctx, &t->video, i);
    for (int i = 0; i < t->nb_overlays && ret >= 0; i++) {
        if (t->overlays[i].type < 0)
            continue;
        if (t->overlays[i].clip_anchor)
            ret = check_anchor(ctx, t, i);
        if (ret >= 0)
            ret = check_video_layer(ctx, &t->overlays[i], i);
    }
    return ret;
}

void vf_template_free_clips(VfVideo *v)
{
    for (int i = 0; i < v->nb_clips; i++) {
        free(v->clips[i].id);
        free(v->clips[i].input);
    }
    free(v->clips);
    v->clips = NULL;
    v->nb_clips = 0;
}
