/* Shapes each line with HarfBuzz, then renders glyph outlines with FreeType at
 * their exact (sub-pixel) pen positions. Unhinted: advances then match what
 * HarfBuzz measured, so boxes and ink agree at every size. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include FT_GLYPH_H
#include FT_STROKER_H
#include <hb.h>
#include <hb-ft.h>
#include <fribidi.h>
#include "util/raster.h"
#include "text/effects.h"
#include "text/text.h"
#include "vidforge/error.h"
#include "vidforge/log.h"
#include "text/font.h"

#define LOAD_FLAGS (FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP)

#define FACE_CACHE 16

/* Faces stay open for the engine's life: layouts of the same font (every
 * overlay, every fit probe, every fallback lookup) do not reparse the file. */
struct VfTextEngine {
    FT_Library ft;
    struct { char *path; int index; FT_Face face; } cache[FACE_CACHE];
    int nb_cached;
};

/* A face for path (a new reference: release with FT_Done_Face), from the
 * engine's cache when it is there. */
static int engine_face(VfTextEngine *e, const char *path, int index, FT_Face *out)
{
    for (int i = 0; i < e->nb_cached; i++) {
        if (e->cache[i].index == index && !strcmp(e->cache[i].path, path)) {
            FT_Reference_Face(e->cache[i].face);
            *out = e->cache[i].face;
            return 0;
        }
    }
    if (FT_New_Face(e->ft, path, index, out))
        return -1;
    char *copy = e->nb_cached < FACE_CACHE ? strdup(path) : NULL;
    if (copy) {
        e->cache[e->nb_cached].path = copy;
        e->cache[e->nb_cached].index = index;
        e->cache[e->nb_cached++].face = *out;
        FT_Reference_Face(*out);
    }
    return 0;
}

typedef struct Glyph {
    unsigned index;
    FT_Pos x, y;        /* pen position, 26.6, y down from the box top */
    unsigned cluster;   /* grapheme cluster, reading order across lines */
    int line;
    int font;           /* index into Layout.faces */
} Glyph;

#define MAX_FACES 8

typedef struct Layout {
    Glyph *glyphs;
    int count, cap;
    FT_Pos *line_widths; /* 26.6 */
    int lines, lines_cap;
    FT_Pos width;       /* the box width, 26.6 */
    FT_Pos line_height; /* 26.6 */
    unsigned clusters;  /* clusters laid out so far */
    /* faces[0] is the style's font (the caller's); the rest are fallbacks for
     * characters it lacks, opened at the same size and owned here */
    FT_Library ft;
    VfTextEngine *engine;
    FT_Face faces[MAX_FACES];
    hb_font_t *hb[MAX_FACES];
    char *paths[MAX_FACES];
    double scale[MAX_FACES]; /* bitmap fonts (emoji): strike size -> requested size */
    int color[MAX_FACES];    /* colour bitmap glyphs (CBDT) */
    int nb_faces;
    int cur_font;       /* the font of the glyphs being pushed */
    const VfTextStyle *style;
    int missing;        /* characters no font has */
} Layout;

int vf_text_engine_create(VfTextEngine **out)
{
    VfTextEngine *e = calloc(1, sizeof(*e));
    if (!e)
        return VF_ERR_INTERNAL;
    if (FT_Init_FreeType(&e->ft)) {
        free(e);
        return vf_error_set(VF_ERR_INTERNAL, "cannot initialise FreeType");
    }
    *out = e;
    return 0;
}

void vf_text_engine_free(VfTextEngine **pe)
{
    if (!pe || !*pe)
        return;
    for (int i = 0; i < (*pe)->nb_cached; i++) {
        FT_Done_Face((*pe)->cache[i].face);
        free((*pe)->cache[i].path);
    }
    FT_Done_FreeType((*pe)->ft);
    free(*pe);
    *pe = NULL;
}

static int push_glyph(Layout *l, unsigned index, FT_Pos x, FT_Pos y, unsigned cluster)
{
    if (l->count == l->cap) {
        int cap = l->cap ? l->cap * 2 : 64;
        Glyph *g = realloc(l->glyphs, (size_t)cap * sizeof(*g));
        if (!g)
            return VF_ERR_INTERNAL;
        l->glyphs = g;
        l->cap = cap;
    }
    l->glyphs[l->count++] = (Glyph){ index, x, y, cluster, l->lines, l->cur_font };
    return 0;
}

static int new_line(Layout *l, FT_Pos width)
{
    if (l->lines == l->lines_cap) {
        int cap = l->lines_cap ? l->lines_cap * 2 : 8;
        FT_Pos *w = realloc(l->line_widths, (size_t)cap * sizeof(*w));
        if (!w)
            return VF_ERR_INTERNAL;
        l->line_widths = w;
        l->lines_cap = cap;
    }
    l->line_widths[l->lines++] = width;
    return 0;
}

