/* A render with segment reuse: each segment of the timeline (plan.h,
 * VfSegment) is taken from the cache folder when an entry with its key and
 * the same encoder headers is there, else encoded (render/segpass.c) and
 * stored; the audio track likewise, once per audio plan. The output is
 * assembled from the entries, verified as a whole render is (frame count,
 * duration, streams) plus decoding across every segment boundary, then
 * committed. Segments are encoded only where libx264 can make them join
 * (stitchable, fixed GOPs, closed, one SPS/PPS) into MP4, MOV or Matroska;
 * otherwise, and with o->no_reuse or without a cache, the whole-render path
 * runs (render.h) and result->reuse.note says why. */
#ifndef VF_RENDER_REUSE_H
#define VF_RENDER_REUSE_H

#include "vidforge/vidforge.h"

struct VfDiskCache;

/* As vf_render (render.h), with cache the engine's folder (NULL: none). */
int vf_render_reuse(const VfPlan *plan, const VfRenderOptions *o, VfRenderResult *result,
                    struct VfDiskCache *cache);

/* Why a render of p with o cannot be assembled from segments (one phrase),
 * or NULL when it can (an NVENC encoder that opens is found out later). */
const char *vf_render_reuse_unfit(const VfPlan *p, const VfRenderOptions *o,
                                  struct VfDiskCache *cache);

/* How every segment of p is encoded (render/segpass.c): the same for every
 * render and batch job, so entries join. threads: encoder threads (0: the
 * encoder's choice); quality_stats: measure PSNR and SSIM. */
struct VfVideoEncoderSetup;
void vf_reuse_encoder_setup(const VfPlan *p, int threads, int quality_stats,
                            struct VfVideoEncoderSetup *es);

/* The x264 options every segment is encoded with (also in the segment keys'
 * meaning: changing them changes vidforge's version of the cache). */
#define VF_SEGMENT_X264_PARAMS "stitchable=1:scenecut=0:open-gop=0"

#endif
