/* The template keys of shapes, keyframes and animated images that need code
 * of their own: keyframe lists (any KK_KEYFRAMED row of keys.c), a shape's
 * fill (a colour or a gradient) and an image's loop flag. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template/keys.h"
#include "template/layerkeys.h"
#include "template/schema.h"
#include "util/color.h"
#include "vidforge/error.h"

#define PTR_MAX 600

/* Indexed by VfEasing: animations take the first four, keyframes all five. */
const char *const vf_keyframe_easing_names[] = {
    "linear", "ease_in", "ease_out", "ease_in_out", "hold", NULL,
};
const char *const vf_shape_names[] = { "rect", "ellipse", "line", NULL };

/* The number at key name of keyframe obj into *out, within [lo, hi]. */
static int key_number(VfSchemaCtx *ctx, const cJSON *obj, const char *name, const char *ptr,
                      double lo, double hi, double *out)
{
    char p[PTR_MAX + 16];
    snprintf(p, sizeof(p), "%.*s/%.8s", PTR_MAX, ptr, name);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!v)
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "missing required key \"%s\"", name);
    if (vf_schema_as_number(v, out) < 0)
        return vf_schema_type_error(ctx, p, "a number", v);
    if (*out < lo || *out > hi)
        return vf_schema_report(ctx, VF_SEV_ERROR, p, 0, "must be a number in [%.15g, %.15g], "
                                "got %.15g", lo, hi, *out);
    return 0;
}

static int key_easing(VfSchemaCtx *ctx, const cJSON *obj, const char *ptr, int *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "easing");
    char p[PTR_MAX + 16];
    snprintf(p, sizeof(p), "%.*s/easing", PTR_MAX, ptr);
    *out = VF_EASE_LINEAR;
    if (!v)
        return 0;
    for (int i = 0; cJSON_IsString(v) && vf_keyframe_easing_names[i]; i++)
        if (!strcmp(v->valuestring, vf_keyframe_easing_names[i]))
            return *out = i, 0;
    if (!cJSON_IsString(v))
        return vf_schema_type_error(ctx, p, "a string", v);
    const char *hint = vf_did_you_mean(v->valuestring, vf_keyframe_easing_names);
    if (hint)
        return vf_schema_report(ctx, VF_SEV_ERROR, p, 0, "unknown easing \"%s\" (did you mean "
                                "\"%s\"?)", v->valuestring, hint);
    return vf_schema_report(ctx, VF_SEV_ERROR, p, 0, "unknown easing \"%s\" (expected one of: "
                            "linear, ease_in, ease_out, ease_in_out, hold)", v->valuestring);
}

static int read_key(VfSchemaCtx *ctx, const cJSON *e, const VfKeySpec *k, const char *ptr,
                    VfKeyframeSpec *out)
{
    if (!cJSON_IsObject(e))
        return vf_schema_type_error(ctx, ptr, "a keyframe {\"t\", \"value\", \"easing\"}", e);
    for (const cJSON *m = e->child; m; m = m->next) {
        if (strcmp(m->string, "t") && strcmp(m->string, "value") && strcmp(m->string, "easing")) {
            char p[PTR_MAX + 64];
            snprintf(p, sizeof(p), "%s", ptr);
            vf_pointer_push(p, sizeof(p), m->string);
            return vf_schema_report(ctx, VF_SEV_ERROR, p, 1, "unknown key (a keyframe has t, "
                                    "value and easing)");
        }
    }
    double lo = k->flags & KF_MIN_EXCL ? nextafter(k->min, INFINITY) : k->min;
    int ret = key_number(ctx, e, "t", ptr, 0, 36000, &out->t);
    if (ret >= 0)
        ret = key_number(ctx, e, "value", ptr, lo, k->max, &out->value);
    if (ret >= 0)
        ret = key_easing(ctx, e, ptr, &out->easing);
    return ret;
}

