/* Animation math: easing, states per type, and the overlay expressions agree
 * with the C formula (evaluated by FFmpeg's own expression evaluator). */
#include <math.h>
#include <string.h>
#include <libavutil/eval.h>
#include "check.h"
#include "plan/animate.h"

static VfPlanLayer layer(int in_type, int out_type, int easing)
{
    VfPlanLayer l = { .raster_x = 100, .raster_y = 50, .raster = { 200, 80, NULL },
                      .start = 2, .end = 8, .nb_clusters = 10 };
    l.anim[0] = (VfPlanAnim){ in_type, 1.0, easing, 120 };
    l.anim[1] = (VfPlanAnim){ out_type, 2.0, easing, 80 };
    return l;
}

static void test_easing(void)
{
    for (int e = 0; e < VF_EASE_COUNT; e++) {
        CHECK(fabs(vf_ease(e, 0)) < 1e-12 && fabs(vf_ease(e, 1) - 1) < 1e-12, "easing %d ends", e);
        CHECK(fabs(vf_ease(e, -1)) < 1e-12 && fabs(vf_ease(e, 2) - 1) < 1e-12, "easing %d clamps", e);
    }
    CHECK(fabs(vf_ease(VF_EASE_LINEAR, 0.25) - 0.25) < 1e-12, "linear");
    CHECK(fabs(vf_ease(VF_EASE_IN, 0.5) - 0.125) < 1e-12, "ease_in cubic");
    CHECK(fabs(vf_ease(VF_EASE_OUT, 0.5) - 0.875) < 1e-12, "ease_out cubic");
    CHECK(fabs(vf_ease(VF_EASE_IN_OUT, 0.5) - 0.5) < 1e-12, "ease_in_out midpoint");
    CHECK(fabs(vf_ease(VF_EASE_IN_OUT, 0.25) - 0.0625) < 1e-12, "ease_in_out first half");
}

static void test_states(void)
{
    VfAnimState s;
    VfPlanLayer l = layer(VF_ANIM_FADE, VF_ANIM_FADE, VF_EASE_LINEAR);
    vf_anim_state(&l, 2.0, &s);
    CHECK(s.opacity == 0, "fade in starts transparent: %g", s.opacity);
    vf_anim_state(&l, 2.5, &s);
    CHECK(fabs(s.opacity - 0.5) < 1e-9, "fade in midpoint %g", s.opacity);
    vf_anim_state(&l, 4, &s);
    CHECK(s.opacity == 1, "in place between the animations");
    vf_anim_state(&l, 7, &s);
    CHECK(fabs(s.opacity - 0.5) < 1e-9, "fade out midpoint %g", s.opacity);
    vf_anim_state(&l, 8, &s);
    CHECK(s.opacity == 0, "fade out ends at end");

    l = layer(VF_ANIM_SLIDE_UP, VF_ANIM_SLIDE_LEFT, VF_EASE_LINEAR);
    vf_anim_state(&l, 2.0, &s);
    CHECK(s.dy == 120 && s.dx == 0, "slide_up arrives from below: dy %g", s.dy);
    vf_anim_state(&l, 2.5, &s);
    CHECK(fabs(s.dy - 60) < 1e-9 && fabs(s.opacity - 0.5) < 1e-9, "halfway up, half faded");
    vf_anim_state(&l, 7.0, &s);
    CHECK(fabs(s.dx + 40) < 1e-9, "slide_left leaves to the left: dx %g", s.dx);

    l = layer(VF_ANIM_ZOOM, -1, VF_EASE_LINEAR);
    vf_anim_state(&l, 2.0, &s);
    CHECK(fabs(s.scale - 0.6) < 1e-9 && s.opacity == 0, "zoom starts at 0.6");
    vf_anim_state(&l, 2.5, &s);
    CHECK(fabs(s.scale - 0.8) < 1e-9, "zoom midpoint %g", s.scale);

    l = layer(VF_ANIM_WIPE_RIGHT, VF_ANIM_WIPE_LEFT, VF_EASE_LINEAR);
    vf_anim_state(&l, 2.25, &s);
    CHECK(s.reveal_from == 0 && fabs(s.reveal_to - 0.25) < 1e-9, "wipe_right reveals from the left");
    CHECK(s.opacity == 1, "wipes do not fade");
    vf_anim_state(&l, 7.5, &s);
    CHECK(fabs(s.reveal_to - 0.25) < 1e-9, "wipe_left out hides from the right: %g", s.reveal_to);

    l = layer(VF_ANIM_TYPEWRITER, -1, VF_EASE_OUT);
    vf_anim_state(&l, 2.0, &s);
    CHECK_INT(s.chars, 0);
    vf_anim_state(&l, 2.55, &s);
    CHECK_INT(s.chars, 5); /* linear whatever the easing: 10 clusters over 1 s */
    vf_anim_state(&l, 3.0, &s);
    CHECK_INT(s.chars, 10);
}

static void test_expressions(void)
{
    static const char *const names[] = { "t", NULL };
    for (int in = VF_ANIM_SLIDE_UP; in <= VF_ANIM_SLIDE_RIGHT; in++) {
        for (int e = 0; e < VF_EASE_COUNT; e++) {
            int out = VF_ANIM_SLIDE_UP + (in - VF_ANIM_SLIDE_UP + 1) % 4;
            VfPlanLayer l = layer(in, out, e);
            CHECK(vf_anim_moves(&l), "slides move");
            for (int axis = 0; axis < 2; axis++) {
                char expr[2048];
                vf_anim_position_expr(&l, axis, expr, sizeof(expr));
                double worst = 0;
                for (double t = 1.5; t <= 8.5; t += 0.05) {
                    double v;
                    double vals[] = { t };
                    if (av_expr_parse_and_eval(&v, expr, names, vals, NULL, NULL, NULL, NULL,
                                               NULL, 0, NULL) < 0) {
                        worst = 1e9;
                        break;
                    }
                    VfAnimState s;
                    vf_anim_state(&l, t, &s);
                    double want = (axis ? l.raster_y + s.dy : l.raster_x + s.dx);
                    worst = fmax(worst, fabs(v - want));
                }
                CHECK(worst < 1e-6, "in %d out %d easing %d axis %d: off by %g (%s)", in, out, e,
                      axis, worst, expr);
            }
        }
    }
    VfPlanLayer still = layer(VF_ANIM_FADE, -1, VF_EASE_OUT);
    CHECK(!vf_anim_moves(&still), "a fade does not move");
}

int main(void)
{
    test_easing();
    test_states();
    test_expressions();
    return vf_check_summary("animate");
}
