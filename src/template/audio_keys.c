/* The template's sound keys: the `audio` track list, `mix` (ducking and
 * loudness), `video.audio` as keep | mute | {volume, role}. Rows as in
 * keys.c; the readers here only handle the forms a row cannot (a number or
 * a list, a name or an object) and the rules across keys (a fade longer
 * than its track). */
#include "template/keys.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vidforge/error.h"

#define PTR_MAX 600
#define AT(field) offsetof(VfAudioTrackSpec, field)
#define TPA(field) offsetof(VfTemplate, audio.field)

const char *const vf_audio_role_names[] = { "music", "voice", "effect", NULL };
const char *const vf_fade_curve_names[] = { "linear", "log", "exp", NULL };
const char *const vf_audio_channel_names[] = { "stereo", "mono", NULL };

/* ---- one track --------------------------------------------------------------- */

#define FADE_SCHEMA                                                                           \
    "{\"anyOf\": [{\"type\": \"number\", \"minimum\": 0}, {\"type\": \"object\", "           \
    "\"properties\": {\"duration\": {\"type\": \"number\", \"minimum\": 0}, \"curve\": "     \
    "{\"enum\": [\"linear\", \"log\", \"exp\"]}}, \"required\": [\"duration\"], "             \
    "\"additionalProperties\": false}]}"
#define VOLUME_SCHEMA                                                                         \
    "{\"anyOf\": [{\"type\": \"number\", \"minimum\": -100, \"maximum\": 24}, "              \
    "{\"type\": \"array\", \"minItems\": 1, \"maxItems\": 64, \"items\": {\"type\": "        \
    "\"object\", \"properties\": {\"time\": {\"type\": \"number\", \"minimum\": 0}, "        \
    "\"value\": {\"type\": \"number\", \"minimum\": -100, \"maximum\": 24}}, \"required\": " \
    "[\"time\", \"value\"], \"additionalProperties\": false}}]}"

static int read_fade_in(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);
static int read_fade_out(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);
static int read_volume(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);
static int read_loop(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr);

static const VfKeySpec trim_keys[] = {
    { .name = "start", .kind = KK_NUMBER, .offset = AT(trim_start), .min = 0, .max = INFINITY,
      .def = 0, .doc = "Source seconds heard at the track's start." },
    { .name = "end", .kind = KK_NUMBER, .offset = AT(trim_end), .flags = KF_MIN_EXCL, .min = 0,
      .max = INFINITY, .def = -1, .doc = "Source seconds where it stops; default: its end." },
};
static const VfObjectSpec trim_spec = { trim_keys, 2, NULL };

static const VfKeySpec track_keys[] = {
    { .name = "source", .kind = KK_STRING, .offset = AT(source), .flags = KF_REQUIRED,
      .doc = "An audio or video file (its default audio stream), relative to the template." },
    { .name = "role", .kind = KK_ENUM, .offset = AT(role), .choices = vf_audio_role_names,
      .what = "audio role", .def = VF_ROLE_EFFECT,
      .doc = "music, voice or effect: what mix.ducking lowers and listens to." },
    { .name = "start", .kind = KK_NUMBER, .offset = AT(start), .min = 0, .max = INFINITY,
      .def = 0, .doc = "Where the track starts on the output, seconds." },
    { .name = "end", .kind = KK_NUMBER, .offset = AT(end), .flags = KF_MIN_EXCL, .min = 0,
      .max = INFINITY, .def = -1,
      .doc = "Where it stops on the output, seconds; default: the output's end." },
    { .name = "trim", .kind = KK_OBJECT, .object = &trim_spec,
      .doc = "The part of the source played: start and end in source seconds." },
    { .name = "loop", .kind = KK_CUSTOM, .custom = read_loop,
      .custom_schema = "{\"type\": \"boolean\"}",
      .doc = "Repeat the trimmed source to fill the window (10 ms crossfade at each seam)." },
    { .name = "speed", .kind = KK_NUMBER, .offset = AT(speed), .min = 0.25, .max = 4, .def = 1,
      .doc = "Tempo, pitch kept: 2 plays twice as fast." },
    { .name = "volume", .kind = KK_CUSTOM, .custom = read_volume, .custom_schema = VOLUME_SCHEMA,
      .doc = "dB (-6), or keyframes [{\"time\": s from the track's start, \"value\": dB}]." },
    { .name = "fade_in", .kind = KK_CUSTOM, .custom = read_fade_in, .custom_schema = FADE_SCHEMA,
      .doc = "Seconds, or {\"duration\": s, \"curve\": \"linear\" | \"log\" | \"exp\"}." },
    { .name = "fade_out", .kind = KK_CUSTOM, .custom = read_fade_out, .custom_schema = FADE_SCHEMA,
      .doc = "Seconds before the end, or {\"duration\": s, \"curve\": ...}." },
};
const VfObjectSpec vf_audio_track_spec = {
    track_keys, sizeof(track_keys) / sizeof(track_keys[0]), NULL
};