static int cmp_unsigned(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

/* Numbers HarfBuzz's clusters (byte offsets) by their logical order, so a
 * typewriter reveals in reading order whatever the glyph order. Writes each
 * glyph's rank into ranks; returns the number of distinct clusters. */
static unsigned rank_clusters(const hb_glyph_info_t *info, unsigned n, unsigned *ranks)
{
    unsigned *sorted = malloc((n ? n : 1) * sizeof(*sorted));
    if (!sorted)
        return 0;
    for (unsigned i = 0; i < n; i++)
        sorted[i] = info[i].cluster;
    qsort(sorted, n, sizeof(*sorted), cmp_unsigned);
    unsigned distinct = 0;
    for (unsigned i = 0; i < n; i++)
        if (!distinct || sorted[distinct - 1] != sorted[i])
            sorted[distinct++] = sorted[i];
    for (unsigned i = 0; i < n; i++) {
        unsigned lo = 0, hi = distinct;
        while (lo + 1 < hi) {
            unsigned mid = (lo + hi) / 2;
            if (sorted[mid] <= info[i].cluster)
                lo = mid;
            else
                hi = mid;
        }
        ranks[i] = lo;
    }
    free(sorted);
    return distinct;
}

/* Decodes the code point at byte offset off of text (len bytes), setting
 * *step to its length; a broken or truncated sequence reads as U+FFFD, one
 * byte long. Never reads past len. */
static unsigned decode_at(const char *text, int len, int off, int *step)
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

static unsigned codepoint_at(const char *text, int len, unsigned off)
{
    int step;
    return decode_at(text, len, (int)off, &step);
}

static int is_cjk(unsigned c)
{
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF) ||
           (c >= 0x20000 && c <= 0x3FFFF);
}

/* Glyph advances with letter spacing added once per cluster (26.6). */
static FT_Pos advance(const hb_glyph_info_t *info, const hb_glyph_position_t *pos, unsigned i,
                      unsigned n, FT_Pos spacing)
{
    int cluster_end = i + 1 == n || info[i + 1].cluster != info[i].cluster;
    return pos[i].x_advance + (cluster_end ? spacing : 0);
}

/* Greedy line breaking: break opportunities after spaces and after CJK
 * characters; a word longer than the line breaks where it must. Returns the
 * end (exclusive) of the line starting at glyph a, and its width. */
static unsigned line_end(const char *text, int len, const hb_glyph_info_t *info,
                         const hb_glyph_position_t *pos, unsigned a, unsigned n, FT_Pos max,
                         FT_Pos spacing, FT_Pos *width)
{
    FT_Pos w = 0, w_at_break = 0;
    unsigned brk = 0;
    for (unsigned i = a; i < n; i++) {
        FT_Pos adv = advance(info, pos, i, n, spacing);
        unsigned c = codepoint_at(text, len, info[i].cluster);
        if (max > 0 && w + adv > max && i > a) {
            if (brk > a) {
                *width = w_at_break;
                return brk;
            }
            *width = w;
            return i; /* no opportunity: break inside the word */
        }
        w += adv;
        if (c == ' ' || is_cjk(c)) {
            brk = i + 1;
            w_at_break = c == ' ' ? w - adv : w; /* a trailing space takes no room */
        }
    }
    *width = w;
    return n;
}

