/* Animated images (GIF, APNG, and whatever else FFmpeg demuxes as an image
 * with several frames; animated WebP through webpanim.h): every frame
 * decoded once, composed by the decoder (disposal and blending), scaled and
 * faded like vf_image_load's. */
#ifndef VF_IMAGE_FRAMES_H
#define VF_IMAGE_FRAMES_H

#include <stddef.h>

#include "vidforge/plan_layers.h"

/* What path holds, from its container: 1 when it is a video (a demuxer that
 * is not an image's), with the container's name in kind; 0 for an image.
 * VF_ERR_ASSET when it cannot be opened. */
int vf_image_is_video(const char *path, char *kind, size_t kind_size);

/* Decodes every frame of path into out (owned by the caller, freed with
 * vf_frame_seq_clear), scaled by scale and with alpha times opacity, the
 * timing from the frames' timestamps. Stops with VF_ERR_TEMPLATE when the
 * frames would pass max_bytes. out->nb_frames may be 1 (a still image).
 * 0, VF_ERR_ASSET (unreadable or corrupt, naming path), VF_ERR_TEMPLATE,
 * VF_ERR_INTERNAL. */
int vf_image_frames(const char *path, double scale, double opacity, size_t max_bytes,
                    VfFrameSeq *out);

void vf_frame_seq_clear(VfFrameSeq *s);

#endif
