/* One walker that reads any object of the template format described by the
 * tables in keys.c. Adding a key is adding a row there; no per-key code here. */
#include "template/schema.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template/keys.h"
#include "template/locate.h"
#include "template/presets.h"
#include "util/color.h"
#include "vidforge/error.h"

#define PTR_MAX 600

/* ---- reporting ------------------------------------------------------------ */

int vf_schema_report(VfSchemaCtx *ctx, int severity, const char *pointer, int want_key,
                     const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    int line = 0, col = 0;
    if (ctx->text)
        vf_json_locate(ctx->text, ctx->len, pointer, want_key, &line, &col);
    return vf_diag_add(ctx->diags, severity, ctx->file, line, col, pointer, "%s", msg);
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            size_t best = diag + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *vf_did_you_mean(const char *word, const char *const *choices)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (int i = 0; choices[i]; i++) {
        size_t d = edit_distance(word, choices[i]);
        if (d < best_d) {
            best_d = d;
            best = choices[i];
        }
    }
    size_t limit = strlen(word) / 3 + 1;
    if (limit > 3)
        limit = 3;
    return best && best_d <= limit ? best : NULL;
}

void vf_pointer_push(char *buf, size_t n, const char *token)
{
    size_t k = strlen(buf);
    if (k + 1 < n)
        buf[k++] = '/';
    for (const char *p = token; *p && k + 2 < n; p++) {
        if (*p == '~' || *p == '/') {
            buf[k++] = '~';
            buf[k++] = *p == '~' ? '0' : '1';
        } else {
            buf[k++] = *p;
        }
    }
    buf[k < n ? k : n - 1] = '\0';
}

static void describe(const cJSON *v, char *buf, size_t n)
{
    if (cJSON_IsString(v))
        snprintf(buf, n, "\"%.60s\"", v->valuestring);
    else if (cJSON_IsNumber(v))
        snprintf(buf, n, "%.15g", v->valuedouble);
    else if (cJSON_IsBool(v))
        snprintf(buf, n, "%s", cJSON_IsTrue(v) ? "true" : "false");
    else if (cJSON_IsNull(v))
        snprintf(buf, n, "null");
    else if (cJSON_IsArray(v))
        snprintf(buf, n, "an array");
    else
        snprintf(buf, n, "an object");
}

int vf_schema_type_error(VfSchemaCtx *ctx, const char *ptr, const char *expected, const cJSON *v)
{
    char got[96];
    describe(v, got, sizeof(got));
    return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "must be %s, got %s", expected, got);
}

static int choice_error(VfSchemaCtx *ctx, const char *ptr, const VfKeySpec *k, const char *s)
{
    const char *hint = vf_did_you_mean(s, k->choices);
    if (hint)
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0,
                                "unknown %s \"%s\" (did you mean \"%s\"?)", k->what, s, hint);
    char list[512] = "";
    for (int i = 0; k->choices[i]; i++) {
        size_t len = strlen(list);
        snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "", k->choices[i]);
    }
    return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "unknown %s \"%s\" (expected one of: %s)",
                            k->what, s, list);
}

/* ---- value readers ---------------------------------------------------------- */

#define FIELD(base, k, type) ((type *)((char *)(base) + (k)->offset))

/* A number, or a string from a variable that is one number and nothing else. */
int vf_schema_as_number(const cJSON *v, double *out)
{
    if (cJSON_IsNumber(v)) {
        *out = v->valuedouble;
        return 0;
    }
    if (!cJSON_IsString(v) || !(v->type & VF_CJSON_SUBSTITUTED) || !v->valuestring[0] ||
        isspace((unsigned char)v->valuestring[0]))
        return -1;
    char *end;
    double d = strtod(v->valuestring, &end);
    if (*end || !isfinite(d))
        return -1;
    *out = d;
    return 0;
}

