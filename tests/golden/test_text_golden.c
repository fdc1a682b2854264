/* Golden text images: each style feature and each script rendered and
 * compared with a PNG committed in tests/golden/text/ (over a fixed grey,
 * mean absolute difference per channel below 2). After an intended change:
 *     VF_REGENERATE=1 build/tests/test_text_golden
 * rewrites the PNGs; review them before committing. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "render.h"
#include "image/image.h"
#include "image/png.h"
#include "util/raster.h"
#include "text/font.h"
#include "text/text.h"

#define SRC_DIR VF_TESTS_SOURCE_DIR "/golden/text"

static const VfColor grey = { 60, 60, 60, 255 };

/* The raster over grey, as packed RGB. */
static uint8_t *flatten(const VfRaster *r)
{
    uint8_t *rgb = malloc((size_t)r->width * r->height * 3);
    for (int i = 0; rgb && i < r->width * r->height; i++) {
        const uint8_t *p = &r->pixels[i * 4];
        for (int c = 0; c < 3; c++) {
            int bgc = c == 0 ? grey.r : c == 1 ? grey.g : grey.b;
            rgb[i * 3 + c] = (uint8_t)((p[c] * p[3] + bgc * (255 - p[3]) + 127) / 255);
        }
    }
    return rgb;
}

static void golden(VfTextEngine *e, const char *name, const char *text, VfTextStyle st)
{
    VfTextResult r;
    if (vf_text_render(e, text, &st, &r) < 0) {
        CHECK(0, "%s renders", name);
        return;
    }
    uint8_t *rgb = flatten(&r.raster);
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s.png", SRC_DIR, name);
    if (getenv("VF_REGENERATE")) {
        CHECK(vf_png_write_rgb(path, rgb, r.raster.width, r.raster.height, r.raster.width * 3, 1) == 0,
              "%s written", path);
    } else {
        VfRaster want;
        int ok = vf_image_load(path, 1, 1, &want) == 0;
        CHECK(ok, "%s exists (regenerate with VF_REGENERATE=1)", path);
        if (ok) {
            CHECK(want.width == r.raster.width && want.height == r.raster.height,
                  "%s: %dx%d, golden %dx%d", name, r.raster.width, r.raster.height, want.width,
                  want.height);
            if (want.width == r.raster.width && want.height == r.raster.height) {
                double diff = 0;
                for (int i = 0; i < want.width * want.height; i++)
                    for (int c = 0; c < 3; c++)
                        diff += abs(want.pixels[i * 4 + c] - rgb[i * 3 + c]);
                diff /= want.width * want.height * 3.0;
                CHECK(diff < 2, "%s: mean difference %.2f from the golden image", name, diff);
            }
            vf_raster_free(&want);
        }
    }
    free(rgb);
    vf_raster_free(&r.raster);
    free(r.clusters);
}

int main(void)
{
    VfTextEngine *e = NULL;
    char *inter = NULL, *bold = NULL;
    int index;
    vf_text_engine_create(&e, vf_test_fonts());
    vf_font_resolve(vf_test_fonts(), "Inter", ".", &inter, &index);
    vf_font_resolve(vf_test_fonts(), "Inter Bold", ".", &bold, &index);
    VfTextStyle base = { .font_path = inter, .size = 40, .color = { 255, 255, 255, 255 },
                         .opacity = 1 };
    VfTextStyle st = base;
    golden(e, "latin", "Typography & kerning: AVATAR fi", st);
    st = base, st.font_path = bold, st.outline_width = 3, st.outline_color = (VfColor){ 0, 0, 0, 255 };
    golden(e, "outline", "Outlined", st);
    st = base, st.font_path = bold, st.has_shadow = 1, st.shadow_color = (VfColor){ 0, 0, 0, 200 };
    st.shadow_x = 5, st.shadow_y = 5, st.shadow_blur = 6;
    golden(e, "shadow", "Shadowed", st);
    VfColor stops[3] = { { 255, 209, 102, 255 }, { 239, 71, 111, 255 }, { 17, 138, 178, 255 } };
    st = base, st.font_path = bold, st.gradient = stops, st.nb_gradient = 3, st.gradient_angle = 0;
    golden(e, "gradient", "Gradient fill", st);
    st = base, st.color = (VfColor){ 20, 20, 20, 255 }, st.has_background = 1;
    st.background_color = (VfColor){ 255, 255, 255, 230 }, st.background_pad_x = 14;
    st.background_pad_y = 6, st.background_radius = 10;
    golden(e, "background", "Boxed label", st);
    st = base, st.max_width = 260, st.align = 1, st.line_height = 1.3;
    golden(e, "wrap-center", "Words wrap to the width and lines are centred", st);
    st = base;
    golden(e, "arabic", "مرحبا بالعالم", st);
    golden(e, "devanagari", "नमस्ते दुनिया", st);
    golden(e, "hebrew", "שלום עולם", st);
    golden(e, "thai", "สวัสดีชาวโลก", st);
    golden(e, "mixed", "English + العربية", st);
    golden(e, "cjk", "日本語のテキスト", st);
    golden(e, "emoji", "Launch 🚀🎉👍🏽", st);
    free(inter);
    free(bold);
    vf_text_engine_free(&e);
    return vf_check_summary("text-golden");
}
