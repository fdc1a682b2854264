/* The folder formats' rows of the formats table (formats.c): HLS (VOD
 * playlist, fMP4 segments) and PNG sequences, their muxer options and the
 * checks of a finished folder. */
#ifndef VF_MEDIA_FORMATS_FOLDER_H
#define VF_MEDIA_FORMATS_FOLDER_H

#include <libavutil/dict.h>

#include "media/probe.h"
#include "vidforge/plan.h"

/* hls: fMP4 segments of encoding.outputs.hls_segment seconds, a VOD playlist. */
int vf_format_hls_options(AVDictionary **opts, const VfPlan *p);

/* The playlist at path (in its temporary folder) against plan p: #EXTM3U,
 * VOD, the init segment and every media segment present, their #EXTINF
 * durations summing to the plan's within a frame, none longer than the
 * target duration, #EXT-X-ENDLIST; the video packets read back through the
 * playlist equal the planned frames. 0 or VF_ERR_OUTPUT. */
int vf_format_verify_hls(const char *path, const VfProbe *probe, const VfPlan *p);

/* image2: frames numbered from 0, so file N is output frame N. */
int vf_format_png_options(AVDictionary **opts, const VfPlan *p);

/* The frame pattern at path (probe unused, may be NULL): one complete PNG
 * (IHDR to IEND) per planned frame, numbered 0 .. nb_frames - 1, of the
 * encoded size, RGBA exactly when the plan is transparent, and no other PNG
 * in the folder. 0 or VF_ERR_OUTPUT. */
int vf_format_verify_png(const char *path, const VfProbe *probe, const VfPlan *p);

#endif