static int range_error(VfSchemaCtx *ctx, const char *ptr, const VfKeySpec *k, const char *noun,
                       double d)
{
    const char *lo = k->flags & KF_MIN_EXCL ? "(" : "[";
    if (isinf(k->max))
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "must be %s %s %.15g, got %.15g",
                                noun, k->flags & KF_MIN_EXCL ? ">" : ">=", k->min, d);
    return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "must be %s in %s%.15g, %.15g], got %.15g",
                            noun, lo, k->min, k->max, d);
}

static int in_range(const VfKeySpec *k, double d)
{
    int above_min = k->flags & KF_MIN_EXCL ? d > k->min : d >= k->min;
    return above_min && d <= k->max;
}

static int read_number(VfSchemaCtx *ctx, const cJSON *v, const VfKeySpec *k, void *base,
                       const char *ptr)
{
    double d;
    const char *noun = k->kind == KK_INT ? (k->flags & KF_EVEN ? "an even integer" : "an integer")
                                         : "a number";
    if (vf_schema_as_number(v, &d) < 0)
        return vf_schema_type_error(ctx, ptr, noun, v);
    int bad_int = k->kind == KK_INT && (d != floor(d) || ((k->flags & KF_EVEN) && fmod(d, 2)));
    if (!in_range(k, d) || bad_int)
        return range_error(ctx, ptr, k, noun, d);
    if (k->kind == KK_INT)
        *FIELD(base, k, int) = (int)d;
    else
        *FIELD(base, k, double) = d;
    return 0;
}

/* A number, or "<digits>[.<digits>]<k|M|G>" (either case), as bits/s. */
static int parse_bitrate(const cJSON *v, double *out)
{
    if (vf_schema_as_number(v, out) == 0)
        return 0;
    if (!cJSON_IsString(v))
        return -1;
    const char *p = v->valuestring;
    size_t digits = strspn(p, "0123456789");
    if (!digits)
        return -1;
    const char *suffix = p + digits;
    if (*suffix == '.' && isdigit((unsigned char)suffix[1]))
        suffix += 1 + strspn(suffix + 1, "0123456789");
    static const struct { char suffix; double mul; } units[] = {
        { 'k', 1e3 }, { 'K', 1e3 }, { 'm', 1e6 }, { 'M', 1e6 }, { 'g', 1e9 }, { 'G', 1e9 },
    };
    for (size_t i = 0; suffix[0] && !suffix[1] && i < sizeof(units) / sizeof(units[0]); i++) {
        if (units[i].suffix == suffix[0]) {
            *out = strtod(p, NULL) * units[i].mul;
            return 0;
        }
    }
    return -1;
}

static int read_bitrate(VfSchemaCtx *ctx, const cJSON *v, const VfKeySpec *k, void *base,
                        const char *ptr)
{
    double d;
    if (parse_bitrate(v, &d) < 0)
        return vf_schema_type_error(ctx, ptr, "a bitrate in bits/s or with a k/M/G suffix (\"5M\")", v);
    if (!in_range(k, d))
        return range_error(ctx, ptr, k, "a bitrate (bits/s)", d);
    *FIELD(base, k, int64_t) = (int64_t)llround(d);
    return 0;
}

static int read_distance(VfSchemaCtx *ctx, const cJSON *v, const VfKeySpec *k, void *base,
                         const char *ptr)
{
    double d;
    if (cJSON_IsString(v) && !strcmp(v->valuestring, "offscreen")) {
        *FIELD(base, k, double) = VF_ANIM_OFFSCREEN;
        return 0;
    }
    if (vf_schema_as_number(v, &d) < 0)
        return vf_schema_type_error(ctx, ptr, "a number of pixels or \"offscreen\"", v);
    if (!in_range(k, d))
        return range_error(ctx, ptr, k, "a number of pixels", d);
    *FIELD(base, k, double) = d;
    return 0;
}

static int find_choice(const char *const *choices, const char *s)
{
    for (int i = 0; choices[i]; i++)
        if (!strcmp(choices[i], s))
            return i;
    return -1;
}

/* Offset of the first byte that breaks UTF-8 (overlongs, surrogates and
 * code points past U+10FFFF included), or -1 when s is valid. */
