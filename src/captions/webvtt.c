/* WebVTT files, by the W3C WebVTT parser algorithm ("WebVTT file parsing"
 * and "collect a WebVTT block"), step by step on text cleaned as its decoder
 * says (BOM dropped, CRLF and CR made LF, NUL made U+FFFD). Blocks that give
 * no cue, style sheet or region are dropped as the spec drops them, with a
 * warning naming the line unless they are comments (NOTE) or the header. */
#include <stdlib.h>
#include <string.h>

#include "captions/capint.h"
#include "vidforge/error.h"

typedef struct Vtt {
    const char *s;
    size_t n, pos;
    int line;           /* line of s[pos], 1-based */
    VfCapWarn warn;
    int seen_cue;
    VfCaptions *c;
} Vtt;

enum { BLOCK_NONE, BLOCK_CUE, BLOCK_STYLE, BLOCK_REGION };

/* What one "collect a WebVTT block" gathered. */
typedef struct Block {
    VfStrBuf buf;
    int kind;
    int first_line;     /* where the block starts */
    int cue_line;       /* the timing line */
    VfCue cue;
    const char *bad;    /* why a timing line failed, NULL: none */
    int bad_line;
} Block;

/* Collects a line: s[*start, +*len) up to the next LF; position then past it. */
static int collect_line(Vtt *v, const char **start, size_t *len)
{
    const char *lf = memchr(v->s + v->pos, '\n', v->n - v->pos);
    size_t end = lf ? (size_t)(lf - v->s) : v->n;
    *start = v->s + v->pos;
    *len = end - v->pos;
    v->pos = end;
    if (!lf)
        return 1; /* seen EOF */
    v->pos++;
    v->line++;
    return 0;
}

static int has_arrow(const char *s, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++)
        if (s[i] == '-' && s[i + 1] == '-' && s[i + 2] == '>')
            return 1;
    return 0;
}

static void skip_ws(const char *s, size_t n, size_t *pos)
{
    while (*pos < n && vf_cap_space((unsigned char)s[*pos]))
        (*pos)++;
}

/* "Collect WebVTT cue timings and settings": NULL, or why it failed. */
static const char *timings(const char *s, size_t n, const VfCaptions *c, VfCue *cue)
{
    size_t pos = 0;
    skip_ws(s, n, &pos);
    if (vf_webvtt_timestamp(s, n, &pos, &cue->start) < 0)
        return "bad start time (want [hh:]mm:ss.ttt, minutes and seconds 00-59)";
    skip_ws(s, n, &pos);
    if (n - pos < 3 || memcmp(s + pos, "-->", 3))
        return "no \"-->\" after the start time";
    pos += 3;
    skip_ws(s, n, &pos);
    if (vf_webvtt_timestamp(s, n, &pos, &cue->end) < 0)
        return "bad end time (want [hh:]mm:ss.ttt, minutes and seconds 00-59)";
    vf_webvtt_cue_settings(s + pos, n - pos, c, cue);
    return NULL;
}

/* The keyword line of a STYLE or REGION block: word, then only whitespace. */
static int keyword(const VfStrBuf *b, const char *word)
{
    size_t k = strlen(word);
    if (b->len < k || memcmp(b->data, word, k))
        return 0;
    for (size_t i = k; i < b->len; i++)
        if (!vf_cap_space((unsigned char)b->data[i]))
            return 0;
    return 1;
}

/* A line with "-->" in a block: starts a cue when it is the block's first
 * line or the second after an identifier. Returns 1 when the block ends
 * before this line. */
static int arrow_line(Vtt *v, Block *b, int in_header, int count, int *seen_arrow,
                      const char *line, size_t len, int line_no)
{
    if (in_header || !(count == 1 || (count == 2 && !*seen_arrow)))
        return 1;
    *seen_arrow = 1;
    vf_cue_clear(&b->cue);
    vf_cue_init(&b->cue);
    b->cue_line = line_no;
    const char *why = timings(line, len, v->c, &b->cue);
    if (why) {
        b->bad = why;
        b->bad_line = b->cue_line;
        b->kind = BLOCK_NONE;
        return 0;
    }
    b->bad = NULL;
    vf_strbuf_finish(&b->buf, &b->cue.id); /* the identifier is what came before */
    if (!b->cue.id)
        b->buf.oom = 1;
    b->kind = BLOCK_CUE;
    v->seen_cue = 1;
    return 0;
}

/* A line without "-->" (not empty): part of the buffer; the second line of a
 * block decides whether the first was STYLE or REGION. */
static void text_line(Vtt *v, Block *b, int in_header, int count, const char *line, size_t len)
{
    if (!in_header && count == 2 && !v->seen_cue && b->kind == BLOCK_NONE && !b->bad) {
        int style = keyword(&b->buf, "STYLE"), region = keyword(&b->buf, "REGION");
        if (style || region) {
            b->kind = style ? BLOCK_STYLE : BLOCK_REGION;
            b->buf.len = 0;
        }
    }
    if (b->buf.len)
        vf_strbuf_append(&b->buf, "\n", 1);
    vf_strbuf_append(&b->buf, line, len);
    if (!b->buf.data)
        vf_strbuf_append(&b->buf, "", 0);
}

