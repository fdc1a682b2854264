/* The output's own keys beyond the codec: encoding.hls (segment length),
 * encoding.gif.palette's names, and the object form of "output" with its
 * poster. Rows as in keys.c. */
#include "template/keys.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template/locate.h"
#include "vidforge/error.h"

#define TP(field) offsetof(VfTemplate, field)

const char *const vf_gif_palette_names[] = { "file", "scene", NULL };

static const VfKeySpec hls_keys[] = {
    { .name = "segment", .kind = KK_NUMBER, .offset = TP(outputs.hls.segment), .min = 1,
      .max = 60, .def = 4,
      .doc = "Target segment length in seconds (a keyframe starts each segment)." },
};
const VfObjectSpec vf_hls_spec = { hls_keys, 1, NULL };

/* ---- output: a path, or {"file": path, "poster": {"time": s, "file": name}} ---- */

/* "FILE:LINE:COL: POINTER" of ptr (where a later check of the key points). */
static char *where(const VfSchemaCtx *ctx, const char *ptr)
{
    int line = 0, col = 0;
    if (ctx->text)
        vf_json_locate(ctx->text, ctx->len, ptr, 0, &line, &col);
    size_t n = strlen(ctx->file ? ctx->file : "") + strlen(ptr) + 48;
    char *s = malloc(n);
    if (s && line)
        snprintf(s, n, "%s:%d:%d: %s", ctx->file ? ctx->file : "", line, col, ptr);
    else if (s)
        snprintf(s, n, "%s", ptr);
    return s;
}

/* The poster's name, relative to the output's folder and inside it (the
 * render checks symbolic links once the folder is known). */
static int read_poster_file(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    VfTemplate *t = base;
    if (!cJSON_IsString(v) || !v->valuestring[0])
        return vf_schema_type_error(ctx, ptr, "a picture's name relative to the output", v);
    const char *s = v->valuestring;
    if (vf_schema_utf8_invalid(s) >= 0)
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "not valid UTF-8");
    int climbs = 0;
    for (const char *p = s; *p; p += strcspn(p, "/"), p += *p == '/')
        climbs |= !strncmp(p, "..", 2) && (p[2] == '/' || !p[2]);
    if (s[0] == '/' || strstr(s, "://") || climbs)
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "poster \"%.300s\" leaves the "
                                "output's folder: name a file inside it (no leading /, no "
                                "\"..\"); --poster on the command line may point elsewhere", s);
    free(t->outputs.poster.file);
    t->outputs.poster.file = strdup(s);
    return t->outputs.poster.file ? 0 : VF_ERR_INTERNAL;
}

#define POSTER_FILE_SCHEMA                                                                     \
    "{\"type\": \"string\", \"minLength\": 1, "                                              \
    "\"pattern\": \"^(?!/)(?!.*://)(?!(.*/)?\\\\.\\\\.(/|$)).*\\\\.([Pp][Nn][Gg]|[Jj][Pp][Ee]?[Gg]|" \
    "[Ww][Ee][Bb][Pp])$\"}"

static const VfKeySpec poster_keys[] = {
    { .name = "time", .kind = KK_NUMBER, .offset = TP(outputs.poster.time),
      .flags = KF_REQUIRED, .min = 0, .max = INFINITY,
      .doc = "Seconds from the start: the frame the video shows then (before its end)." },
    { .name = "file", .kind = KK_CUSTOM, .custom = read_poster_file,
      .custom_schema = POSTER_FILE_SCHEMA,
      .doc = "The picture (.png, .jpg or .webp), relative to the output's folder; default: "
             "the output's name with .png." },
};
static const VfObjectSpec poster_spec = { poster_keys, 2, NULL };

static const VfKeySpec output_object_keys[] = {
    { .name = "file", .kind = KK_CUSTOM, .custom = vf_schema_read_output,
      .custom_schema = VF_OUTPUT_PATH_SCHEMA,
      .doc = "Default output path when -o is not given: inside the template's folder." },
    { .name = "poster", .kind = KK_OBJECT, .flags = KF_PRESENCE,
      .offset = TP(outputs.poster.given), .object = &poster_spec,
      .doc = "Also write the frame shown at `time` as a picture (--poster overrides it)." },
};
const VfObjectSpec vf_output_object_spec = { output_object_keys, 2, NULL };

int vf_schema_read_output_any(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    if (!cJSON_IsObject(v))
        return vf_schema_read_output(ctx, v, base, ptr);
    VfPosterSettings *p = &((VfTemplate *)base)->outputs.poster;
    int ret = vf_schema_read_object(ctx, v, &vf_output_object_spec, base, ptr);
    char sub[700];
    if (ret >= 0 && p->given) {
        snprintf(sub, sizeof(sub), "%s/poster/time", ptr);
        p->time_at = where(ctx, sub);
        snprintf(sub, sizeof(sub), "%s/poster%s", ptr, p->file ? "/file" : "");
        p->file_at = where(ctx, sub);
        ret = p->time_at && p->file_at ? 0 : VF_ERR_INTERNAL;
    }
    return ret;
}