long vf_schema_utf8_invalid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    for (const unsigned char *q = p; *q;) {
        unsigned c = *q;
        int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2
              : (c & 0xF8) == 0xF0 ? 3 : -1;
        unsigned cp = n == 0 ? c : n == 1 ? c & 0x1F : n == 2 ? c & 0x0F : c & 0x07;
        for (int i = 1; n > 0 && i <= n; i++) {
            if ((q[i] & 0xC0) != 0x80)
                return (long)(q - p);
            cp = (cp << 6) | (q[i] & 0x3F);
        }
        static const unsigned min_cp[] = { 0, 0x80, 0x800, 0x10000 };
        if (n < 0 || cp < min_cp[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return (long)(q - p);
        q += n + 1;
    }
    return -1;
}

static int read_string(VfSchemaCtx *ctx, const cJSON *v, const VfKeySpec *k, void *base,
                       const char *ptr)
{
    if (!cJSON_IsString(v))
        return vf_schema_type_error(ctx, ptr, "a string", v);
    long bad = vf_schema_utf8_invalid(v->valuestring);
    if (bad >= 0)
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "not valid UTF-8 (byte 0x%02X at "
                                "offset %ld)", (unsigned char)v->valuestring[bad], bad);
    if (k->choices && find_choice(k->choices, v->valuestring) < 0)
        return choice_error(ctx, ptr, k, v->valuestring);
    if (k->flags & KF_NOSTORE)
        return 0;
    char **field = FIELD(base, k, char *);
    free(*field);
    *field = strdup(v->valuestring);
    return *field ? 0 : VF_ERR_INTERNAL;
}

static int read_enum(VfSchemaCtx *ctx, const cJSON *v, const VfKeySpec *k, void *base,
                     const char *ptr)
{
    if (!cJSON_IsString(v))
        return vf_schema_type_error(ctx, ptr, "a string", v);
    int idx = find_choice(k->choices, v->valuestring);
    if (idx < 0)
        return choice_error(ctx, ptr, k, v->valuestring);
    *FIELD(base, k, int) = idx;
    return 0;
}

static int read_color(VfSchemaCtx *ctx, const cJSON *v, const VfKeySpec *k, void *base,
                      const char *ptr)
{
    if (!cJSON_IsString(v) || vf_color_parse(v->valuestring, FIELD(base, k, VfColor)) < 0)
        return vf_schema_type_error(ctx, ptr, "a colour " VF_COLOR_FORMS, v);
    return 0;
}

static int read_bool(VfSchemaCtx *ctx, const cJSON *v, const VfKeySpec *k, void *base,
                     const char *ptr)
{
    int substituted = cJSON_IsString(v) && (v->type & VF_CJSON_SUBSTITUTED);
    if (cJSON_IsBool(v))
        *FIELD(base, k, int) = cJSON_IsTrue(v);
    else if (substituted && (!strcmp(v->valuestring, "true") || !strcmp(v->valuestring, "false")))
        *FIELD(base, k, int) = v->valuestring[0] == 't';
    else
        return vf_schema_type_error(ctx, ptr, "true or false", v);
    return 0;
}

static int walk_object(VfSchemaCtx *ctx, const cJSON *obj, const VfObjectSpec *spec, void *base,
                       const char *ptr);

static int read_value(VfSchemaCtx *ctx, const cJSON *v, const VfKeySpec *k, void *base,
                      const char *ptr)
{
    switch (k->kind) {
    case KK_STRING: return read_string(ctx, v, k, base, ptr);
    case KK_NUMBER:
    case KK_INT: return read_number(ctx, v, k, base, ptr);
    case KK_COLOR: return read_color(ctx, v, k, base, ptr);
    case KK_ENUM: return read_enum(ctx, v, k, base, ptr);
    case KK_BITRATE: return read_bitrate(ctx, v, k, base, ptr);
    case KK_DISTANCE: return read_distance(ctx, v, k, base, ptr);
    case KK_OBJECT:
        if (!cJSON_IsObject(v))
            return vf_schema_type_error(ctx, ptr, "an object", v);
        if (k->flags & KF_PRESENCE)
            *FIELD(base, k, int) = 1;
        return walk_object(ctx, v, k->object, base, ptr);
    case KK_CUSTOM: return k->custom(ctx, v, base, ptr);
    case KK_KEYFRAMED:
        return cJSON_IsArray(v) ? vf_schema_read_keyframes(ctx, v, k, base, ptr)
                                : read_number(ctx, v, k, base, ptr);
    case KK_BOOL: return read_bool(ctx, v, k, base, ptr);
    }
    return VF_ERR_INTERNAL;
}

