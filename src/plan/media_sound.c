/* The sound of video layers and sequence clips as mixer tracks (mix.h): a
 * clip's audio fades in over the transition into it and out over the one
 * out of it, so two clips' sounds crossfade exactly where their pictures do. */
#include "plan/media.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/audioplan.h"
#include "vidforge/error.h"

static double frames_to_seconds(const VfPlan *p, int64_t n)
{
    return (double)n * p->fps_den / p->fps_num;
}

static int add_sound(VfPlan *p, const VfPlanMedia *m, const VfPlanMedia *prev)
{
    double end = m->end < p->duration ? m->end : p->duration;
    if (!m->audio || !m->path || !(end > m->start))
        return 0;
    VfMixTrack t = { .role = VF_ROLE_EFFECT, .start = m->start, .end = end,
                     .trim_start = m->trim_start, .trim_end = m->trim_end, .origin = NAN,
                     .loop = m->loop, .speed = m->speed > 0 ? m->speed : 1,
                     .volume = m->volume_db };
    if (prev && prev->transition >= 0)
        t.fade_in = frames_to_seconds(p, prev->transition_frames);
    if (m->transition >= 0)
        t.fade_out = frames_to_seconds(p, m->transition_frames);
    t.id = strdup(m->id);
    t.path = strdup(m->path);
    int ret = t.id && t.path ? vf_mix_add_track(&p->mix, &t) : VF_ERR_INTERNAL;
    if (ret < 0)
        free((char *)t.id), free((char *)t.path);
    return ret;
}

int vf_plan_media_sound(VfPlan *p)
{
    int ret = 0;
    for (int i = 0; i < p->nb_clips && ret >= 0; i++)
        ret = add_sound(p, &p->clips[i], i ? &p->clips[i - 1] : NULL);
    for (int i = 0; i < p->nb_videos && ret >= 0; i++)
        ret = add_sound(p, &p->videos[i], NULL);
    return ret;
}
