/* The template format as data: one row per key (name, kind, range, default,
 * where the value lands in the model, documentation). Read by the walker in
 * schema.c and turned into JSON Schema by schema_json.c. */
#ifndef VF_TEMPLATE_KEYS_H
#define VF_TEMPLATE_KEYS_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "template/schema.h"
#include "vidforge/model.h"

typedef enum VfKeyKind {
    KK_STRING,   /* char *; with choices: must be one of them */
    KK_NUMBER,   /* double; a string only when it came from a variable */
    KK_INT,      /* int */
    KK_COLOR,    /* VfColor: #RRGGBB[AA], #RGB[A] or a CSS name */
    KK_ENUM,     /* int: index into choices */
    KK_BITRATE,  /* int64_t bits/s from 5000000, "5M", "192k" */
    KK_DISTANCE, /* double: a number >= 0 or "offscreen" (VF_ANIM_OFFSCREEN) */
    KK_OBJECT,   /* nested object; its keys land in the same struct */
    KK_CUSTOM,   /* read by a function, described by a schema snippet */
    KK_KEYFRAMED, /* double like KK_NUMBER, or a list of keyframes into the
                   * VfKeyframeList at keys_offset (layerkeys.c) */
    KK_BOOL,     /* int 0/1 from true/false (or "true"/"false" from a variable) */
} VfKeyKind;

enum {
    KF_REQUIRED = 1 << 0,
    KF_MIN_EXCL = 1 << 1,
    KF_EVEN = 1 << 2,
    KF_NOSTORE = 1 << 3, /* checked, then dropped (e.g. "$schema") */
    KF_PRESENCE = 1 << 4, /* objects: set the int at offset to 1 when the object is given */
};

typedef int (*VfCustomReader)(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);

struct VfKeySpec;
typedef struct VfObjectSpec {
    const struct VfKeySpec *keys;
    int nb_keys;
    const char *schema_extra;   /* JSON merged into this object's schema (rules across keys) */
} VfObjectSpec;

typedef struct VfKeySpec {
    const char *name;
    VfKeyKind kind;
    size_t offset;              /* where the value lands in the struct being read */
    unsigned flags;
    double min, max;            /* numbers: the range; max INFINITY for none */
    double def;                 /* numbers and enums: the default */
    const char *def_str;        /* colours: the default */
    const char *const *choices; /* enums and restricted strings (NULL-terminated) */
    const char *what;           /* noun for choice errors: "output preset" */
    const VfObjectSpec *object; /* KK_OBJECT */
    VfCustomReader custom;      /* KK_CUSTOM */
    const char *custom_schema;  /* KK_CUSTOM: its JSON Schema */
    const char *pattern;        /* strings: a regular expression for the schema only */
    const char *doc;            /* one sentence for the schema and the docs */
    size_t keys_offset;         /* KK_KEYFRAMED: where its VfKeyframeList lands */
} VfKeySpec;

/* The whole template, read into a VfTemplate. */
extern const VfObjectSpec vf_root_spec;
/* One spec per VfLayerType, read into a VfOverlay. */
extern const VfObjectSpec vf_overlay_specs[VF_LAYER_TYPE_COUNT];
extern const char *const vf_layer_type_names[];
extern const char *const vf_anchor_names[];
extern const char *const vf_anim_names[];
extern const char *const vf_easing_names[];
extern const char *const vf_fit_names[];

/* The custom readers named in the tables (schema.c). */
int vf_schema_read_overlays(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);
int vf_schema_read_variables(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);
int vf_schema_read_gradient_colors(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);
int vf_schema_read_gradient_stops(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);
int vf_schema_read_fallback(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);
int vf_schema_read_padding(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);
int vf_schema_read_output(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);
/* "output": a path (vf_schema_read_output) or vf_output_object_spec's object
 * (output_keys.c); the path's schema, relative, no ".." segment, no URL. */
int vf_schema_read_output_any(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);
extern const VfObjectSpec vf_output_object_spec;
#define VF_OUTPUT_PATH_SCHEMA                                                                  \
    "{\"type\": \"string\", \"minLength\": 1, "                                              \
    "\"pattern\": \"^(?!/)(?!.*://)(?!(.*/)?\\\\.\\\\.(/|$))\"}"

/* The output's keys (output_keys.c): encoding.hls, the names of
 * encoding.gif.palette (indexed by VfGifPalette). */
extern const VfObjectSpec vf_hls_spec;
extern const char *const vf_gif_palette_names[];

/* The sound keys (audio_keys.c): the `audio` list, `mix`, `video.audio`. */
extern const VfObjectSpec vf_audio_track_spec;
extern const VfObjectSpec vf_mix_spec;
extern const char *const vf_audio_role_names[];
extern const char *const vf_fade_curve_names[];
extern const char *const vf_audio_channel_names[];
int vf_schema_read_audio(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);
int vf_schema_read_video_audio(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);
/* Rules across keys of the audio tracks, once the whole template is read. */
int vf_schema_check_audio(VfSchemaCtx *ctx, const VfTemplate *t);
void vf_template_audio_clear(VfTemplateAudio *a);

/* Applies spec's defaults to base, then reads obj (which must be an object)
 * into it: for custom readers of lists of objects. */
int vf_schema_walk(VfSchemaCtx *ctx, const cJSON *obj, const VfObjectSpec *spec, void *base,
                   const char *ptr);
/* Reads v as one of k->choices into *out (k->offset unused). */
int vf_schema_read_enum_at(VfSchemaCtx *ctx, const cJSON *v, const VfKeySpec *k, int *out,
                           const char *ptr);
/* Shapes, keyframes and animated images (layerkeys.c). */
int vf_schema_read_keyframes(VfSchemaCtx *ctx, const cJSON *v, const VfKeySpec *k, void *base,
                             const char *ptr);
int vf_schema_read_fill(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);
int vf_schema_read_loop(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);
/* The schema of a KK_KEYFRAMED key's keyframe list (a cJSON the caller owns). */
cJSON *vf_schema_keyframes_json(const VfKeySpec *k);
extern const char *const vf_keyframe_easing_names[];
/* Keyframes past the end of overlay i's window (when the template knows
 * its end); reported with the key's pointer. */
int vf_schema_check_motion(VfSchemaCtx *ctx, const VfTemplate *t, int i);
extern const char *const vf_shape_names[];
/* Captions (captions_keys.c): the inline cues' reader, the rule that a
 * captions layer has source or cues (reported at ptr), and freeing the cues. */
extern const char *const vf_highlight_names[];
int vf_schema_read_cues(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);
int vf_captions_check_keys(VfSchemaCtx *ctx, const VfOverlay *ov, const char *ptr);
void vf_captions_free_keys(VfOverlay *ov);
/* Applies spec's defaults to base, then reads obj (an object) into it,
 * reporting at ptr: how custom readers read nested objects. */
int vf_schema_read_object(VfSchemaCtx *ctx, const cJSON *obj, const VfObjectSpec *spec,
                          void *base, const char *ptr);

/* Video layers and clip sequences (clips.c): one spec per clip of video.clips,
 * read into a VfSeqClip (model_clips.h). */
extern const VfObjectSpec vf_clip_spec;
int vf_schema_read_clips(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);
int vf_schema_read_layer_loop(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);
int vf_schema_read_layer_audio(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);
int vf_schema_read_clip_audio(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);

#endif
