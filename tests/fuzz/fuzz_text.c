/* libFuzzer target for text layout and rasterizing: any UTF-8 (or not) at
 * any size must lay out and draw without a crash or a leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "plan/raster.h"
#include "text/font.h"
#include "text/text.h"
#include "vidforge/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static VfTextEngine *engine;
    static char *font;
    int index = 0;
    if (!engine && (vf_text_engine_create(&engine) < 0 ||
                    vf_font_resolve(NULL, ".", &font, &index) < 0))
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
    VfTextResult r;
    if (vf_text_render(engine, text, &st, &r) == 0) {
        vf_raster_free(&r.raster);
        free(r.clusters);
    }
    vf_error_clear();
    free(text);
    return 0;
}