/* "Collect a WebVTT block" into b. */
static void collect_block(Vtt *v, int in_header, Block *b)
{
    int count = 0, seen_arrow = 0;
    size_t prev_pos = v->pos;
    int prev_line = v->line;
    b->first_line = v->line;
    for (;;) {
        const char *line;
        size_t len;
        int line_no = v->line;
        int eof = collect_line(v, &line, &len);
        count++;
        if (has_arrow(line, len)) {
            if (arrow_line(v, b, in_header, count, &seen_arrow, line, len, line_no)) {
                v->pos = prev_pos;
                v->line = prev_line;
                break;
            }
        } else if (!len) {
            break;
        } else {
            text_line(v, b, in_header, count, line, len);
        }
        prev_pos = v->pos;
        prev_line = v->line;
        if (eof)
            break;
    }
}

static int is_note(const VfStrBuf *b)
{
    return b->len >= 4 && !memcmp(b->data, "NOTE", 4)
        && (b->len == 4 || b->data[4] == ' ' || b->data[4] == '\t' || b->data[4] == '\n');
}

static int finish_cue(Vtt *v, Block *b)
{
    int ret = vf_strbuf_finish(&b->buf, &b->cue.text);
    b->cue.source_line = b->cue_line;
    if (ret >= 0)
        ret = vf_webvtt_cue_text(&b->cue);
    if (ret >= 0)
        return vf_captions_add_cue(v->c, &b->cue);
    vf_cue_clear(&b->cue);
    return vf_cap_oom();
}

static int finish_region(Vtt *v, Block *b)
{
    VfCueRegion r;
    vf_webvtt_region_settings(b->buf.data ? b->buf.data : "", b->buf.len, &r);
    if (!r.id)
        return vf_cap_oom();
    return vf_captions_add_region(v->c, &r);
}

static void warn_dropped(Vtt *v, Block *b)
{
    if (b->bad) {
        vf_cap_warn(&v->warn, ":%d: skipped cue: %s", b->bad_line, b->bad);
    } else if (b->buf.len && !is_note(&b->buf)) {
        int after_cue = v->seen_cue && (keyword(&b->buf, "STYLE") || keyword(&b->buf, "REGION")
                                        || !strncmp(b->buf.data, "STYLE\n", 6)
                                        || !strncmp(b->buf.data, "REGION\n", 7));
        vf_cap_warn(&v->warn, ":%d: skipped block: %s", b->first_line,
               after_cue ? "STYLE and REGION blocks must come before the first cue"
                         : "no cue timings (\"-->\") on its first or second line");
    }
}

static int finish_style(Vtt *v, Block *b)
{
    char *css;
    if (vf_strbuf_finish(&b->buf, &css) < 0)
        return vf_cap_oom();
    return vf_captions_add_style(v->c, css);
}

/* One block of the body: a cue, a style sheet, a region, or dropped. */
static int body_block(Vtt *v)
{
    Block b = { .kind = BLOCK_NONE };
    int ret = 0;
    vf_cue_init(&b.cue);
    collect_block(v, 0, &b);
    if (b.buf.oom)
        ret = vf_cap_oom();
    else if (b.kind == BLOCK_CUE)
        ret = finish_cue(v, &b);
    else if (b.kind == BLOCK_STYLE)
        ret = finish_style(v, &b);
    else if (b.kind == BLOCK_REGION)
        ret = finish_region(v, &b);
    else
        warn_dropped(v, &b);
    vf_cue_clear(&b.cue);
    vf_strbuf_discard(&b.buf);
    return ret;
}

static void skip_lfs(Vtt *v)
{
    while (v->pos < v->n && v->s[v->pos] == '\n') {
        v->pos++;
        v->line++;
    }
}

/* Steps 1-6 of "WebVTT file parsing": the signature. */
static int signature(const Vtt *v)
{
    if (v->n < 6 || memcmp(v->s, "WEBVTT", 6)
        || (v->n > 6 && v->s[6] != ' ' && v->s[6] != '\t' && v->s[6] != '\n'))
        return vf_error_set(VF_ERR_ASSET, "%s is not a WebVTT file: it does not start with "
                            "the WEBVTT signature", v->warn.name);
    return 0;
}

int vf_webvtt_parse(const char *data, size_t size, const char *name, VfCaptions *c)
{
    size_t n;
    char *s = vf_captions_clean(data, size, 1, &n);
    if (!s)
        return vf_cap_oom();
    Vtt v = { .s = s, .n = n, .line = 1, .warn = { name, 0 }, .c = c };
    int ret = signature(&v);
    if (ret >= 0) {
        const char *line;
        size_t len;
        if (!collect_line(&v, &line, &len) && v.pos < v.n && v.s[v.pos] != '\n') {
            Block header = { .kind = BLOCK_NONE };
            collect_block(&v, 1, &header); /* the header's lines are ignored */
            vf_strbuf_discard(&header.buf);
            vf_cue_clear(&header.cue);
        }
        skip_lfs(&v);
    }
    while (ret >= 0 && v.pos < v.n) {
        ret = body_block(&v);
        skip_lfs(&v);
    }
    free(s);
    vf_cap_warn_end(&v.warn);
    return ret < 0 ? ret : vf_captions_sort(c);
}
