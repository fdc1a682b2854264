/* SubRip (.srt): blocks of an optional number, a timing line
 * "00:00:01,000 --> 00:00:02,500" (',' or '.'), and text lines up to a blank
 * line. Text tags <b> <i> <u> <font color="..."> (any case) become runs;
 * "{\an8}"-style ASS override codes are dropped from the plain text. A block
 * that is not a cue is skipped with a warning naming its line. */
#include <stdlib.h>
#include <string.h>

#include "captions/capint.h"
#include "vidforge/error.h"

typedef struct Srt {
    const char *s;
    size_t n, pos;
    int line;
    VfCapWarn warn;
    VfCaptions *c;
    int blocks, bad;
} Srt;

typedef struct Line {
    const char *s;
    size_t n;
} Line;

static int next_line(Srt *r, Line *l)
{
    if (r->pos >= r->n)
        return 0;
    const char *lf = memchr(r->s + r->pos, '\n', r->n - r->pos);
    size_t end = lf ? (size_t)(lf - r->s) : r->n;
    *l = (Line){ r->s + r->pos, end - r->pos };
    r->pos = lf ? end + 1 : end;
    r->line++;
    return 1;
}

static int blank(Line l)
{
    for (size_t i = 0; i < l.n; i++)
        if (!vf_cap_space((unsigned char)l.s[i]))
            return 0;
    return 1;
}

static int all_digits(Line l)
{
    size_t i = 0, d = 0;
    while (i < l.n && vf_cap_space((unsigned char)l.s[i]))
        i++;
    for (; i < l.n && l.s[i] >= '0' && l.s[i] <= '9'; i++)
        d++;
    while (i < l.n && vf_cap_space((unsigned char)l.s[i]))
        i++;
    return d && i == l.n;
}

static int has_arrow(Line l)
{
    for (size_t i = 0; i + 2 < l.n; i++)
        if (!memcmp(l.s + i, "-->", 3))
            return 1;
    return 0;
}

/* The next line without consuming it. */
static int peek(const Srt *r, Line *l)
{
    Srt copy = *r;
    return next_line(&copy, l);
}

/* A time at l.s[*pos] that ends the line or is followed by whitespace (or,
 * for the start, the arrow): "00:00:0x,000" is a bad time, not "00:00:0". */
static int time_at(Line l, size_t *pos, double *out, int start)
{
    if (vf_srt_timestamp(l.s, l.n, pos, out) < 0)
        return -1;
    return *pos == l.n || vf_cap_space((unsigned char)l.s[*pos]) || (start && l.s[*pos] == '-')
               ? 0 : -1;
}

static const char *timing(Line l, VfCue *cue)
{
    size_t pos = 0;
    while (pos < l.n && vf_cap_space((unsigned char)l.s[pos]))
        pos++;
    if (time_at(l, &pos, &cue->start, 1) < 0)
        return "bad start time (want HH:MM:SS,mmm)";
    while (pos < l.n && vf_cap_space((unsigned char)l.s[pos]))
        pos++;
    if (l.n - pos < 3 || memcmp(l.s + pos, "-->", 3))
        return "no \"-->\" after the start time";
    pos += 3;
    while (pos < l.n && vf_cap_space((unsigned char)l.s[pos]))
        pos++;
    if (time_at(l, &pos, &cue->end, 0) < 0)
        return "bad end time (want HH:MM:SS,mmm)";
    if (cue->end < cue->start)
        return "it ends before it starts";
    return NULL; /* anything after the end time (X1: Y1: ...) is ignored */
}

/* Text lines up to a blank line, or up to a number line followed by a timing
 * line (a missing blank line). */
static void cue_text(Srt *r, VfStrBuf *text)
{
    Line l, after;
    vf_strbuf_append(text, "", 0);
    while (peek(r, &l) && !blank(l)) {
        Srt probe = *r;
        next_line(&probe, &l);
        if (all_digits(l) && next_line(&probe, &after) && has_arrow(after))
            break;
        next_line(r, &l);
        if (text->len)
            vf_strbuf_append(text, "\n", 1);
        vf_strbuf_append(text, l.s, l.n);
    }
}

static void skip_block(Srt *r)
{
    Line l;
    while (peek(r, &l) && !blank(l))
        next_line(r, &l);
}

static int block(Srt *r)
{
    Line l, t;
    VfCue cue;
    VfStrBuf text = { 0 };
    next_line(r, &l);
    int first = r->line;
    r->blocks++;
    vf_cue_init(&cue);
    if (all_digits(l) && peek(r, &t) && has_arrow(t)) {
        cue.id = strndup(l.s + strspn(l.s, " \t"), strcspn(l.s + strspn(l.s, " \t"), " \t\n"));
        next_line(r, &l);
    }
    const char *why = !has_arrow(l) ? "no timing line (\"00:00:01,000 --> 00:00:02,000\")"
                                    : timing(l, &cue);
    if (why) {
        vf_cap_warn(&r->warn, ":%d: skipped cue: %s", has_arrow(l) ? r->line : first, why);
        r->bad++;
        skip_block(r);
        vf_cue_clear(&cue);
        return 0;
    }
    cue.source_line = r->line;
    cue_text(r, &text);
    int ret = vf_strbuf_finish(&text, &cue.text);
    if (ret >= 0 && !cue.id)
        cue.id = strdup("");
    if (ret >= 0 && cue.id)
        ret = vf_srt_cue_text(&cue);
    else
        ret = vf_cap_oom();
    if (ret >= 0)
        return vf_captions_add_cue(r->c, &cue);
    vf_cue_clear(&cue);
    return ret;
}

int vf_srt_parse(const char *data, size_t size, const char *name, VfCaptions *c)
{
    if (memchr(data, '\0', size))
        return vf_error_set(VF_ERR_ASSET, "%s is not an SRT file: it holds binary data", name);
    size_t n;
    char *s = vf_captions_clean(data, size, 0, &n);
    if (!s)
        return vf_cap_oom();
    Srt r = { .s = s, .n = n, .warn = { name, 0 }, .c = c };
    Line l;
    int ret = 0;
    while (ret >= 0 && peek(&r, &l)) {
        if (blank(l))
            next_line(&r, &l);
        else
            ret = block(&r);
    }
    free(s);
    vf_cap_warn_end(&r.warn);
    if (ret >= 0 && r.blocks && r.bad == r.blocks)
        return vf_error_set(VF_ERR_ASSET, "%s is not an SRT file: none of its %d blocks is a "
                            "cue", name, r.blocks);
    return ret < 0 ? ret : vf_captions_sort(c);
}
