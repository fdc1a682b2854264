/* Line breaking and positioning, as libass's ass_render.c does after
 * shaping: breaks at ICU's opportunities on the shaped advances (linebreak.c),
 * greedy or balanced, bidi reordering per line
 * (Unicode rule L2 on runs), then alignment in the box. */
#include "text/textlayout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/linebreak.h"
#include "text/shaping.h"
#include "vidforge/error.h"
#include "vidforge/log.h"

#define MAX_RUNS 512

static int push_glyph(VfLayout *l, unsigned index, FT_Pos x, FT_Pos y, unsigned cluster, int font,
                      int byte, FT_Pos adv)
{
    if (l->count == l->cap) {
        int cap = l->cap ? l->cap * 2 : 64;
        VfGlyph *g = realloc(l->glyphs, (size_t)cap * sizeof(*g));
        if (!g)
            return VF_ERR_INTERNAL;
        l->glyphs = g;
        l->cap = cap;
    }
    l->glyphs[l->count++] = (VfGlyph){ index, x, y, cluster, l->lines, font, byte, adv };
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

/* White space that hangs at the end of a line (UAX #14 classes SP and the
 * ideographic space). */
static int is_space(unsigned c)
{
    return c == ' ' || c == '\t' || c == 0x3000 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A &&
           c != 0x2007) || c == 0x205F;
}

/* Glyph i's advance with letter spacing added once per cluster (26.6). */
static FT_Pos advance(const VfShaped *sh, unsigned i, FT_Pos spacing)
{
    int cluster_end = i + 1 == sh->n || sh->info[i + 1].cluster != sh->info[i].cluster;
    return sh->pos[i].x_advance + (cluster_end ? spacing : 0);
}

/* Splits the glyphs list[0, n) into runs (maximal spans of one shaped run):
 * their starts and ends in list. Returns how many, at most MAX_RUNS. */
static unsigned line_runs(const VfShaped *sh, const unsigned *list, unsigned n, unsigned *start,
                          unsigned *end)
{
    unsigned nseg = 0;
    for (unsigned i = 0; i < n && nseg < MAX_RUNS;) {
        unsigned j = i;
        while (j < n && sh->run[list[j]] == sh->run[list[i]])
            j++;
        start[nseg] = i;
        end[nseg++] = j;
        i = j;
    }
    return nseg;
}

/* Reverses every maximal sequence of runs (idx, in their current order) at
 * level lv or above. */
static void reverse_at_level(const VfShaped *sh, const unsigned *list, const unsigned *start,
                             unsigned *idx, unsigned nseg, int lv)
{
    for (unsigned k = 0; k < nseg;) {
        if (sh->level[list[start[idx[k]]]] < lv) {
            k++;
            continue;
        }
        unsigned e = k;
        while (e < nseg && sh->level[list[start[idx[e]]]] >= lv)
            e++;
        for (unsigned x = k, y = e - 1; x < y; x++, y--) {
            unsigned t = idx[x];
            idx[x] = idx[y];
            idx[y] = t;
        }
        k = e;
    }
}

/* Reorders the glyphs of a line (list: glyph indices, runs in logical order)
 * visually (Unicode rule L2 on runs): from the highest level down to the
 * lowest odd one, reverse every maximal sequence of runs at that level or
 * above. Writes the glyph indices in their new order to order. */
static void visual_order(const VfShaped *sh, const unsigned *list, unsigned n, unsigned *order)
{
    unsigned start[MAX_RUNS], end[MAX_RUNS], idx[MAX_RUNS];
    unsigned nseg = line_runs(sh, list, n, start, end);
    int max = 0, min_odd = 1000;
    for (unsigned k = 0; k < nseg; k++) {
        int lv = sh->level[list[start[k]]];
        max = lv > max ? lv : max;
        if (lv & 1)
            min_odd = lv < min_odd ? lv : min_odd;
        idx[k] = k;
    }
    for (int lv = max; lv >= min_odd && lv > 0; lv--)
        reverse_at_level(sh, list, start, idx, nseg, lv);
    unsigned o = 0;
    for (unsigned k = 0; k < nseg; k++)
        for (unsigned i = start[idx[k]]; i < end[idx[k]]; i++)
            order[o++] = list[i];
    while (o < n) { /* past MAX_RUNS runs: logical order */
        order[o] = list[o];
        o++;
    }
}