/* ---- objects ---------------------------------------------------------------- */

static const VfKeySpec *find_key(const VfObjectSpec *spec, const char *name)
{
    for (int i = 0; i < spec->nb_keys; i++)
        if (!strcmp(spec->keys[i].name, name))
            return &spec->keys[i];
    return NULL;
}

static int unknown_key(VfSchemaCtx *ctx, const VfObjectSpec *spec, const char *name,
                       const char *ptr)
{
    const char *names[64];
    int n = 0;
    for (int i = 0; i < spec->nb_keys && n < 63; i++)
        names[n++] = spec->keys[i].name;
    names[n] = NULL;
    const char *hint = vf_did_you_mean(name, names);
    if (hint)
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 1, "unknown key (did you mean \"%s\"?)",
                                hint);
    return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 1, "unknown key");
}

static int is_duplicate(const cJSON *obj, const cJSON *m)
{
    for (const cJSON *p = obj->child; p && p != m; p = p->next)
        if (!strcmp(p->string, m->string))
            return 1;
    return 0;
}

static int walk_object(VfSchemaCtx *ctx, const cJSON *obj, const VfObjectSpec *spec, void *base,
                       const char *ptr)
{
    int ret = 0;
    for (const cJSON *m = obj->child; m && ret >= 0; m = m->next) {
        char child[PTR_MAX];
        snprintf(child, sizeof(child), "%s", ptr);
        vf_pointer_push(child, sizeof(child), m->string);
        const VfKeySpec *k = find_key(spec, m->string);
        if (is_duplicate(obj, m))
            ret = vf_schema_report(ctx, VF_SEV_ERROR, child, 1, "duplicate key");
        else if (!k)
            ret = unknown_key(ctx, spec, m->string, child);
        else
            ret = read_value(ctx, m, k, base, child);
    }
    for (int i = 0; i < spec->nb_keys && ret >= 0; i++) {
        const VfKeySpec *k = &spec->keys[i];
        if ((k->flags & KF_REQUIRED) && !cJSON_GetObjectItemCaseSensitive(obj, k->name))
            ret = vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "missing required key \"%s\"",
                                   k->name);
    }
    return ret;
}

/* Applies every default of spec (and its nested objects) to base. */
static void apply_defaults(const VfObjectSpec *spec, void *base)
{
    for (int i = 0; i < spec->nb_keys; i++) {
        const VfKeySpec *k = &spec->keys[i];
        switch (k->kind) {
        case KK_NUMBER:
        case KK_KEYFRAMED: *FIELD(base, k, double) = k->def; break;
        case KK_INT:
        case KK_ENUM:
        case KK_BOOL: *FIELD(base, k, int) = (int)k->def; break;
        case KK_BITRATE: *FIELD(base, k, int64_t) = (int64_t)k->def; break;
        case KK_DISTANCE: *FIELD(base, k, double) = k->def; break;
        case KK_COLOR: vf_color_parse(k->def_str, FIELD(base, k, VfColor)); break;
        case KK_OBJECT: apply_defaults(k->object, base); break;
        default: break;
        }
    }
}

/* ---- overlays and variables ------------------------------------------------- */