static int place_glyphs(Layout *l, const hb_glyph_info_t *info, const hb_glyph_position_t *pos,
                        const int *fonts, const unsigned *ranks, const unsigned *order,
                        unsigned a, unsigned b, unsigned n, FT_Pos spacing, FT_Pos baseline)
{
    FT_Pos pen = 0;
    int ret = 0;
    for (unsigned k = 0; k < b - a && ret >= 0; k++) {
        unsigned i = order[k];
        l->cur_font = fonts[i];
        ret = push_glyph(l, info[i].codepoint, pen + pos[i].x_offset, baseline - pos[i].y_offset,
                         l->clusters + ranks[i]);
        pen += advance(info, pos, i, n, spacing);
    }
    return ret;
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

/* The face that should draw codepoint c: the style's font when it has it,
 * else a fallback (opened once per layout), else the style's (tofu). */
/* The first of the style's fallback fonts that has c, or -1. */
static int listed_fallback(Layout *l, unsigned c, char **path)
{
    for (int k = 0; l->style && k < l->style->nb_fallback; k++) {
        FT_Face f;
        if (engine_face(l->engine, l->style->fallback[k], 0, &f) < 0)
            continue;
        int has = FT_Get_Char_Index(f, c) != 0;
        FT_Done_Face(f);
        if (has)
            return (*path = strdup(l->style->fallback[k])) ? 0 : -1;
    }
    return -1;
}

static int font_for(Layout *l, unsigned c, double size)
{
    if (c < 0x20 || c == ' ' || FT_Get_Char_Index(l->faces[0], c))
        return 0;
    for (int i = 1; i < l->nb_faces; i++)
        if (FT_Get_Char_Index(l->faces[i], c))
            return i;
    char *path = NULL;
    int index = 0;
    if (l->nb_faces >= MAX_FACES ||
        (listed_fallback(l, c, &path) < 0 && vf_font_fallback(c, &path, &index) < 0)) {
        l->missing++;
        return 0;
    }
    FT_Face f;
    double scale = 1;
    if (engine_face(l->engine, path, index, &f) < 0) {
        free(path);
        l->missing++;
        return 0;
    }
    if (size_face(f, size, &scale) < 0) {
        FT_Done_Face(f);
        free(path);
        l->missing++;
        return 0;
    }
    int i = l->nb_faces++;
    l->faces[i] = f;
    l->paths[i] = path;
    l->scale[i] = scale;
    l->color[i] = !FT_IS_SCALABLE(f) && FT_HAS_COLOR(f);
    l->hb[i] = hb_ft_font_create_referenced(f);
    hb_ft_font_set_load_flags(l->hb[i], l->color[i] ? FT_LOAD_COLOR : LOAD_FLAGS);
    FT_Done_Face(f); /* the hb font holds a reference */
    return i;
}

typedef struct Shaped {
    hb_glyph_info_t *info;
    hb_glyph_position_t *pos;
    int *font;
    int *level;         /* the bidi embedding level of the glyph's run */
    int *run;           /* which run it came from */
    unsigned n, cap;
    int runs;
} Shaped;

/* Shapes [start, end) of the paragraph with font f at bidi level `level`
 * (odd: right to left), appending to out in visual order within the run. */
static int shape_run(Layout *l, Shaped *out, const char *text, int len, int start, int end, int f,
                     int level)
{
    hb_buffer_t *buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, text, len, (unsigned)start, end - start);
    hb_buffer_guess_segment_properties(buf);
    hb_buffer_set_direction(buf, level & 1 ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_shape(l->hb[f], buf, NULL, 0);
    unsigned n;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
    int ret = 0;
    if (out->n + n > out->cap) {
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
        ret = r2 ? 0 : VF_ERR_INTERNAL;
        if (r2)
            out->cap = cap;
    }
    double k = l->scale[f];
    for (unsigned i = 0; ret >= 0 && i < n; i++) {
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
    hb_buffer_destroy(buf);
    return ret;
}

/* Bidi embedding level of every byte of the paragraph (FriBidi, the
 * paragraph direction from its first strong character). NULL on OOM. */
static int *bidi_levels(const char *text, int len)
{
    int *byte_level = calloc((size_t)len + 1, sizeof(int));
    FriBidiChar *u = malloc(((size_t)len + 1) * sizeof(*u));
    int *offset = malloc(((size_t)len + 1) * sizeof(int));
    FriBidiCharType *types = malloc(((size_t)len + 1) * sizeof(*types));
    FriBidiBracketType *brackets = malloc(((size_t)len + 1) * sizeof(*brackets));
    FriBidiLevel *levels = malloc(((size_t)len + 1) * sizeof(*levels));
    int n = 0;
    if (byte_level && u && offset && types && brackets && levels) {
        for (int i = 0, step; i < len; i += step) {
            offset[n] = i;
            u[n++] = decode_at(text, len, i, &step);
        }
        FriBidiParType dir = FRIBIDI_PAR_ON;
        fribidi_get_bidi_types(u, n, types);
        fribidi_get_bracket_types(u, n, types, brackets);
        if (fribidi_get_par_embedding_levels_ex(types, brackets, n, &dir, levels)) {
            for (int k = 0; k < n; k++) {
                int end = k + 1 < n ? offset[k + 1] : len;
                for (int i = offset[k]; i < end; i++)
                    byte_level[i] = levels[k];
            }
        }
    }
    free(u);
    free(offset);
    free(types);
    free(brackets);
    free(levels);
    return byte_level;
}

/* Splits the paragraph into runs of one font and one bidi level each and
 * shapes them, in logical order. */
static int shape_paragraph(Layout *l, Shaped *out, const char *text, int len, double size)
{
    int *levels = bidi_levels(text, len);
    if (!levels)
        return VF_ERR_INTERNAL;
    int ret = 0, start = 0, font = -1;
    for (int i = 0; i <= len && ret >= 0;) {
        int f = font;
        int step = 1;
        if (i < len) {
            unsigned c = decode_at(text, len, i, &step);
            /* marks and joiners stay with what they follow */
            int keep = font >= 0 && (c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) ||
                                     (c >= 0x0300 && c <= 0x036F));
            f = keep ? font : font_for(l, c, size);
        }
        int level_change = i > start && i < len && levels[i] != levels[start];
        if (i == len || (font >= 0 && (f != font || level_change))) {
            if (i > start)
                ret = shape_run(l, out, text, len, start, i, font < 0 ? 0 : font, levels[start]);
            start = i;
        }
        font = f;
        i += i < len ? step : 1;
    }
    free(levels);
    return ret;
}

/* Reorders the glyphs of line [a, b) visually (Unicode rule L2 on runs):
 * from the highest level down to the lowest odd one, reverse every maximal
 * sequence of runs at that level or above. Writes the new order to order. */
static void visual_order(const Shaped *sh, unsigned a, unsigned b, unsigned *order)
{
    unsigned nseg = 0, seg_start[512], seg_end[512];
    for (unsigned i = a; i < b && nseg < 512;) {
        unsigned j = i;
        while (j < b && sh->run[j] == sh->run[i])
            j++;
        seg_start[nseg] = i;
        seg_end[nseg++] = j;
        i = j;
    }
    int max = 0, min_odd = 1000;
    for (unsigned k = 0; k < nseg; k++) {
        int lv = sh->level[seg_start[k]];
        max = lv > max ? lv : max;
        if (lv & 1)
            min_odd = lv < min_odd ? lv : min_odd;
    }
    unsigned idx[512];
    for (unsigned k = 0; k < nseg; k++)
        idx[k] = k;
    for (int lv = max; lv >= min_odd && lv > 0; lv--) {
        for (unsigned k = 0; k < nseg;) {
            if (sh->level[seg_start[idx[k]]] < lv) {
                k++;
                continue;
            }
            unsigned e = k;
            while (e < nseg && sh->level[seg_start[idx[e]]] >= lv)
                e++;
            for (unsigned x = k, y = e - 1; x < y; x++, y--) {
                unsigned t = idx[x];
                idx[x] = idx[y];
                idx[y] = t;
            }
            k = e;
        }
    }
    unsigned o = 0;
    for (unsigned k = 0; k < nseg; k++)
        for (unsigned i = seg_start[idx[k]]; i < seg_end[idx[k]]; i++)
            order[o++] = i;
    for (unsigned i = a + o; i < b; i++)
        order[o++] = i; /* past 512 runs: logical order */
}

/* Shapes one paragraph (no "\n") and lays it out in one or more lines. */
static int layout_paragraph(Layout *l, const char *text, int len, const VfTextStyle *st,
                            FT_Pos ascender)
{
    Shaped sh = { 0 };
    int ret = shape_paragraph(l, &sh, text, len, st->size);
    unsigned n = sh.n;
    hb_glyph_info_t *info = sh.info;
    hb_glyph_position_t *pos = sh.pos;
    unsigned *ranks = malloc((n ? n : 1) * sizeof(*ranks));
    if (!ranks)
        ret = VF_ERR_INTERNAL;
    unsigned distinct = ranks && n ? rank_clusters(info, n, ranks) : 0;
    FT_Pos spacing = (FT_Pos)lround(st->letter_spacing * 64);
    FT_Pos max = st->max_width > 0 ? (FT_Pos)lround(st->max_width * 64) : 0;
    unsigned a = 0;
    do {
        FT_Pos w = 0;
        unsigned b = n ? line_end(text, len, info, pos, a, n, max, spacing, &w) : 0;
        FT_Pos baseline = l->lines * l->line_height + ascender;
        unsigned *order = malloc((b - a + 1) * sizeof(*order));
        if (!order)
            ret = VF_ERR_INTERNAL;
        if (ret >= 0) {
            visual_order(&sh, a, b, order);
            ret = place_glyphs(l, info, pos, sh.font, ranks, order, a, b, n, spacing, baseline);
        }
        free(order);
        if (ret >= 0)
            ret = new_line(l, w);
        while (b < n && codepoint_at(text, len, info[b].cluster) == ' ')
            b++; /* spaces at a break are not carried to the next line */
        a = b;
    } while (a < n && ret >= 0);
    l->clusters += distinct + 1; /* the line break counts as one, as typed */
    free(ranks);
    free(sh.info);
    free(sh.pos);
    free(sh.font);
    free(sh.level);
    free(sh.run);
    return ret;
}

/* Moves each line by the alignment within the box. */
static void align_lines(Layout *l, int align)
{
    for (int i = 0; i < l->count; i++) {
        FT_Pos free_space = l->width - l->line_widths[l->glyphs[i].line];
        l->glyphs[i].x += align == 1 ? free_space / 2 : align == 2 ? free_space : 0;
    }
}

static int layout_text(Layout *l, FT_Face face, const char *utf8, const VfTextStyle *st)
{
    hb_font_t *font = hb_ft_font_create_referenced(face);
    hb_ft_font_set_load_flags(font, LOAD_FLAGS);
    l->faces[0] = face;
    l->hb[0] = font;
    l->scale[0] = 1;
    l->style = st;
    l->nb_faces = 1;
    FT_Size_Metrics *m = &face->size->metrics;
    FT_Pos natural = m->ascender - m->descender;
    l->line_height = st->line_height > 0 ? (FT_Pos)lround(st->line_height * st->size * 64)
                                         : natural;
    /* extra line height is shared above and below the font's own */
    FT_Pos ascender = m->ascender + (l->line_height - natural) / 2;
    int ret = 0;
    const char *p = utf8;
    for (;;) {
        const char *nl = strchr(p, '\n');
        int len = nl ? (int)(nl - p) : (int)strlen(p);
        ret = layout_paragraph(l, p, len, st, ascender);
        if (ret < 0 || !nl)
            break;
        p = nl + 1;
    }
    for (int i = 0; i < l->lines; i++)
        l->width = l->line_widths[i] > l->width ? l->line_widths[i] : l->width;
    if (st->max_width > 0 && st->align)
        l->width = (FT_Pos)lround(st->max_width * 64); /* align within the wrapping width */
    align_lines(l, st->align);
    if (l->missing)
        vf_log(VF_LOG_WARNING, "%d character%s in \"%.40s\" %s in no font on this machine",
               l->missing, l->missing > 1 ? "s" : "", utf8, l->missing > 1 ? "are" : "is");
    return ret;
}

/* Frees what a layout owns (its glyphs, lines and fallback fonts). */
static void layout_free(Layout *l)
{
    for (int i = 0; i < l->nb_faces; i++) {
        hb_font_destroy(l->hb[i]);
        free(l->paths[i]);
    }
    free(l->glyphs);
    free(l->line_widths);
    *l = (Layout){ 0 };
}

/* Loads glyph g's outline moved to its pen position (26.6, y down). */
static int load_placed(FT_Face face, const Glyph *g)
{
    if (FT_Load_Glyph(face, g->index, LOAD_FLAGS) ||
        face->glyph->format != FT_GLYPH_FORMAT_OUTLINE)
        return -1;
    FT_Outline_Translate(&face->glyph->outline, g->x, -g->y);
    return 0;
}

/* Ink bounds in whole pixels, box coordinates (y down), merged with the box. */
/* Loads colour glyph g as a BGRA bitmap; 0, or -1 when it has none. */
static int load_color(const Layout *l, const Glyph *g)
{
    FT_Face face = l->faces[g->font];
    return !FT_Load_Glyph(face, g->index, FT_LOAD_COLOR) &&
           face->glyph->format == FT_GLYPH_FORMAT_BITMAP &&
           face->glyph->bitmap.pixel_mode == FT_PIXEL_MODE_BGRA ? 0 : -1;
}

/* Where colour glyph g's scaled bitmap lands, in box pixels: x0, y0, w, h. */
static void color_box(const Layout *l, const Glyph *g, double r[4])
{
    FT_GlyphSlot s = l->faces[g->font]->glyph;
    double k = l->scale[g->font];
    r[0] = g->x / 64.0 + s->bitmap_left * k;
    r[1] = g->y / 64.0 - s->bitmap_top * k;
    r[2] = s->bitmap.width * k;
    r[3] = s->bitmap.rows * k;
}

static void ink_bounds(const Layout *l, int box_w, int box_h, int b[4])
{
    b[0] = 0, b[1] = 0, b[2] = box_w, b[3] = box_h;
    for (int i = 0; i < l->count; i++) {
        FT_Face face = l->faces[l->glyphs[i].font];
        if (l->color[l->glyphs[i].font]) {
            double r[4];
            if (load_color(l, &l->glyphs[i]) < 0)
                continue;
            color_box(l, &l->glyphs[i], r);
            b[0] = (int)floor(r[0]) < b[0] ? (int)floor(r[0]) : b[0];
            b[1] = (int)floor(r[1]) < b[1] ? (int)floor(r[1]) : b[1];
            b[2] = (int)ceil(r[0] + r[2]) > b[2] ? (int)ceil(r[0] + r[2]) : b[2];
            b[3] = (int)ceil(r[1] + r[3]) > b[3] ? (int)ceil(r[1] + r[3]) : b[3];
            continue;
        }
        if (load_placed(face, &l->glyphs[i]) < 0)
            continue;
        FT_BBox cb;
        FT_Outline_Get_CBox(&face->glyph->outline, &cb);
        if (cb.xMin >= cb.xMax)
            continue;
        int x0 = (int)floor(cb.xMin / 64.0), x1 = (int)ceil(cb.xMax / 64.0);
        int y0 = (int)floor(-cb.yMax / 64.0), y1 = (int)ceil(-cb.yMin / 64.0);
        b[0] = x0 < b[0] ? x0 : b[0];
        b[1] = y0 < b[1] ? y0 : b[1];
        b[2] = x1 > b[2] ? x1 : b[2];
        b[3] = y1 > b[3] ? y1 : b[3];
    }
}

/* A coverage mask the size of the raster. */
typedef struct Mask {
    uint8_t *m;
    int w, h;
} Mask;

/* Max-composites a rendered bitmap at (left, top) (raster coordinates) into
 * mask; notes the cluster of pixels it raises when clusters is given. */
static void stamp(Mask *mask, const FT_Bitmap *bm, int left, int top, uint16_t *clusters,
                  unsigned cluster)
{
    for (unsigned row = 0; row < bm->rows; row++) {
        int y = top + (int)row;
        if (y < 0 || y >= mask->h)
            continue;
        const unsigned char *src = bm->buffer + (long)row * bm->pitch;
        for (unsigned col = 0; col < bm->width; col++) {
            int x = left + (int)col;
            if (x < 0 || x >= mask->w)
                continue;
            size_t at = (size_t)y * mask->w + x;
            if (src[col] > mask->m[at]) {
                mask->m[at] = src[col];
                if (clusters)
                    clusters[at] = (uint16_t)(cluster < 65535 ? cluster : 65535);
            }
        }
    }
}

/* Draws colour glyph g scaled (bilinear) into color (premultiplied RGBA,
 * raster-sized) and its alpha into fill. */
static void draw_color(const Layout *l, const Glyph *g, Mask *fill, uint8_t *color,
                       uint16_t *clusters, int ox, int oy)
{
    if (load_color(l, g) < 0)
        return;
    const FT_Bitmap *bm = &l->faces[g->font]->glyph->bitmap;
    double r[4], k = l->scale[g->font];
    color_box(l, g, r);
    int x0 = (int)floor(r[0]) - ox, y0 = (int)floor(r[1]) - oy;
    for (int y = y0; y < y0 + (int)ceil(r[3]) + 1; y++) {
        for (int x = x0; x < x0 + (int)ceil(r[2]) + 1; x++) {
            if (x < 0 || y < 0 || x >= fill->w || y >= fill->h)
                continue;
            double sx = (x + ox + 0.5 - r[0]) / k - 0.5, sy = (y + oy + 0.5 - r[1]) / k - 0.5;
            int ix = (int)floor(sx), iy = (int)floor(sy);
            double fx = sx - ix, fy = sy - iy, acc[4] = { 0 };
            for (int j = 0; j < 2; j++)
                for (int i = 0; i < 2; i++) {
                    int px = ix + i, py = iy + j;
                    if (px < 0 || py < 0 || px >= (int)bm->width || py >= (int)bm->rows)
                        continue;
                    const uint8_t *p = bm->buffer + (long)py * bm->pitch + px * 4; /* BGRA, premultiplied */
                    double w = (i ? fx : 1 - fx) * (j ? fy : 1 - fy);
                    acc[0] += p[2] * w, acc[1] += p[1] * w, acc[2] += p[0] * w, acc[3] += p[3] * w;
                }
            size_t at = (size_t)y * fill->w + x;
            uint8_t a = (uint8_t)lrint(acc[3] > 255 ? 255 : acc[3]);
            if (a <= color[at * 4 + 3])
                continue;
            for (int c = 0; c < 4; c++)
                color[at * 4 + c] = (uint8_t)lrint(acc[c] > 255 ? 255 : acc[c]);
            fill->m[at] = a > fill->m[at] ? a : fill->m[at];
            clusters[at] = (uint16_t)(g->cluster < 65535 ? g->cluster : 65535);
        }
    }
}

static void draw_fill(const Layout *l, Mask *fill, uint8_t *color, uint16_t *clusters, int ox,
                      int oy)
{
    for (int i = 0; i < l->count; i++) {
        const Glyph *g = &l->glyphs[i];
        FT_Face face = l->faces[g->font];
        if (l->color[g->font]) {
            if (color)
                draw_color(l, g, fill, color, clusters, ox, oy);
            continue;
        }
        if (load_placed(face, g) < 0 || FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL))
            continue;
        stamp(fill, &face->glyph->bitmap, face->glyph->bitmap_left - ox,
              -face->glyph->bitmap_top - oy, clusters, g->cluster);
    }
}

