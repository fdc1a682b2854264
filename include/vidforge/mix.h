/* The mixer's input: a plain list of tracks plus the mix settings, filled by
 * the plan stage (src/plan/audioplan.c) and read by the audio stage
 * (src/audio/mixer.h). Anything that makes sound on the output timeline (an
 * `audio` entry, the base video's own sound, a video layer's or a clip
 * sequence's sound) is one VfMixTrack: add it with vf_mix_add_track
 * (src/plan/audioplan.h) and the mixer, ducking and loudness take it in.
 *
 * Units: seconds (window on the output, trim in the source), dB, LUFS, dBTP.
 * Strings and keys are owned by the plan. */
#ifndef VIDFORGE_MIX_H
#define VIDFORGE_MIX_H

#include "vidforge/model_audio.h"

typedef struct VfMixTrack {
    const char *id;          /* for messages and --dry-run ("audio-0", "base") */
    const char *path;        /* resolved file path or URL: its default audio stream */
    int role;                /* VfAudioRole */
    double start, end;       /* window on the output, 0 <= start < end <= the plan's duration */
    double trim_start;       /* source seconds heard at `start` */
    double trim_end;         /* source seconds where it stops; < 0: the source's end */
    double origin;           /* source timestamp of source second 0 (the base video: its first
                              * displayed frame; NAN: the stream's own start) */
    int loop;                /* repeat [trim_start, trim_end) to fill the window */
    double speed;            /* tempo, pitch kept (atempo): source seconds per output second */
    double volume;           /* dB, when nb_keys == 0 */
    VfVolumeKey *keys;       /* dB keyframes, time from `start`, ascending; owned by the plan */
    int nb_keys;
    double fade_in, fade_out;          /* seconds, 0: none */
    int fade_in_curve, fade_out_curve; /* VfFadeCurve */
} VfMixTrack;

typedef struct VfMixDucking {
    int enabled;
    int under, duck;         /* VfAudioRole: tracks of `duck` are lowered while `under` sounds */
    double depth;            /* dB < 0 */
    double attack, release;  /* ramp seconds: down before the voice starts, up after it ends */
} VfMixDucking;

typedef struct VfMixLoudness {
    int enabled;
    double target;           /* integrated loudness, LUFS */
    double true_peak;        /* ceiling, dBTP */
} VfMixLoudness;

typedef struct VfMixPlan {
    int active;              /* 1: the output's audio is this mix; 0: the base's audio as is */
    VfMixTrack *tracks;      /* owned */
    int nb_tracks;
    VfMixDucking ducking;
    VfMixLoudness loudness;
} VfMixPlan;

#endif