static int read_overlay(VfSchemaCtx *ctx, const cJSON *v, VfOverlay *ov, const char *ptr)
{
    if (!cJSON_IsObject(v))
        return vf_schema_type_error(ctx, ptr, "an object", v);
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(v, "type");
    ov->type = -1;
    if (!type)
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "missing required key \"type\"");
    char tptr[PTR_MAX + 8];
    snprintf(tptr, sizeof(tptr), "%s/type", ptr);
    const VfKeySpec *tk = find_key(&vf_overlay_specs[VF_LAYER_TEXT], "type");
    int ret = read_enum(ctx, type, tk, ov, tptr);
    if (ret < 0 || ov->type < 0 || ov->type >= VF_LAYER_TYPE_COUNT)
        return ret; /* a bad type was reported by read_enum */
    const VfObjectSpec *spec = &vf_overlay_specs[ov->type];
    int layer_type = ov->type;
    apply_defaults(spec, ov);
    ov->type = layer_type;
    ov->custom_x = ov->custom_y = NAN;
    return walk_object(ctx, v, spec, ov, ptr);
}

/* Position rules that involve two keys. */
static int check_position(VfSchemaCtx *ctx, const cJSON *v, VfOverlay *ov, const char *ptr)
{
    const cJSON *pos = cJSON_GetObjectItemCaseSensitive(v, "position");
    if (!cJSON_IsObject(pos) || !cJSON_GetObjectItemCaseSensitive(pos, "custom"))
        return 0;
    char cptr[PTR_MAX + 20];
    snprintf(cptr, sizeof(cptr), "%s/position/custom", ptr);
    if (cJSON_GetObjectItemCaseSensitive(pos, "preset"))
        return vf_schema_report(ctx, VF_SEV_ERROR, cptr, 1,
                                "cannot be combined with \"preset\": give one or the other");
    ov->anchor = VF_ANCHOR_CUSTOM;
    return 0;
}

int vf_schema_read_overlays(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    VfTemplate *t = base;
    if (!cJSON_IsArray(v))
        return vf_schema_type_error(ctx, ptr, "an array of overlays", v);
    int n = cJSON_GetArraySize(v);
    t->overlays = calloc((size_t)(n ? n : 1), sizeof(*t->overlays));
    if (!t->overlays)
        return VF_ERR_INTERNAL;
    t->nb_overlays = n;
    int i = 0, ret = 0;
    for (const cJSON *e = v->child; e && ret >= 0; e = e->next, i++) {
        char eptr[PTR_MAX];
        snprintf(eptr, sizeof(eptr), "%s/%d", ptr, i);
        VfOverlay *ov = &t->overlays[i];
        ov->index = i;
        ret = read_overlay(ctx, e, ov, eptr);
        if (ret >= 0 && ov->type >= 0)
            ret = check_position(ctx, e, ov, eptr);
    }
    return ret;
}

int vf_schema_read_object(VfSchemaCtx *ctx, const cJSON *obj, const VfObjectSpec *spec,
                          void *base, const char *ptr)
{
    apply_defaults(spec, base);
    if (!cJSON_IsObject(obj))
        return vf_schema_type_error(ctx, ptr, "an object", obj);
    return walk_object(ctx, obj, spec, base, ptr);
}

int vf_schema_read(VfSchemaCtx *ctx, const cJSON *root, VfTemplate *t)
{
    apply_defaults(&vf_root_spec, t);
    t->encoding.crf = -1;
    if (!cJSON_IsObject(root))
        return vf_schema_type_error(ctx, "", "an object", root);
    int before = ctx->diags->count;
    int ret = walk_object(ctx, root, &vf_root_spec, t, "");
    return ret < 0 || ctx->diags->count != before ? ret : vf_schema_check_audio(ctx, t);
}

int vf_schema_walk(VfSchemaCtx *ctx, const cJSON *obj, const VfObjectSpec *spec, void *base,
                   const char *ptr)
{
    apply_defaults(spec, base);
    if (!cJSON_IsObject(obj))
        return vf_schema_type_error(ctx, ptr, "an object", obj);
    return walk_object(ctx, obj, spec, base, ptr);
}

int vf_schema_read_enum_at(VfSchemaCtx *ctx, const cJSON *v, const VfKeySpec *k, int *out,
                           const char *ptr)
{
    VfKeySpec at = *k;
    at.offset = 0;
    return read_enum(ctx, v, &at, out, ptr);
}