/* One paragraph's state while its lines are placed. */
typedef struct Para {
    const char *text;
    int len;
    int offset;         /* of text in the whole layout's text, bytes */
    VfShaped sh;
    unsigned *ranks;    /* each glyph's cluster, by logical order */
    unsigned distinct;  /* clusters */
    FT_Pos spacing, max, ascender;
    int balance;
} Para;

/* Places the glyphs of clusters [ca, cb) at the next line of the box. */
static int place_line(VfLayout *l, const Para *p, unsigned ca, unsigned cb, FT_Pos width)
{
    FT_Pos pen = 0, baseline = l->lines * l->line_height + p->ascender;
    unsigned *list = calloc((p->sh.n + 1) * 2, sizeof(*list)), n = 0;
    if (!list)
        return VF_ERR_INTERNAL;
    for (unsigned i = 0; i < p->sh.n; i++)
        if (p->ranks[i] >= ca && p->ranks[i] < cb)
            list[n++] = i;
    unsigned *order = list + p->sh.n + 1;
    visual_order(&p->sh, list, n, order);
    int ret = 0;
    for (unsigned k = 0; ret >= 0 && k < n; k++) {
        unsigned i = order[k];
        const hb_glyph_position_t *pos = &p->sh.pos[i];
        FT_Pos adv = advance(&p->sh, i, p->spacing);
        ret = push_glyph(l, p->sh.info[i].codepoint, pen + pos->x_offset,
                         baseline - pos->y_offset, l->clusters + p->ranks[i], p->sh.font[i],
                         p->offset + (int)p->sh.info[i].cluster, adv);
        pen += adv;
    }
    free(list);
    return ret >= 0 ? new_line(l, width) : ret;
}

/* The paragraph's clusters in logical order, as units lines never split. */
static int break_units(const Para *p, VfBreakUnit *u)
{
    unsigned char *can = malloc((size_t)p->len + 1);
    if (!can)
        return VF_ERR_INTERNAL;
    int ret = vf_line_breaks(p->text, p->len, can);
    memset(u, 0, p->distinct * sizeof(*u));
    for (unsigned i = 0; i < p->sh.n; i++) {
        VfBreakUnit *x = &u[p->ranks[i]];
        unsigned c = p->sh.info[i].cluster;
        x->adv += advance(&p->sh, i, p->spacing);
        x->brk = c < (unsigned)p->len && can[c];
        x->space = is_space(codepoint_at(p->text, p->len, c));
    }
    free(can);
    return ret;
}

/* Breaks the shaped paragraph into lines and places them. */
static int place_lines(VfLayout *l, const Para *p)
{
    unsigned n = p->distinct;
    if (!n)
        return place_line(l, p, 0, 0, 0);
    VfBreakUnit *u = malloc(n * sizeof(*u));
    int *ends = malloc(n * sizeof(*ends));
    FT_Pos *widths = malloc(n * sizeof(*widths));
    int ret = u && ends && widths ? break_units(p, u) : VF_ERR_INTERNAL;
    int lines = ret >= 0 ? vf_break_lines(u, (int)n, p->max, p->balance, ends, widths) : 0;
    for (int k = 0, a = 0; k < lines && ret >= 0; a = ends[k++]) {
        int b = ends[k];
        while (b > a && u[b - 1].space)
            b--; /* spaces at a break hang: not placed */
        ret = place_line(l, p, (unsigned)a, (unsigned)b, widths[k]);
    }
    free(u);
    free(ends);
    free(widths);
    return ret;
}

/* Shapes one paragraph (no "\n") and lays it out in one or more lines. */
static int layout_paragraph(VfLayout *l, const char *text, int len, int offset,
                            const VfTextStyle *st, FT_Pos ascender)
{
    Para p = { text, len, offset, { 0 }, NULL, 0, (FT_Pos)lround(st->letter_spacing * 64),
               st->max_width > 0 ? (FT_Pos)lround(st->max_width * 64) : 0, ascender,
               st->balance };
    int ret = vf_shape_paragraph(&l->fonts, &p.sh, text, len);
    p.ranks = malloc((p.sh.n ? p.sh.n : 1) * sizeof(*p.ranks));
    if (!p.ranks)
        ret = VF_ERR_INTERNAL;
    p.distinct = p.ranks && p.sh.n ? vf_shaped_rank_clusters(&p.sh, p.ranks) : 0;
    if (ret >= 0)
        ret = place_lines(l, &p);
    l->clusters += p.distinct + 1; /* the line break counts as one, as typed */
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
        ret = layout_paragraph(l, p, nl ? (int)(nl - p) : (int)strlen(p), (int)(p - utf8), st,
                               ascender);
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