int vf_schema_read_keyframes(VfSchemaCtx *ctx, const cJSON *v, const VfKeySpec *k, void *base,
                             const char *ptr)
{
    VfKeyframeList *list = (VfKeyframeList *)((char *)base + k->keys_offset);
    int n = cJSON_GetArraySize(v), i = 0, ret = 0;
    if (n < 1 || n > 1000)
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "a keyframe list needs 1 to 1000 "
                                "keyframes, got %d", n);
    free(list->keys);
    list->nb_keys = 0;
    if (!(list->keys = calloc((size_t)n, sizeof(*list->keys))))
        return VF_ERR_INTERNAL;
    for (const cJSON *e = v->child; e && ret >= 0; e = e->next, i++) {
        char p[PTR_MAX + 16];
        snprintf(p, sizeof(p), "%s/%d", ptr, i);
        ret = read_key(ctx, e, k, p, &list->keys[i]);
        if (ret >= 0 && i && list->keys[i].t <= list->keys[i - 1].t)
            ret = vf_schema_report(ctx, VF_SEV_ERROR, p, 0, "keyframes out of order: t %g "
                                   "comes after t %g (%s/%d); give them in ascending time",
                                   list->keys[i].t, list->keys[i - 1].t, ptr, i - 1);
        if (ret >= 0)
            list->nb_keys = i + 1;
    }
    /* the constant slot: the first value (what reading it alone sees), but
     * the largest scale (layers are drawn there and only ever shrink) and
     * opacity 1 (the keys multiply the drawn alpha) */
    int m = (int)((k->keys_offset - offsetof(VfOverlay, motion.keys)) / sizeof(VfKeyframeList));
    double *slot = (double *)((char *)base + k->offset);
    for (int j = 0; j < list->nb_keys; j++)
        if (!j || (m == VF_MOTION_SCALE && list->keys[j].value > *slot))
            *slot = list->keys[j].value;
    if (list->nb_keys && m == VF_MOTION_OPACITY)
        *slot = 1;
    return ret;
}

cJSON *vf_schema_keyframes_json(const VfKeySpec *k)
{
    cJSON *arr = cJSON_CreateObject();
    cJSON_AddStringToObject(arr, "type", "array");
    cJSON_AddNumberToObject(arr, "minItems", 1);
    cJSON_AddNumberToObject(arr, "maxItems", 1000);
    cJSON *item = cJSON_AddObjectToObject(arr, "items");
    cJSON_AddStringToObject(item, "type", "object");
    cJSON *req = cJSON_AddArrayToObject(item, "required");
    cJSON_AddItemToArray(req, cJSON_CreateString("t"));
    cJSON_AddItemToArray(req, cJSON_CreateString("value"));
    cJSON_AddBoolToObject(item, "additionalProperties", 0);
    cJSON *props = cJSON_AddObjectToObject(item, "properties");
    cJSON *t = cJSON_AddObjectToObject(props, "t");
    cJSON_AddStringToObject(t, "type", "number");
    cJSON_AddNumberToObject(t, "minimum", 0);
    cJSON_AddNumberToObject(t, "maximum", 36000);
    cJSON *val = cJSON_AddObjectToObject(props, "value");
    cJSON_AddStringToObject(val, "type", "number");
    cJSON_AddNumberToObject(val, k->flags & KF_MIN_EXCL ? "exclusiveMinimum" : "minimum", k->min);
    cJSON_AddNumberToObject(val, "maximum", k->max);
    cJSON *easing = cJSON_AddObjectToObject(props, "easing");
    cJSON *list = cJSON_AddArrayToObject(easing, "enum");
    for (int i = 0; vf_keyframe_easing_names[i]; i++)
        cJSON_AddItemToArray(list, cJSON_CreateString(vf_keyframe_easing_names[i]));
    cJSON_AddStringToObject(arr, "description", "Keyframes: t is seconds from the layer's "
                            "start, ascending; easing shapes the way to the next key.");
    return arr;
}

