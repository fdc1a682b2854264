/* A captions overlay as one plan layer (vidforge/plan_captions.h): the
 * captions plan's layers folded into a track, or an ASS/SSA file for libass. */
#ifndef VF_PLAN_CAPTIONS_TRACK_H
#define VF_PLAN_CAPTIONS_TRACK_H

#include <libavutil/bprint.h>

#include "vidforge/model.h"
#include "vidforge/plan.h"

/* Moves p->layers[first .. nb_layers) (all of overlay ov's captions) into a
 * new track and puts in their place the one layer that shows it, over the
 * frames they cover, its canvas the part of the frame they can reach. No
 * layer when none is on screen. p->layers must have room for one more.
 * 0 or VF_ERR_INTERNAL (the plan still frees everything). */
int vf_caption_track_fold(VfPlan *p, int first, const VfOverlay *ov);

/* Appends the layer (cropped to what libass draws) for overlay ov drawing
 * the ASS/SSA file at path with libass over [t0, t1) seconds; file_key names its contents (its
 * digest); libass takes fonts from the nb_dirs folders dirs and default_font
 * (may be NULL) for text no font matches (all copied). p->layers must have
 * room for one more. The file's times are shifted by ov's offset.
 * 0 or VF_ERR_INTERNAL. */
int vf_caption_track_ass(VfPlan *p, const VfOverlay *ov, const char *path, const char *file_key,
                         const char *const *dirs, int nb_dirs, const char *default_font,
                         double t0, double t1);

/* --dry-run's lines for a captions layer l (nothing for other layers): its
 * items, indented, as layer lines; or the ASS file and its font folders. */
void vf_caption_track_describe(AVBPrint *bp, const VfPlanLayer *l);

/* Accepts NULL; NULLs the pointer. */
void vf_caption_track_free(VfCaptionTrack **t);

#endif
