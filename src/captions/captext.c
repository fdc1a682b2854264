/* Text helpers the captions parsers share: cleaning input the way the WebVTT
 * spec decodes it, cue runs and word timings. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "captions/capint.h"
#include "vidforge/error.h"
#include "vidforge/log.h"

int vf_cap_oom(void)
{
    return vf_error_set(VF_ERR_INTERNAL, "out of memory reading captions");
}

void vf_cap_warn(VfCapWarn *w, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    if (w->count++ >= VF_CAP_MAX_WARNINGS)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    vf_log(VF_LOG_WARNING, "%s%s", w->name, msg);
}

void vf_cap_warn_end(const VfCapWarn *w)
{
    if (w->count > VF_CAP_MAX_WARNINGS)
        vf_log(VF_LOG_WARNING, "%s: %d more warnings not shown", w->name,
               w->count - VF_CAP_MAX_WARNINGS);
}

int vf_cap_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

int vf_cap_grow(void **arr, int n, size_t size)
{
    if (n > 0 && (n & (n - 1)))
        return 0; /* n is not a power of two: room is left */
    size_t cap = n ? (size_t)n * 2 : 1;
    if (n >= (1 << 29))
        return -1;
    void *p = realloc(*arr, cap * size);
    if (!p)
        return -1;
    *arr = p;
    return 0;
}

void vf_utf8_put(VfStrBuf *sb, unsigned cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | cp >> 6);
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | cp >> 12);
        b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | cp >> 18);
        b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        b[2] = (char)(0x80 | (cp >> 6 & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    vf_strbuf_append(sb, b, n);
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
               : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (!len || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) || (c == 0xF0 && s[1] < 0x90)
        || (c == 0xF4 && s[1] > 0x8F))
        return 0; /* overlong, surrogate or past U+10FFFF */
    return len;
}

char *vf_captions_clean(const char *data, size_t size, int nul_fffd, size_t *len)
{
    const unsigned char *s = (const unsigned char *)data;
    VfStrBuf sb = { 0 };
    size_t i = size >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (i < size && !sb.oom) {
        size_t run = i;
        while (run < size && s[run] >= 0x20 && s[run] < 0x80)
            run++;
        vf_strbuf_append(&sb, (const char *)s + i, run - i);
        if ((i = run) >= size)
            break;
        size_t n = utf8_len(s + i, size - i);
        if (s[i] == '\r') {
            vf_strbuf_append(&sb, "\n", 1);
            i += i + 1 < size && s[i + 1] == '\n' ? 2 : 1;
        } else if (s[i] == 0 && nul_fffd) {
            vf_utf8_put(&sb, 0xFFFD);
            i++;
        } else if (n) {
            vf_strbuf_append(&sb, (const char *)s + i, n);
            i += n;
        } else {
            vf_utf8_put(&sb, 0xFFFD);
            i++;
        }
    }
    char *out;
    *len = sb.len;
    return vf_strbuf_finish(&sb, &out) < 0 ? NULL : out;
}

static int same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

static int same_style(const VfCueRun *r, const VfRunStyle *st)
{
    return r->flags == st->flags && r->has_color == st->has_color
        && (!st->has_color || !memcmp(&r->color, &st->color, sizeof(st->color)))
        && same_str(r->classes, st->classes) && same_str(r->voice, st->voice)
        && same_str(r->lang, st->lang) && r->time == st->time;
}

static char *dup_or_null(const char *s, int *oom)
{
    char *d = s ? strdup(s) : NULL;
    if (s && !d)
        *oom = 1;
    return d;
}

static void end_run(VfRunBuilder *b)
{
    VfCueRun *last = b->cue->nb_runs ? &b->cue->runs[b->cue->nb_runs - 1] : NULL;
    if (last && !last->text && vf_strbuf_finish(&b->tail, &last->text) < 0)
        b->err = 1;
    vf_strbuf_discard(&b->tail);
}

