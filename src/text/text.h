/* Text layout and rasterizing: FreeType outlines, HarfBuzz shaping, into a
 * straight-alpha RGBA raster. */
#ifndef VF_TEXT_TEXT_H
#define VF_TEXT_TEXT_H

#include "text/font.h"
#include "vidforge/plan.h"

typedef struct VfTextEngine VfTextEngine;

typedef struct VfTextStyle {
    const char *font_path;   /* a font file (see vf_font_resolve) */
    int face_index;
    double size;             /* pixels per em */
    VfColor color;           /* straight alpha */
    double opacity;          /* 0..1, multiplies color.a */
    int align;               /* 0 left, 1 center, 2 right */
    double max_width;        /* pixels; > 0 wraps lines to fit */
    double line_height;      /* multiple of size; <= 0: the font's own */
    double letter_spacing;   /* pixels added after each cluster */
    /* Effects: drawn outside the layout box without moving it. */
    double outline_width;    /* pixels, 0: none */
    VfColor outline_color;
    int has_shadow;
    VfColor shadow_color;
    double shadow_x, shadow_y, shadow_blur; /* pixels; blur is a Gaussian radius */
    int has_background;
    VfColor background_color;
    double background_pad_x, background_pad_y, background_radius;
    const VfColor *gradient; /* nb_gradient >= 2: replaces color */
    const double *gradient_stops; /* NULL: evenly spread */
    int nb_gradient;
    double gradient_angle;   /* degrees, 0 left to right */
    /* Font files tried, in order, for characters font_path lacks (before
     * fontconfig's choice). */
    const char *const *fallback;
    int nb_fallback;
    /* 1: the layer types in (typewriter): the cluster map also covers the
     * shadow, each shadow pixel following the earliest letter casting it */
    int typewriter;
    /* The face index in its file (a collection: .ttc, .otc) of each of the
     * nb_fallback fonts, as vf_font_resolve gave it; NULL: 0 for each. */
    const int *fallback_index;
    /* 1: wrapped lines as equal in width as the same line count allows */
    int balance;
    /* The background box's own shadow (drawn under the box, only with
     * has_background): the box moved by (x, y) pixels and blurred. */
    VfBoxShadow box_shadow;
} VfTextStyle;

/* The layout and its raster. The layout box is the text's advance width by
 * its line count times the line height; the raster covers the box and any ink
 * outside it, its top-left at (ink_x, ink_y) relative to the box's top-left. */
typedef struct VfTextResult {
    int box_w, box_h;
    int ink_x, ink_y;
    VfRaster raster;         /* owned by the caller: vf_raster_free */
    /* Per raster pixel: the grapheme cluster (reading order, from 0) whose
     * glyph drew it; owned by the caller (free). nb_clusters counts them. */
    uint16_t *clusters;
    int nb_clusters;
} VfTextResult;

/* One engine per thread: FreeType libraries are not shared across threads.
 * fonts (borrowed, may be NULL: no fontconfig fallback) picks fonts for
 * characters the style's fonts lack. */
int vf_text_engine_create(VfTextEngine **out, VfFontLookup *fonts);
void vf_text_engine_free(VfTextEngine **e);

/* The layout box of text in style, without drawing it. 0 or VF_ERR_ASSET. */
int vf_text_measure(VfTextEngine *e, const char *utf8, const VfTextStyle *style, int *box_w,
                    int *box_h);

/* The largest size in [min_size, style->size] at which text, wrapped to
 * fit_w (unless style->max_width is set), fits fit_w x fit_h; min_size when
 * none does. Found by bisection to 1/8 pixel. */
int vf_text_fit(VfTextEngine *e, const char *utf8, const VfTextStyle *style, double fit_w,
                double fit_h, double min_size, double *size);

/* One laid-out glyph, for inspection (tests; no command prints it). */
typedef struct VfGlyphInfo {
    unsigned glyph;          /* glyph id in its font */
    const char *font;        /* the font file that draws it (borrowed, valid during cb) */
    double x, y;             /* pen position in the box, pixels */
    int line;
    int face_index;          /* the face in font (a collection: .ttc, .otc) */
} VfGlyphInfo;

/* Lays out text and calls cb for each glyph in order. 0 or VF_ERR_ASSET. */
int vf_text_dump(VfTextEngine *e, const char *utf8, const VfTextStyle *style,
                 void (*cb)(void *opaque, const VfGlyphInfo *g), void *opaque);

/* Where a byte range of laid-out text lies (captions find their words):
 * the line of its first glyph, its extent on that line in box pixels, and
 * the grapheme clusters (reading order, as VfTextResult.clusters numbers
 * them) it covers, [cluster_from, cluster_to). A range with no glyph has
 * line -1. */
typedef struct VfTextSpan {
    int from, to;            /* in: bytes of the text */
    int line;
    double x0, x1;
    int cluster_from, cluster_to;
} VfTextSpan;

/* The layout as a whole: lines, line height and widest line (pixels,
 * exact), box in whole pixels. */
typedef struct VfTextExtent {
    int lines;
    double line_height, widest;
    int box_w, box_h;
} VfTextExtent;

/* Lays out text in style and fills the n spans (from, to set by the
 * caller; spans may be NULL when n is 0) and *ext. 0 or VF_ERR_ASSET. */
int vf_text_spans(VfTextEngine *e, const char *utf8, const VfTextStyle *style, VfTextSpan *spans,
                  int n, VfTextExtent *ext);

/* Lays out UTF-8 text ("\n" starts a new line) and rasterizes it.
 * Returns 0, or VF_ERR_ASSET when the font cannot be opened. */
int vf_text_render(VfTextEngine *e, const char *utf8, const VfTextStyle *style,
                   VfTextResult *out);

#endif
