/* Font lookup: from a template's `font` value to a font file. */
#ifndef VF_TEXT_FONT_H
#define VF_TEXT_FONT_H

#define VF_DEFAULT_FONT "Inter"

/* Font lookup by family name and fallback by character: a fontconfig
 * configuration that also sees the shipped fonts. One per engine (owned by
 * it), shared by its threads (queries are serialised). Functions below take
 * it as fl; fl NULL (or fontconfig unable to start) resolves paths and the
 * shipped fonts only. */
typedef struct VfFontLookup VfFontLookup;

/* Returns 0 and *out (free with vf_font_lookup_free), or VF_ERR_INTERNAL. */
int vf_font_lookup_create(VfFontLookup **out);

/* Frees fl; accepts NULL; *fl is NULL afterwards. */
void vf_font_lookup_free(VfFontLookup **fl);

/* Resolves font (a path or a family name with an optional style, "Inter Bold";
 * NULL means VF_DEFAULT_FONT). Tried in order:
 *   1. a path relative to template_dir (or absolute);
 *   2. the file name in the shipped fonts folder;
 *   3. a family (and style) through fontconfig, which also sees the shipped fonts.
 * On success returns 0 with *path (malloc'd, caller frees) and *face_index.
 * Otherwise VF_ERR_ASSET with a message naming everything tried. */
int vf_font_resolve(VfFontLookup *fl, const char *font, const char *template_dir, char **path,
                    int *face_index);

/* A font file that has a glyph for codepoint, through fontconfig's
 * fallback order. Returns 0 with *path (malloc'd) and *index, or -1 when no
 * font on the machine has it. */
int vf_font_fallback(VfFontLookup *fl, unsigned codepoint, char **path, int *index);

/* Whether the face (path, face index) has a glyph for codepoint (1 or 0). */
typedef int (*VfFontCovers)(void *opaque, const char *path, int index, unsigned codepoint);

/* The font that draws codepoint when the style's font lacks it: the first of
 * the listed fonts (paths[k] at face index indexes[k]; indexes NULL: 0) that
 * covers says has it, else fontconfig's choice (vf_font_fallback). Returns 0
 * with *path (malloc'd) and *index (the face in a collection), or -1 when no
 * font has it. */
int vf_font_pick(VfFontLookup *fl, const char *const *paths, const int *indexes, int nb,
                 unsigned codepoint, VfFontCovers covers, void *opaque, char **path, int *index);

/* Calls cb once per font vidforge can use (the shipped fonts and
 * fontconfig's), sorted by family then style. Returns the count or
 * VF_ERR_INTERNAL. */
int vf_font_list(VfFontLookup *fl, void (*cb)(void *opaque, const char *family,
                                              const char *style, const char *file),
                 void *opaque);

/* What fl's fallback choices depend on: its font folders and their
 * modification times when fl was created, as one string (owned by fl).
 * Installing or removing a font changes it. */
const char *vf_font_system_stamp(const VfFontLookup *fl);

/* The folder holding the shipped fonts (source tree, else installed copy). */
const char *vf_font_shipped_dir(void);

/* 0 when path's face index is a font FreeType reads (header and tables, no
 * glyph drawn), else VF_ERR_ASSET naming the file. */
int vf_font_check_file(const char *path, int index);

/* vf_font_fallback asking fontconfig for the weight, width and slant of the
 * face like (a file, at like_index; NULL: any), so the fallback of a bold
 * title is bold where the machine has such a face. */
int vf_font_fallback_like(VfFontLookup *fl, unsigned codepoint, const char *like, int like_index,
                          char **path, int *index);

/* vf_font_pick whose fontconfig fallback is vf_font_fallback_like. */
int vf_font_pick_like(VfFontLookup *fl, const char *const *paths, const int *indexes, int nb,
                      unsigned codepoint, VfFontCovers covers, void *opaque, const char *like,
                      int like_index, char **path, int *index);

#endif
