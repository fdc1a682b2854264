/* The template keys that need code of their own (custom rows of keys.c):
 * gradients, fallback fonts, padding, variables, the output path. */
#include "template/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template/keys.h"
#include "util/color.h"
#include "vidforge/error.h"

#define PTR_MAX 600

int vf_schema_read_gradient_colors(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    VfOverlay *ov = base;
    int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
    if (n < 2 || n > 8)
        return vf_schema_type_error(ctx, ptr, "an array of 2 to 8 colours", v);
    int i = 0, ret = 0;
    for (const cJSON *c = v->child; c && ret >= 0; c = c->next, i++) {
        char cptr[PTR_MAX + 16];
        snprintf(cptr, sizeof(cptr), "%s/%d", ptr, i);
        if (!cJSON_IsString(c) || vf_color_parse(c->valuestring, &ov->gradient[i]) < 0)
            ret = vf_schema_type_error(ctx, cptr, "a colour " VF_COLOR_FORMS, c);
    }
    ov->nb_gradient = ret >= 0 ? n : 0;
    return ret;
}

int vf_schema_read_gradient_stops(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    VfOverlay *ov = base;
    int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
    if (n < 2 || n > 8)
        return vf_schema_type_error(ctx, ptr, "an array of 2 to 8 positions in [0, 1]", v);
    int i = 0;
    double last = 0;
    for (const cJSON *c = v->child; c; c = c->next, i++) {
        char cptr[PTR_MAX + 16];
        snprintf(cptr, sizeof(cptr), "%s/%d", ptr, i);
        double d;
        if (vf_schema_as_number(c, &d) < 0 || d < 0 || d > 1 || d < last)
            return vf_schema_type_error(ctx, cptr, "a position in [0, 1], not below the one before", c);
        ov->gradient_stops[i] = last = d;
    }
    ov->nb_stops = n;
    return 0;
}

int vf_schema_read_fallback(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    VfOverlay *ov = base;
    int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : -1;
    if (n < 0 || n > 8)
        return vf_schema_type_error(ctx, ptr, "an array of up to 8 font names", v);
    int i = 0, ret = 0;
    for (const cJSON *c = v->child; c && ret >= 0; c = c->next, i++) {
        char cptr[PTR_MAX + 16];
        snprintf(cptr, sizeof(cptr), "%s/%d", ptr, i);
        if (!cJSON_IsString(c) || !c->valuestring[0])
            ret = vf_schema_type_error(ctx, cptr, "a font file or family name", c);
        else if (!(ov->fallback[ov->nb_fallback++] = strdup(c->valuestring)))
            ret = VF_ERR_INTERNAL;
    }
    return ret;
}

int vf_schema_read_padding(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    VfOverlay *ov = base;
    double d;
    if (vf_schema_as_number(v, &d) == 0 && d >= 0 && d <= 1000) {
        ov->background_pad_x = ov->background_pad_y = d;
        return 0;
    }
    const cJSON *x = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, "x") : NULL;
    const cJSON *y = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, "y") : NULL;
    double dx = 0, dy = 0;
    int size = cJSON_IsObject(v) ? cJSON_GetArraySize(v) : 0;
    if (cJSON_IsObject(v) && (!x || vf_schema_as_number(x, &dx) == 0) && (!y || vf_schema_as_number(y, &dy) == 0) &&
        size == (x != NULL) + (y != NULL) && dx >= 0 && dy >= 0 && dx <= 1000 && dy <= 1000) {
        ov->background_pad_x = dx;
        ov->background_pad_y = dy;
        return 0;
    }
    return vf_schema_type_error(ctx, ptr, "a number of pixels in [0, 1000] or {\"x\": ..., \"y\": ...}", v);
}

int vf_schema_read_variables(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    if (!cJSON_IsObject(v))
        return vf_schema_type_error(ctx, ptr, "an object of name: value", v);
    int ret = 0;
    for (const cJSON *m = v->child; m && ret >= 0; m = m->next) {
        if (cJSON_IsString(m) || cJSON_IsNumber(m) || cJSON_IsBool(m))
            continue;
        char child[PTR_MAX];
        snprintf(child, sizeof(child), "%s", ptr);
        vf_pointer_push(child, sizeof(child), m->string);
        ret = vf_schema_type_error(ctx, child, "a string, number or boolean", m);
    }
    return ret;
}

/* 1 when one of path's segments is "..". */
static int climbs(const char *path)
{
    for (const char *p = path; *p; p += strcspn(p, "/"), p += *p == '/')
        if (!strncmp(p, "..", 2) && (p[2] == '/' || !p[2]))
            return 1;
    return 0;
}

/* A template (or a row's variables in it) names its output inside its own
 * folder; only -o on the command line may point anywhere. Symbolic links on
 * the way are checked when the render resolves the path. */
int vf_schema_read_output(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    if (!cJSON_IsString(v) || !v->valuestring[0])
        return vf_schema_type_error(ctx, ptr, "a file name relative to the template", v);
    const char *s = v->valuestring;
    if (vf_schema_utf8_invalid(s) >= 0)
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "not valid UTF-8");
    if (s[0] == '/' || strstr(s, "://") || climbs(s))
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "output \"%.300s\" leaves the "
                                "template's folder: name a file inside it (no leading /, no "
                                "\"..\"); only -o on the command line may point elsewhere", s);
    VfTemplate *t = base;
    free(t->output);
    t->output = strdup(s);
    return t->output ? 0 : VF_ERR_INTERNAL;
}