static int read_loop(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    if (!cJSON_IsBool(v))
        return vf_schema_type_error(ctx, ptr, "true or false", v);
    ((VfAudioTrackSpec *)base)->loop = cJSON_IsTrue(v);
    return 0;
}

static int read_fade(VfSchemaCtx *ctx, const cJSON *v, double *secs, int *curve, const char *ptr)
{
    static const VfKeySpec curve_key = { .name = "curve", .kind = KK_ENUM,
                                         .choices = vf_fade_curve_names, .what = "fade curve" };
    const cJSON *d = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, "duration") : v;
    const cJSON *c = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, "curve") : NULL;
    char sub[PTR_MAX + 16];
    for (const cJSON *m = cJSON_IsObject(v) ? v->child : NULL; m; m = m->next)
        if (strcmp(m->string, "duration") && strcmp(m->string, "curve")) {
            snprintf(sub, sizeof(sub), "%s/%s", ptr, m->string);
            return vf_schema_report(ctx, VF_SEV_ERROR, sub, 1, "unknown key");
        }
    snprintf(sub, sizeof(sub), "%s%s", ptr, d == v ? "" : "/duration");
    if (!d || vf_schema_as_number(d, secs) < 0 || *secs < 0 || *secs > 36000)
        return vf_schema_type_error(ctx, sub, "seconds in [0, 36000], or {\"duration\": "
                                    "seconds, \"curve\": \"linear\" | \"log\" | \"exp\"}",
                                    d ? d : v);
    snprintf(sub, sizeof(sub), "%s/curve", ptr);
    *curve = VF_CURVE_LINEAR;
    return c ? vf_schema_read_enum_at(ctx, c, &curve_key, curve, sub) : 0;
}

static int read_fade_in(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    VfAudioTrackSpec *t = base;
    return read_fade(ctx, v, &t->fade_in, &t->fade_in_curve, ptr);
}

static int read_fade_out(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    VfAudioTrackSpec *t = base;
    return read_fade(ctx, v, &t->fade_out, &t->fade_out_curve, ptr);
}

static int read_key(VfSchemaCtx *ctx, const cJSON *k, VfVolumeKey *key, double after,
                    const char *ptr)
{
    const cJSON *time = cJSON_IsObject(k) ? cJSON_GetObjectItemCaseSensitive(k, "time") : NULL;
    const cJSON *value = cJSON_IsObject(k) ? cJSON_GetObjectItemCaseSensitive(k, "value") : NULL;
    int n = cJSON_IsObject(k) ? cJSON_GetArraySize(k) : 0;
    if (!time || !value || n != 2 || vf_schema_as_number(time, &key->time) < 0 ||
        vf_schema_as_number(value, &key->db) < 0)
        return vf_schema_type_error(ctx, ptr, "a keyframe {\"time\": seconds, \"value\": dB}", k);
    char sub[PTR_MAX + 32];
    snprintf(sub, sizeof(sub), "%s/time", ptr);
    if (key->time < after)
        return vf_schema_report(ctx, VF_SEV_ERROR, sub, 0, "must be >= %g (keyframes in time "
                                "order), got %g", after, key->time);
    snprintf(sub, sizeof(sub), "%s/value", ptr);
    if (key->db < -100 || key->db > 24)
        return vf_schema_report(ctx, VF_SEV_ERROR, sub, 0, "must be a number in [-100, 24] "
                                "(dB), got %g", key->db);
    return 0;
}

static int read_volume(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    VfAudioTrackSpec *t = base;
    if (vf_schema_as_number(v, &t->volume) == 0) {
        if (t->volume < -100 || t->volume > 24)
            return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "must be a number in [-100, 24] "
                                    "(dB), got %g", t->volume);
        return 0;
    }
    int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
    if (n < 1 || n > VF_AUDIO_MAX_KEYS)
        return vf_schema_type_error(ctx, ptr, "dB, or a list of 1 to 64 keyframes", v);
    int i = 0, ret = 0;
    for (const cJSON *k = v->child; k && ret >= 0; k = k->next, i++) {
        char sub[PTR_MAX];
        snprintf(sub, sizeof(sub), "%s/%d", ptr, i);
        ret = read_key(ctx, k, &t->keys[i], i ? t->keys[i - 1].time : 0, sub);
        t->nb_keys = i + 1;
    }
    return ret;
}

