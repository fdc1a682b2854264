/* libFuzzer target for text layout and rasterizing: any UTF-8 (or not) at
 * any size must lay out and draw without a crash or a leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/raster.h"
#include "text/font.h"
#include "text/text.h"
#include "vidforge/error.h"

/* One font lookup for the life of the program. */
static VfFontLookup *fonts(void)
{
    static VfFontLookup *fl;
    if (!fl)
        vf_font_lookup_create(&fl);
    return fl;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static VfTextEngine *engine;
    static char *font;
    int index = 0;
    if (!engine && (vf_text_engine_create(&engine, fonts()) < 0 ||
                    vf_font_resolve(fonts(), NULL, ".", &font, &index) < 0))
        return 0;
    if (size < 1 || size > 2048)
        return 0;
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    VfTextStyle st = { .font_path = font, .size = 4 + data[0] % 120,
                       .color = { 255, 255, 255, 255 }, .opacity = 1,
                       .max_width = data[0] % 3 ? 40 + data[0] : 0, .align = data[0] % 3 };
    if (data[0] % 5 == 0) { /* effects, and the typewriter's cluster map over the shadow */
        st.has_shadow = st.typewriter = 1;
        st.shadow_color = (VfColor){ 0, 0, 0, 160 };
        st.shadow_x = data[0] % 7 - 3.0;
        st.shadow_y = 2;
        st.shadow_blur = data[0] % 4;
        st.outline_width = data[0] % 2;
        st.outline_color = (VfColor){ 0, 0, 0, 255 };
    }
    VfTextResult r;
    if (vf_text_render(engine, text, &st, &r) == 0) {
        vf_raster_free(&r.raster);
        free(r.clusters);
    }
    vf_error_clear();
    free(text);
    return 0;
}
