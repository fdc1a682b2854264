/* Faces as libass's ass_font.c keeps them: opened once, referenced by every
 * layout that draws with them; which file draws a character is font.c's
 * choice (vf_font_pick), this file only opens and sizes it. */
#include "text/faces.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <hb-ft.h>

#include "text/font.h"
#include "vidforge/error.h"

int vf_face_cache_init(VfFaceCache *c)
{
    *c = (VfFaceCache){ 0 };
    if (FT_Init_FreeType(&c->ft))
        return vf_error_set(VF_ERR_INTERNAL, "cannot initialise FreeType");
    return 0;
}

void vf_face_cache_done(VfFaceCache *c)
{
    for (int i = 0; i < c->nb; i++) {
        FT_Done_Face(c->entry[i].face);
        free(c->entry[i].path);
    }
    if (c->ft)
        FT_Done_FreeType(c->ft);
    *c = (VfFaceCache){ 0 };
}

int vf_face_cache_open(VfFaceCache *c, const char *path, int index, FT_Face *out)
{
    for (int i = 0; i < c->nb; i++) {
        if (c->entry[i].index == index && !strcmp(c->entry[i].path, path)) {
            FT_Reference_Face(c->entry[i].face);
            *out = c->entry[i].face;
            return 0;
        }
    }
    if (FT_New_Face(c->ft, path, index, out))
        return -1;
    char *copy = c->nb < VF_FACE_CACHE ? strdup(path) : NULL;
    if (copy) {
        c->entry[c->nb].path = copy;
        c->entry[c->nb].index = index;
        c->entry[c->nb++].face = *out;
        FT_Reference_Face(*out);
    }
    return 0;
}

/* Sizes f for size px: scalable fonts directly; bitmap-only fonts (colour
 * emoji) at their largest strike, with *scale taking it to the size. */
static int size_face(FT_Face f, double size, double *scale)
{
    *scale = 1;
    if (FT_IS_SCALABLE(f))
        return FT_Set_Char_Size(f, 0, (FT_F26Dot6)lround(size * 64), 72, 72) ? -1 : 0;
    if (!FT_HAS_FIXED_SIZES(f) || f->num_fixed_sizes < 1)
        return -1;
    int best = 0;
    for (int k = 1; k < f->num_fixed_sizes; k++)
        if (f->available_sizes[k].y_ppem > f->available_sizes[best].y_ppem)
            best = k;
    if (FT_Select_Size(f, best))
        return -1;
    *scale = size / (f->available_sizes[best].y_ppem / 64.0);
    return 0;
}

/* Makes face f (a reference the set takes over) entry nb of the set. */
static int add_face(VfFontSet *s, FT_Face f, char *path, int index, double scale)
{
    int i = s->nb++;
    s->face[i] = f;
    s->path[i] = path;
    s->index[i] = index;
    s->scale[i] = scale;
    /* entry 0, the style's font, always draws outlines */
    s->color[i] = i && !FT_IS_SCALABLE(f) && FT_HAS_COLOR(f);
    s->hb[i] = hb_ft_font_create_referenced(f);
    hb_ft_font_set_load_flags(s->hb[i], s->color[i] ? FT_LOAD_COLOR : VF_GLYPH_LOAD_FLAGS);
    FT_Done_Face(f); /* the hb font holds a reference */
    return i;
}

int vf_fontset_open(VfFontSet *s, VfFaceCache *c, const VfTextStyle *st)
{
    FT_Face f;
    *s = (VfFontSet){ .cache = c, .style = st };
    if (vf_face_cache_open(c, st->font_path, st->face_index, &f) < 0)
        return vf_error_set(VF_ERR_ASSET, "cannot open font %s: not a readable font file",
                            st->font_path);
    if (FT_Set_Char_Size(f, 0, (FT_F26Dot6)lround(st->size * 64), 72, 72)) {
        FT_Done_Face(f);
        return vf_error_set(VF_ERR_ASSET, "font %s cannot be set to %g px", st->font_path,
                            st->size);
    }
    add_face(s, f, NULL, st->face_index, 1);
    return 0;
}

/* For vf_font_pick: whether the face (path, index) has a glyph for cp. */
static int covers(void *opaque, const char *path, int index, unsigned cp)
{
    VfFontSet *s = opaque;
    FT_Face f;
    if (vf_face_cache_open(s->cache, path, index, &f) < 0)
        return 0;
    int has = FT_Get_Char_Index(f, cp) != 0;
    FT_Done_Face(f);
    return has;
}

/* Opens the fallback vf_font_pick chooses for cp; its entry, or -1. */
static int open_fallback(VfFontSet *s, unsigned cp)
{
    const VfTextStyle *st = s->style;
    char *path = NULL;
    int index = 0;
    FT_Face f;
    double scale = 1;
    if (vf_font_pick_like(s->cache->fonts, st->fallback, st->fallback_index, st->nb_fallback, cp,
                          covers, s, st->font_path, st->face_index, &path, &index) < 0)
        return -1;
    if (vf_face_cache_open(s->cache, path, index, &f) < 0) {
        free(path);
        return -1;
    }
    if (size_face(f, st->size, &scale) < 0) {
        FT_Done_Face(f);
        free(path);
        return -1;
    }
    return add_face(s, f, path, index, scale);
}

int vf_fontset_for(VfFontSet *s, unsigned cp)
{
    if (cp < 0x20 || cp == ' ' || FT_Get_Char_Index(s->face[0], cp))
        return 0;
    for (int i = 1; i < s->nb; i++)
        if (FT_Get_Char_Index(s->face[i], cp))
            return i;
    int i = s->nb < VF_FONTSET_MAX ? open_fallback(s, cp) : -1;
    if (i < 0) {
        s->missing++;
        return 0;
    }
    return i;
}

const char *vf_fontset_path(const VfFontSet *s, int i)
{
    return i ? s->path[i] : s->style->font_path;
}

void vf_fontset_free(VfFontSet *s)
{
    for (int i = 0; i < s->nb; i++) {
        hb_font_destroy(s->hb[i]);
        free(s->path[i]);
    }
    *s = (VfFontSet){ 0 };
}
