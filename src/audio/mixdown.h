/* The mix as the encoder takes it, in two passes over the audio only:
 *
 *   pass 1 (at create, only with mix.loudness): mix every block, measure its
 *          integrated loudness (EBU R128, libebur128), and measure it again
 *          after the gain to the target and the true-peak limiter, so the
 *          gain of pass 2 also makes up what the limiter takes away;
 *   pass 2 (vf_mixdown_frame, while the video renders): mix again, apply that
 *          gain and the limiter (ceiling: true_peak, minus a margin for the
 *          codec), measure the result (integrated, range, true peak), and
 *          convert it to the encoder's rate, layout and sample format.
 *
 * Memory: a few blocks, whatever the duration. Without mix.loudness the mix
 * is summed as is (no gain, no limiter) and still measured. */
#ifndef VF_AUDIO_MIXDOWN_H
#define VF_AUDIO_MIXDOWN_H

#include <libavutil/frame.h>
#include <libavutil/samplefmt.h>

#include "audio/loudness.h"
#include "vidforge/mix.h"

typedef struct VfMixdown VfMixdown;

typedef struct VfMixdownSetup {
    const VfMixPlan *plan;      /* must outlive the mixdown */
    double duration;            /* output seconds */
    int rate;                   /* encoder's sample rate, Hz */
    int channels;               /* 1 or 2 */
    enum AVSampleFormat fmt;    /* encoder's sample format */
    int frame_size;             /* samples per frame the encoder takes (0: 1024) */
    double network_seconds;     /* for URL sources */
} VfMixdownSetup;

/* What was measured, once every frame was taken. */
typedef struct VfMixdownStats {
    VfLoudness out;             /* the final mix before encoding: integrated only */
    double input_integrated;    /* LUFS of the mix before gain; NAN without loudness */
    double gain_db;             /* applied; 0 without loudness */
    double limiter_db;          /* the deepest the limiter went, dB (0: untouched) */
    double duck_depth;          /* vf_mixer_duck_depth; NAN when ducking is off */
} VfMixdownStats;

/* Opens the sources and runs pass 1. Returns 0 and *out, VF_ERR_ASSET (a
 * source), VF_ERR_INTERRUPTED or VF_ERR_INTERNAL. */
int vf_mixdown_create(VfMixdown **out, const VfMixdownSetup *s);

/* The next frame_size samples (the last frame may be shorter), pts unset:
 * 0, AVERROR_EOF after round(duration * rate) samples, or < 0. frame is
 * unreferenced first. */
int vf_mixdown_frame(VfMixdown *md, AVFrame *frame);

void vf_mixdown_stats(const VfMixdown *md, VfMixdownStats *st);

void vf_mixdown_free(VfMixdown **md);

#endif
