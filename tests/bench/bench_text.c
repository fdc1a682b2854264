/* Rasterizing a 72 px, 30-character title with an outline and a blurred
 * shadow: median of 50 runs, in milliseconds (scripts/bench.sh runs this). */
#include <stdio.h>
#include <stdlib.h>
#include "util/raster.h"
#include "text/font.h"
#include "text/text.h"
#include "util/clock.h"

/* One font lookup for the life of the program. */
static VfFontLookup *fonts(void)
{
    static VfFontLookup *fl;
    if (!fl)
        vf_font_lookup_create(&fl);
    return fl;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(void)
{
    VfTextEngine *e = NULL;
    char *font = NULL;
    int index;
    if (vf_text_engine_create(&e, fonts()) < 0 || vf_font_resolve(fonts(), "Inter Bold", ".", &font, &index) < 0)
        return 1;
    VfTextStyle st = { .font_path = font, .face_index = index, .size = 72,
                       .color = { 255, 255, 255, 255 }, .opacity = 1, .outline_width = 4,
                       .outline_color = { 0, 0, 0, 255 }, .has_shadow = 1,
                       .shadow_color = { 0, 0, 0, 160 }, .shadow_x = 5, .shadow_y = 5,
                       .shadow_blur = 8 };
    double t[50];
    for (int i = 0; i < 50; i++) {
        VfTextResult r;
        double t0 = vf_now();
        if (vf_text_render(e, "Amazing Product Launch Today!", &st, &r) < 0)
            return 1;
        t[i] = (vf_now() - t0) * 1000;
        vf_raster_free(&r.raster);
        free(r.clusters);
    }
    qsort(t, 50, sizeof(t[0]), cmp);
    printf("text raster (72 px, 29 characters, outline 4, shadow blur 8): %.2f ms median "
           "(target < 5)\n", (t[24] + t[25]) / 2);
    free(font);
    vf_text_engine_free(&e);
    return 0;
}
