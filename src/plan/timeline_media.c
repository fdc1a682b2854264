/* The timeline of plans with clip sequences or video layers: tracks, cuts
 * and segment key text for their MEDIA clips (timeline.c does the rest). */
#include <stdlib.h>
#include <string.h>

#include "plan/timeline.h"
#include "vidforge/error.h"

static void media_clip(const VfPlan *p, const VfPlanMedia *m, VfClip *c)
{
    *c = (VfClip){ .id = m->id, .start = m->start, .end = m->end, .first_frame = m->first_frame,
                   .end_frame = m->end_frame, .fit = m->fit };
    c->anim[0].type = c->anim[1].type = -1;
    if (m->path)
        c->source = (VfSource){ .kind = VF_SOURCE_MEDIA, .path = m->path,
                                .trim_start = m->trim_start, .trim_end = m->trim_end,
                                .loop = m->loop, .speed = m->speed, .color = p->background,
                                .media = m };
    else
        c->source = (VfSource){ .kind = VF_SOURCE_COLOR, .color = m->color, .speed = 1,
                                .media = m };
    vf_timeline_constant_props(c, m->box_x + m->pic_x, m->box_y + m->pic_y);
    c->props[VF_PROP_OPACITY].value = m->opacity;
}

/* The sound of m as an audio clip: gain, and fades over the transitions
 * into it (fade_in) and out of it (fade_out). */
static void audio_clip(const VfPlan *p, const VfPlanMedia *m, const VfPlanMedia *prev,
                       VfClip *c)
{
    media_clip(p, m, c);
    c->source.gain_db = m->volume_db;
    if (prev && prev->transition >= 0)
        c->source.fade_in = (double)prev->transition_frames * p->fps_den / p->fps_num;
    if (m->transition >= 0)
        c->source.fade_out = (double)m->transition_frames * p->fps_den / p->fps_num;
}

static VfTrack *add_track(VfTimeline *tl, int kind, int nb_clips)
{
    VfTrack *t = &tl->tracks[tl->nb_tracks];
    if (!(t->clips = calloc((size_t)(nb_clips ? nb_clips : 1), sizeof(*t->clips))))
        return NULL;
    tl->nb_tracks++;
    t->kind = kind;
    t->nb_clips = nb_clips;
    return t;
}

static int video_tracks(VfPlan *p)
{
    VfTimeline *tl = &p->timeline;
    VfTrack *t = add_track(tl, VF_TRACK_VIDEO, p->nb_clips ? p->nb_clips : 1);
    if (!t)
        return VF_ERR_INTERNAL;
    if (!p->nb_clips)
        vf_timeline_base_clip(p, t->clips);
    for (int i = 0; i < p->nb_clips; i++)
        media_clip(p, &p->clips[i], &t->clips[i]);
    /* overlays in template order: raster layers and video layers merged */
    for (int l = 0, v = 0; l < p->nb_layers || v < p->nb_videos;) {
        int raster = v >= p->nb_videos ||
                     (l < p->nb_layers && p->layers[l].index < p->videos[v].index);
        if (!(t = add_track(tl, VF_TRACK_VIDEO, 1)))
            return VF_ERR_INTERNAL;
        if (raster)
            vf_timeline_layer_clip(p, l++, t->clips);
        else
            media_clip(p, &p->videos[v++], t->clips);
    }
    return 0;
}

static int audio_tracks(VfPlan *p)
{
    VfTimeline *tl = &p->timeline;
    VfTrack *t;
    if (p->input && p->input_has_audio) { /* the base's own sound (a sequence has none) */
        if (!(t = add_track(tl, VF_TRACK_AUDIO, 1)))
            return VF_ERR_INTERNAL;
        vf_timeline_base_clip(p, t->clips);
        t->clips->id = "audio";
    }
    int n = 0;
    for (int i = 0; i < p->nb_clips; i++)
        n += p->clips[i].audio;
    if (n && !(t = add_track(tl, VF_TRACK_AUDIO, n)))
        return VF_ERR_INTERNAL;
    for (int i = 0, k = 0; n && i < p->nb_clips; i++)
        if (p->clips[i].audio)
            audio_clip(p, &p->clips[i], i ? &p->clips[i - 1] : NULL, &t->clips[k++]);
    for (int i = 0; i < p->nb_videos; i++) {
        if (!p->videos[i].audio)
            continue;
        if (!(t = add_track(tl, VF_TRACK_AUDIO, 1)))
            return VF_ERR_INTERNAL;
        audio_clip(p, &p->videos[i], NULL, t->clips);
    }
    return 0;
}

int vf_timeline_media_tracks(VfPlan *p)
{
    int n = 1 + p->nb_layers + p->nb_videos + 2 + p->nb_videos;
    if (!(p->timeline.tracks = calloc((size_t)n, sizeof(*p->timeline.tracks))))
        return VF_ERR_INTERNAL;
    int ret = video_tracks(p);
    return ret < 0 ? ret : audio_tracks(p);
}

int vf_timeline_media_cuts(const VfPlan *p, int64_t *cuts)
{
    int n = 0;
    for (int i = 0; i < p->nb_clips; i++) {
        const VfPlanMedia *m = &p->clips[i];
        cuts[n++] = m->first_frame;
        cuts[n++] = m->end_frame;
        cuts[n++] = m->end_frame - m->transition_frames; /* the next clip comes in */
    }
    for (int i = 0; i < p->nb_videos; i++) {
        cuts[n++] = p->videos[i].first_frame;
        cuts[n++] = p->videos[i].end_frame;
    }
    return n;
}

static void media_key(const VfPlanMedia *m, const VfSegment *s, VfStrBuf *b)
{
    if (m->end_frame <= s->first_frame || m->first_frame >= s->end_frame)
        return;
    if (m->shadow) { /* its pixels, FNV-1a */
        uint64_t hsh = 1469598103934665603ULL;
        for (size_t i = 0; i < (size_t)m->shadow->width * m->shadow->height * 4; i++)
            hsh = (hsh ^ m->shadow->pixels[i]) * 1099511628211ULL;
        vf_strbuf_appendf(b, "shadow %d %d %dx%d %016llx\n", m->shadow_x, m->shadow_y,
                          m->shadow->width, m->shadow->height, (unsigned long long)hsh);
    }
    vf_strbuf_appendf(b, "media %s trim %.9g %.9g speed %.9g loop %d period %.9g fit %d "
                      "colour %02x%02x%02x box %d %d %d %d pic %d %d %d %d opacity %.9g frames "
                      "%lld %lld transition %d %lld radius %d border %d %02x%02x%02x%02x\n",
                      m->identity, m->trim_start, m->trim_end,
                      m->speed, m->loop, m->period, m->fit, m->color.r, m->color.g, m->color.b,
                      m->box_x, m->box_y, m->box_w, m->box_h, m->pic_x, m->pic_y, m->pic_w,
                      m->pic_h, m->opacity, (long long)(m->first_frame - s->first_frame),
                      (long long)(m->end_frame - s->first_frame), m->transition,
                      (long long)m->transition_frames, m->radius, m->border,
                      m->border_color.r, m->border_color.g, m->border_color.b,
                      m->border_color.a);
    if (m->motion) /* keyframes, rotation, animations (media_motion.c) */
        vf_strbuf_appendf(b, "motion %s\n", m->motion->content_key);
}

void vf_timeline_media_key(const VfPlan *p, const VfSegment *s, VfStrBuf *b)
{
    for (int i = 0; i < p->nb_clips; i++)
        media_key(&p->clips[i], s, b);
    for (int i = 0; i < p->nb_videos; i++)
        media_key(&p->videos[i], s, b);
}
