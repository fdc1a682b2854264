/* WebVTT cue text: the "WebVTT cue text tokenizer" (data, escape, tag, start
 * tag, class, annotation, end tag and timestamp states) and the "cue text
 * parsing rules" that nest its tokens, flattened into runs in reading order:
 * each run carries the b/i/u/ruby-text flags, classes, voice, language and
 * inner timestamp in effect. Timestamps also cut the text into timed words. */
#include <stdlib.h>
#include <string.h>

#include "captions/capint.h"

enum { TOK_EOF, TOK_TEXT, TOK_START, TOK_END, TOK_TIME };

typedef struct Tok {
    int type;
    VfStrBuf text;      /* text, or the tag's name, or the timestamp */
    VfStrBuf classes;   /* "a b" */
    VfStrBuf annot;     /* annotation, whitespace collapsed */
} Tok;

/* HTML's named character references, sorted by name (bytes). */
typedef struct Ref {
    const char *name;   /* without the ';' */
    const char *text;   /* UTF-8 */
    int semicolon;      /* "&name;" is a reference */
    int legacy;         /* "&name" without ';' is one too */
} Ref;

static const Ref refs[] = {
#include "captions/html_refs.inc"
};

static int ref_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const Ref *)elem)->name);
}

static const Ref *find_ref(const char *s, size_t n)
{
    char name[40];
    if (n >= sizeof(name))
        return NULL;
    memcpy(name, s, n);
    name[n] = '\0';
    return bsearch(name, refs, sizeof(refs) / sizeof(refs[0]), sizeof(refs[0]), ref_cmp);
}

static int is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* HTML's "named character reference state" outside an attribute: the longest
 * name in the table that the text starts with, with its ';' or, for the
 * legacy names, without. Returns it and moves *i past it, or NULL. */
static const Ref *named_ref(const char *s, size_t *i)
{
    size_t n = 0;
    while (n < 40 && is_alnum(s[*i + n]))
        n++;
    for (; n > 0; n--) {
        const Ref *r = find_ref(s + *i, n);
        if (r && r->semicolon && s[*i + n] == ';') {
            *i += n + 1;
            return r;
        }
        if (r && r->legacy) {
            *i += n;
            return r;
        }
    }
    return NULL;
}

/* HTML's replacements for numeric references to C1 controls (0x80-0x9F, as
 * windows-1252 reads them); 0: kept as is. */
