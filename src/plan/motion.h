/* Keyframes, rotation and animated images on the timeline: the template's
 * keyframe lists become the clips' VfProperty keys (the one copy the render
 * stage reads), and a clip drawn per frame gets its canvas. A pure function
 * of the output frame n gives the pose the layer feed draws and the key that
 * tells when its pixels change. */
#ifndef VF_PLAN_MOTION_H
#define VF_PLAN_MOTION_H

#include <stdint.h>

#include <libavutil/bprint.h>

#include "plan/animate.h"
#include "plan/plan.h"
#include "plan/rasterize.h"
#include "vidforge/plan.h"

/* 1 when overlay ov has keyframes or a rotation (drawn per frame). */
int vf_motion_any(const VfOverlay *ov);

/* The largest value key m of ov takes (its constant when not keyframed). */
double vf_motion_max(const VfOverlay *ov, int m, double constant);

/* Before the timeline: checks every keyframe lies in its layer's window
 * (VF_ERR_TEMPLATE with the pointer), gives shapes with a keyframed size
 * their style, and mixes the motion into each moving layer's content key. */
int vf_motion_prepare(VfPlan *p, const VfTemplate *t);

/* After the timeline: the keyframes onto the clips' properties, and the
 * canvas of every clip drawn per frame. 0 or VF_ERR_INTERNAL. */
int vf_motion_apply(VfPlan *p, const VfTemplate *t);

/* One layer of vf_motion_prepare (video layers, src/plan/media_motion.c):
 * its window check and its motion mixed into l->content_key. */
int vf_motion_prepare_layer(VfPlan *p, VfPlanLayer *l, const VfOverlay *ov);

/* One clip of vf_motion_apply: ov's keyframes onto c's properties (X, Y
 * constant values already l's raster top-left) and c's canvas. 0 or
 * VF_ERR_INTERNAL. */
int vf_motion_apply_clip(const VfPlan *p, VfClip *c, const VfPlanLayer *l, const VfOverlay *ov);

/* Before drawing overlay ov: its animated frames (*seq, image layers) and
 * whether it is drawn per frame (*moving: keyframes, rotation, frames).
 * Errors as vf_plan_image_frames. */
int vf_plan_moving_layer(const VfPlanCtx *pc, const VfTemplate *t, const VfOverlay *ov,
                         VfFrameSeq **seq, int *moving);

/* --dry-run's line for plan layer i when it is drawn per frame. */
void vf_motion_describe(AVBPrint *bp, const VfPlan *p, int layer);

/* The clip that shows plan layer i, or NULL. */
const VfClip *vf_motion_clip_of(const VfPlan *p, int layer);

/* Where and how a clip's picture is at one frame, in output pixels. */
typedef struct VfPose {
    double box_x, box_y, box_w, box_h; /* the layout box, slides included */
    double scale, rotation, opacity;   /* about the box centre; degrees clockwise */
    int frame;                         /* animated images: the frame shown; else 0 */
    VfAnimState anim;                  /* the in/out animation's state */
} VfPose;

void vf_motion_pose(const VfPlan *p, const VfClip *c, const VfPlanLayer *l, int64_t n,
                    VfPose *out);

/* The raster's rectangle around the box centre before scaling and turning:
 * margins left, top, right, bottom (pixels beyond the box). */
void vf_motion_margins(const VfPlanLayer *l, double m[4]);

/* The animated-image frame shown t seconds after the layer's start. */
int vf_motion_seq_frame(const VfFrameSeq *s, double t);

#endif
