/* The mixer: every track of a VfMixPlan decoded (source.h), placed on the
 * output timeline to the sample, looped, shaped by its volume, fades and the
 * ducking envelope, and summed into 48 kHz interleaved float stereo, block
 * by block (nothing is held but one block per track).
 *
 * Ducking is an exact envelope, not a compressor: the windows where each
 * `under` track sounds are known from the plan (start, end, the source's
 * length when it does not loop), so `duck` tracks are lowered by depth dB
 * over those windows, ramping down over `attack` seconds before a window
 * starts and up over `release` seconds after it ends (linear in dB). */
#ifndef VF_AUDIO_MIXER_H
#define VF_AUDIO_MIXER_H

#include <stdint.h>

#include "vidforge/mix.h"

typedef struct VfMixer VfMixer;

/* Opens every track's source (VF_ERR_ASSET naming a missing, corrupt or
 * silent one). duration: the output's seconds; the mix has
 * round(duration * 48000) frames. plan must outlive the mixer. */
int vf_mixer_create(VfMixer **out, const VfMixPlan *plan, double duration,
                    double network_seconds);

/* Frames in the whole mix. */
int64_t vf_mixer_length(const VfMixer *m);

/* Mixes the next n frames (2 floats each) into dst. Returns the frames
 * written (fewer than n only at the mix's end, 0 after it) or a negative code
 * (VF_ERR_ASSET on a source's read failure, VF_ERR_INTERRUPTED). */
int vf_mixer_read(VfMixer *m, float *dst, int n);

/* How much lower the ducked tracks sounded while fully ducked than where no
 * ducking touched them, dB (mean power, as mixed so far); NAN when ducking is
 * off or either span was silent. */
double vf_mixer_duck_depth(const VfMixer *m);

void vf_mixer_free(VfMixer **m);

#endif
