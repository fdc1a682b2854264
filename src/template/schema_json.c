/* JSON Schema (draft 2020-12) generated from the key tables, so the schema
 * editors use and the checks vidforge runs cannot drift apart. */
#include "template/schema_json.h"
#include "util/color.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "template/keys.h"

#define VARREF "#/$defs/variable"

static cJSON *object_schema(const VfObjectSpec *spec);

/* value | "{{variable}}": a key whose value may come from a variable. */
static cJSON *or_variable(cJSON *plain)
{
    cJSON *any = cJSON_CreateObject();
    cJSON *list = cJSON_AddArrayToObject(any, "anyOf");
    cJSON_AddItemToArray(list, plain);
    cJSON *ref = cJSON_CreateObject();
    cJSON_AddStringToObject(ref, "$ref", VARREF);
    cJSON_AddItemToArray(list, ref);
    return any;
}

static void add_range(cJSON *o, const VfKeySpec *k)
{
    if (isfinite(k->min))
        cJSON_AddNumberToObject(o, k->flags & KF_MIN_EXCL ? "exclusiveMinimum" : "minimum", k->min);
    if (isfinite(k->max))
        cJSON_AddNumberToObject(o, "maximum", k->max);
}

static cJSON *choices_schema(const char *const *choices)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *list = cJSON_AddArrayToObject(o, "enum");
    for (int i = 0; choices[i]; i++)
        cJSON_AddItemToArray(list, cJSON_CreateString(choices[i]));
    return o;
}

static cJSON *number_schema(const VfKeySpec *k)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "type", k->kind == KK_INT ? "integer" : "number");
    add_range(o, k);
    if (k->flags & KF_EVEN)
        cJSON_AddNumberToObject(o, "multipleOf", 2);
    return or_variable(o);
}

static cJSON *bitrate_schema(const VfKeySpec *k)
{
    cJSON *num = cJSON_CreateObject();
    cJSON_AddStringToObject(num, "type", "number");
    add_range(num, k);
    cJSON *str = cJSON_CreateObject();
    cJSON_AddStringToObject(str, "type", "string");
    cJSON_AddStringToObject(str, "pattern", "^[0-9]+(\\.[0-9]+)?[kKmMgG]$");
    cJSON *any = or_variable(num);
    cJSON_AddItemToArray(cJSON_GetObjectItem(any, "anyOf"), str);
    return any;
}

static cJSON *string_schema(const VfKeySpec *k)
{
    if (k->choices)
        return or_variable(choices_schema(k->choices));
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "type", "string");
    if (k->pattern)
        cJSON_AddStringToObject(o, "pattern", k->pattern);
    return o;
}

static cJSON *key_schema(const VfKeySpec *k)
{
    cJSON *o = NULL;
    switch (k->kind) {
    case KK_STRING: o = string_schema(k); break;
    case KK_NUMBER:
    case KK_INT: o = number_schema(k); break;
    case KK_ENUM: o = or_variable(choices_schema(k->choices)); break;
    case KK_BITRATE: o = bitrate_schema(k); break;
    case KK_DISTANCE: {
        cJSON *num = cJSON_CreateObject();
        cJSON_AddStringToObject(num, "type", "number");
        add_range(num, k);
        o = or_variable(num);
        cJSON *kw = cJSON_CreateObject();
        cJSON_AddStringToObject(kw, "const", "offscreen");
        cJSON_AddItemToArray(cJSON_GetObjectItem(o, "anyOf"), kw);
        break;
    }
    case KK_COLOR: {
        cJSON *c = cJSON_CreateObject();
        cJSON_AddStringToObject(c, "$ref", "#/$defs/color");
        o = or_variable(c);
        break;
    }
    case KK_OBJECT: o = object_schema(k->object); break;
    case KK_CUSTOM: o = cJSON_Parse(k->custom_schema); break;
    case KK_KEYFRAMED:
        o = number_schema(k);
        cJSON_AddItemToArray(cJSON_GetObjectItem(o, "anyOf"), vf_schema_keyframes_json(k));
        break;
    case KK_BOOL: {
        cJSON *b = cJSON_CreateObject();
        cJSON_AddStringToObject(b, "type", "boolean");
        o = or_variable(b);
        break;
    }
    }
    if (o && k->doc)
        cJSON_AddStringToObject(o, "description", k->doc);
    return o;
}

