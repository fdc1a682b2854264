/* Checking the joins of a video assembled from separately encoded segments. */
#ifndef VF_MEDIA_SEAMCHECK_H
#define VF_MEDIA_SEAMCHECK_H

#include <stdint.h>

#include <libavutil/rational.h>

/* For each boundary frame bounds[i] (output frame index, > 0; n of them),
 * decodes path's video from the keyframe at or before frame bounds[i] - 1
 * through bounds[i] + 1: every packet must decode without error and the
 * frames bounds[i] - 1, bounds[i], bounds[i] + 1 come out with those
 * timestamps (at fps). Returns 0, or VF_ERR_OUTPUT naming the boundary. */
int vf_verify_seams(const char *path, const int64_t *bounds, int n, AVRational fps);

#endif
