/* The template's sound: the top-level `audio` tracks, the `mix` (ducking,
 * loudness), the base's own audio as a track (`video.audio` as an object)
 * and the audio encoding's rate and channels. Plain data, owned by
 * VfTemplate (VfTemplate.audio).
 *
 * Units: times in seconds (window on the output, trim in the source);
 * volumes and depths in dB; loudness in LUFS, true peak in dBTP. */
#ifndef VIDFORGE_MODEL_AUDIO_H
#define VIDFORGE_MODEL_AUDIO_H

/* Indexed by the names in the template ("music", "voice", "effect"). */
typedef enum VfAudioRole {
    VF_ROLE_MUSIC = 0,
    VF_ROLE_VOICE,
    VF_ROLE_EFFECT,
    VF_ROLE_COUNT
} VfAudioRole;

/* Fade shapes (x: progress 0..1, g: amplitude gain):
 * linear g = x; log g = log10(1 + 9x) (quick rise); exp g = (10^x - 1) / 9
 * (slow rise). A fade out is the mirror image. */
typedef enum VfFadeCurve {
    VF_CURVE_LINEAR = 0,
    VF_CURVE_LOG,
    VF_CURVE_EXP,
    VF_CURVE_COUNT
} VfFadeCurve;

#define VF_AUDIO_MAX_KEYS 64

/* A volume keyframe: dB at `time` seconds from the track's start; linear in
 * dB to the next key. */
typedef struct VfVolumeKey {
    double time;
    double db;
} VfVolumeKey;

typedef struct VfAudioTrackSpec {
    char *source;           /* as written; resolved against the template folder */
    int role;               /* VfAudioRole */
    double start, end;      /* window on the output; end < 0: to the output's end */
    double trim_start;      /* source seconds heard at start */
    double trim_end;        /* source seconds where it stops; < 0: the source's end */
    int loop;               /* repeat the trimmed source to fill the window */
    double speed;           /* tempo (pitch kept): source seconds per output second */
    double volume;          /* dB, when nb_keys == 0 */
    VfVolumeKey keys[VF_AUDIO_MAX_KEYS];
    int nb_keys;
    double fade_in, fade_out;           /* seconds, 0: none */
    int fade_in_curve, fade_out_curve;  /* VfFadeCurve */
} VfAudioTrackSpec;

typedef struct VfTemplateAudio {
    VfAudioTrackSpec *tracks;  /* owned, nb_tracks entries */
    int nb_tracks;
    int has_mix;               /* a `mix` object was given */
    int has_ducking;
    int duck_under, duck_role; /* VfAudioRole: `under` lowers `duck` */
    double duck_depth;         /* dB < 0 */
    double duck_attack, duck_release; /* seconds */
    int has_loudness;
    double loudness_target;    /* LUFS, -70..0 */
    double loudness_peak;      /* dBTP ceiling */
    int base_custom;           /* video.audio was an object */
    double base_volume;        /* dB */
    int base_role;             /* VfAudioRole */
    int sample_rate;           /* encoding.audio_sample_rate; 0: 48000 */
    int channels;              /* encoding.audio_channels: 0 stereo, 1 mono */
} VfTemplateAudio;

#endif