static const unsigned short c1[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
    0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static unsigned numeric_ref(const char *s, size_t *i)
{
    int hex = s[*i] == 'x' || s[*i] == 'X';
    size_t j = *i + hex, start = j;
    unsigned long v = 0;
    for (;; j++) {
        int d = s[j] >= '0' && s[j] <= '9' ? s[j] - '0'
              : hex && s[j] >= 'a' && s[j] <= 'f' ? s[j] - 'a' + 10
              : hex && s[j] >= 'A' && s[j] <= 'F' ? s[j] - 'A' + 10 : -1;
        if (d < 0)
            break;
        if (v <= 0x10FFFF)
            v = v * (hex ? 16 : 10) + (unsigned)d;
    }
    if (j == start)
        return 0; /* "&#" with no digits: not a reference */
    *i = j + (s[j] == ';');
    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0xFFFD;
    if (v >= 0x80 && v <= 0x9F && c1[v - 0x80])
        return c1[v - 0x80];
    return (unsigned)v;
}

/* HTML's "consume a character reference" at s[*i] (just past '&'): appends
 * what it stands for and moves *i past it, or appends '&' alone when there is
 * none. */
static void char_ref(const char *s, size_t *i, VfStrBuf *out)
{
    if (s[*i] == '#') {
        size_t j = *i + 1;
        unsigned cp = numeric_ref(s, &j);
        if (cp) {
            *i = j;
            vf_utf8_put(out, cp);
            return;
        }
    }
    const Ref *r = named_ref(s, i);
    if (r)
        vf_strbuf_append(out, r->text, strlen(r->text));
    else
        vf_strbuf_append(out, "&", 1);
}

static void put(VfStrBuf *b, char c)
{
    vf_strbuf_append(b, &c, 1);
}

static void add_class(Tok *t, VfStrBuf *buf)
{
    if (buf->len) {
        if (t->classes.len)
            put(&t->classes, ' ');
        vf_strbuf_append(&t->classes, buf->data, buf->len);
    }
    buf->len = 0;
}

/* The annotation: leading and trailing whitespace removed, runs of it one space. */
static void collapse(VfStrBuf *a)
{
    size_t o = 0;
    for (size_t i = 0; i < a->len; i++) {
        if (!vf_cap_space((unsigned char)a->data[i]))
            a->data[o++] = a->data[i];
        else if (o && !vf_cap_space((unsigned char)a->data[i + 1]) && i + 1 < a->len)
            a->data[o++] = ' ';
    }
    a->len = o;
    if (a->data)
        a->data[o] = '\0';
}

/* The tag states, entered just past '<'. */
static int tag(const char *s, size_t *i, Tok *t)
{
    enum { TAG, START, CLASS, ANNOT, END, TIME } st = TAG;
    VfStrBuf cls = { 0 };
    int type = TOK_START;
    for (;; (*i)++) {
        char c = s[*i];
        if (!c)
            break;
        if (c == '>') {
            (*i)++;
            break;
        }
        if (st == TAG || st == START) {
            if (vf_cap_space((unsigned char)c))
                st = ANNOT;
            else if (c == '.')
                st = CLASS;
            else if (st == TAG && c == '/')
                st = END, type = TOK_END;
            else if (st == TAG && c >= '0' && c <= '9')
                st = TIME, type = TOK_TIME, put(&t->text, c);
            else
                st = START, put(&t->text, c);
        } else if (st == CLASS) {
            if (vf_cap_space((unsigned char)c) || c == '.')
                add_class(t, &cls);
            if (vf_cap_space((unsigned char)c))
                st = ANNOT;
            else if (c != '.')
                put(&cls, c);
        } else if (st == ANNOT && c == '&') {
            (*i)++;
            char_ref(s, i, &t->annot);
            (*i)--;
        } else {
            put(st == ANNOT ? &t->annot : &t->text, c);
        }
    }
    if (st == CLASS)
        add_class(t, &cls);
    vf_strbuf_discard(&cls);
    collapse(&t->annot);
    return type;
}

/* The next token of s from *i. */
static int next_token(const char *s, size_t *i, Tok *t)
{
    t->text.len = t->classes.len = t->annot.len = 0;
    vf_strbuf_append(&t->text, "", 0);
    vf_strbuf_append(&t->classes, "", 0);
    vf_strbuf_append(&t->annot, "", 0);
    if (!s[*i])
        return TOK_EOF;
    if (s[*i] == '<') {
        (*i)++;
        return tag(s, i, t);
    }
    while (s[*i] && s[*i] != '<') {
        if (s[*i] == '&') {
            (*i)++;
            char_ref(s, i, &t->text);
        } else {
            put(&t->text, s[(*i)++]);
        }
    }
    return TOK_TEXT;
}

enum { EL_C, EL_I, EL_B, EL_U, EL_RUBY, EL_RT, EL_V, EL_LANG, EL_COUNT };
static const char *const el_names[EL_COUNT] = { "c", "i", "b", "u", "ruby", "rt", "v", "lang" };

/* Deeper nesting than this is not kept (its tags are read as unknown ones):
 * each level copies its classes, so a hostile cue could otherwise cost
 * memory quadratic in its length. */
#define MAX_DEPTH 64

typedef struct Node {
    int el;
    VfRunStyle st;      /* the style inside it; strings owned below */
    char *classes, *voice, *lang;
} Node;

typedef struct Parser {
    VfCue *cue;
    Node stack[MAX_DEPTH + 1];
    int depth;          /* stack[0] is the root */
    VfStrBuf plain;
    VfRunBuilder runs;
    VfWordBuilder words;
    int err;
} Parser;

static char *join_classes(const char *outer, const VfStrBuf *inner)
{
    VfStrBuf b = { 0 };
    char *out;
    if (outer)
        vf_strbuf_append(&b, outer, strlen(outer));
    if (outer && inner->len)
        vf_strbuf_append(&b, " ", 1);
    vf_strbuf_append(&b, inner->data, inner->len);
    return vf_strbuf_finish(&b, &out) < 0 ? NULL : out;
}

static void push(Parser *p, int el, const Tok *t)
{
    const Node *top = &p->stack[p->depth];
    Node *n = &p->stack[++p->depth];
    *n = (Node){ .el = el, .st = top->st };
    static const int flags[EL_COUNT] = { [EL_I] = VF_CUE_ITALIC, [EL_B] = VF_CUE_BOLD,
                                         [EL_U] = VF_CUE_UNDERLINE, [EL_RUBY] = VF_CUE_RUBY_BASE,
                                         [EL_RT] = VF_CUE_RUBY_TEXT };
    if (el == EL_RT)
        n->st.flags &= ~VF_CUE_RUBY_BASE;
    n->st.flags |= flags[el];
    if (t->classes.len && !(n->st.classes = n->classes = join_classes(top->st.classes, &t->classes)))
        p->err = 1;
    if (el == EL_V && !(n->st.voice = n->voice = strdup(t->annot.data)))
        p->err = 1;
    if (el == EL_LANG && !(n->st.lang = n->lang = strdup(t->annot.data)))
        p->err = 1;
}

static void pop(Parser *p)
{
    Node *n = &p->stack[p->depth--];
    free(n->classes);
    free(n->voice);
    free(n->lang);
}

static void start_tag(Parser *p, const Tok *t)
{
    int el = -1;
    for (int k = 0; k < EL_COUNT; k++)
        if (!strcmp(t->text.data, el_names[k]))
            el = k;
    if (el < 0 || p->depth == MAX_DEPTH)
        return;
    if (el == EL_RT && p->stack[p->depth].el != EL_RUBY)
        return; /* <rt> only directly inside <ruby> */
    push(p, el, t);
}

static void end_tag(Parser *p, const Tok *t)
{
    if (!p->depth)
        return;
    int cur = p->stack[p->depth].el;
    if (!strcmp(t->text.data, el_names[cur])) {
        pop(p);
    } else if (!strcmp(t->text.data, "ruby") && cur == EL_RT) {
        pop(p);
        pop(p);
    }
}

static void text(Parser *p, const Tok *t)
{
    const VfRunStyle *st = &p->stack[p->depth].st;
    vf_strbuf_append(&p->plain, t->text.data, t->text.len);
    vf_runs_add(&p->runs, t->text.data, t->text.len, st);
    if (!(st->flags & VF_CUE_RUBY_TEXT))
        vf_words_text(&p->words, p->cue, t->text.data, t->text.len);
}

/* A timestamp tag is kept only when the whole tag is one valid timestamp. */
static void timestamp(Parser *p, const Tok *t)
{
    size_t pos = 0;
    double v;
    if (vf_webvtt_timestamp(t->text.data, t->text.len, &pos, &v) < 0 || pos != t->text.len)
        return;
    for (int k = 0; k <= p->depth; k++)
        p->stack[k].st.time = v;
    vf_words_timestamp(&p->words, p->cue, v);
}

int vf_webvtt_cue_text(VfCue *cue)
{
    Parser p = { .cue = cue, .runs = { .cue = cue } };
    Tok t = { 0 };
    size_t i = 0;
    int type;
    p.stack[0].el = -1;
    p.stack[0].st.time = -1;
    while (!p.err && (type = next_token(cue->text, &i, &t)) != TOK_EOF) {
        if (t.text.oom || t.classes.oom || t.annot.oom)
            p.err = 1;
        else if (type == TOK_TEXT)
            text(&p, &t);
        else if (type == TOK_START)
            start_tag(&p, &t);
        else if (type == TOK_END)
            end_tag(&p, &t);
        else
            timestamp(&p, &t);
    }
    while (p.depth)
        pop(&p);
    vf_strbuf_discard(&t.text);
    vf_strbuf_discard(&t.classes);
    vf_strbuf_discard(&t.annot);
    int ret = vf_words_finish(&p.words, cue);
    if (vf_runs_finish(&p.runs) < 0)
        ret = vf_cap_oom();
    if (vf_strbuf_finish(&p.plain, &cue->plain) < 0 || p.err)
        ret = vf_cap_oom();
    return ret;
}
