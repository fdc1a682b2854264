/* FreeType faces for the text engine: a cache of open faces (one per engine)
 * and the set of faces one layout draws with (the style's font first, then
 * the fallbacks chosen for characters it lacks). Internal to src/text/. */
#ifndef VF_TEXT_FACES_H
#define VF_TEXT_FACES_H

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>
#include "text/text.h"

/* Outlines at their exact (sub-pixel) positions: no hinting, so advances
 * match what HarfBuzz measured; no embedded bitmaps in outline fonts. */
#define VF_GLYPH_LOAD_FLAGS (FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP)

#define VF_FACE_CACHE 16
#define VF_FONTSET_MAX 8

/* Faces stay open for the engine's life: layouts of the same font (every
 * overlay, every fit probe, every fallback lookup) do not reparse the file. */
typedef struct VfFaceCache {
    FT_Library ft;
    struct VfFontLookup *fonts;   /* the engine's, borrowed: fallback by character */
    struct { char *path; int index; FT_Face face; } entry[VF_FACE_CACHE];
    int nb;
} VfFaceCache;

/* 0 or VF_ERR_INTERNAL (FreeType does not start). */
int vf_face_cache_init(VfFaceCache *c);
/* Closes every face and the library; accepts a zeroed cache. */
void vf_face_cache_done(VfFaceCache *c);

/* A face for (path, index): a new reference (release with FT_Done_Face),
 * from the cache when it is there. 0, or -1 when the file does not open. */
int vf_face_cache_open(VfFaceCache *c, const char *path, int index, FT_Face *out);

/* The faces of one layout. Entry 0 is the style's font; the others are
 * fallbacks opened at the same size. Each hb font holds the reference to its
 * face; paths are owned (entry 0: NULL, the style's). */
typedef struct VfFontSet {
    VfFaceCache *cache;
    const VfTextStyle *style;
    FT_Face face[VF_FONTSET_MAX];
    hb_font_t *hb[VF_FONTSET_MAX];
    char *path[VF_FONTSET_MAX];
    int index[VF_FONTSET_MAX];     /* face index in the file (collections) */
    double scale[VF_FONTSET_MAX];  /* bitmap fonts (emoji): strike size -> requested size */
    int color[VF_FONTSET_MAX];     /* colour bitmap glyphs (CBDT) */
    int nb;
    int missing;                   /* characters no font has */
} VfFontSet;

/* Opens style's font at style->size into a new set. 0, or VF_ERR_ASSET when
 * the font cannot be opened or sized (the set is then empty). */
int vf_fontset_open(VfFontSet *s, VfFaceCache *c, const VfTextStyle *style);

/* The entry that should draw codepoint cp: the style's font when it has it,
 * else a fallback (vf_font_pick; added to the set once), else 0 (tofu,
 * counted in missing). */
int vf_fontset_for(VfFontSet *s, unsigned cp);

/* The file drawing entry i (the style's font for 0). */
const char *vf_fontset_path(const VfFontSet *s, int i);

/* Releases the set's fonts; accepts an empty set. */
void vf_fontset_free(VfFontSet *s);

#endif
