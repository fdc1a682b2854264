/* A render assembled from segments: its state, shared by reuse.c (looking
 * up, encoding, verifying) and assemble.c (writing the output). Private to
 * src/render. */
#ifndef VF_RENDER_REUSE_RUN_H
#define VF_RENDER_REUSE_RUN_H

#include <stdint.h>

#include "media/encoder.h"
#include "media/output.h"
#include "render/segstore.h"
#include "vidforge/vidforge.h"

#define AUDIO_RATE 48000
#define DAMAGED 2 /* a reused entry failed its digest while it was assembled */

typedef struct Reuse {
    const VfPlan *p;
    const VfRenderOptions *o;
    VfRenderResult *res;
    struct VfDiskCache *cache;
    VfVideoEncoderSetup es;
    AVCodecContext *venc, *aenc;  /* opened for their headers only */
    char reason[320];
    VfSegEntry *video;            /* one per segment; a hit's holds its header only */
    int *hit;                     /* per segment: 1 from the cache */
    int *lock;                    /* per segment: lock descriptor, -1 none */
    int *busy;                    /* per segment: another holds its lock; wait later */
    VfSegEntry audio;
    int audio_hit, audio_lock, audio_busy;
    int audio_encoded;            /* 1: by this render */
    int damaged;                  /* the segment whose entry failed its digest while assembled */
    char audio_key[160];
    int64_t samples;
    int64_t frames_done;
    double t0;
    VfStageTimes times;
    VfOutput *output;
} Reuse;

/* Opens r->output (content key, plan's metadata, the encoders' streams,
 * the vidforge_key tag) and writes its header. */
int vf_reuse_open_output(Reuse *r, int *vstream, int *astream);

/* Video packets in order, segment by segment (from memory when this render
 * encoded them, else streamed from the cache), with the audio packets whose
 * time has come between them. 0, DAMAGED (r->damaged: the segment whose
 * entry failed its digest, its file removed) or a negative error. */
int vf_reuse_assemble(Reuse *r, int vstream, int astream);

#endif
