/* Writing PNG files (previews, storyboards) with libpng. */
#ifndef VF_IMAGE_PNG_H
#define VF_IMAGE_PNG_H

#include <stdint.h>

/* Writes an 8-bit RGB image (3 bytes a pixel, linesize bytes a row) to path,
 * atomically: a temporary file beside it, renamed when complete. Refuses to
 * replace an existing file unless overwrite. Returns 0 or VF_ERR_OUTPUT. */
int vf_png_write_rgb(const char *path, const uint8_t *rgb, int width, int height, int linesize,
                     int overwrite);

#endif
