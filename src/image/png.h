/* PNG files with libpng: previews and storyboards (RGB), and the raster
 * cache's entries (RGBA plus a private chunk of the caller's bytes). */
#ifndef VF_IMAGE_PNG_H
#define VF_IMAGE_PNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct VfPngImage {
    const uint8_t *pixels;     /* 8 bits a sample, rows linesize bytes apart */
    int width, height, linesize;
    int channels;              /* 3: RGB, 4: RGBA (written as they are) */
    const uint8_t *chunk;      /* stored in a private "vfDt" chunk; may be NULL */
    size_t chunk_len;
} VfPngImage;

/* Writes img to path atomically: a temporary file beside it (unique per
 * process and thread), renamed into place when complete, so readers see the
 * whole file or none. Refuses to replace an existing file unless overwrite.
 * Returns 0 or VF_ERR_OUTPUT with a message. */
int vf_png_write(const char *path, const VfPngImage *img, int overwrite);

/* vf_png_write of an RGB image with no chunk. */
int vf_png_write_rgb(const char *path, const uint8_t *rgb, int width, int height, int linesize,
                     int overwrite);

/* Reads an 8-bit RGBA PNG written by vf_png_write: *rgba (width * 4 bytes a
 * row) and the private chunk's bytes (*chunk NULL when absent); the caller
 * frees both. Images wider or taller than max_side, or of more than
 * max_pixels pixels, are refused before anything is allocated for them.
 * Returns 0, or -1 for anything else (missing, damaged, other format); no
 * error message is set: callers treat it as absent. */
int vf_png_read_rgba(const char *path, int max_side, int64_t max_pixels, uint8_t **rgba,
                     int *width, int *height, uint8_t **chunk, size_t *chunk_len);

#endif