void vf_runs_add(VfRunBuilder *b, const char *text, size_t len, const VfRunStyle *st)
{
    VfCue *cue = b->cue;
    if (!len || b->err)
        return;
    if (!cue->nb_runs || !same_style(&cue->runs[cue->nb_runs - 1], st)) {
        end_run(b);
        if (b->err || vf_cap_grow((void **)&cue->runs, cue->nb_runs, sizeof(*cue->runs)) < 0) {
            b->err = 1;
            return;
        }
        VfCueRun *r = &cue->runs[cue->nb_runs++];
        *r = (VfCueRun){ .flags = st->flags, .has_color = st->has_color, .color = st->color,
                         .time = st->time };
        r->classes = dup_or_null(st->classes, &b->err);
        r->voice = dup_or_null(st->voice, &b->err);
        r->lang = dup_or_null(st->lang, &b->err);
    }
    vf_strbuf_append(&b->tail, text, len);
}

int vf_runs_finish(VfRunBuilder *b)
{
    if (b->tail.oom)
        b->err = 1;
    end_run(b);
    int err = b->err;
    b->err = 0;
    return err ? vf_cap_oom() : 0;
}

int vf_cue_add_word(VfCue *cue, const char *text, size_t len, double start, double end)
{
    if (vf_cap_grow((void **)&cue->words, cue->nb_words, sizeof(*cue->words)) < 0)
        return vf_cap_oom();
    char *t = strndup(text, len);
    if (!t)
        return vf_cap_oom();
    cue->words[cue->nb_words++] = (VfCueWord){ t, start, end };
    return 0;
}

static void end_word(VfWordBuilder *wb, VfCue *cue)
{
    if (!wb->in_word)
        return;
    wb->in_word = 0;
    if (wb->word.oom
        || vf_cap_grow((void **)&wb->word_seg, cue->nb_words, sizeof(*wb->word_seg)) < 0
        || vf_cue_add_word(cue, wb->word.data, wb->word.len, 0, 0) < 0) {
        wb->oom = 1;
        return;
    }
    wb->word_seg[cue->nb_words - 1] = wb->seg;
    wb->word.len = 0;
}

void vf_words_text(VfWordBuilder *wb, VfCue *cue, const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (vf_cap_space((unsigned char)text[i])) {
            end_word(wb, cue);
            continue;
        }
        if (!wb->in_word) {
            wb->in_word = 1;
            wb->seg = wb->nb_ts;
            wb->word.len = 0;
            vf_strbuf_append(&wb->word, "", 0);
        }
        vf_strbuf_append(&wb->word, text + i, 1);
    }
}

void vf_words_timestamp(VfWordBuilder *wb, VfCue *cue, double t)
{
    if (vf_cap_grow((void **)&wb->ts, wb->nb_ts, sizeof(*wb->ts)) < 0) {
        wb->oom = 1;
        return;
    }
    wb->ts[wb->nb_ts++] = t;
}

int vf_words_finish(VfWordBuilder *wb, VfCue *cue)
{
    end_word(wb, cue);
    int oom = wb->oom;
    for (int i = 0; i < cue->nb_words && !oom; i++) {
        int seg = wb->word_seg[i];
        cue->words[i].start = seg ? wb->ts[seg - 1] : cue->start;
        cue->words[i].end = seg < wb->nb_ts ? wb->ts[seg] : cue->end;
        if (cue->words[i].end < cue->words[i].start) /* timestamps out of order */
            cue->words[i].end = cue->words[i].start;
    }
    if (!wb->nb_ts || oom) { /* timings come only from timestamps inside the cue */
        for (int i = 0; i < cue->nb_words; i++)
            free(cue->words[i].text);
        free(cue->words);
        cue->words = NULL;
        cue->nb_words = 0;
    }
    vf_strbuf_discard(&wb->word);
    free(wb->ts);
    free(wb->word_seg);
    memset(wb, 0, sizeof(*wb));
    return oom ? vf_cap_oom() : 0;
}
