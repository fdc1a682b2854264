/* The template model of a clip sequence (video.clips): clips played one
 * after another as the base, with transitions between consecutive clips.
 * Owned by VfTemplate (VfVideo.clips); freed by vf_template_free.
 *
 * Units: seconds (source seconds for trims, output seconds otherwise). */
#ifndef VIDFORGE_MODEL_CLIPS_H
#define VIDFORGE_MODEL_CLIPS_H

#include "vidforge/model.h"

/* Transitions, named in the template as below (libavfilter xfade's names).
 * Indexed like vf_transition_names. */
typedef enum VfTransition {
    VF_TRANSITION_FADE = 0,
    VF_TRANSITION_FADEBLACK,
    VF_TRANSITION_FADEWHITE,
    VF_TRANSITION_DISSOLVE,
    VF_TRANSITION_WIPELEFT,
    VF_TRANSITION_WIPERIGHT,
    VF_TRANSITION_SLIDELEFT,
    VF_TRANSITION_SLIDERIGHT,
    VF_TRANSITION_SLIDEUP,
    VF_TRANSITION_SLIDEDOWN,
    VF_TRANSITION_CIRCLEOPEN,
    VF_TRANSITION_ZOOMIN,
    VF_TRANSITION_COUNT
} VfTransition;

/* What a clip's sound does. */
typedef enum VfClipAudio {
    VF_CLIP_AUDIO_KEEP = 0,   /* the clip's own sound at 0 dB */
    VF_CLIP_AUDIO_MUTE,
    VF_CLIP_AUDIO_VOLUME,     /* the clip's sound at volume_db */
} VfClipAudio;

typedef struct VfSeqClip {
    char *id;             /* as written, or NULL */
    char *input;          /* video or still image, as written; NULL: a colour clip */
    int has_color;        /* a colour clip: color fills the frame */
    VfColor color;
    double trim_start;    /* source seconds where the clip starts */
    double trim_end;      /* source seconds where it stops; < 0: the source's end */
    double duration;      /* seconds on the output; <= 0: the trimmed source's length */
    int fit;              /* VfFit into the output frame */
    int audio;            /* VfClipAudio */
    double volume_db;
    int transition;       /* VfTransition into the next clip, -1: a cut */
    double transition_duration; /* seconds, > 0 with a transition */
} VfSeqClip;

extern const char *const vf_transition_names[];

#endif
