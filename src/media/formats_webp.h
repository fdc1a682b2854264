/* The animated WebP row of the formats table (formats.c): muxer options,
 * the touches to a finished file, its checks, and the content key it
 * carries. FFmpeg before 7.1 cannot read an animated WebP back, so these
 * read and write its RIFF chunks. */
#ifndef VF_MEDIA_FORMATS_WEBP_H
#define VF_MEDIA_FORMATS_WEBP_H

#include <libavutil/dict.h>

#include "media/probe.h"
#include "vidforge/plan.h"

/* The muxer loops forever (its default plays once). */
int vf_format_webp_options(AVDictionary **opts, const VfPlan *p);

/* After the trailer: a still picture (libwebp writes one when every frame
 * is the same) becomes the planned animation, one frame lasting the whole
 * length; then the plan's content key goes in an XMP chunk
 * (vidforge:key="HEX"). 0 or VF_ERR_OUTPUT. */
int vf_format_webp_finish(const char *path, const VfPlan *p);

/* VP8X (animation, canvas size, alpha when planned), ANIM (loops forever),
 * ANMF (the frames' total length within a frame of the plan's; their count
 * at most the plan's). 0 or VF_ERR_OUTPUT. */
int vf_format_verify_webp(const char *path, const VfProbe *probe, const VfPlan *p);

/* The content key an animated WebP written by vidforge carries in its XMP
 * chunk, into key (65 bytes); "" when it has none. */
void vf_format_webp_key(const char *path, char key[65]);

#endif
