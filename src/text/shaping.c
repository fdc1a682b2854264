/* The shaper, as libass's ass_shaper.c: bidi levels first, then runs that
 * change font or level nowhere inside, each shaped on its own. */
#include "text/shaping.h"

#include <math.h>
#include <stdlib.h>

#include <fribidi.h>

#include "vidforge/error.h"

unsigned vf_utf8_decode(const char *text, int len, int off, int *step)
{
    const unsigned char *p = (const unsigned char *)text + off;
    int avail = len - off;
    *step = 1;
    if (avail <= 0)
        return 0xFFFD;
    int n = p[0] < 0x80 ? 0 : (p[0] & 0xE0) == 0xC0 ? 1 : (p[0] & 0xF0) == 0xE0 ? 2
          : (p[0] & 0xF8) == 0xF0 ? 3 : -1;
    if (n < 0 || n >= avail)
        return n == 0 ? p[0] : 0xFFFD;
    unsigned c = n == 0 ? p[0] : p[0] & (0x3Fu >> n);
    for (int i = 1; i <= n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0xFFFD;
        c = (c << 6) | (p[i] & 0x3F);
    }
    *step = n + 1;
    return c;
}

/* Room for n more glyphs in out. 0 or VF_ERR_INTERNAL (out unchanged). */
static int reserve(VfShaped *out, unsigned n)
{
    if (out->n + n <= out->cap)
        return 0;
    unsigned cap = (out->n + n) * 2 + 16;
    hb_glyph_info_t *i2 = realloc(out->info, cap * sizeof(*i2));
    out->info = i2 ? i2 : out->info;
    hb_glyph_position_t *p2 = i2 ? realloc(out->pos, cap * sizeof(*p2)) : NULL;
    out->pos = p2 ? p2 : out->pos;
    int *f2 = p2 ? realloc(out->font, cap * sizeof(*f2)) : NULL;
    out->font = f2 ? f2 : out->font;
    int *l2 = f2 ? realloc(out->level, cap * sizeof(*l2)) : NULL;
    out->level = l2 ? l2 : out->level;
    int *r2 = l2 ? realloc(out->run, cap * sizeof(*r2)) : NULL;
    out->run = r2 ? r2 : out->run;
    if (!r2)
        return VF_ERR_INTERNAL;
    out->cap = cap;
    return 0;
}

/* Appends buf's glyphs, drawn by font entry f at bidi level `level`, as one
 * run; k scales the positions of a bitmap strike. */
static void append_run(VfShaped *out, hb_buffer_t *buf, int f, int level, double k)
{
    unsigned n;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
    for (unsigned i = 0; i < n; i++) {
        out->info[out->n] = info[i];
        out->pos[out->n] = pos[i];
        if (k != 1) { /* a bitmap strike, scaled to the size */
            hb_glyph_position_t *p = &out->pos[out->n];
            p->x_advance = (hb_position_t)lround(p->x_advance * k);
            p->x_offset = (hb_position_t)lround(p->x_offset * k);
            p->y_offset = (hb_position_t)lround(p->y_offset * k);
        }
        out->level[out->n] = level;
        out->run[out->n] = out->runs;
        out->font[out->n++] = f;
    }
    out->runs++;
}

/* Shapes [start, end) of the paragraph with font f at bidi level `level`
 * (odd: right to left), appending to out in visual order within the run. */
static int shape_run(VfFontSet *fonts, VfShaped *out, const char *text, int len, int start,
                     int end, int f, int level)
{
    hb_buffer_t *buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, text, len, (unsigned)start, end - start);
    hb_buffer_guess_segment_properties(buf);
    hb_buffer_set_direction(buf, level & 1 ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_shape(fonts->hb[f], buf, NULL, 0);
    int ret = reserve(out, hb_buffer_get_length(buf));
    if (ret >= 0)
        append_run(out, buf, f, level, fonts->scale[f]);
    else
        out->runs++;
    hb_buffer_destroy(buf);
    return ret;
}

/* FriBidi's level of each of the n code points u (the paragraph direction
 * from the first strong character); 0 everywhere when it fails. */
