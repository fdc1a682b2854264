#include "plan/audioplan.h"

#include <libavutil/bprint.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/layout.h"
#include "plan/rasterize.h"
#include "storage/s3url.h"
#include "util/path.h"
#include "vidforge/error.h"

int vf_mix_add_track(VfMixPlan *mix, const VfMixTrack *track)
{
    VfMixTrack *t = realloc(mix->tracks, sizeof(*t) * (size_t)(mix->nb_tracks + 1));
    if (!t)
        return VF_ERR_INTERNAL;
    mix->tracks = t;
    mix->tracks[mix->nb_tracks++] = *track;
    mix->active = 1;
    return 0;
}

/* A source as written: resolved, allowed by the policy, with an audio stream. */
static int check_source(const VfPlanEnv *env, const VfTemplate *t, const char *path, int i)
{
    char ptr[64];
    snprintf(ptr, sizeof(ptr), "/audio/%d/source", i);
    if (vf_path_is_url(path) && !env->policy->network)
        return vf_error_set(VF_ERR_TEMPLATE, "%s: network inputs are turned off (--no-network): "
                            "%s", ptr, path);
    VfPlanCtx pc = { env, NULL };
    int ret = vf_s3_is_url(path) ? vf_policy_check_url(env->policy, path, t->dir, ptr,
                                                       "audio source")
            : vf_path_is_url(path) ? 0 : vf_plan_check_file(&pc, path, t->dir, ptr,
                                                            "audio source");
    VfProbe probe;
    if (ret >= 0)
        ret = vf_probe_file(path, env->policy->limits.network_seconds, &probe);
    if (ret >= 0 && probe.audio < 0)
        ret = vf_error_set(VF_ERR_ASSET, "audio source %s has no audio stream", path);
    return ret;
}

static int add_spec(const VfPlanEnv *env, VfPlan *p, const VfTemplate *t, int i)
{
    const VfAudioTrackSpec *s = &t->audio.tracks[i];
    VfMixTrack m = { .role = s->role, .start = s->start, .trim_start = s->trim_start,
                     .trim_end = s->trim_end, .origin = NAN, .loop = s->loop, .speed = s->speed,
                     .volume = s->volume, .nb_keys = s->nb_keys, .fade_in = s->fade_in,
                     .fade_out = s->fade_out, .fade_in_curve = s->fade_in_curve,
                     .fade_out_curve = s->fade_out_curve };
    char id[32];
    snprintf(id, sizeof(id), "audio-%d", i);
    m.end = s->end < 0 || s->end > p->duration ? p->duration : s->end;
    char *path = vf_path_join(t->dir, s->source);
    m.path = path;
    m.id = strdup(id);
    m.keys = s->nb_keys ? malloc(sizeof(*m.keys) * (size_t)s->nb_keys) : NULL;
    if (!path || !m.id || (s->nb_keys && !m.keys)) {
        free(path), free((char *)m.id), free(m.keys);
        return VF_ERR_INTERNAL;
    }
    if (s->nb_keys)
        memcpy(m.keys, s->keys, sizeof(*m.keys) * (size_t)s->nb_keys);
    int ret = vf_mix_add_track(&p->mix, &m);
    if (ret < 0)
        free(path), free((char *)m.id), free(m.keys);
    return ret < 0 ? ret : check_source(env, t, path, i);
}

/* The base video's own sound as a track, from where its pictures start. */
static int add_base(VfPlan *p, const VfTemplate *t)
{
    VfMixTrack m = { .role = t->audio.base_role, .start = 0, .end = p->duration,
                     .trim_start = p->trim_start, .trim_end = -1, .origin = p->input_start,
                     .speed = 1, .volume = t->audio.base_volume };
    m.path = strdup(p->input);
    m.id = strdup("base");
    int ret = m.path && m.id ? vf_mix_add_track(&p->mix, &m) : VF_ERR_INTERNAL;
    if (ret < 0)
        free((char *)m.path), free((char *)m.id);
    return ret;
}

