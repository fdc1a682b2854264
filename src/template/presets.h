/* The tables behind named choices in templates: output presets, codec names
 * and aliases, encoder speed presets. Everything here is static const data. */
#ifndef VF_TEMPLATE_PRESETS_H
#define VF_TEMPLATE_PRESETS_H

#include <stdint.h>

typedef struct VfOutputPreset {
    const char *name;
    int width, height;
    double fps;
    const char *codec;       /* a name from the codec table */
    int64_t bitrate;         /* bits/s, 0 when crf rules */
    double crf;              /* < 0 when bitrate rules */
    int64_t audio_bitrate;   /* bits/s */
    const char *use;         /* one line for `vidforge presets` */
    const char *format;      /* the format an output gets when nothing names one (no -o,
                              * no "output", no encoding.format); NULL: mp4 */
} VfOutputPreset;

typedef struct VfCodecEntry {
    const char *name;        /* as written in a template */
    const char *encoder;     /* FFmpeg encoder tried first */
    const char *fallback;    /* CPU encoder when `encoder` does not open, or NULL */
    const char *family;      /* the codec probed in the output: "h264", "hevc", "vp9", ... */
    const char *pix_fmt;     /* pixels the encoder takes; NULL: yuv420p */
    const char *alpha_pix_fmt; /* pixels with alpha it takes; NULL: it cannot carry alpha */
} VfCodecEntry;

/* encoding.audio_codec: what a template may name and what it means. */
typedef struct VfAudioCodecEntry {
    const char *name;        /* as written in a template */
    const char *encoder;     /* FFmpeg encoder, NULL: the output has no audio */
    const char *family;      /* the codec probed in the output: "aac", "opus" */
    const char *sample_fmt;  /* sample format the encoder takes (it runs at 48 kHz stereo) */
} VfAudioCodecEntry;

typedef struct VfSpeedPreset {
    const char *x26x;        /* libx264/libx265 preset name */
    const char *nvenc;       /* NVENC preset p1..p7 */
} VfSpeedPreset;

extern const VfOutputPreset vf_output_presets[];
extern const int vf_nb_output_presets;
extern const VfCodecEntry vf_codecs[];
extern const int vf_nb_codecs;
extern const VfSpeedPreset vf_speed_presets[];
extern const int vf_nb_speed_presets;
extern const VfAudioCodecEntry vf_audio_codec_table[];
extern const int vf_nb_audio_codecs;

/* NULL-terminated name lists, for enum validation and "did you mean". */
extern const char *const vf_output_preset_names[];
extern const char *const vf_codec_names[];
extern const char *const vf_speed_preset_names[];
extern const char *const vf_audio_codecs[];
extern const char *const vf_output_format_names[];
extern const char *const vf_gif_dither_names[];

const VfOutputPreset *vf_output_preset_find(const char *name);
const VfCodecEntry *vf_codec_find(const char *name);
const VfAudioCodecEntry *vf_audio_codec_find(const char *name);

/* The speed preset name `encoder` understands for a template's `preset`
 * (x264 name or p1..p7), or NULL when preset is NULL or unknown. */
const char *vf_speed_preset_for(const char *preset, int nvenc);

/* 1 when encoder is an NVENC encoder name. */
int vf_encoder_is_nvenc(const char *encoder);

#endif