static void char_levels(const FriBidiChar *u, int n, FriBidiCharType *types,
                        FriBidiBracketType *brackets, FriBidiLevel *levels)
{
    FriBidiParType dir = FRIBIDI_PAR_ON;
    fribidi_get_bidi_types(u, n, types);
    fribidi_get_bracket_types(u, n, types, brackets);
    if (!fribidi_get_par_embedding_levels_ex(types, brackets, n, &dir, levels))
        for (int k = 0; k < n; k++)
            levels[k] = 0;
}

/* Bidi embedding level of every byte of the paragraph. NULL on OOM. */
static int *bidi_levels(const char *text, int len)
{
    size_t cap = (size_t)len + 1;
    int *byte_level = calloc(cap, sizeof(int)), *offset = malloc(cap * sizeof(int));
    FriBidiChar *u = malloc(cap * sizeof(*u));
    FriBidiCharType *types = malloc(cap * sizeof(*types));
    FriBidiBracketType *brackets = malloc(cap * sizeof(*brackets));
    FriBidiLevel *levels = malloc(cap * sizeof(*levels));
    int n = 0;
    if (byte_level && u && offset && types && brackets && levels) {
        for (int i = 0, step; i < len; i += step) {
            offset[n] = i;
            u[n++] = vf_utf8_decode(text, len, i, &step);
        }
        if (n > 0)
            char_levels(u, n, types, brackets, levels);
        for (int k = 0; k < n; k++)
            for (int i = offset[k]; i < (k + 1 < n ? offset[k + 1] : len); i++)
                byte_level[i] = levels[k];
    }
    free(u);
    free(offset);
    free(types);
    free(brackets);
    free(levels);
    return byte_level;
}

/* Marks and joiners stay with the font of what they follow. */
static int keeps_font(unsigned c)
{
    return c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x0300 && c <= 0x036F);
}

int vf_shape_paragraph(VfFontSet *fonts, VfShaped *out, const char *text, int len)
{
    int *levels = bidi_levels(text, len);
    if (!levels)
        return VF_ERR_INTERNAL;
    int ret = 0, start = 0, font = -1;
    for (int i = 0; i <= len && ret >= 0;) {
        int f = font, step = 1;
        if (i < len) {
            unsigned c = vf_utf8_decode(text, len, i, &step);
            f = font >= 0 && keeps_font(c) ? font : vf_fontset_for(fonts, c);
        }
        int level_change = i > start && i < len && levels[i] != levels[start];
        if (i == len || (font >= 0 && (f != font || level_change))) {
            if (i > start)
                ret = shape_run(fonts, out, text, len, start, i, font < 0 ? 0 : font,
                                levels[start]);
            start = i;
        }
        font = f;
        i += i < len ? step : 1;
    }
    free(levels);
    return ret;
}

static int cmp_unsigned(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

/* The rank of cluster c among the distinct sorted clusters. */
static unsigned rank_of(const unsigned *sorted, unsigned distinct, unsigned c)
{
    unsigned lo = 0, hi = distinct;
    while (lo + 1 < hi) {
        unsigned mid = (lo + hi) / 2;
        if (sorted[mid] <= c)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

unsigned vf_shaped_rank_clusters(const VfShaped *sh, unsigned *ranks)
{
    unsigned n = sh->n, *sorted = malloc((n ? n : 1) * sizeof(*sorted));
    if (!sorted)
        return 0;
    for (unsigned i = 0; i < n; i++)
        sorted[i] = sh->info[i].cluster;
    qsort(sorted, n, sizeof(*sorted), cmp_unsigned);
    unsigned distinct = 0;
    for (unsigned i = 0; i < n; i++)
        if (!distinct || sorted[distinct - 1] != sorted[i])
            sorted[distinct++] = sorted[i];
    for (unsigned i = 0; i < n; i++)
        ranks[i] = rank_of(sorted, distinct, sh->info[i].cluster);
    free(sorted);
    return distinct;
}

void vf_shaped_free(VfShaped *sh)
{
    free(sh->info);
    free(sh->pos);
    free(sh->font);
    free(sh->level);
    free(sh->run);
    *sh = (VfShaped){ 0 };
}
