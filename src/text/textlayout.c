/* Line breaking and positioning, as libass's ass_render.c does after
 * shaping: greedy breaks on the shaped advances, bidi reordering per line
 * (Unicode rule L2 on runs), then alignment in the box. */
#include "text/textlayout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/shaping.h"
#include "vidforge/error.h"
#include "vidforge/log.h"

#define MAX_RUNS 512

static int push_glyph(VfLayout *l, unsigned index, FT_Pos x, FT_Pos y, unsigned cluster, int font)
{
    if (l->count == l->cap) {
        int cap = l->cap ? l->cap * 2 : 64;
        VfGlyph *g = realloc(l->glyphs, (size_t)cap * sizeof(*g));
        if (!g)
            return VF_ERR_INTERNAL;
        l->glyphs = g;
        l->cap = cap;
    }
    l->glyphs[l->count++] = (VfGlyph){ index, x, y, cluster, l->lines, font };
    return 0;
}

static int new_line(VfLayout *l, FT_Pos width)
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

static unsigned codepoint_at(const char *text, int len, unsigned off)
{
    int step;
    return vf_utf8_decode(text, len, (int)off, &step);
}

static int is_cjk(unsigned c)
{
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF) ||
           (c >= 0x20000 && c <= 0x3FFFF);
}

/* Glyph i's advance with letter spacing added once per cluster (26.6). */
static FT_Pos advance(const VfShaped *sh, unsigned i, FT_Pos spacing)
{
    int cluster_end = i + 1 == sh->n || sh->info[i + 1].cluster != sh->info[i].cluster;
    return sh->pos[i].x_advance + (cluster_end ? spacing : 0);
}

/* Greedy line breaking: break opportunities after spaces and after CJK
 * characters; a word longer than the line breaks where it must. Returns the
 * end (exclusive) of the line starting at glyph a, and its width. */
static unsigned line_end(const char *text, int len, const VfShaped *sh, unsigned a, FT_Pos max,
                         FT_Pos spacing, FT_Pos *width)
{
    FT_Pos w = 0, w_at_break = 0;
    unsigned brk = 0;
    for (unsigned i = a; i < sh->n; i++) {
        FT_Pos adv = advance(sh, i, spacing);
        unsigned c = codepoint_at(text, len, sh->info[i].cluster);
        if (max > 0 && w + adv > max && i > a) {
            *width = brk > a ? w_at_break : w;
            return brk > a ? brk : i; /* no opportunity: break inside the word */
        }
        w += adv;
        if (c == ' ' || is_cjk(c)) {
            brk = i + 1;
            w_at_break = c == ' ' ? w - adv : w; /* a trailing space takes no room */
        }
    }
    *width = w;
    return sh->n;
}

/* Splits glyphs [a, b) into runs (maximal spans of one shaped run): their
 * starts and ends. Returns how many, at most MAX_RUNS. */
static unsigned line_runs(const VfShaped *sh, unsigned a, unsigned b, unsigned *start,
                          unsigned *end)
{
    unsigned nseg = 0;
    for (unsigned i = a; i < b && nseg < MAX_RUNS;) {
        unsigned j = i;
        while (j < b && sh->run[j] == sh->run[i])
            j++;
        start[nseg] = i;
        end[nseg++] = j;
        i = j;
    }
    return nseg;
}

/* Reverses every maximal sequence of runs (idx, in their current order) at
 * level lv or above. */
static void reverse_at_level(const VfShaped *sh, const unsigned *start, unsigned *idx,
                             unsigned nseg, int lv)
{
    for (unsigned k = 0; k < nseg;) {
        if (sh->level[start[idx[k]]] < lv) {
            k++;
            continue;
        }
        unsigned e = k;
        while (e < nseg && sh->level[start[idx[e]]] >= lv)
            e++;
        for (unsigned x = k, y = e - 1; x < y; x++, y--) {
            unsigned t = idx[x];
            idx[x] = idx[y];
            idx[y] = t;
        }
        k = e;
    }
}

/* Reorders the glyphs of line [a, b) visually (Unicode rule L2 on runs):
 * from the highest level down to the lowest odd one, reverse every maximal
 * sequence of runs at that level or above. Writes the new order to order. */
static void visual_order(const VfShaped *sh, unsigned a, unsigned b, unsigned *order)
{
    unsigned start[MAX_RUNS], end[MAX_RUNS], idx[MAX_RUNS];
    unsigned nseg = line_runs(sh, a, b, start, end);
    int max = 0, min_odd = 1000;
    for (unsigned k = 0; k < nseg; k++) {
        int lv = sh->level[start[k]];
        max = lv > max ? lv : max;
        if (lv & 1)
            min_odd = lv < min_odd ? lv : min_odd;
        idx[k] = k;
    }
    for (int lv = max; lv >= min_odd && lv > 0; lv--)
        reverse_at_level(sh, start, idx, nseg, lv);
    unsigned o = 0;
    for (unsigned k = 0; k < nseg; k++)
        for (unsigned i = start[idx[k]]; i < end[idx[k]]; i++)
            order[o++] = i;
    for (unsigned i = a + o; i < b; i++)
        order[o++] = i; /* past MAX_RUNS runs: logical order */
}

