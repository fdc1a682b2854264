/* Tracks, clips and segments from a planned template. */
#include "plan/timeline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/animate.h"
#include "plan/digest.h"
#include "plan/audioplan.h"
#include "plan/layout.h"
#include "util/strbuf.h"
#include "vidforge/error.h"
#include "vidforge/vidforge.h"

double vf_property_at(const VfProperty *prop, double t)
{
    const VfKeyframe *k = prop->keys;
    int n = prop->nb_keys;
    if (n == 0)
        return prop->value;
    if (t <= k[0].time)
        return k[0].value;
    for (int i = 0; i + 1 < n; i++) {
        if (t < k[i + 1].time) {
            double span = k[i + 1].time - k[i].time;
            double e = span > 0 ? vf_ease(k[i].easing, (t - k[i].time) / span) : 1;
            return k[i].value + (k[i + 1].value - k[i].value) * e;
        }
    }
    return k[n - 1].value;
}

void vf_timeline_constant_props(VfClip *c, double x, double y)
{
    const double values[VF_PROP_COUNT] = { [VF_PROP_X] = x, [VF_PROP_Y] = y,
                                           [VF_PROP_SCALE] = 1, [VF_PROP_OPACITY] = 1 };
    for (int i = 0; i < VF_PROP_COUNT; i++)
        c->props[i] = (VfProperty){ values[i], NULL, 0 };
}

void vf_timeline_base_clip(const VfPlan *p, VfClip *c)
{
    *c = (VfClip){ .id = "base", .start = 0, .end = p->duration, .first_frame = 0,
                   .end_frame = p->nb_frames, .fit = p->fit };
    c->anim[0].type = c->anim[1].type = -1;
    if (p->input)
        c->source = (VfSource){ .kind = VF_SOURCE_MEDIA, .path = p->input,
                                .trim_start = p->trim_start, .trim_end = -1, .speed = 1,
                                .color = p->background };
    else
        c->source = (VfSource){ .kind = VF_SOURCE_COLOR, .color = p->background };
    vf_timeline_constant_props(c, 0, 0);
}

void vf_timeline_layer_clip(const VfPlan *p, int i, VfClip *c)
{
    const VfPlanLayer *l = &p->layers[i];
    *c = (VfClip){ .id = l->id, .start = l->start, .end = l->end, .first_frame = l->first_frame,
                   .end_frame = l->end_frame,
                   .source = { .kind = VF_SOURCE_RASTER, .layer = i, .speed = 1 } };
    memcpy(c->anim, l->anim, sizeof(c->anim));
    vf_timeline_constant_props(c, l->raster_x, l->raster_y);
}

static int add_tracks(VfPlan *p)
{
    VfTimeline *tl = &p->timeline;
    int n = 1 + p->nb_layers + (p->mix.active ? p->mix.nb_tracks : p->input_has_audio ? 1 : 0);
    if (p->nb_clips || p->nb_videos)
        return vf_timeline_media_tracks(p);
    if (!(tl->tracks = calloc((size_t)n, sizeof(*tl->tracks))))
        return VF_ERR_INTERNAL;
    for (int i = 0; i < n; i++) {
        VfTrack *t = &tl->tracks[tl->nb_tracks];
        if (!(t->clips = calloc(1, sizeof(*t->clips))))
            return VF_ERR_INTERNAL;
        tl->nb_tracks++;
        t->nb_clips = 1;
        if (i == 0) {
            vf_timeline_base_clip(p, t->clips);
        } else if (i <= p->nb_layers) {
            vf_timeline_layer_clip(p, i - 1, t->clips);
        } else if (p->mix.active) {
            t->kind = VF_TRACK_AUDIO;
            vf_mix_track_clip(p, i - 1 - p->nb_layers, t->clips);
        } else {
            t->kind = VF_TRACK_AUDIO;
            vf_timeline_base_clip(p, t->clips);
            t->clips->id = "audio";
        }
    }
    return 0;
}

/* ---- segments ------------------------------------------------------------ */

