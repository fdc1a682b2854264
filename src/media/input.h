/* The base video: demux and decode its default video and audio streams. */
#ifndef VF_MEDIA_INPUT_H
#define VF_MEDIA_INPUT_H

#include <libavcodec/avcodec.h>
#include <libavutil/frame.h>

typedef struct VfInput VfInput;

/* What the filter graph needs to know about each decoded stream. */
typedef struct VfInputVideo {
    int width, height;              /* as stored (before rotation) */
    enum AVPixelFormat pix_fmt;
    AVRational time_base, sar, frame_rate;
    enum AVColorSpace colorspace;   /* the decoder's view of the stream */
    enum AVColorRange color_range;
    enum AVColorTransferCharacteristic color_trc;
} VfInputVideo;

typedef struct VfInputAudio {
    int present;
    int sample_rate;
    enum AVSampleFormat sample_fmt;
    AVChannelLayout ch_layout;  /* owned by the VfInput */
    AVRational time_base;
} VfInputAudio;

/* Opens path (file or URL) and both decoders. with_audio: decode audio too.
 * start: seconds of the input to skip; timestamps are then relative to it.
 * Returns 0 and *out, or VF_ERR_ASSET naming the file and the problem. */
int vf_input_open(VfInput **out, const char *path, int with_audio, double start,
                  double network_seconds);

const VfInputVideo *vf_input_video(const VfInput *in);
const VfInputAudio *vf_input_audio(const VfInput *in);

/* Decodes the next frame of either stream into frame (which the caller owns
 * and unrefs). *is_audio tells which. Timestamps are shifted so that the
 * video stream's first displayed frame is at 0, in each stream's time base.
 * Returns 0, AVERROR_EOF when both streams are drained, VF_ERR_ASSET on a
 * read or decode failure (a damaged packet too, with its time) or when the
 * video ends before the end its container states (a truncated file; an input
 * shorter than the output by design ends where it says), VF_ERR_INTERRUPTED
 * when asked to stop (signal, vf_input_cancel) and VF_ERR_ASSET naming the URL
 * when a network input used up --limit network_seconds. */
int vf_input_read(VfInput *in, AVFrame *frame, int *is_audio);

/* Repositions so that the next frames decoded lead up to time t (seconds,
 * normalised: 0 is where the output starts; negative reaches further back): seeks to the keyframe at or
 * before t and resets the decoders. Frames before t still come out (the
 * caller's filters drop them). Returns 0 or VF_ERR_ASSET. */
int vf_input_seek(VfInput *in, double t);

/* Frames at or after time t (seconds, as vf_input_seek's) are decoded as
 * usual; before it, video frames that no other frame refers to are skipped
 * by the decoder (they never come out). For a caller that drops everything
 * before a time after a seek. A seek keeps the setting; t <= the first
 * frame's time turns it off. */
void vf_input_skip_before(VfInput *in, double t);

/* Video packets are read past and never decoded (no video frame comes
 * out): for a caller that wants only the audio. */
void vf_input_skip_video(VfInput *in);

/* Makes a read in progress (or the next one) give up with VF_ERR_INTERRUPTED:
 * how another thread stops a decode blocked on a slow network input. */
void vf_input_cancel(VfInput *in);

void vf_input_free(VfInput **in);

#endif
