/* Layout: paragraphs shaped (shaping.c), broken into lines, reordered for
 * bidi and positioned in the layout box. Internal to src/text/. */
#ifndef VF_TEXT_TEXTLAYOUT_H
#define VF_TEXT_TEXTLAYOUT_H

#include "text/faces.h"

typedef struct VfGlyph {
    unsigned index;     /* glyph id in its font */
    FT_Pos x, y;        /* pen position, 26.6, y down from the box top */
    unsigned cluster;   /* grapheme cluster, reading order across lines */
    int line;
    int font;           /* the VfFontSet entry drawing it */
    int byte;           /* its cluster's byte offset in the laid-out text */
    FT_Pos adv;         /* its advance with letter spacing, 26.6 */
} VfGlyph;

typedef struct VfLayout {
    VfGlyph *glyphs;    /* in visual order, line by line */
    int count, cap;
    FT_Pos *line_widths; /* 26.6 */
    int lines, lines_cap;
    FT_Pos width;       /* the box width, 26.6 */
    FT_Pos line_height; /* 26.6 */
    unsigned clusters;  /* clusters laid out, a line break counting as one */
    VfFontSet fonts;
} VfLayout;

/* Lays out utf8 ("\n" starts a paragraph) in style, opening its fonts from
 * cache. 0, VF_ERR_ASSET (the style's font does not open) or VF_ERR_INTERNAL.
 * Free l with vf_layout_free in every case. */
int vf_layout_text(VfLayout *l, VfFaceCache *cache, const char *utf8, const VfTextStyle *style);

/* The layout box in whole pixels (rounded up). */
void vf_layout_box(const VfLayout *l, int *box_w, int *box_h);

/* Frees what a layout owns (its glyphs, lines and fonts); accepts a zeroed one. */
void vf_layout_free(VfLayout *l);

#endif
