/* The captions layer's keys that need code (issue 17): inline cues with
 * optional word timings, and the rules across keys (source or cues). */
#include "template/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template/keys.h"
#include "vidforge/error.h"

#define PTR_MAX 600

/* Every member of obj must be one of names (NULL-terminated). */
static int only_keys(VfSchemaCtx *ctx, const cJSON *obj, const char *const *names,
                     const char *ptr)
{
    for (const cJSON *m = obj->child; m; m = m->next) {
        int known = 0;
        for (int i = 0; names[i] && !known; i++)
            known = !strcmp(m->string, names[i]);
        if (!known) {
            char kptr[PTR_MAX + 80];
            snprintf(kptr, sizeof(kptr), "%s/%.60s", ptr, m->string);
            const char *hint = vf_did_you_mean(m->string, names);
            return hint ? vf_schema_report(ctx, VF_SEV_ERROR, kptr, 1,
                                           "unknown key (did you mean \"%s\"?)", hint)
                        : vf_schema_report(ctx, VF_SEV_ERROR, kptr, 1, "unknown key");
        }
    }
    return 0;
}

/* obj[name]: a number >= 0, into *out. */
static int time_of(VfSchemaCtx *ctx, const cJSON *obj, const char *name, const char *ptr,
                   double *out)
{
    char kptr[PTR_MAX + 160];
    snprintf(kptr, sizeof(kptr), "%s/%s", ptr, name);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!v)
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "missing required key \"%s\"", name);
    if (vf_schema_as_number(v, out) < 0 || *out < 0 || *out > 360000)
        return vf_schema_type_error(ctx, kptr, "a time in seconds, 0 or more", v);
    return 0;
}

/* obj.text: UTF-8, copied into *out. */
static int text_of(VfSchemaCtx *ctx, const cJSON *obj, const char *ptr, char **out)
{
    char kptr[PTR_MAX + 160];
    snprintf(kptr, sizeof(kptr), "%s/text", ptr);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "text");
    if (!v)
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "missing required key \"text\"");
    if (!cJSON_IsString(v))
        return vf_schema_type_error(ctx, kptr, "a string", v);
    if (vf_schema_utf8_invalid(v->valuestring) >= 0)
        return vf_schema_report(ctx, VF_SEV_ERROR, kptr, 0, "not valid UTF-8");
    *out = strdup(v->valuestring);
    return *out ? 0 : VF_ERR_INTERNAL;
}

/* One timed piece (a cue or a word): start, end > start, text. */
static int read_timed(VfSchemaCtx *ctx, const cJSON *v, const char *const *keys, const char *ptr,
                      double *start, double *end, char **text)
{
    if (!cJSON_IsObject(v))
        return vf_schema_type_error(ctx, ptr, "an object {start, end, text}", v);
    int ret = only_keys(ctx, v, keys, ptr);
    if (ret >= 0)
        ret = time_of(ctx, v, "start", ptr, start);
    if (ret >= 0)
        ret = time_of(ctx, v, "end", ptr, end);
    if (ret >= 0 && *end <= *start) {
        char kptr[PTR_MAX + 160];
        snprintf(kptr, sizeof(kptr), "%s/end", ptr);
        ret = vf_schema_report(ctx, VF_SEV_ERROR, kptr, 0, "must be greater than start "
                               "(%g), got %g", *start, *end);
    }
    return ret >= 0 ? text_of(ctx, v, ptr, text) : ret;
}

static int read_words(VfSchemaCtx *ctx, const cJSON *v, VfInlineCue *cue, const char *ptr)
{
    static const char *const keys[] = { "text", "start", "end", NULL };
    if (!cJSON_IsArray(v))
        return vf_schema_type_error(ctx, ptr, "an array of words {text, start, end}", v);
    int n = cJSON_GetArraySize(v), i = 0, ret = 0;
    cue->words = calloc((size_t)(n ? n : 1), sizeof(*cue->words));
    if (!cue->words)
        return VF_ERR_INTERNAL;
    for (const cJSON *w = v->child; w && ret >= 0; w = w->next, i++) {
        char wptr[PTR_MAX + 128];
        snprintf(wptr, sizeof(wptr), "%s/%d", ptr, i);
        VfInlineWord *x = &cue->words[i];
        ret = read_timed(ctx, w, keys, wptr, &x->start, &x->end, &x->text);
        cue->nb_words += x->text != NULL;
    }
    return ret;
}

int vf_schema_read_cues(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    static const char *const keys[] = { "start", "end", "text", "words", NULL };
    VfOverlayCaptions *cap = &((VfOverlay *)base)->cap;
    if (!cJSON_IsArray(v))
        return vf_schema_type_error(ctx, ptr, "an array of cues {start, end, text}", v);
    int n = cJSON_GetArraySize(v), i = 0, ret = 0;
    cap->cues = calloc((size_t)(n ? n : 1), sizeof(*cap->cues));
    if (!cap->cues)
        return VF_ERR_INTERNAL;
    for (const cJSON *c = v->child; c && ret >= 0; c = c->next, i++) {
        char cptr[PTR_MAX + 32];
        snprintf(cptr, sizeof(cptr), "%s/%d", ptr, i);
        VfInlineCue *cue = &cap->cues[i];
        ret = read_timed(ctx, c, keys, cptr, &cue->start, &cue->end, &cue->text);
        cap->nb_cues += cue->text != NULL;
        const cJSON *words = cJSON_GetObjectItemCaseSensitive(c, "words");
        if (ret >= 0 && words) {
            char wptr[PTR_MAX + 64];
            snprintf(wptr, sizeof(wptr), "%s/words", cptr);
            ret = read_words(ctx, words, cue, wptr);
        }
    }
    return ret;
}

int vf_captions_check_keys(VfSchemaCtx *ctx, const VfOverlay *ov, const char *ptr)
{
    if (ov->type != VF_LAYER_CAPTIONS || (!ov->source != !ov->cap.cues))
        return 0;
    return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, ov->source
                            ? "give \"source\" or \"cues\", not both"
                            : "missing required key \"source\" (or \"cues\")");
}

void vf_captions_free_keys(VfOverlay *ov)
{
    for (int i = 0; i < ov->cap.nb_cues; i++) {
        for (int k = 0; k < ov->cap.cues[i].nb_words; k++)
            free(ov->cap.cues[i].words[k].text);
        free(ov->cap.cues[i].words);
        free(ov->cap.cues[i].text);
    }
    free(ov->cap.cues);
    ov->cap.cues = NULL;
    ov->cap.nb_cues = 0;
}