/* "fill": "#RRGGBB[AA]", or {"colors": [...], "angle": deg, "stops": [...]}. */
int vf_schema_read_fill(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    VfOverlay *ov = base;
    ov->shape.has_fill = 1;
    if (cJSON_IsString(v)) {
        if (vf_color_parse(v->valuestring, &ov->color) < 0)
            return vf_schema_type_error(ctx, ptr, "a colour \"#RRGGBB\" or \"#RRGGBBAA\", or a "
                                        "gradient object", v);
        return 0;
    }
    if (!cJSON_IsObject(v))
        return vf_schema_type_error(ctx, ptr, "a colour or a gradient object", v);
    int ret = 0;
    for (const cJSON *m = v->child; m && ret >= 0; m = m->next) {
        char p[PTR_MAX + 16];
        snprintf(p, sizeof(p), "%s", ptr);
        vf_pointer_push(p, sizeof(p), m->string);
        if (!strcmp(m->string, "colors"))
            ret = vf_schema_read_gradient_colors(ctx, m, ov, p);
        else if (!strcmp(m->string, "stops"))
            ret = vf_schema_read_gradient_stops(ctx, m, ov, p);
        else if (!strcmp(m->string, "angle")) {
            if (vf_schema_as_number(m, &ov->gradient_angle) < 0 || fabs(ov->gradient_angle) > 360)
                ret = vf_schema_type_error(ctx, p, "a number of degrees in [-360, 360]", m);
        } else
            ret = vf_schema_report(ctx, VF_SEV_ERROR, p, 1, "unknown key (a gradient has "
                                   "colors, angle and stops)");
    }
    if (ret >= 0 && !cJSON_GetObjectItemCaseSensitive(v, "colors"))
        ret = vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "missing required key \"colors\"");
    return ret;
}

int vf_schema_read_loop(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    VfOverlay *ov = base;
    if (!cJSON_IsBool(v))
        return vf_schema_type_error(ctx, ptr, "true or false", v);
    ov->motion.hold_last = cJSON_IsFalse(v);
    return 0;
}

/* Where each VfMotionKey's list sits in an overlay. */
static const char *const motion_pointers[VF_MOTION_COUNT] = {
    [VF_MOTION_X] = "position/offset/x", [VF_MOTION_Y] = "position/offset/y",
    [VF_MOTION_SCALE] = "transform/scale", [VF_MOTION_OPACITY] = "transform/opacity",
    [VF_MOTION_ROTATION] = "transform/rotation", [VF_MOTION_WIDTH] = "width",
    [VF_MOTION_HEIGHT] = "height",
};

int vf_schema_check_motion(VfSchemaCtx *ctx, const VfTemplate *t, int i)
{
    const VfOverlay *ov = &t->overlays[i];
    double end = ov->end >= 0 ? ov->end : t->video.duration;
    if (end <= ov->start)
        return 0; /* not known without the input: the plan checks it */
    int ret = 0;
    for (int m = 0; m < VF_MOTION_COUNT && ret >= 0; m++) {
        const VfKeyframeList *l = &ov->motion.keys[m];
        for (int k = 0; k < l->nb_keys && ret >= 0; k++) {
            if (l->keys[k].t <= end - ov->start + 1e-9)
                continue;
            char p[PTR_MAX];
            snprintf(p, sizeof(p), "/overlays/%d/%s/%d/t", i, motion_pointers[m], k);
            ret = vf_schema_report(ctx, VF_SEV_ERROR, p, 0, "keyframe at %g s is outside the "
                                   "layer's window (0 to %g s from its start)", l->keys[k].t,
                                   end - ov->start);
        }
    }
    return ret;
}

const char *vf_motion_pointer(int key)
{
    return key >= 0 && key < VF_MOTION_COUNT ? motion_pointers[key] : "";
}

void vf_motion_clear(VfMotion *m)
{
    for (int k = 0; k < VF_MOTION_COUNT; k++) {
        free(m->keys[k].keys);
        m->keys[k] = (VfKeyframeList){ 0 };
    }
}
