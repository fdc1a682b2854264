/* vidforge's library API: render a planned template to a verified file.
 *
 * The stages (template -> plan -> render) are separate calls so a caller can
 * inspect each result; the CLI in src/cli/ is one such caller. */
#ifndef VIDFORGE_VIDFORGE_H
#define VIDFORGE_VIDFORGE_H

#include <stdint.h>
#include "vidforge/plan.h"

typedef struct VfProgress {
    int64_t frame;       /* frames encoded so far */
    int64_t nb_frames;   /* frames planned */
    double elapsed;      /* seconds since the render started */
    double fps;          /* frames encoded per second of wall time */
    double speed;        /* output seconds per wall second (x realtime) */
    double eta;          /* seconds left, estimated; < 0 unknown */
} VfProgress;

struct VfRenderResult;

typedef void (*VfProgressFn)(void *opaque, const VfProgress *p);

typedef struct VfRenderOptions {
    const char *output;        /* final path; the file appears only on success */
    int overwrite;             /* replace an existing file */
    VfProgressFn progress;     /* may be NULL; called after each frame */
    void *progress_opaque;
    int threads;               /* encoder threads; 0: the encoder's choice for this machine */
    int quality_stats;         /* have the encoder measure PSNR/SSIM (costs encode time) */
    double min_psnr;           /* > 0: fail (VF_ERR_OUTPUT, no file) below this PSNR, dB */
    /* May be NULL. Called once the file is finished and verified, with the
     * result so far, just before the file is committed; a negative return
     * (an error set with vf_error_set) abandons the render: no file. */
    int (*before_commit)(void *opaque, const struct VfRenderResult *result);
    void *before_commit_opaque;
} VfRenderOptions;

/* Seconds of work per stage. decode, composite and encode run on their own
 * threads, so the stages overlap and their sum exceeds the wall time. */
typedef struct VfStageTimes {
    double open;               /* opening the input, encoders, graphs, output */
    double decode;             /* demux + decode (decode thread) */
    double composite;          /* filter graphs and layer frames (main thread) */
    double encode;             /* encoders (encode thread) */
    double mux;                /* writing packets, then finishing the file */
    double verify;             /* probing the written file */
    /* CPU seconds used by the decode thread (the decoder is single-threaded
     * on small machines: all of decoding), the calling thread while
     * compositing, and the encode thread (the encoders' own threads are not
     * in it: x264 works on threads of its own) */
    double decode_cpu, composite_cpu, encode_thread_cpu;
} VfStageTimes;

typedef struct VfRenderResult {
    char encoder[32];          /* the video encoder that ran (after fallback) */
    char preset[32];           /* its speed preset, "default" when none */
    char encoder_reason[320];  /* why that encoder: asked for, or the fallback and why */
    int64_t frames;
    double seconds;            /* wall time */
    VfStageTimes stages;
    /* encoder-measured quality (quality_stats): dB, NAN when not reported,
     * INFINITY for a lossless encode; ssim 0..1, NAN when not reported */
    double psnr, psnr_y, psnr_u, psnr_v, ssim;
} VfRenderResult;

/* Renders plan to o->output: decode, composite, encode, mux to a temporary
 * file, verify by probing, then rename. result may be NULL.
 * Returns 0, or VF_ERR_ASSET (input unreadable), VF_ERR_OUTPUT (encode, write
 * or verification), VF_ERR_USAGE (unknown container; min_psnr with an encoder
 * that measures none), VF_ERR_INTERRUPTED,
 * VF_ERR_INTERNAL; the sentence is in vf_error_message(). On failure no file
 * is left at o->output or beside it. */
int vf_render(const VfPlan *plan, const VfRenderOptions *o, VfRenderResult *result);

/* The version string, "0.1.0". */
const char *vf_version(void);

#endif
