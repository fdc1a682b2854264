/* EBU R128 measurement (libebur128) of 48 kHz interleaved float stereo, and
 * of a whole file's audio. */
#ifndef VF_AUDIO_LOUDNESS_H
#define VF_AUDIO_LOUDNESS_H

#include <stddef.h>

typedef struct VfLoudness {
    double integrated;   /* LUFS; -HUGE_VAL for silence */
    double range;        /* LRA, LU */
    double true_peak;    /* dBTP (4x oversampled, libebur128); -HUGE_VAL for silence */
    double sample_peak;  /* dBFS */
} VfLoudness;

typedef struct VfLoudnessMeter VfLoudnessMeter;

/* full: also loudness range and peaks (costs more); else integrated only. */
int vf_loudness_meter_create(VfLoudnessMeter **out, int full);
int vf_loudness_meter_add(VfLoudnessMeter *m, const float *frames, size_t n);
void vf_loudness_meter_result(const VfLoudnessMeter *m, VfLoudness *out);
void vf_loudness_meter_free(VfLoudnessMeter **m);

/* Measures the default audio stream of path (resampled to 48 kHz stereo).
 * Returns 0, or VF_ERR_ASSET naming the file (missing, no audio, corrupt). */
int vf_loudness_measure_file(const char *path, double network_seconds, VfLoudness *out);

#endif
