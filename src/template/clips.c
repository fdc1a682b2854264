/* The template keys of video layers and clip sequences that need code of
 * their own (custom rows of keys.c): the clip list, loop, and audio. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template/keys.h"
#include "template/schema.h"
#include "vidforge/error.h"
#include "vidforge/model_clips.h"

#define PTR_MAX 600

int vf_schema_read_clips(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    VfTemplate *t = base;
    int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
    if (n < 1)
        return vf_schema_type_error(ctx, ptr, "an array of at least one clip", v);
    if (!(t->video.clips = calloc((size_t)n, sizeof(*t->video.clips))))
        return VF_ERR_INTERNAL;
    t->video.nb_clips = n;
    int i = 0, ret = 0;
    for (const cJSON *e = v->child; e && ret >= 0; e = e->next, i++) {
        char eptr[PTR_MAX];
        snprintf(eptr, sizeof(eptr), "%s/%d", ptr, i);
        VfSeqClip *c = &t->video.clips[i];
        ret = vf_schema_read_object(ctx, e, &vf_clip_spec, c, eptr);
        c->has_color = cJSON_IsObject(e) && cJSON_GetObjectItemCaseSensitive(e, "color");
    }
    return ret;
}

int vf_schema_read_layer_loop(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    VfOverlay *ov = base;
    if (cJSON_IsBool(v)) {
        ov->video.loop = cJSON_IsTrue(v);
        return 0;
    }
    /* "{{loop}}" substituted to true/false */
    if (cJSON_IsString(v) && (v->type & VF_CJSON_SUBSTITUTED) &&
        (!strcmp(v->valuestring, "true") || !strcmp(v->valuestring, "false"))) {
        ov->video.loop = !strcmp(v->valuestring, "true");
        return 0;
    }
    return vf_schema_type_error(ctx, ptr, "true or false", v);
}

/* "keep" (when allowed), "mute", or {"volume": dB}: *mode 0 keep, 1 mute,
 * 2 volume. */
static int read_audio(VfSchemaCtx *ctx, const cJSON *v, int allow_keep, int *mode, double *db,
                      const char *ptr)
{
    const char *expected = allow_keep ? "\"keep\", \"mute\" or {\"volume\": dB}"
                                      : "\"mute\" or {\"volume\": dB}";
    if (cJSON_IsString(v) && !strcmp(v->valuestring, "mute")) {
        *mode = 1;
        return 0;
    }
    if (allow_keep && cJSON_IsString(v) && !strcmp(v->valuestring, "keep")) {
        *mode = 0;
        return 0;
    }
    if (!cJSON_IsObject(v))
        return vf_schema_type_error(ctx, ptr, expected, v);
    const cJSON *vol = NULL;
    for (const cJSON *m = v->child; m; m = m->next) {
        char child[PTR_MAX];
        snprintf(child, sizeof(child), "%s", ptr);
        vf_pointer_push(child, sizeof(child), m->string);
        if (strcmp(m->string, "volume"))
            return vf_schema_report(ctx, VF_SEV_ERROR, child, 1, "unknown key (expected "
                                    "\"volume\")");
        vol = m;
    }
    char vptr[PTR_MAX];
    snprintf(vptr, sizeof(vptr), "%s/volume", ptr);
    if (!vol)
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "missing required key \"volume\"");
    if (vf_schema_as_number(vol, db) < 0 || *db < -60 || *db > 20)
        return vf_schema_type_error(ctx, vptr, "a number of dB in [-60, 20]", vol);
    *mode = 2;
    return 0;
}

int vf_schema_read_layer_audio(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    VfOverlay *ov = base;
    int mode = 1;
    int ret = read_audio(ctx, v, 0, &mode, &ov->video.volume_db, ptr);
    ov->video.audio = mode == 2;
    return ret;
}

int vf_schema_read_clip_audio(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    VfSeqClip *c = base;
    int mode = 0;
    int ret = read_audio(ctx, v, 1, &mode, &c->volume_db, ptr);
    c->audio = mode == 0 ? VF_CLIP_AUDIO_KEEP : mode == 1 ? VF_CLIP_AUDIO_MUTE
                                                          : VF_CLIP_AUDIO_VOLUME;
    return ret;
}