/* A true stroke outside each glyph (FreeType stroker, round joins). */
static void draw_outline(FT_Library ft, const Layout *l, double width, Mask *out,
                         uint16_t *clusters, int ox, int oy)
{
    FT_Stroker stroker;
    if (FT_Stroker_New(ft, &stroker))
        return;
    FT_Stroker_Set(stroker, (FT_Fixed)lround(width * 64), FT_STROKER_LINECAP_ROUND,
                   FT_STROKER_LINEJOIN_ROUND, 0);
    for (int i = 0; i < l->count; i++) {
        FT_Glyph glyph;
        FT_Face face = l->faces[l->glyphs[i].font];
        if (load_placed(face, &l->glyphs[i]) < 0 || FT_Get_Glyph(face->glyph, &glyph))
            continue;
        if (!FT_Glyph_StrokeBorder(&glyph, stroker, 0, 1) &&
            !FT_Glyph_To_Bitmap(&glyph, FT_RENDER_MODE_NORMAL, NULL, 1)) {
            FT_BitmapGlyph bg = (FT_BitmapGlyph)glyph;
            stamp(out, &bg->bitmap, bg->left - ox, -bg->top - oy, clusters, l->glyphs[i].cluster);
        }
        FT_Done_Glyph(glyph);
    }
    FT_Stroker_Done(stroker);
}

