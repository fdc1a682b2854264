/* Itemizing and shaping one paragraph: bidi levels (FriBidi), runs of one
 * font and one level, each shaped by HarfBuzz. Internal to src/text/. */
#ifndef VF_TEXT_SHAPING_H
#define VF_TEXT_SHAPING_H

#include <hb.h>

#include "text/faces.h"

/* The shaped glyphs of a paragraph, runs in logical order, glyphs in visual
 * order within each run. Positions are 26.6 pixels, bitmap strikes already
 * scaled to the size. */
typedef struct VfShaped {
    hb_glyph_info_t *info;   /* cluster: byte offset in the paragraph */
    hb_glyph_position_t *pos;
    int *font;               /* the VfFontSet entry drawing the glyph */
    int *level;              /* the bidi embedding level of the glyph's run */
    int *run;                /* which run it came from */
    unsigned n, cap;
    int runs;
} VfShaped;

/* Decodes the code point at byte offset off of text (len bytes), setting
 * *step to its length; a broken or truncated sequence reads as U+FFFD, one
 * byte long. Never reads past len. */
unsigned vf_utf8_decode(const char *text, int len, int off, int *step);

/* Shapes text (len bytes, no "\n"): splits it into runs of one font (chosen
 * per character by vf_fontset_for, which may add fallbacks to fonts) and one
 * bidi level, and appends their glyphs to out. 0 or VF_ERR_INTERNAL. */
int vf_shape_paragraph(VfFontSet *fonts, VfShaped *out, const char *text, int len);

/* Numbers the clusters of the n glyphs by logical order: writes each glyph's
 * rank (from 0) into ranks and returns the number of distinct clusters. */
unsigned vf_shaped_rank_clusters(const VfShaped *sh, unsigned *ranks);

void vf_shaped_free(VfShaped *sh);

#endif
