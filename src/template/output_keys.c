/* The output's own keys beyond the codec: encoding.hls (segment length),
 * encoding.gif.palette's names and encoding.poster (a still written beside
 * the video). Rows as in keys.c; the one reader here checks the poster's
 * path as "output" is checked: inside the template's folder. */
#include "template/keys.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "template/schema.h"
#include "vidforge/error.h"

#define TP(field) offsetof(VfTemplate, field)

const char *const vf_gif_palette_names[] = { "file", "scene", NULL };

static const VfKeySpec hls_keys[] = {
    { .name = "segment", .kind = KK_NUMBER, .offset = TP(outputs.hls.segment), .min = 1,
      .max = 60, .def = 4,
      .doc = "Target segment length in seconds (a keyframe starts each segment)." },
};
const VfObjectSpec vf_hls_spec = { hls_keys, 1, NULL };

/* 1 when a segment of path is "..". */
static int climbs(const char *path)
{
    for (const char *p = path; *p; p += strcspn(p, "/"), p += *p == '/')
        if (!strncmp(p, "..", 2) && (p[2] == '/' || !p[2]))
            return 1;
    return 0;
}

static int still_extension(const char *path)
{
    static const char *const exts[] = { "png", "jpg", "jpeg", "webp" };
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    for (size_t i = 0; dot && i < sizeof(exts) / sizeof(exts[0]); i++)
        if (!strcasecmp(dot + 1, exts[i]))
            return 1;
    return 0;
}

int vf_schema_read_poster_path(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    if (!cJSON_IsString(v) || !v->valuestring[0])
        return vf_schema_type_error(ctx, ptr, "a picture name relative to the template", v);
    const char *s = v->valuestring;
    if (vf_schema_utf8_invalid(s) >= 0)
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "not valid UTF-8");
    if (s[0] == '/' || strstr(s, "://") || climbs(s))
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "poster \"%.300s\" leaves the "
                                "template's folder: name a file inside it (no leading /, no "
                                "\"..\")", s);
    if (!still_extension(s))
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "poster \"%.300s\": name a .png, "
                                ".jpg or .webp picture", s);
    VfTemplate *t = base;
    free(t->outputs.poster.path);
    t->outputs.poster.path = strdup(s);
    return t->outputs.poster.path ? 0 : VF_ERR_INTERNAL;
}

#define POSTER_PATH_SCHEMA                                                                     \
    "{\"type\": \"string\", \"minLength\": 1, "                                              \
    "\"pattern\": \"^(?!/)(?!.*://)(?!(.*/)?\\\\.\\\\.(/|$)).*\\\\.([Pp][Nn][Gg]|[Jj][Pp][Ee]?[Gg]|" \
    "[Ww][Ee][Bb][Pp])$\"}"

static const VfKeySpec poster_keys[] = {
    { .name = "time", .kind = KK_NUMBER, .offset = TP(outputs.poster.time), .flags = KF_REQUIRED,
      .min = 0, .max = 36000, .def = 0,
      .doc = "Seconds from the output's start: the frame the video shows then." },
    { .name = "path", .kind = KK_CUSTOM, .flags = KF_REQUIRED, .custom = vf_schema_read_poster_path,
      .custom_schema = POSTER_PATH_SCHEMA,
      .doc = "The picture, relative to the template's folder: .png, .jpg or .webp." },
};
const VfObjectSpec vf_poster_spec = { poster_keys, 2, NULL };
