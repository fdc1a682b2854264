/* The timeline view of a plan (vidforge/plan.h: tracks, clips, segments),
 * built from the planned base, layers and audio. */
#ifndef VF_PLAN_TIMELINE_H
#define VF_PLAN_TIMELINE_H

#include "vidforge/plan.h"

/* Fills p->timeline from p's base, layers (their content_key set) and audio:
 * video track 0 holds the base clip, track 1 + i layer i's clip, then an
 * audio track when the input's audio is kept; segments cut at every frame
 * where a clip appears, disappears or starts or stops moving, spans under a
 * second merged into the next (the last into the one before). input_id
 * names the input's contents for segment keys (NULL: no input). Returns 0
 * or VF_ERR_INTERNAL (p->timeline is then empty). */
int vf_timeline_build(VfPlan *p, const char *input_id);

/* Frees what vf_timeline_build put in tl; tl is empty afterwards. */
void vf_timeline_clear(VfTimeline *tl);

/* The value of prop at t seconds from its clip's start. */
double vf_property_at(const VfProperty *prop, double t);

/* The clips of video tracks above the base that show a raster, bottom to
 * top: their layer indices into idx (room for n); returns how many. */
int vf_timeline_raster_layers(const VfPlan *p, int *idx, int n);

/* ---- shared with timeline_media.c ---- */
#include "util/strbuf.h"

/* The base clip (input or background) and raster layer i's clip. */
void vf_timeline_base_clip(const VfPlan *p, VfClip *c);
void vf_timeline_layer_clip(const VfPlan *p, int i, VfClip *c);
void vf_timeline_constant_props(VfClip *c, double x, double y);

/* With sequence clips or video layers: every track (the base or the
 * sequence on track 0, raster and video layers above it in template order,
 * then the audio tracks: the input's, the sequence's sound, each video
 * layer's sound). 0 or VF_ERR_INTERNAL. */
int vf_timeline_media_tracks(VfPlan *p);

/* Segment cuts of the clips and video layers into cuts (room for
 * 3 * nb_clips + 2 * nb_videos); returns how many. */
int vf_timeline_media_cuts(const VfPlan *p, int64_t *cuts);

/* What the clips and video layers on screen during s add to its key text. */
void vf_timeline_media_key(const VfPlan *p, const VfSegment *s, VfStrBuf *b);

#endif