/* Rules across a track's keys. The window's length is known when end (or
 * the output's duration) is; without a loop the trimmed source bounds it. */
static int check_track(VfSchemaCtx *ctx, const VfTemplate *tp, const VfAudioTrackSpec *t,
                       const char *ptr)
{
    char sub[PTR_MAX + 16];
    double end = t->end >= 0 ? t->end : tp->video.duration > 0 ? tp->video.duration : INFINITY;
    if (t->end >= 0 && t->end <= t->start) {
        snprintf(sub, sizeof(sub), "%s/end", ptr);
        return vf_schema_report(ctx, VF_SEV_ERROR, sub, 0, "must be greater than start (%g), "
                                "got %g", t->start, t->end);
    }
    if (t->trim_end >= 0 && t->trim_end <= t->trim_start) {
        snprintf(sub, sizeof(sub), "%s/trim/end", ptr);
        return vf_schema_report(ctx, VF_SEV_ERROR, sub, 0, "must be greater than trim start "
                                "(%g), got %g", t->trim_start, t->trim_end);
    }
    double len = end - t->start;
    if (!t->loop && t->trim_end >= 0 && (t->trim_end - t->trim_start) / t->speed < len)
        len = (t->trim_end - t->trim_start) / t->speed;
    if (t->fade_in + t->fade_out > len + 1e-9) {
        snprintf(sub, sizeof(sub), "%s/%s", ptr, t->fade_in > 0 ? "fade_in" : "fade_out");
        return vf_schema_report(ctx, VF_SEV_ERROR, sub, 0, "fade_in (%g s) and fade_out (%g s) "
                                "are longer than the track (%g s)", t->fade_in, t->fade_out, len);
    }
    return 0;
}

int vf_schema_read_audio(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    VfTemplate *tp = base;
    int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : -1;
    if (n < 0 || n > 64)
        return vf_schema_type_error(ctx, ptr, "an array of up to 64 audio tracks", v);
    if (!(tp->audio.tracks = calloc((size_t)(n ? n : 1), sizeof(*tp->audio.tracks))))
        return VF_ERR_INTERNAL;
    int i = 0, ret = 0;
    for (const cJSON *e = v->child; e && ret >= 0; e = e->next, i++) {
        char eptr[PTR_MAX];
        snprintf(eptr, sizeof(eptr), "%s/%d", ptr, i);
        VfAudioTrackSpec *t = &tp->audio.tracks[i];
        tp->audio.nb_tracks = i + 1;
        if (!cJSON_IsObject(e)) {
            ret = vf_schema_type_error(ctx, eptr, "an audio track object", e);
            continue;
        }
        ret = vf_schema_walk(ctx, e, &vf_audio_track_spec, t, eptr);
    }
    return ret;
}

/* After the whole template is read (video.duration may come after audio). */
int vf_schema_check_audio(VfSchemaCtx *ctx, const VfTemplate *tp)
{
    int ret = 0;
    for (int i = 0; i < tp->audio.nb_tracks && ret >= 0; i++) {
        char eptr[64];
        snprintf(eptr, sizeof(eptr), "/audio/%d", i);
        ret = check_track(ctx, tp, &tp->audio.tracks[i], eptr);
    }
    return ret;
}

/* ---- the mix ----------------------------------------------------------------- */

static const VfKeySpec ducking_keys[] = {
    { .name = "under", .kind = KK_ENUM, .offset = TPA(duck_under), .choices = vf_audio_role_names,
      .what = "audio role", .def = VF_ROLE_VOICE, .doc = "The role that is listened to (voice)." },
    { .name = "duck", .kind = KK_ENUM, .offset = TPA(duck_role), .choices = vf_audio_role_names,
      .what = "audio role", .def = VF_ROLE_MUSIC, .doc = "The role that is lowered (music)." },
    { .name = "depth", .kind = KK_NUMBER, .offset = TPA(duck_depth), .min = -60, .max = 0,
      .def = -12, .doc = "dB the ducked tracks are lowered by while `under` sounds." },
    { .name = "attack", .kind = KK_NUMBER, .offset = TPA(duck_attack), .min = 0, .max = 10,
      .def = 0.2, .doc = "Seconds of the ramp down, ending where the voice starts." },
    { .name = "release", .kind = KK_NUMBER, .offset = TPA(duck_release), .min = 0, .max = 10,
      .def = 0.6, .doc = "Seconds of the ramp back up, starting where the voice ends." },
};
static const VfObjectSpec ducking_spec = { ducking_keys, 5, NULL };

