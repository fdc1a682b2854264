/* One audio source as the mixer hears it: a file's (or URL's) default audio
 * stream, decoded, trimmed to [trim_start, trim_end) of its own seconds,
 * played at a tempo (pitch kept) and delivered as 48 kHz interleaved float
 * stereo, sample after sample, from the trim's start. */
#ifndef VF_AUDIO_SOURCE_H
#define VF_AUDIO_SOURCE_H

#include <stdint.h>

#define VF_MIX_RATE 48000

typedef struct VfAudioSource VfAudioSource;

typedef struct VfAudioSourceSetup {
    const char *path;       /* file or URL */
    double origin;          /* timestamp (s) of source second 0; NAN: the stream's start */
    double trim_start;      /* source seconds */
    double trim_end;        /* < 0: the source's end */
    double speed;           /* tempo factor, 0.25..4 */
    double network_seconds; /* a URL's calls may take this long in all (0: no budget) */
} VfAudioSourceSetup;

/* Opens the source and its decoder. Returns 0 and *out (free with
 * vf_audio_source_free), or VF_ERR_ASSET naming the file: missing,
 * unreadable, not media, or "has no audio stream". */
int vf_audio_source_open(VfAudioSource **out, const VfAudioSourceSetup *s);

/* Seconds the source plays at its tempo from the trim's start to its end,
 * from the container's duration; < 0 when unknown. */
double vf_audio_source_length(const VfAudioSource *src);

/* Reads up to n frames (2 floats each) into dst. Returns the frames read
 * (fewer than n only at the end), 0 at the end, or VF_ERR_ASSET (a read or
 * decode failure, naming the file), VF_ERR_INTERRUPTED. */
int vf_audio_source_read(VfAudioSource *src, float *dst, int n);

/* Starts again from the trim's start (for loops). 0 or VF_ERR_ASSET. */
int vf_audio_source_rewind(VfAudioSource *src);

void vf_audio_source_free(VfAudioSource **src);

#endif