static void merge(cJSON *into, const char *json)
{
    cJSON *extra = json ? cJSON_Parse(json) : NULL;
    for (cJSON *m = extra ? extra->child : NULL; m; m = m->next)
        cJSON_AddItemToObject(into, m->string, cJSON_Duplicate(m, 1));
    cJSON_Delete(extra);
}

static cJSON *object_schema(const VfObjectSpec *spec)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "type", "object");
    cJSON *props = cJSON_AddObjectToObject(o, "properties");
    cJSON *required = cJSON_CreateArray();
    for (int i = 0; i < spec->nb_keys; i++) {
        const VfKeySpec *k = &spec->keys[i];
        cJSON_AddItemToObject(props, k->name, key_schema(k));
        if (k->flags & KF_REQUIRED)
            cJSON_AddItemToArray(required, cJSON_CreateString(k->name));
    }
    if (cJSON_GetArraySize(required))
        cJSON_AddItemToObject(o, "required", required);
    else
        cJSON_Delete(required);
    cJSON_AddBoolToObject(o, "additionalProperties", 0);
    merge(o, spec->schema_extra);
    return o;
}

/* overlay: "type" picks the spec; each branch closes its own keys. */
static cJSON *overlay_schema(void)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "type", "object");
    cJSON *req = cJSON_AddArrayToObject(o, "required");
    cJSON_AddItemToArray(req, cJSON_CreateString("type"));
    cJSON *props = cJSON_AddObjectToObject(o, "properties");
    cJSON_AddItemToObject(props, "type", choices_schema(vf_layer_type_names));
    cJSON *all = cJSON_AddArrayToObject(o, "allOf");
    for (int t = 0; t < VF_LAYER_TYPE_COUNT; t++) {
        cJSON *branch = cJSON_CreateObject();
        cJSON *cond = cJSON_AddObjectToObject(branch, "if");
        cJSON *cprops = cJSON_AddObjectToObject(cond, "properties");
        cJSON *ctype = cJSON_AddObjectToObject(cprops, "type");
        cJSON_AddStringToObject(ctype, "const", vf_layer_type_names[t]);
        cJSON_AddItemToObject(branch, "then", object_schema(&vf_overlay_specs[t]));
        cJSON_AddItemToArray(all, branch);
    }
    return o;
}

static cJSON *defs(void)
{
    cJSON *d = cJSON_CreateObject();
    cJSON *var = cJSON_AddObjectToObject(d, "variable");
    cJSON_AddStringToObject(var, "type", "string");
    cJSON_AddStringToObject(var, "pattern", "\\{\\{[^}]+\\}\\}");
    cJSON_AddStringToObject(var, "description",
                            "A value taken from a {{variable}}, checked after substitution.");
    cJSON *color = cJSON_AddObjectToObject(d, "color");
    cJSON *forms = cJSON_AddArrayToObject(color, "anyOf");
    cJSON *hex = cJSON_CreateObject(), *named = cJSON_CreateObject();
    cJSON_AddStringToObject(hex, "type", "string");
    cJSON_AddStringToObject(hex, "pattern", "^#([0-9A-Fa-f]{3,4}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$");
    cJSON *names = cJSON_AddArrayToObject(named, "enum");
    for (int i = 0; vf_color_name(i); i++)
        cJSON_AddItemToArray(names, cJSON_CreateString(vf_color_name(i)));
    cJSON_AddItemToArray(forms, hex);
    cJSON_AddItemToArray(forms, named);
    cJSON_AddItemToObject(d, "overlay", overlay_schema());
    cJSON_AddItemToObject(d, "audio_track", object_schema(&vf_audio_track_spec));
    cJSON_AddItemToObject(d, "clip", object_schema(&vf_clip_spec));
    cJSON_AddItemToObject(d, "output", object_schema(&vf_output_object_spec));
    return d;
}

char *vf_schema_json(void)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "$schema", "https://json-schema.org/draft/2020-12/schema");
    cJSON_AddStringToObject(root, "$id", "https://vidforge.dev/schema/template-1.json");
    cJSON_AddStringToObject(root, "title", "vidforge template 1.x");
    cJSON_AddStringToObject(root, "description",
                            "A vidforge video template. Generated from vidforge's key tables "
                            "(vidforge schema); do not edit by hand.");
    cJSON *body = object_schema(&vf_root_spec);
    for (cJSON *m = body->child; m; m = m->next)
        cJSON_AddItemToObject(root, m->string, cJSON_Duplicate(m, 1));
    cJSON_Delete(body);
    cJSON_AddItemToObject(root, "$defs", defs());
    char *out = cJSON_Print(root);
    cJSON_Delete(root);
    return out;
}