/* One paragraph's state while its lines are placed. */
typedef struct Para {
    const char *text;
    int len;
    VfShaped sh;
    unsigned *ranks;    /* each glyph's cluster, by logical order */
    FT_Pos spacing, max, ascender;
} Para;

/* Places line [a, b) of the paragraph at the next line of the box. */
static int place_line(VfLayout *l, const Para *p, unsigned a, unsigned b, FT_Pos width)
{
    FT_Pos pen = 0, baseline = l->lines * l->line_height + p->ascender;
    unsigned *order = malloc((b - a + 1) * sizeof(*order));
    int ret = order ? 0 : VF_ERR_INTERNAL;
    if (order)
        visual_order(&p->sh, a, b, order);
    for (unsigned k = 0; ret >= 0 && k < b - a; k++) {
        unsigned i = order[k];
        const hb_glyph_position_t *pos = &p->sh.pos[i];
        ret = push_glyph(l, p->sh.info[i].codepoint, pen + pos->x_offset,
                         baseline - pos->y_offset, l->clusters + p->ranks[i], p->sh.font[i]);
        pen += advance(&p->sh, i, p->spacing);
    }
    free(order);
    return ret >= 0 ? new_line(l, width) : ret;
}

/* Breaks the shaped paragraph into lines and places them. */
static int place_lines(VfLayout *l, const Para *p)
{
    unsigned a = 0, n = p->sh.n;
    int ret = 0;
    do {
        FT_Pos w = 0;
        unsigned b = n ? line_end(p->text, p->len, &p->sh, a, p->max, p->spacing, &w) : 0;
        ret = place_line(l, p, a, b, w);
        while (b < n && codepoint_at(p->text, p->len, p->sh.info[b].cluster) == ' ')
            b++; /* spaces at a break are not carried to the next line */
        a = b;
    } while (a < n && ret >= 0);
    return ret;
}

/* Shapes one paragraph (no "\n") and lays it out in one or more lines. */
static int layout_paragraph(VfLayout *l, const char *text, int len, const VfTextStyle *st,
                            FT_Pos ascender)
{
    Para p = { text, len, { 0 }, NULL, (FT_Pos)lround(st->letter_spacing * 64),
               st->max_width > 0 ? (FT_Pos)lround(st->max_width * 64) : 0, ascender };
    int ret = vf_shape_paragraph(&l->fonts, &p.sh, text, len);
    p.ranks = malloc((p.sh.n ? p.sh.n : 1) * sizeof(*p.ranks));
    if (!p.ranks)
        ret = VF_ERR_INTERNAL;
    unsigned distinct = p.ranks && p.sh.n ? vf_shaped_rank_clusters(&p.sh, p.ranks) : 0;
    if (ret >= 0)
        ret = place_lines(l, &p);
    l->clusters += distinct + 1; /* the line break counts as one, as typed */
    free(p.ranks);
    vf_shaped_free(&p.sh);
    return ret;
}

/* Sets the box width and moves each line by the alignment within it. */
static void align_lines(VfLayout *l, const VfTextStyle *st)
{
    for (int i = 0; i < l->lines; i++)
        l->width = l->line_widths[i] > l->width ? l->line_widths[i] : l->width;
    if (st->max_width > 0 && st->align)
        l->width = (FT_Pos)lround(st->max_width * 64); /* align within the wrapping width */
    for (int i = 0; i < l->count; i++) {
        FT_Pos free_space = l->width - l->line_widths[l->glyphs[i].line];
        l->glyphs[i].x += st->align == 1 ? free_space / 2 : st->align == 2 ? free_space : 0;
    }
}

int vf_layout_text(VfLayout *l, VfFaceCache *cache, const char *utf8, const VfTextStyle *st)
{
    *l = (VfLayout){ 0 };
    int ret = vf_fontset_open(&l->fonts, cache, st);
    if (ret < 0)
        return ret;
    FT_Size_Metrics *m = &l->fonts.face[0]->size->metrics;
    FT_Pos natural = m->ascender - m->descender;
    l->line_height = st->line_height > 0 ? (FT_Pos)lround(st->line_height * st->size * 64)
                                         : natural;
    /* extra line height is shared above and below the font's own */
    FT_Pos ascender = m->ascender + (l->line_height - natural) / 2;
    for (const char *p = utf8;;) {
        const char *nl = strchr(p, '\n');
        ret = layout_paragraph(l, p, nl ? (int)(nl - p) : (int)strlen(p), st, ascender);
        if (ret < 0 || !nl)
            break;
        p = nl + 1;
    }
    align_lines(l, st);
    int missing = l->fonts.missing;
    if (missing)
        vf_log(VF_LOG_WARNING, "%d character%s in \"%.40s\" %s in no font on this machine",
               missing, missing > 1 ? "s" : "", utf8, missing > 1 ? "are" : "is");
    return ret;
}

void vf_layout_box(const VfLayout *l, int *box_w, int *box_h)
{
    *box_w = (int)((l->width + 63) / 64);
    *box_h = (int)((l->lines * l->line_height + 63) / 64);
}

void vf_layout_free(VfLayout *l)
{
    vf_fontset_free(&l->fonts);
    free(l->glyphs);
    free(l->line_widths);
    *l = (VfLayout){ 0 };
}
