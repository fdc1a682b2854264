/* ASS/SSA files drawn by libass, for the captions layer: one renderer per
 * file and frame size, asked for the picture at a time. The parse for probe
 * (vf_captions_load) reads the same file with the same libass, so the two
 * agree on the events.
 *
 * Fonts: libass sees only the font files in the folders the caller names
 * (the shipped fonts and the policy's allowed folders), the file's own
 * embedded fonts, and, when asked, the system's through fontconfig. */
#ifndef VF_CAPTIONS_ASSRENDER_H
#define VF_CAPTIONS_ASSRENDER_H

#include <stddef.h>
#include <stdint.h>

typedef struct VfAssRenderer VfAssRenderer;

typedef struct VfAssFonts {
    const char *const *dirs;    /* folders whose .ttf .otf .ttc .otc files libass may use; not owned */
    int nb_dirs;
    const char *default_font;   /* a font file for text no font matches; NULL: none */
    const char *default_family; /* NULL: "sans-serif" */
    int fontconfig;             /* 1: system fonts through fontconfig as well */
    size_t max_file_bytes;      /* the script and each font file at most this (0: 500 MB) */
} VfAssFonts;

/* A renderer for the ASS/SSA file at path drawn at width x height pixels.
 * Returns 0 and *out (free with vf_ass_renderer_free), VF_ERR_ASSET (the
 * file is unreadable or not ASS/SSA: the message names it) or
 * VF_ERR_INTERNAL. fonts may be NULL (no folders, no fontconfig). */
int vf_ass_renderer_create(VfAssRenderer **out, const char *path, int width, int height,
                           const VfAssFonts *fonts);

/* Draws the subtitles at t seconds into rgba: width x height pixels, 4 bytes
 * each (R, G, B, A; straight alpha), rows stride bytes apart, owned by the
 * caller and holding this renderer's previous picture. *changed is 1 when
 * the picture differs from the previous call's (then rgba is cleared and
 * redrawn), 0 when it is the same (rgba is left as it was; the first call
 * always draws). Returns 0 or VF_ERR_INTERNAL. */
int vf_ass_renderer_render(VfAssRenderer *r, double t, uint8_t *rgba, int stride, int *changed);

/* From now on pictures hold only the window x, y, width x height of the
 * frame (rgba is width x height; what libass draws outside is left out);
 * the next render draws whatever changed. The window must lie inside the
 * frame. */
void vf_ass_renderer_window(VfAssRenderer *r, int x, int y, int width, int height);

/* Widens rect {x0, y0, x1, y1} (frame pixels, x1 and y1 exclusive; start
 * from {width, height, 0, 0}, empty) to the boxes of what libass draws at t
 * seconds, within the frame. Draws nothing; the next render draws anew. */
void vf_ass_renderer_extent(VfAssRenderer *r, double t, int rect[4]);

/* 1 when a file of this name (no folder) is one libass is given from a
 * font folder: .ttf .otf .ttc .otc in any case; 0 otherwise. */
int vf_ass_is_font_file(const char *name);

/* Accepts NULL; NULLs the pointer. */
void vf_ass_renderer_free(VfAssRenderer **r);

#endif
