/* SRT cue text: the HTML-like tags players read in SubRip files, flattened
 * into runs. Tag names are read in any case; a tag that is not one of these
 * stays in the text as written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "captions/capint.h"
#include "util/color.h"

#define MAX_FONTS 32

typedef struct SrtText {
    VfCue *cue;
    VfRunStyle st;
    int counts[3];              /* open <b>, <i>, <u> */
    VfColor colors[MAX_FONTS];  /* open <font>s; has[k]: that one set a colour */
    int has[MAX_FONTS];
    int fonts;
    VfStrBuf plain;
    VfRunBuilder runs;
} SrtText;

/* The colour names of HTML 4, which SRT authoring tools write. */
static const struct { const char *name; uint32_t rgb; } names[] = {
    { "black", 0x000000 }, { "silver", 0xC0C0C0 }, { "gray", 0x808080 }, { "grey", 0x808080 },
    { "white", 0xFFFFFF }, { "maroon", 0x800000 }, { "red", 0xFF0000 }, { "purple", 0x800080 },
    { "fuchsia", 0xFF00FF }, { "magenta", 0xFF00FF }, { "green", 0x008000 },
    { "lime", 0x00FF00 }, { "olive", 0x808000 }, { "yellow", 0xFFFF00 }, { "navy", 0x000080 },
    { "blue", 0x0000FF }, { "teal", 0x008080 }, { "aqua", 0x00FFFF }, { "cyan", 0x00FFFF },
    { "orange", 0xFFA500 },
};

static int parse_color(const char *v, size_t n, VfColor *out)
{
    char buf[16];
    if (n + 2 > sizeof(buf))
        return -1;
    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
        if (strlen(names[k].name) == n && !strncasecmp(v, names[k].name, n)) {
            uint32_t c = names[k].rgb;
            *out = (VfColor){ c >> 16 & 0xFF, c >> 8 & 0xFF, c & 0xFF, 255 };
            return 0;
        }
    snprintf(buf, sizeof(buf), "%s%.*s", v[0] == '#' ? "" : "#", (int)n, v);
    return vf_color_parse(buf, out);
}

/* The color="..." attribute of a font tag's attributes a (n bytes). */
static int font_color(const char *a, size_t n, VfColor *out)
{
    for (size_t i = 0; i + 5 < n; i++) {
        if (strncasecmp(a + i, "color", 5) || (i && !vf_cap_space((unsigned char)a[i - 1])))
            continue;
        size_t j = i + 5;
        while (j < n && vf_cap_space((unsigned char)a[j]))
            j++;
        if (j >= n || a[j++] != '=')
            continue;
        while (j < n && vf_cap_space((unsigned char)a[j]))
            j++;
        char q = j < n && (a[j] == '"' || a[j] == '\'') ? a[j++] : 0;
        size_t end = j;
        while (end < n && (q ? a[end] != q : !vf_cap_space((unsigned char)a[end])))
            end++;
        return parse_color(a + j, end - j, out);
    }
    return -1;
}

static void restyle(SrtText *t)
{
    t->st.flags = (t->counts[0] ? VF_CUE_BOLD : 0) | (t->counts[1] ? VF_CUE_ITALIC : 0)
                | (t->counts[2] ? VF_CUE_UNDERLINE : 0);
    t->st.has_color = 0;
    for (int k = t->fonts - 1; k >= 0 && !t->st.has_color; k--)
        if (t->has[k]) {
            t->st.has_color = 1;
            t->st.color = t->colors[k];
        }
}

/* A tag's body s (n bytes, between < and >): 1 when it is one of ours. */
static int apply_tag(SrtText *t, const char *s, size_t n)
{
    int close = n && s[0] == '/';
    const char *name = s + close;
    size_t len = 0;
    while (close + len < n && !vf_cap_space((unsigned char)name[len]))
        len++;
    static const char *const flags[3] = { "b", "i", "u" };
    for (int k = 0; k < 3; k++)
        if (len == 1 && (name[0] | 0x20) == flags[k][0] && close + len == n) {
            t->counts[k] += close ? -(t->counts[k] > 0) : 1;
            return 1;
        }
    if (len != 4 || strncasecmp(name, "font", 4))
        return 0;
    if (close) {
        t->fonts -= t->fonts > 0;
    } else if (t->fonts < MAX_FONTS) {
        t->has[t->fonts] = font_color(name + 4, n - 4, &t->colors[t->fonts]) == 0;
        t->fonts++;
    }
    return 1;
}

static void emit(SrtText *t, const char *s, size_t n)
{
    vf_strbuf_append(&t->plain, s, n);
    vf_runs_add(&t->runs, s, n, &t->st);
}

int vf_srt_cue_text(VfCue *cue)
{
    SrtText t = { .cue = cue, .st = { .time = -1 }, .runs = { .cue = cue } };
    const char *s = cue->text;
    size_t i = 0, start = 0;
    vf_strbuf_append(&t.plain, "", 0);
    size_t eol = 0;  /* end of the line holding s[i]; tags do not span lines */
    int no_gt = 0, no_brace = 0; /* no '>' or '}' left on this line */
    while (s[i]) {
        if (i >= eol) {
            eol = i + strcspn(s + i + 1, "\n") + 1;
            no_gt = no_brace = 0;
        }
        const char *end = NULL;
        if (s[i] == '<' && !no_gt && !(end = memchr(s + i, '>', eol - i)))
            no_gt = 1;
        else if (s[i] == '{' && s[i + 1] == '\\' && !no_brace
                 && !(end = memchr(s + i, '}', eol - i)))
            no_brace = 1;
        if (!end) {
            i++;
            continue;
        }
        if (s[i] == '<' && !apply_tag(&t, s + i + 1, (size_t)(end - s - i - 1))) {
            i = (size_t)(end - s);
            continue;
        }
        emit(&t, s + start, i - start);
        restyle(&t);
        i = start = (size_t)(end - s) + 1;
    }
    emit(&t, s + start, i - start);
    int ret = vf_runs_finish(&t.runs);
    if (vf_strbuf_finish(&t.plain, &cue->plain) < 0)
        ret = vf_cap_oom();
    return ret;
}