static int cmp_frames(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Frames where a clip appears, disappears or starts or stops moving. */
static int cut_points(const VfPlan *p, int64_t *cuts)
{
    int n = 0;
    cuts[n++] = 0;
    cuts[n++] = p->nb_frames;
    for (int i = 0; i < p->nb_layers; i++) {
        const VfPlanLayer *l = &p->layers[i];
        cuts[n++] = l->first_frame;
        cuts[n++] = l->end_frame;
        if (l->anim[VF_ANIM_IN].type >= 0)
            cuts[n++] = vf_layout_frame_at(l->start + l->anim[VF_ANIM_IN].duration, p->fps_num,
                                           p->fps_den);
        if (l->anim[VF_ANIM_OUT].type >= 0)
            cuts[n++] = vf_layout_frame_at(l->end - l->anim[VF_ANIM_OUT].duration, p->fps_num,
                                           p->fps_den);
    }
    n += vf_timeline_media_cuts(p, cuts + n);
    for (int i = 0; i < n; i++)
        cuts[i] = cuts[i] < 0 ? 0 : cuts[i] > p->nb_frames ? p->nb_frames : cuts[i];
    qsort(cuts, (size_t)n, sizeof(*cuts), cmp_frames);
    int u = 0;
    for (int i = 0; i < n; i++)
        if (!u || cuts[i] != cuts[u - 1])
            cuts[u++] = cuts[i];
    return u;
}

/* Drops cuts that leave a span under min frames: a short span joins the
 * next one, the last short span the one before. */
static int merge_short(int64_t *cuts, int n, int64_t min)
{
    int u = 1;
    for (int i = 1; i < n; i++) {
        if (cuts[i] - cuts[u - 1] < min && i + 1 < n)
            continue;
        cuts[u++] = cuts[i];
    }
    if (u > 2 && cuts[u - 1] - cuts[u - 2] < min) {
        cuts[u - 2] = cuts[u - 1];
        u--;
    }
    return u;
}

static void key_anim(VfStrBuf *b, const VfPlanAnim *a, double from)
{
    if (a->type >= 0)
        vf_strbuf_appendf(b, " anim %d %.9g %d %.9g at %.9g", a->type, a->duration, a->easing,
                          a->distance, from);
}

/* Everything that decides segment s's pictures, as text. */
static void segment_text(const VfPlan *p, const char *input_id, const VfSegment *s, VfStrBuf *b)
{
    const VfPlanEncoding *e = &p->encoding;
    double t0 = (double)s->first_frame * p->fps_den / p->fps_num;
    vf_strbuf_appendf(b, "vidforge %s\nframe %dx%d %d/%d frames %lld\n", vf_version(), p->width,
                      p->height, p->fps_num, p->fps_den,
                      (long long)(s->end_frame - s->first_frame));
    vf_strbuf_appendf(b, "encoder %s %s %s %lld %.9g\n", e->codec, e->fallback ? e->fallback : "-",
                      e->preset ? e->preset : "-", (long long)e->bitrate, e->crf);
    if (input_id)
        vf_strbuf_appendf(b, "input %s from %.9g frame %lld fit %d %.9g %.9g extend %d rot %d\n",
                          input_id, p->trim_start, (long long)s->first_frame, p->fit, p->focus_x,
                          p->focus_y, p->extend, p->rotation);
    vf_strbuf_appendf(b, "background %02x%02x%02x\n", p->background.r, p->background.g,
                      p->background.b);
    for (int i = 0; i < p->nb_layers; i++) {
        const VfPlanLayer *l = &p->layers[i];
        if (l->end_frame <= s->first_frame || l->first_frame >= s->end_frame)
            continue;
        vf_strbuf_appendf(b, "layer %s at %d %d frames %lld %lld", l->content_key, l->raster_x,
                          l->raster_y, (long long)(l->first_frame - s->first_frame),
                          (long long)(l->end_frame - s->first_frame));
        key_anim(b, &l->anim[VF_ANIM_IN], l->start - t0);
        key_anim(b, &l->anim[VF_ANIM_OUT], l->end - t0);
        vf_strbuf_appendf(b, "\n");
    }
    vf_timeline_media_key(p, s, b);
}

static int add_segments(VfPlan *p, const char *input_id)
{
    VfTimeline *tl = &p->timeline;
    int64_t *cuts = malloc(sizeof(*cuts) * (size_t)(2 + 4 * p->nb_layers + 3 * p->nb_clips +
                                                    2 * p->nb_videos));
    if (!cuts)
        return VF_ERR_INTERNAL;
    int64_t second = (p->fps_num + p->fps_den - 1) / p->fps_den;
    int n = merge_short(cuts, cut_points(p, cuts), second);
    tl->segments = calloc((size_t)n, sizeof(*tl->segments));
    int ret = tl->segments ? 0 : VF_ERR_INTERNAL;
    for (int i = 0; ret >= 0 && i + 1 < n; i++) {
        VfSegment *s = &tl->segments[tl->nb_segments++];
        VfStrBuf b = { 0 };
        s->first_frame = cuts[i];
        s->end_frame = cuts[i + 1];
        segment_text(p, input_id, s, &b);
        if (b.oom)
            ret = VF_ERR_INTERNAL;
        else
            vf_digest_bytes(b.data ? b.data : "", b.len, s->key);
        vf_strbuf_discard(&b);
    }
    free(cuts);
    return ret;
}

/* Every mixer track and the mix settings (sources named by path). */
static void key_mix(VfStrBuf *b, const VfMixPlan *m)
{
    if (!m->active)
        return;
    for (int i = 0; i < m->nb_tracks; i++) {
        const VfMixTrack *t = &m->tracks[i];
        vf_strbuf_appendf(b, "track %s role %d %.9g %.9g trim %.9g %.9g %.9g loop %d speed %.9g "
                          "vol %.9g fades %.9g %d %.9g %d", t->path, t->role, t->start, t->end,
                          t->trim_start, t->trim_end, t->origin, t->loop, t->speed, t->volume,
                          t->fade_in, t->fade_in_curve, t->fade_out, t->fade_out_curve);
        for (int k = 0; k < t->nb_keys; k++)
            vf_strbuf_appendf(b, " key %.9g %.9g", t->keys[k].time, t->keys[k].db);
        vf_strbuf_appendf(b, "\n");
    }
    const VfMixDucking *d = &m->ducking;
    const VfMixLoudness *l = &m->loudness;
    vf_strbuf_appendf(b, "ducking %d %d %d %.9g %.9g %.9g loudness %d %.9g %.9g\n", d->enabled,
                      d->under, d->duck, d->depth, d->attack, d->release, l->enabled, l->target,
                      l->true_peak);
}

/* The render's key: the segments' keys, then what decides the audio. */
static int render_key(VfPlan *p, const char *input_id)
{
    const VfPlanEncoding *e = &p->encoding;
    VfStrBuf b = { 0 };
    vf_strbuf_appendf(&b, "vidforge render %s frames %lld\n", vf_version(),
                      (long long)p->nb_frames);
    for (int i = 0; i < p->timeline.nb_segments; i++)
        vf_strbuf_appendf(&b, "segment %s\n", p->timeline.segments[i].key);
    size_t audio_from = b.len; /* what follows decides the audio alone */
    if (p->input_has_audio)
        vf_strbuf_appendf(&b, "audio %s from %.9g codec %s %lld %d %d\n",
                          input_id ? input_id : "-", p->trim_start,
                          e->audio_codec ? e->audio_codec : "-", (long long)e->audio_bitrate,
                          e->audio_sample_rate, e->audio_channels);
    key_mix(&b, &p->mix);
    int ret = b.oom ? VF_ERR_INTERNAL : 0;
    if (ret >= 0)
        vf_digest_bytes(b.data ? b.data : "", b.len, p->timeline.key);
    if (ret >= 0 && p->input_has_audio)
        vf_digest_bytes(b.data + audio_from, b.len - audio_from, p->timeline.audio_key);
    vf_strbuf_discard(&b);
    return ret;
}

int vf_timeline_build(VfPlan *p, const char *input_id)
{
    vf_timeline_clear(&p->timeline);
    int ret = add_tracks(p);
    if (ret >= 0)
        ret = add_segments(p, input_id);
    if (ret >= 0)
        ret = render_key(p, input_id);
    if (ret < 0)
        vf_timeline_clear(&p->timeline);
    return ret;
}

void vf_timeline_clear(VfTimeline *tl)
{
    for (int i = 0; i < tl->nb_tracks; i++) {
        for (int c = 0; c < tl->tracks[i].nb_clips; c++)
            for (int k = 0; k < VF_PROP_COUNT; k++)
                free(tl->tracks[i].clips[c].props[k].keys);
        free(tl->tracks[i].clips);
    }
    free(tl->tracks);
    free(tl->segments);
    memset(tl, 0, sizeof(*tl));
}

int vf_timeline_raster_layers(const VfPlan *p, int *idx, int n)
{
    int k = 0;
    for (int i = 1; i < p->timeline.nb_tracks; i++) {
        const VfTrack *t = &p->timeline.tracks[i];
        for (int c = 0; t->kind == VF_TRACK_VIDEO && c < t->nb_clips; c++)
            if (t->clips[c].source.kind == VF_SOURCE_RASTER && k < n)
                idx[k++] = t->clips[c].source.layer;
    }
    return k;
}
