/* Still frames written as images by their extension: .png (lossless), .jpg
 * or .jpeg (JPEG, full-range BT.601 as JPEG files are), .webp (lossy WebP).
 * Used for --poster: the frame a render shows, as a picture for players. */
#ifndef VF_RENDER_POSTER_H
#define VF_RENDER_POSTER_H

#include <stdint.h>

/* 1 when path's extension names a still format vf_poster_write knows. */
int vf_poster_known(const char *path);

/* Writes the RGB24 picture (rows `stride` bytes apart) to path in the format
 * its extension names, replacing path if it exists (callers write to a
 * temporary name and rename). Returns 0, VF_ERR_USAGE (unknown extension) or
 * VF_ERR_OUTPUT with a message. */
int vf_poster_write(const char *path, const uint8_t *rgb, int width, int height, int stride);

#endif
