/* Which frames a storyboard shows, under a cap the caller chooses. */
#include <math.h>
#include <stdlib.h>

#include "plan/motion.h"
#include "render/mediagraph.h"
#include "render/storyboard.h"
#include "vidforge/error.h"

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static int add(int64_t *all, int nb, int64_t n, const VfPlan *p)
{
    if (n >= 0 && n < p->nb_frames)
        all[nb++] = n;
    return nb;
}

/* Room for every change changes() may list. */
static size_t max_changes(const VfPlan *p)
{
    size_t n = 1 + 5 * (size_t)p->nb_layers + 3 * (size_t)vf_media_source_count(p);
    for (int i = 0; i < p->nb_layers; i++) {
        const VfClip *c = vf_motion_clip_of(p, i);
        for (int k = 0; c && k < VF_PROP_COUNT; k++)
            n += (size_t)c->props[k].nb_keys;
    }
    return n;
}

/* The frames where layer i's keyframes fall (their times on the output). */
static int keyframes(const VfPlan *p, int i, int64_t *all, int nb)
{
    const VfClip *c = vf_motion_clip_of(p, i);
    double fps = (double)p->fps_num / p->fps_den;
    for (int k = 0; c && k < VF_PROP_COUNT; k++)
        for (int j = 0; j < c->props[k].nb_keys; j++)
            nb = add(all, nb, (int64_t)ceil((c->start + c->props[k].keys[j].time) * fps - 1e-6),
                     p);
    return nb;
}

/* Clip boundaries, transitions' midpoints, video layers' windows. */
static int media_changes(const VfPlan *p, int64_t *all, int nb)
{
    for (int i = 0; i < vf_media_source_count(p); i++) {
        const VfPlanMedia *m = vf_media_source(p, i);
        nb = add(all, nb, m->first_frame, p);
        nb = add(all, nb, m->end_frame - 1, p);
        if (m->transition >= 0)
            nb = add(all, nb, m->end_frame - (m->transition_frames + 1) / 2, p);
    }
    return nb;
}

/* The changes: 0, each layer's first and last frame, each animation's middle,
 * each keyframe, each clip boundary and transition. */
static int changes(const VfPlan *p, int64_t *all)
{
    double fps = (double)p->fps_num / p->fps_den;
    int nb = add(all, 0, 0, p);
    for (int i = 0; i < p->nb_layers; i++) {
        const VfPlanLayer *l = &p->layers[i];
        nb = add(all, nb, l->first_frame, p);
        nb = add(all, nb, l->end_frame - 1, p);
        if (l->anim[0].type >= 0)
            nb = add(all, nb, (int64_t)floor((l->start + l->anim[0].duration / 2) * fps), p);
        if (l->anim[1].type >= 0)
            nb = add(all, nb, (int64_t)floor((l->end - l->anim[1].duration / 2) * fps), p);
        nb = keyframes(p, i, all, nb);
    }
    return media_changes(p, all, nb);
}

/* every > 0: as many distinct frames as there are steps, or every frame when
 * a step is shorter than a frame (consecutive steps then never skip one). */
static int64_t every_count(const VfPlan *p, double every)
{
    double fps = (double)p->fps_num / p->fps_den;
    double steps = ceil((p->duration - 1e-9) / every);
    return every * fps < 1 ? p->nb_frames : (int64_t)fmin(steps, (double)p->nb_frames);
}

int vf_storyboard_pick(const VfPlan *p, double every, int max, int64_t *frames, int64_t *wanted)
{
    double fps = (double)p->fps_num / p->fps_den;
    if (every > 0) {
        int nb = 0;
        for (int k = 0; nb < max && k * every < p->duration - 1e-9; k++) {
            int64_t n = (int64_t)floor(k * every * fps + 1e-6);
            if (n < p->nb_frames && (!nb || frames[nb - 1] != n))
                frames[nb++] = n;
        }
        *wanted = every_count(p, every);
        return nb;
    }
    int64_t *all = malloc(sizeof(*all) * max_changes(p));
    if (!all)
        return vf_error_set(VF_ERR_INTERNAL, "out of memory choosing storyboard frames");
    int nb = changes(p, all), out = 0;
    qsort(all, (size_t)nb, sizeof(all[0]), cmp_i64);
    *wanted = 0;
    for (int i = 0; i < nb; i++) {
        if (i && all[i - 1] == all[i])
            continue;
        if (out < max)
            frames[out++] = all[i];
        (*wanted)++;
    }
    free(all);
    return out;
}