static const VfKeySpec loudness_keys[] = {
    { .name = "target", .kind = KK_NUMBER, .offset = TPA(loudness_target), .min = -70, .max = 0,
      .def = -14, .doc = "Integrated loudness, LUFS (EBU R128)." },
    { .name = "true_peak", .kind = KK_NUMBER, .offset = TPA(loudness_peak), .min = -9, .max = 0,
      .def = -1, .doc = "Ceiling for the true peak, dBTP." },
};
static const VfObjectSpec loudness_spec = { loudness_keys, 2, NULL };

static const struct { const char *name; double target, peak; } loudness_presets[] = {
    { "social", -14, -1 }, { "broadcast", -23, -1 }, { "podcast", -16, -1 },
};

static int read_loudness(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    VfTemplate *tp = base;
    tp->audio.has_loudness = 1;
    if (cJSON_IsObject(v))
        return vf_schema_walk(ctx, v, &loudness_spec, tp, ptr);
    for (size_t i = 0; cJSON_IsString(v) && i < 3; i++)
        if (!strcmp(v->valuestring, loudness_presets[i].name)) {
            tp->audio.loudness_target = loudness_presets[i].target;
            tp->audio.loudness_peak = loudness_presets[i].peak;
            return 0;
        }
    return vf_schema_type_error(ctx, ptr, "\"social\", \"broadcast\", \"podcast\" or "
                                "{\"target\": LUFS, \"true_peak\": dBTP}", v);
}

#define LOUDNESS_SCHEMA                                                                       \
    "{\"anyOf\": [{\"enum\": [\"social\", \"broadcast\", \"podcast\"]}, {\"type\": "         \
    "\"object\", \"properties\": {\"target\": {\"type\": \"number\", \"minimum\": -70, "     \
    "\"maximum\": 0}, \"true_peak\": {\"type\": \"number\", \"minimum\": -9, \"maximum\": 0}}, " \
    "\"additionalProperties\": false}]}"

static const VfKeySpec mix_keys[] = {
    { .name = "ducking", .kind = KK_OBJECT, .flags = KF_PRESENCE, .offset = TPA(has_ducking),
      .object = &ducking_spec,
      .doc = "Lower one role while another sounds: an exact volume envelope." },
    { .name = "loudness", .kind = KK_CUSTOM, .custom = read_loudness,
      .custom_schema = LOUDNESS_SCHEMA,
      .doc = "social (-14 LUFS), broadcast (-23), podcast (-16), or {target, true_peak}." },
};
const VfObjectSpec vf_mix_spec = { mix_keys, 2, NULL };

/* ---- video.audio ------------------------------------------------------------- */

static const VfKeySpec base_audio_keys[] = {
    { .name = "volume", .kind = KK_NUMBER, .offset = TPA(base_volume), .min = -100, .max = 24,
      .def = 0, .doc = "dB." },
    { .name = "role", .kind = KK_ENUM, .offset = TPA(base_role), .choices = vf_audio_role_names,
      .what = "audio role", .def = VF_ROLE_EFFECT, .doc = "music, voice or effect." },
};
static const VfObjectSpec base_audio_spec = { base_audio_keys, 2, NULL };

int vf_schema_read_video_audio(VfSchemaCtx *ctx, const cJSON *v, void *base, const char *ptr)
{
    VfTemplate *tp = base;
    if (cJSON_IsObject(v)) {
        tp->audio.base_custom = 1;
        tp->video.mute = 0;
        return vf_schema_walk(ctx, v, &base_audio_spec, tp, ptr);
    }
    static const char *const modes[] = { "keep", "mute", NULL };
    static const VfKeySpec mode_key = { .name = "audio", .kind = KK_ENUM, .choices = modes,
                                        .what = "audio mode" };
    if (cJSON_IsString(v))
        return vf_schema_read_enum_at(ctx, v, &mode_key, &tp->video.mute, ptr);
    return vf_schema_type_error(ctx, ptr, "\"keep\", \"mute\" or {\"volume\": dB, \"role\": "
                                "\"music\" | \"voice\" | \"effect\"}", v);
}

void vf_template_audio_clear(VfTemplateAudio *a)
{
    for (int i = 0; a->tracks && i < a->nb_tracks; i++)
        free(a->tracks[i].source);
    free(a->tracks);
    a->tracks = NULL;
    a->nb_tracks = 0;
}