static int plan_rate(VfPlan *p, const VfTemplate *t)
{
    VfPlanEncoding *pe = &p->encoding;
    pe->audio_sample_rate = t->audio.sample_rate > 0 ? t->audio.sample_rate : 48000;
    pe->audio_channels = t->audio.channels == 1 ? 1 : 2;
    static const int opus_rates[] = { 8000, 12000, 16000, 24000, 48000 };
    int ok = !pe->audio_codec || strcmp(pe->audio_codec, "libopus");
    for (int i = 0; !ok && i < 5; i++)
        ok = pe->audio_sample_rate == opus_rates[i];
    return ok ? 0 : vf_error_set(VF_ERR_TEMPLATE, "/encoding/audio_sample_rate: libopus takes "
                                 "8000, 12000, 16000, 24000 or 48000 Hz, got %d",
                                 pe->audio_sample_rate);
}

int vf_plan_audio(const VfPlanEnv *env, VfPlan *p, const VfTemplate *t)
{
    const VfTemplateAudio *a = &t->audio;
    int ret = plan_rate(p, t);
    int wanted = a->nb_tracks > 0 || a->has_mix || a->base_custom || p->mix.nb_tracks > 0;
    if (ret < 0 || !wanted)
        return ret;
    if (p->input_has_audio) /* kept and encoded: mixed like the others */
        ret = add_base(p, t);
    for (int i = 0; ret >= 0 && i < a->nb_tracks; i++)
        ret = add_spec(env, p, t, i);
    p->mix.ducking = (VfMixDucking){ a->has_ducking, a->duck_under, a->duck_role, a->duck_depth,
                                     a->duck_attack, a->duck_release };
    p->mix.loudness = (VfMixLoudness){ a->has_loudness, a->loudness_target, a->loudness_peak };
    p->mix.active = p->encoding.audio_codec != NULL; /* audio_codec none: nothing to mix */
    p->input_has_audio = p->mix.active;
    return ret;
}

void vf_mix_track_clip(const VfPlan *p, int i, VfClip *c)
{
    const VfMixTrack *m = &p->mix.tracks[i];
    *c = (VfClip){ .id = m->id, .start = m->start, .end = m->end,
                   .first_frame = vf_layout_frame_at(m->start, p->fps_num, p->fps_den),
                   .end_frame = vf_layout_frame_at(m->end, p->fps_num, p->fps_den),
                   .source = { .kind = VF_SOURCE_MEDIA, .path = m->path,
                               .trim_start = m->trim_start, .trim_end = m->trim_end,
                               .loop = m->loop, .speed = m->speed } };
    if (c->end_frame > p->nb_frames)
        c->end_frame = p->nb_frames;
}

void vf_plan_audio_clear(VfMixPlan *mix)
{
    for (int i = 0; i < mix->nb_tracks; i++) {
        free((char *)mix->tracks[i].path);
        free((char *)mix->tracks[i].id);
        free(mix->tracks[i].keys);
    }
    free(mix->tracks);
    mix->tracks = NULL;
    mix->nb_tracks = 0;
}

void vf_mix_describe(AVBPrint *bp, const VfMixPlan *mix)
{
    static const char *const roles[] = { "music", "voice", "effect" };
    if (!mix->active)
        return;
    for (int i = 0; i < mix->nb_tracks; i++) {
        const VfMixTrack *t = &mix->tracks[i];
        av_bprintf(bp, "mix %s (%s): %s, [%.3f, %.3f) s from %.3f s%s, speed %g, %s%g dB, "
                   "fades %g/%g s\n", t->id, roles[t->role], t->path, t->start, t->end,
                   t->trim_start, t->loop ? ", looped" : "", t->speed,
                   t->nb_keys ? "keyframes from " : "", t->nb_keys ? t->keys[0].db : t->volume,
                   t->fade_in, t->fade_out);
    }
    const VfMixDucking *d = &mix->ducking;
    if (d->enabled)
        av_bprintf(bp, "ducking: %s under %s by %g dB, attack %g s, release %g s\n",
                   roles[d->duck], roles[d->under], d->depth, d->attack, d->release);
    if (mix->loudness.enabled)
        av_bprintf(bp, "loudness: %g LUFS, true peak %g dBTP\n", mix->loudness.target,
                   mix->loudness.true_peak);
}
