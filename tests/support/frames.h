/* Reading rendered files back for golden tests: decoded RGB24 frames. */
#ifndef VF_TEST_FRAMES_H
#define VF_TEST_FRAMES_H

#include <stdint.h>

typedef struct VfTestFrame {
    int width, height;
    uint8_t *rgb;     /* width * height * 3, malloc'd */
    double pts;       /* seconds */
} VfTestFrame;

/* Decodes display-order frame n of the first video stream. 0 or -1. */
int vf_test_decode_frame(const char *path, int n, VfTestFrame *out);

/* Number of frames the decoder returns for the first video stream, or -1. */
int vf_test_count_frames(const char *path);

void vf_test_frame_free(VfTestFrame *f);

/* Pixel at (x, y): p[0..2] = r, g, b. */
const uint8_t *vf_test_pixel(const VfTestFrame *f, int x, int y);

/* Bounding box of the pixels for which match(r, g, b) holds, within the
 * whole frame. Returns the number of matching pixels; box = x0, y0, x1, y1
 * (inclusive). */
int vf_test_find(const VfTestFrame *f, int (*match)(const uint8_t *p), int box[4]);

/* Pixels in [x0, x1) x [y0, y1) for which match holds. */
int vf_test_count(const VfTestFrame *f, int x0, int y0, int x1, int y1,
                  int (*match)(const uint8_t *p));

/* Runs a shell command; aborts the test run if it fails. */
void vf_test_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
