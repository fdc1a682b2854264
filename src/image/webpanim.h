/* Animated WebP through libwebp's demux library (WebPAnimDecoder): FFmpeg
 * before 7.1 cannot decode the ANIM/ANMF chunks, libwebp composes them
 * (blending, disposal) into whole canvases with their own end times. */
#ifndef VF_IMAGE_WEBPANIM_H
#define VF_IMAGE_WEBPANIM_H

#include <stddef.h>

#include "vidforge/plan_layers.h"

/* 1 when path starts as a WebP with the animation flag of its VP8X chunk
 * set, with the canvas size (pixels) in *w and *h; else 0 (not an error). */
int vf_webp_anim_probe(const char *path, int *w, int *h);

/* Parses every chunk of the animated WebP at path (nothing decoded):
 * 0, or VF_ERR_ASSET naming path (unreadable, truncated, malformed). */
int vf_webp_anim_check(const char *path);

/* Decodes up to max_frames (<= 0: all) composed frames of the animated WebP
 * at path into out (owned by the caller, freed with vf_frame_seq_clear):
 * straight RGBA scaled by scale, alpha times opacity; out->ends[i] is the
 * end of frame i in seconds from the first frame's start, out->loop 1.
 * VF_ERR_TEMPLATE when the canvas or the frames would pass max_bytes;
 * VF_ERR_ASSET (unreadable, truncated, corrupt, naming path); VF_ERR_INTERNAL.
 * On failure out is empty. */
int vf_webp_anim_frames(const char *path, double scale, double opacity, size_t max_bytes,
                        int max_frames, VfFrameSeq *out);

#endif
