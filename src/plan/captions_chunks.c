/* Cues into captions of words. A cue's words are its own timed words
 * (WebVTT inner timestamps, word-timing files, inline "words") or its text
 * split at white space, each given a share of the cue's time by its length,
 * as a reader's eye moves: enough for highlighting without timings. */
#include "plan/captions_chunks.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "vidforge/error.h"

/* A word as found: its bytes (not NUL-terminated) and time. */
typedef struct Piece {
    const char *s;
    int len;
    double start, end;
    int flags, has_color;   /* the style of the run the word starts in */
    VfColor color;
} Piece;

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int utf8_chars(const char *s, int len)
{
    int n = 0;
    for (int i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* The words of text split at white space, into pieces (room for len / 2 + 1). */
static int split(const char *text, Piece *pieces)
{
    int n = 0;
    for (const char *p = text; *p;) {
        while (*p && is_ws(*p))
            p++;
        const char *w = p;
        while (*p && !is_ws(*p))
            p++;
        if (p > w)
            pieces[n++] = (Piece){ w, (int)(p - w), 0, 0, 0, 0, { 0 } };
    }
    return n;
}

/* The WebVTT default colour classes (<c.yellow>): 1 and *c when classes
 * (space-separated) names one. */
static int class_color(const char *classes, VfColor *c)
{
    static const struct { const char *name; VfColor color; } table[] = {
        { "white", { 255, 255, 255, 255 } }, { "lime", { 0, 255, 0, 255 } },
        { "cyan", { 0, 255, 255, 255 } },    { "red", { 255, 0, 0, 255 } },
        { "yellow", { 255, 255, 0, 255 } },  { "magenta", { 255, 0, 255, 255 } },
        { "blue", { 0, 0, 255, 255 } },      { "black", { 0, 0, 0, 255 } },
    };
    for (const char *p = classes; p && *p;) {
        size_t n = strcspn(p, " ");
        for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++)
            if (strlen(table[k].name) == n && !strncmp(p, table[k].name, n)) {
                *c = table[k].color;
                return 1;
            }
        p += n + (p[n] == ' ');
    }
    return 0;
}

/* Where in the runs' text (concatenated) the bytes s[0, len) next occur
 * from byte at, or -1. */
static long find_in_runs(const VfCue *c, long at, const char *s, int len)
{
    long base = 0;
    for (int r = 0; r < c->nb_runs; r++) {
        const char *t = c->runs[r].text ? c->runs[r].text : "";
        long n = (long)strlen(t);
        for (long i = at > base ? at - base : 0; i + len <= n; i++)
            if (!memcmp(t + i, s, (size_t)len))
                return base + i;
        base += n; /* a word across two runs is not found: it keeps no style */
    }
    return -1;
}

/* Gives each of the n words of cue c (in text order) the style of the run
 * it starts in, found in the runs' text in order, so timed words and words
 * split from the plain text both match. */
static void style_pieces(const VfCue *c, Piece *pc, int n)
{
    long at = 0;
    for (int i = 0; i < n; i++) {
        long pos = find_in_runs(c, at, pc[i].s, pc[i].len), base = 0;
        for (int r = 0; pos >= 0 && r < c->nb_runs; r++) {
            long len = c->runs[r].text ? (long)strlen(c->runs[r].text) : 0;
            if (pos < base + len) {
                const VfCueRun *run = &c->runs[r];
                pc[i].flags = run->flags & (VF_CUE_BOLD | VF_CUE_ITALIC | VF_CUE_UNDERLINE);
                pc[i].color = run->color;
                pc[i].has_color = run->has_color || class_color(run->classes, &pc[i].color);
                at = pos + pc[i].len;
                break;
            }
            base += len;
        }
    }
}

/* Spreads [start, end) over the pieces by their length in characters. */
static void estimate(Piece *pc, int n, double start, double end)
{
    double total = 0, at = 0;
    for (int i = 0; i < n; i++)
        total += utf8_chars(pc[i].s, pc[i].len) + 1;
    for (int i = 0; i < n; i++) {
        double share = (utf8_chars(pc[i].s, pc[i].len) + 1) / total;
        pc[i].start = start + at * (end - start);
        at += share;
        pc[i].end = i + 1 == n ? end : start + at * (end - start);
    }
}

/* The cue's words with their times (offset applied), into pieces. */
static int cue_pieces(const VfCue *c, double offset, Piece *pieces)
{
    if (!c->nb_words) {
        int n = split(c->plain ? c->plain : "", pieces);
        estimate(pieces, n, c->start + offset, c->end + offset);
        return n;
    }
    int n = 0;
    for (int k = 0; k < c->nb_words; k++) {
        const char *s = c->words[k].text ? c->words[k].text : "";
        int len = (int)strlen(s);
        while (len && is_ws(s[len - 1]))
            len--;
        while (len && is_ws(*s))
            s++, len--;
        if (len)
            pieces[n++] = (Piece){ s, len, c->words[k].start + offset, c->words[k].end + offset,
                                   0, 0, { 0 } };
    }
    return n;
}

/* The code point at s (len bytes) or ending there (last). */
static unsigned code_point(const char *s, int len, int last)
{
    int i = 0;
    if (last)
        for (i = len - 1; i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80; i--)
            ;
    const unsigned char *p = (const unsigned char *)s + i;
    int n = len - i;
    if (p[0] < 0x80 || n < 2)
        return p[0];
    if (p[0] < 0xE0)
        return (p[0] & 0x1Fu) << 6 | (p[1] & 0x3Fu);
    if (p[0] < 0xF0 || n < 4)
        return n < 3 ? 0 : (p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
    return (p[0] & 0x07u) << 18 | (p[1] & 0x3Fu) << 12 | (p[2] & 0x3Fu) << 6 | (p[3] & 0x3Fu);
}

/* Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer,
 * kana and Han): timed words of these join without one. */
static int spaceless(unsigned c)
{
    return (c >= 0x0E00 && c <= 0x0EFF) || (c >= 0x1000 && c <= 0x109F) ||
           (c >= 0x1780 && c <= 0x17FF) || (c >= 0x3040 && c <= 0x30FF) ||
           (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x3FFFF);
}

static int needs_space(const Piece *a, const Piece *b)
{
    return !spaceless(code_point(a->s, a->len, 1)) || !spaceless(code_point(b->s, b->len, 0));
}

static int cue_room(const VfCue *c)
{
    return c->nb_words + (c->plain ? (int)strlen(c->plain) / 2 : 0) + 1;
}

static int grow(VfCapChunks *out, int chunks, int words)
{
    VfCapChunk *c = realloc(out->chunks, (size_t)(out->nb + chunks) * sizeof(*c));
    if (c)
        out->chunks = c;
    VfCapWord *w = realloc(out->words, (size_t)(out->nb_words + words) * sizeof(*w));
    if (w)
        out->words = w;
    return c && w ? 0 : VF_ERR_INTERNAL;
}

/* Appends pieces [a, b) as one chunk shown over [start, end) within [t0, t1). */
static int add_chunk(VfCapChunks *out, const VfCue *cue, const Piece *pc, int a, int b,
                     double start, double end, double t0, double t1)
{
    start = fmax(start, t0);
    end = fmin(end, t1);
    if (end <= start)
        return 0;
    VfStrBuf sb = { 0 };
    VfCapChunk *c = &out->chunks[out->nb];
    *c = (VfCapChunk){ start, end, NULL, out->nb_words, 0, cue };
    for (int i = a; i < b; i++) {
        if (i > a && needs_space(&pc[i - 1], &pc[i]))
            vf_strbuf_append(&sb, " ", 1);
        int from = (int)sb.len;
        vf_strbuf_append(&sb, pc[i].s, (size_t)pc[i].len);
        out->words[out->nb_words + c->nb_words++] =
            (VfCapWord){ fmax(pc[i].start, start), fmin(pc[i].end, end), from, (int)sb.len,
                         pc[i].flags, pc[i].has_color, pc[i].color };
    }
    if (vf_strbuf_finish(&sb, &c->text) < 0)
        return VF_ERR_INTERNAL;
    out->nb_words += c->nb_words;
    out->nb++;
    return 0;
}

static int cue_chunks(VfCapChunks *out, const VfCue *cue, double offset, int per, double t0,
                      double t1)
{
    Piece *pc = malloc((size_t)cue_room(cue) * sizeof(*pc));
    int n = pc ? cue_pieces(cue, offset, pc) : 0, ret = pc ? 0 : VF_ERR_INTERNAL;
    style_pieces(cue, pc, n);
    int step = per > 0 ? per : (n ? n : 1);
    if (ret >= 0 && n)
        ret = grow(out, (n + step - 1) / step, n);
    for (int a = 0; ret >= 0 && a < n; a += step) {
        int b = a + step < n ? a + step : n;
        double start = a ? pc[a].start : cue->start + offset;
        double end = b < n ? pc[b].start : cue->end + offset;
        ret = add_chunk(out, cue, pc, a, b, start, end, t0, t1);
    }
    free(pc);
    return ret;
}

int vf_cap_chunks_build(const VfCaptions *caps, double offset, int per_caption, double t0,
                        double t1, VfCapChunks *out)
{
    *out = (VfCapChunks){ 0 };
    int ret = 0;
    for (int i = 0; i < caps->nb_cues && ret >= 0; i++)
        ret = cue_chunks(out, &caps->cues[i], offset, per_caption, t0, t1);
    return ret;
}

void vf_cap_chunks_free(VfCapChunks *c)
{
    for (int i = 0; i < c->nb; i++)
        free(c->chunks[i].text);
    free(c->chunks);
    free(c->words);
    *c = (VfCapChunks){ 0 };
}
