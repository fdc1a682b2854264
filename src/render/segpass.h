/* One encoding pass of a render with segment reuse (render/reuse.c): the
 * graph started at the first frame of a run of segments (the input sought
 * there, as a preview does), each segment of the run encoded by an encoder of
 * its own from an IDR frame, and, when asked, the whole audio track. Nothing
 * before the run is filtered or encoded: the input is decoded from the
 * keyframe before the run and the rate conversion drops the frames before it
 * (a run past the input's last frame starts 2 s earlier, composited and
 * dropped). Runs on the calling thread; the encoders use their own threads. */
#ifndef VF_RENDER_SEGPASS_H
#define VF_RENDER_SEGPASS_H

#include "media/encoder.h"
#include "render/segstore.h"
#include "vidforge/plan.h"
#include "vidforge/vidforge.h"

typedef struct VfSegPassSetup {
    const VfPlan *plan;
    int first_seg, end_seg;          /* segments [first, end) of plan->timeline (none: equal) */
    VfSegEntry *video;               /* end_seg - first_seg entries, filled as each ends */
    VfSegEntry *audio;               /* NULL, or the audio track to encode (whole) */
    const VfVideoEncoderSetup *enc;  /* how each segment's encoder opens */
    int64_t samples;                 /* audio samples planned */
    /* Called when segment `seg` (a timeline index) is encoded, its entry
     * complete: store it. May be NULL. */
    void (*segment_done)(void *opaque, int seg, const VfSegEntry *e);
    void (*frame_done)(void *opaque); /* after each encoded frame; may be NULL */
    void *opaque;
    /* A chunk: with to > from, only output frames [from, to) of segment
     * first_seg (end_seg = first_seg + 1) are encoded, as one entry whose
     * frames count from `from` (a GOP boundary of the segment, so the chunks
     * of a segment join as its whole encode would). 0, 0: whole segments. */
    int64_t from, to;
    /* May be NULL. The pass takes a slot of it (util/gate.h) just before
     * its first video encoder opens and gives it back when the pass ends:
     * the input's pre-roll is decoded before, beside another pass's
     * encoder, and an audio-only pass never takes one. Not owned. */
    struct VfGate *gate;
} VfSegPassSetup;

/* Runs the pass. times receives decode, composite and encode seconds (added).
 * Returns 0, or VF_ERR_ASSET (input), VF_ERR_OUTPUT (encoder), VF_ERR_INTERRUPTED,
 * VF_ERR_INTERNAL, with a message. */
int vf_seg_pass_run(const VfSegPassSetup *s, VfStageTimes *times);

#endif
