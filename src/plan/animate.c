#include "plan/animate.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static double clamp01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

double vf_ease(int easing, double p)
{
    p = clamp01(p);
    switch (easing) {
    case VF_EASE_IN: return p * p * p;
    case VF_EASE_OUT: return 1 - pow(1 - p, 3);
    case VF_EASE_IN_OUT: return p < 0.5 ? 4 * p * p * p : 1 - pow(-2 * p + 2, 3) / 2;
    case VF_EASE_HOLD: return p < 1 ? 0 : 1;
    default: return p;
    }
}

/* Unit direction a slide moves in: +x right, +y down. */
static void slide_direction(int type, double *ux, double *uy)
{
    *ux = type == VF_ANIM_SLIDE_RIGHT ? 1 : type == VF_ANIM_SLIDE_LEFT ? -1 : 0;
    *uy = type == VF_ANIM_SLIDE_DOWN ? 1 : type == VF_ANIM_SLIDE_UP ? -1 : 0;
}

static int is_slide(int type)
{
    return type >= VF_ANIM_SLIDE_UP && type <= VF_ANIM_SLIDE_RIGHT;
}

/* e for one direction at t (1: in place). */
static double eased(const VfPlanLayer *l, int dir, double t)
{
    const VfPlanAnim *a = &l->anim[dir];
    if (dir == VF_ANIM_IN)
        return vf_ease(a->easing, (t - l->start) / a->duration);
    return 1 - vf_ease(a->easing, 1 - clamp01((l->end - t) / a->duration));
}

static void apply(const VfPlanLayer *l, int dir, double t, VfAnimState *s)
{
    const VfPlanAnim *a = &l->anim[dir];
    double e = eased(l, dir, t), ux, uy;
    switch (a->type) {
    case VF_ANIM_FADE:
        s->opacity *= e;
        break;
    case VF_ANIM_SLIDE_UP:
    case VF_ANIM_SLIDE_DOWN:
    case VF_ANIM_SLIDE_LEFT:
    case VF_ANIM_SLIDE_RIGHT:
        /* in: arrives moving along u, so it starts -u * distance away;
         * out: leaves along u */
        slide_direction(a->type, &ux, &uy);
        s->dx += (dir == VF_ANIM_IN ? -1 : 1) * ux * a->distance * (1 - e);
        s->dy += (dir == VF_ANIM_IN ? -1 : 1) * uy * a->distance * (1 - e);
        s->opacity *= e;
        break;
    case VF_ANIM_ZOOM:
        s->scale *= 0.6 + 0.4 * e;
        s->opacity *= e;
        break;
    case VF_ANIM_WIPE_RIGHT: /* the edge moves right: reveals from the left, hides from the left */
        if (dir == VF_ANIM_IN)
            s->reveal_to = fmin(s->reveal_to, e);
        else
            s->reveal_from = fmax(s->reveal_from, 1 - e);
        break;
    case VF_ANIM_WIPE_LEFT:
        if (dir == VF_ANIM_IN)
            s->reveal_from = fmax(s->reveal_from, 1 - e);
        else
            s->reveal_to = fmin(s->reveal_to, e);
        break;
    case VF_ANIM_TYPEWRITER: { /* an even rate: linear whatever the easing */
        double p = clamp01((t - l->start) / a->duration);
        s->chars = (int)floor(p * l->nb_clusters + 1e-9);
        break;
    }
    default:
        break;
    }
}

void vf_anim_state(const VfPlanLayer *l, double t, VfAnimState *s)
{
    *s = (VfAnimState){ .opacity = 1, .scale = 1, .reveal_from = 0, .reveal_to = 1, .chars = -1 };
    for (int dir = 0; dir < 2; dir++)
        if (l->anim[dir].type >= 0)
            apply(l, dir, t, s);
}

int vf_anim_moves(const VfPlanLayer *l)
{
    return is_slide(l->anim[0].type) || is_slide(l->anim[1].type);
}

/* FFmpeg expression for vf_ease(easing, ld(reg)). */
static void ease_expr(int easing, int reg, char *buf, size_t n)
{
    switch (easing) {
    case VF_EASE_IN: snprintf(buf, n, "pow(ld(%d),3)", reg); break;
    case VF_EASE_OUT: snprintf(buf, n, "(1-pow(1-ld(%d),3))", reg); break;
    case VF_EASE_IN_OUT:
        snprintf(buf, n, "if(lt(ld(%d),0.5),4*pow(ld(%d),3),1-pow(-2*ld(%d)+2,3)/2)", reg, reg,
                 reg);
        break;
    case VF_EASE_HOLD: snprintf(buf, n, "gte(ld(%d),1)", reg); break;
    default: snprintf(buf, n, "ld(%d)", reg); break;
    }
}

/* "+(st(r,progress);k*(1-e))" for one direction's slide along axis. */
static void slide_term(const VfPlanLayer *l, int dir, int axis, char *buf, size_t n)
{
    const VfPlanAnim *a = &l->anim[dir];
    double ux, uy;
    buf[0] = '\0';
    if (!is_slide(a->type))
        return;
    slide_direction(a->type, &ux, &uy);
    double k = (dir == VF_ANIM_IN ? -1 : 1) * (axis ? uy : ux) * a->distance;
    if (k == 0)
        return;
    char ease[128];
    ease_expr(a->easing, dir, ease, sizeof(ease));
    if (dir == VF_ANIM_IN) /* 1 - e_in */
        snprintf(buf, n, "+(st(0,clip((t-%.17g)/%.17g,0,1));%.17g*(1-%s))", l->start,
                 a->duration, k, ease);
    else /* 1 - e_out = E(q_out) */
        snprintf(buf, n, "+(st(1,1-clip((%.17g-t)/%.17g,0,1));%.17g*%s)", l->end, a->duration, k,
                 ease);
}

void vf_anim_position_expr(const VfPlanLayer *l, int axis, char *buf, size_t n)
{
    char in[320], out[320];
    slide_term(l, VF_ANIM_IN, axis, in, sizeof(in));
    slide_term(l, VF_ANIM_OUT, axis, out, sizeof(out));
    snprintf(buf, n, "%d%s%s", axis ? l->raster_y : l->raster_x, in, out);
}
