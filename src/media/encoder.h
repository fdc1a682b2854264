/* Opening encoders, with the NVENC -> CPU fallback chosen at run time. */
#ifndef VF_MEDIA_ENCODER_H
#define VF_MEDIA_ENCODER_H

#include <libavcodec/avcodec.h>

#include "vidforge/plan.h"

/* What the video encoder is opened for. */
typedef struct VfVideoEncoderSetup {
    const VfPlanEncoding *encoding;
    int width, height;         /* pixels; the frames are yuv420p BT.709 limited */
    AVRational fps;
    int global_header;         /* the muxer wants extradata in the codec context */
    int threads;               /* encoder threads, 0: the encoder's choice for this machine */
    int quality_stats;         /* ask the encoder to measure PSNR (and SSIM where it can) */
    /* Segments (render/segpass.c): a keyframe exactly every gop_size frames
     * from the first (no scene cuts, closed GOPs) and, for libx264, these
     * options ("stitchable=1:..."), so separately encoded parts join. 0/NULL:
     * as for a whole render. */
    int fixed_gop;
    const char *x264_params;
    /* Two-pass: 1 gathers statistics (stats_out), 2 encodes with stats_in
     * (pass 1's text, owned by the caller until the encoder is closed);
     * 0: one pass. */
    int pass;
    const char *stats_in;
} VfVideoEncoderSetup;

/* Frames from one keyframe to the next in every video encoder opened here
 * (2 s); with fixed_gop, keyframes fall exactly on multiples of it. */
int vf_encoder_gop_frames(AVRational fps);

/* Opens the plan's video encoder. When encoding->codec does not open (an
 * NVENC encoder without an NVIDIA GPU) and encoding->fallback is set, opens
 * the fallback with the mapped speed preset and logs one notice naming the
 * encoder and preset chosen. reason (reason_len bytes) receives one sentence
 * saying why this encoder runs.
 * Returns 0 and *out (caller frees with vf_encoder_close), or VF_ERR_OUTPUT
 * with a message. */
int vf_encoder_open_video(AVCodecContext **out, const VfVideoEncoderSetup *s, char *reason,
                          size_t reason_len);

/* Quality the encoder measured on the frames it was given: accumulated from
 * each packet's statistics (AV_PKT_DATA_QUALITY_STATS, FFmpeg >= 6.1 fills
 * the errors for x264) or read from the summary x264 logs when it closes
 * (FFmpeg 5.1). */
typedef struct VfEncoderQuality {
    double sse[3];             /* summed squared error per plane Y, U, V */
    double samples[3];         /* pixels compared per plane */
    int64_t packets;           /* packets that carried errors */
    double summary_psnr[4];    /* dB: Y, U, V, global, from the closing summary */
    int has_summary_psnr;
    double ssim;               /* mean SSIM of Y from the encoder's summary, NAN: none */
} VfEncoderQuality;

/* 1 when enc reports PSNR to vidforge (libx264 with quality_stats); x265
 * prints its own summary outside FFmpeg's log, NVENC measures nothing. */
int vf_encoder_measures_psnr(const AVCodecContext *enc);

/* Adds pkt's statistics (if any) for an encoder of width x height yuv420p. */
void vf_encoder_quality_add(VfEncoderQuality *q, const AVPacket *pkt, int width, int height);

/* PSNR in dB of plane 0..2, or 3 for all planes weighted by their pixels;
 * NAN when the encoder reported nothing, INFINITY for identical frames. */
double vf_encoder_quality_psnr(const VfEncoderQuality *q, int plane);

/* Gives a YUV frame about to go to video encoder enc the encoder's colour
 * description (range, matrix, primaries, transfer: BT.709 limited), so that
 * encoders that write it per frame (ProRes frame headers) carry it as the
 * container does. RGB and palette frames are left as they are. */
void vf_encoder_tag_frame(const AVCodecContext *enc, AVFrame *f);

/* Frees the encoder; when q is not NULL, its closing summary (x264's PSNR
 * and SSIM) goes to q. */
void vf_encoder_close(AVCodecContext **enc, VfEncoderQuality *q);

/* Opens the audio encoder: e->audio_sample_rate Hz (0: 48000), e->audio_channels
 * (1 mono, else stereo) in e->audio_sample_fmt, e->audio_codec
 * at e->audio_bitrate. */
int vf_encoder_open_audio(AVCodecContext **out, const VfPlanEncoding *e, int global_header);

/* 0 when codec takes rate Hz (or says nothing), else VF_ERR_USAGE naming
 * the rates it takes. */
int vf_encoder_check_sample_rate(const AVCodec *codec, int rate);

/* Checks that the container path's extension names can carry e->audio_codec
 * (Opus: MP4, Matroska, WebM). Returns 0 (also when e has no audio codec or
 * the extension names no container), or VF_ERR_USAGE with a message. */
int vf_encoder_check_audio_container(const char *path, const VfPlanEncoding *e);

/* The speed preset an open encoder runs with ("default" when none was set). */
const char *vf_encoder_preset(const AVCodecContext *enc);

#endif
