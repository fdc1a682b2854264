/* Fallback fonts keep the primary face's weight, width and slant (issue 20):
 * the Arabic in a bold Latin title is drawn from a bold face where the
 * machine has one (Noto Sans Arabic Bold, DejaVu Sans Bold), the Arabic in a
 * regular title from a regular one. */
#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "render.h"
#include "text/font.h"
#include "text/text.h"

/* fontconfig's weight of the file (FC_WEIGHT_REGULAR 80, FC_WEIGHT_BOLD 200). */
static int weight_of(const char *file, int index)
{
    int count = 0, w = -1;
    FcPattern *q = FcFreeTypeQuery((const FcChar8 *)file, index, NULL, &count);
    if (q && FcPatternGetInteger(q, FC_WEIGHT, 0, &w) != FcResultMatch)
        w = -1;
    if (q)
        FcPatternDestroy(q);
    return w;
}

typedef struct Seen {
    char arabic_font[1024];
    int arabic_index;
} Seen;

static void on_glyph(void *opaque, const VfGlyphInfo *g)
{
    Seen *s = opaque;
    if (g->font && !strstr(g->font, "Inter-"))
        snprintf(s->arabic_font, sizeof(s->arabic_font), "%s", g->font), s->arabic_index = g->face_index;
}

/* The weight of the face that draws the Arabic of "SALE تخفيض" set in font. */
static int arabic_weight(VfTextEngine *e, const char *font)
{
    VfTextStyle st = { .font_path = font, .size = 40, .color = { 255, 255, 255, 255 },
                       .opacity = 1 };
    Seen s = { "", 0 };
    int ret = vf_text_dump(e, "SALE \xd8\xaa\xd8\xae\xd9\x81\xd9\x8a\xd8\xb6", &st, on_glyph, &s);
    CHECK(ret >= 0 && s.arabic_font[0], "no fallback for the Arabic in %s", font);
    return s.arabic_font[0] ? weight_of(s.arabic_font, s.arabic_index) : -1;
}

int main(void)
{
    VfTextEngine *e = NULL;
    vf_text_engine_create(&e, vf_test_fonts());
    const char *bold = VF_FONTS_DIR "/Inter-Bold.otf", *regular = VF_FONTS_DIR "/Inter-Regular.otf";
    CHECK(weight_of(bold, 0) >= FC_WEIGHT_BOLD, "Inter-Bold is not bold here");
    int wb = arabic_weight(e, bold), wr = arabic_weight(e, regular);
    CHECK(wb >= FC_WEIGHT_BOLD, "bold title: the Arabic fallback weighs %d, not bold", wb);
    CHECK(wr >= 0 && wr < FC_WEIGHT_BOLD, "regular title: the Arabic fallback weighs %d", wr);
    char *path = NULL;
    int index = 0;
    CHECK(vf_font_fallback_like(vf_test_fonts(), 0x0627, bold, 0, &path, &index) == 0 &&
              weight_of(path, index) >= FC_WEIGHT_BOLD,
          "vf_font_fallback_like(bold) chose %s", path ? path : "nothing");
    free(path);
    vf_text_engine_free(&e);
    return vf_check_summary("unit_font_weight");
}
