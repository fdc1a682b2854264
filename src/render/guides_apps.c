/* The parts of a vertical frame that apps cover with their own buttons,
 * captions and headers, shaded over a preview (`--guides reels`). */
#include <string.h>

#include "render/guides.h"
#include "vidforge/error.h"

/* Fractions of the frame each app covers (for 9:16 frames; scaled to any):
 * a header band at the top, the caption, sound and profile band at the
 * bottom, the button column on the right from `buttons_from` down, and a
 * thin margin on the left. Measured from the apps' 1080x1920 layouts as
 * published in their creator guides (2024); approximate by nature. */
static const struct {
    const char *app;
    double top, bottom, left, right, buttons_from;
} apps[] = {
    { "reels", 0.14, 0.35, 0.06, 0.18, 0.45 },
    { "tiktok", 0.08, 0.23, 0.05, 0.12, 0.40 },
    { "shorts", 0.10, 0.25, 0.05, 0.15, 0.45 },
};

/* Darkens and reddens [x0, x1) x [y0, y1): covered, but the picture stays visible. */
static void shade(uint8_t *rgb, int linesize, int x0, int y0, int x1, int y1)
{
    for (int y = y0; y < y1; y++) {
        uint8_t *p = rgb + (size_t)y * linesize + (size_t)x0 * 3;
        for (int x = x0; x < x1; x++, p += 3) {
            p[0] = (uint8_t)((p[0] + 160) / 2);
            p[1] = (uint8_t)(p[1] / 2);
            p[2] = (uint8_t)(p[2] / 2);
        }
    }
}

int vf_guides_draw_app(const char *app, uint8_t *rgb, int width, int height, int linesize)
{
    for (size_t i = 0; i < sizeof(apps) / sizeof(apps[0]); i++) {
        if (strcmp(app, apps[i].app))
            continue;
        int top = (int)(apps[i].top * height), bottom = height - (int)(apps[i].bottom * height);
        int left = (int)(apps[i].left * width), right = width - (int)(apps[i].right * width);
        int buttons = (int)(apps[i].buttons_from * height);
        shade(rgb, linesize, 0, 0, width, top);
        shade(rgb, linesize, 0, bottom, width, height);
        shade(rgb, linesize, 0, top, left, bottom);
        shade(rgb, linesize, right, buttons, width, bottom);
        return 0;
    }
    return vf_error_set(VF_ERR_USAGE, "no guides for \"%s\" (reels, tiktok or shorts)", app);
}