/* How far effects reach outside the ink and the box, in whole pixels. */
static int effects_margin(const VfTextStyle *st)
{
    double m = st->outline_width + 1;
    if (st->has_shadow)
        m += fmax(fabs(st->shadow_x), fabs(st->shadow_y)) + st->shadow_blur * 1.5;
    if (st->has_background)
        m = fmax(m, fmax(st->background_pad_x, st->background_pad_y) + 1);
    return (int)ceil(m);
}

/* The shadow: fill and outline, moved and blurred. */
static int make_shadow(const VfTextStyle *st, const Mask *fill, const Mask *outline, Mask *shadow)
{
    int dx = (int)lround(st->shadow_x), dy = (int)lround(st->shadow_y);
    for (int y = 0; y < shadow->h; y++) {
        for (int x = 0; x < shadow->w; x++) {
            int sx = x - dx, sy = y - dy;
            if (sx < 0 || sy < 0 || sx >= shadow->w || sy >= shadow->h)
                continue;
            size_t at = (size_t)sy * shadow->w + sx;
            uint8_t v = fill->m[at];
            if (outline->m && outline->m[at] > v)
                v = outline->m[at];
            shadow->m[(size_t)y * shadow->w + x] = v;
        }
    }
    return vf_mask_blur(shadow->m, shadow->w, shadow->h, st->shadow_blur);
}

