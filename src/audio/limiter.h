/* A look-ahead true-peak limiter for 48 kHz interleaved float stereo.
 *
 * Each sample's peak is estimated from the sample and the three points a 4x
 * oversampling (windowed sinc, 16 taps a phase) puts between it and the
 * next. The gain a sample needs (ceiling / peak, at most 1) is held as a
 * minimum over the next `lookahead` samples, may rise again by a 50 ms
 * release, and is averaged over the last `lookahead` samples: every gain in
 * that average is at most the sample's own need, so the ceiling holds for
 * each estimated peak, and the gain moves in ramps of 5 ms, never steps.
 * Output lags input by vf_limiter_latency() frames. */
#ifndef VF_AUDIO_LIMITER_H
#define VF_AUDIO_LIMITER_H

typedef struct VfLimiter VfLimiter;

/* ceiling_db: dBTP the output's estimated true peak stays at or below.
 * Returns 0 and *out, or VF_ERR_INTERNAL. */
int vf_limiter_create(VfLimiter **out, double ceiling_db);

/* Frames between a frame going in and the same frame coming out. */
int vf_limiter_latency(const VfLimiter *l);

/* Takes n frames from in, writes n frames to out (the frames that went in
 * vf_limiter_latency() frames earlier; zeros before the first). in and out
 * may be the same buffer. */
void vf_limiter_process(VfLimiter *l, const float *in, float *out, int n);

/* The smallest gain applied so far, dB (0: never limited). */
double vf_limiter_min_gain_db(const VfLimiter *l);

void vf_limiter_free(VfLimiter **l);

#endif
