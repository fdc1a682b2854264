/* Opening encoders, with the NVENC -> CPU fallback chosen at run time. */
#ifndef VF_MEDIA_ENCODER_H
#define VF_MEDIA_ENCODER_H

#include <libavcodec/avcodec.h>
#include "vidforge/plan.h"

/* Opens the plan's video encoder for width x height yuv420p at fps. When
 * e->codec does not open (an NVENC encoder without an NVIDIA GPU) and
 * e->fallback is set, opens the fallback with the mapped speed preset and
 * logs one notice naming the encoder and preset chosen.
 * global_header: the muxer wants extradata in the codec context.
 * threads: encoder threads, 0 for one per core.
 * Returns 0 and *out (caller frees with avcodec_free_context), or
 * VF_ERR_OUTPUT with a message. */
int vf_encoder_open_video(AVCodecContext **out, const VfPlanEncoding *e, int width, int height,
                          AVRational fps, int global_header, int threads);

/* Opens the audio encoder: 48 kHz stereo, e->audio_codec at e->audio_bitrate. */
int vf_encoder_open_audio(AVCodecContext **out, const VfPlanEncoding *e, int global_header);

/* The speed preset an open encoder runs with ("default" when none was set). */
const char *vf_encoder_preset(const AVCodecContext *enc);

#endif