/* Background, shadow, outline, fill, each over the last; straight alpha out. */
static void compose(const VfTextStyle *st, const Mask *bg, const Mask *shadow, const Mask *outline,
                    const Mask *fill, const uint8_t *color, VfRaster *r, int box_x, int box_y,
                    int box_w, int box_h)
{
    for (int y = 0; y < r->height; y++) {
        for (int x = 0; x < r->width; x++) {
            size_t at = (size_t)y * r->width + x;
            if (!fill->m[at] && !(bg->m && bg->m[at]) && !(shadow->m && shadow->m[at]) &&
                !(outline->m && outline->m[at]))
                continue; /* nothing here: the raster starts transparent */
            float px[4] = { 0, 0, 0, 0 };
            if (bg->m)
                vf_over(px, st->background_color, bg->m[at]);
            if (shadow->m)
                vf_over(px, st->shadow_color, shadow->m[at]);
            if (outline->m)
                vf_over(px, st->outline_color, outline->m[at]);
            if (color && color[at * 4 + 3]) { /* a colour glyph: its own pixels */
                const uint8_t *c = &color[at * 4];
                float a = c[3] / 255.0f;
                for (int k = 0; k < 3; k++)
                    px[k] = c[k] / 255.0f + px[k] * (1 - a);
                px[3] = a + px[3] * (1 - a);
            } else if (fill->m[at]) {
                VfColor c = st->nb_gradient < 2 ? st->color
                          : vf_gradient_at(st->gradient, st->gradient_stops, st->nb_gradient,
                                           st->gradient_angle,
                                           box_x, box_y, box_x + box_w, box_y + box_h, x + 0.5,
                                           y + 0.5, st->color);
                vf_over(px, c, fill->m[at]);
            }
            uint8_t *p = &r->pixels[at * 4];
            float a = px[3];
            for (int k = 0; k < 3; k++)
                p[k] = a > 0 ? (uint8_t)lrintf(fminf(px[k] / a, 1) * 255) : 0;
            p[3] = (uint8_t)lrintf(a * (float)st->opacity * 255);
        }
    }
}

static int rasterize(FT_Library ft, const Layout *l, const VfTextStyle *st, VfTextResult *out)
{
    out->box_w = (int)((l->width + 63) / 64);
    out->box_h = (int)((l->lines * l->line_height + 63) / 64);
    if (out->box_w < 1)
        out->box_w = 1;
    int b[4], m = effects_margin(st);
    ink_bounds(l, out->box_w, out->box_h, b);
    b[0] -= m, b[1] -= m, b[2] += m, b[3] += m;
    int ret = vf_raster_alloc(&out->raster, b[2] - b[0], b[3] - b[1]);
    if (ret < 0)
        return ret;
    out->ink_x = b[0];
    out->ink_y = b[1];
    int w = out->raster.width, h = out->raster.height;
    size_t n = (size_t)w * h;
    Mask fill = { calloc(n, 1), w, h }, outline = { NULL, w, h }, shadow = { NULL, w, h },
         bg = { NULL, w, h };
    int has_color = 0;
    for (int i = 1; i < l->nb_faces; i++)
        has_color |= l->color[i];
    uint8_t *color = has_color ? calloc(n, 4) : NULL;
    out->clusters = calloc(n, sizeof(uint16_t));
    if (st->outline_width > 0)
        outline.m = calloc(n, 1);
    if (st->has_shadow)
        shadow.m = calloc(n, 1);
    if (st->has_background)
        bg.m = calloc(n, 1);
    if (!fill.m || !out->clusters || (st->outline_width > 0 && !outline.m) ||
        (st->has_shadow && !shadow.m) || (st->has_background && !bg.m))
        ret = VF_ERR_INTERNAL;
    out->nb_clusters = l->clusters ? (int)l->clusters - 1 : 0; /* no break after the last line */
    if (ret >= 0 && outline.m)
        draw_outline(ft, l, st->outline_width, &outline, out->clusters, b[0], b[1]);
    if (ret >= 0)
        draw_fill(l, &fill, color, out->clusters, b[0], b[1]);
    if (ret >= 0 && shadow.m)
        ret = make_shadow(st, &fill, &outline, &shadow);
    if (ret >= 0 && shadow.m && st->typewriter) /* a blur reaches about 3 sigma = 1.5 radius */
        ret = vf_clusters_to_shadow(out->clusters, fill.m, outline.m, shadow.m, w, h,
                                    (int)lround(st->shadow_x), (int)lround(st->shadow_y),
                                    (int)ceil(st->shadow_blur * 1.5));
    if (ret >= 0 && bg.m)
        vf_mask_round_rect(bg.m, w, h, -b[0] - st->background_pad_x, -b[1] - st->background_pad_y,
                           -b[0] + out->box_w + st->background_pad_x,
                           -b[1] + out->box_h + st->background_pad_y, st->background_radius);
    if (ret >= 0)
        compose(st, &bg, &shadow, &outline, &fill, color, &out->raster, -b[0], -b[1], out->box_w,
                out->box_h);
    free(color);
    free(fill.m);
    free(outline.m);
    free(shadow.m);
    free(bg.m);
    return ret;
}

static int open_sized(VfTextEngine *e, const VfTextStyle *st, FT_Face *face)
{
    if (engine_face(e, st->font_path, st->face_index, face) < 0)
        return vf_error_set(VF_ERR_ASSET, "cannot open font %s: not a readable font file",
                            st->font_path);
    if (FT_Set_Char_Size(*face, 0, (FT_F26Dot6)lround(st->size * 64), 72, 72)) {
        FT_Done_Face(*face);
        return vf_error_set(VF_ERR_ASSET, "font %s cannot be set to %g px", st->font_path,
                            st->size);
    }
    return 0;
}

int vf_text_render(VfTextEngine *e, const char *utf8, const VfTextStyle *st,
                   VfTextResult *out)
{
    FT_Face face = NULL;
    Layout l = { .ft = e->ft, .engine = e };
    *out = (VfTextResult){ 0 };
    int ret = open_sized(e, st, &face);
    if (ret < 0)
        return ret;
    ret = layout_text(&l, face, utf8, st);
    if (ret >= 0)
        ret = rasterize(e->ft, &l, st, out);
    if (ret < 0) {
        vf_raster_free(&out->raster);
        free(out->clusters);
        out->clusters = NULL;
    }
    layout_free(&l);
    FT_Done_Face(face);
    return ret;
}

int vf_text_measure(VfTextEngine *e, const char *utf8, const VfTextStyle *st, int *box_w,
                    int *box_h)
{
    FT_Face face;
    Layout l = { .ft = e->ft, .engine = e };
    int ret = open_sized(e, st, &face);
    if (ret < 0)
        return ret;
    ret = layout_text(&l, face, utf8, st);
    *box_w = (int)((l.width + 63) / 64);
    *box_h = (int)((l.lines * l.line_height + 63) / 64);
    layout_free(&l);
    FT_Done_Face(face);
    return ret;
}

int vf_text_fit(VfTextEngine *e, const char *utf8, const VfTextStyle *st, double fit_w,
                double fit_h, double min_size, double *size)
{
    VfTextStyle probe = *st;
    if (probe.max_width <= 0)
        probe.max_width = fit_w;
    double lo = min_size, hi = st->size;
    int ret = 0, w, h;
    probe.size = hi;
    if ((ret = vf_text_measure(e, utf8, &probe, &w, &h)) < 0)
        return ret;
    if (w <= fit_w && h <= fit_h) {
        *size = hi;
        return 0;
    }
    while (hi - lo > 0.125 && ret >= 0) {
        probe.size = (lo + hi) / 2;
        ret = vf_text_measure(e, utf8, &probe, &w, &h);
        if (w <= fit_w && h <= fit_h)
            lo = probe.size;
        else
            hi = probe.size;
    }
    *size = lo;
    return ret;
}

int vf_text_dump(VfTextEngine *e, const char *utf8, const VfTextStyle *st,
                 void (*cb)(void *opaque, const VfGlyphInfo *g), void *opaque)
{
    FT_Face face;
    Layout l = { .ft = e->ft, .engine = e };
    int ret = open_sized(e, st, &face);
    if (ret < 0)
        return ret;
    ret = layout_text(&l, face, utf8, st);
    for (int i = 0; ret >= 0 && i < l.count; i++) {
        const Glyph *g = &l.glyphs[i];
        VfGlyphInfo info = { g->index, g->font ? l.paths[g->font] : st->font_path, g->x / 64.0,
                             g->y / 64.0, g->line };
        cb(opaque, &info);
    }
    layout_free(&l);
    FT_Done_Face(face);
    return ret;
}
