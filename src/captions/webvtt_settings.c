/* WebVTT cue settings and region settings, as "parse the WebVTT cue
 * settings" and "collect WebVTT region settings" read them: each setting is
 * NAME:VALUE; a setting with an invalid value is ignored whole, the others
 * still apply. */
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "captions/capint.h"

typedef struct Str {
    const char *s;
    size_t n;
} Str;

static int eq(Str a, const char *lit)
{
    return a.n == strlen(lit) && !memcmp(a.s, lit, a.n);
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The spec's "rules for parsing floating-point number values" on a string the
 * caller has checked holds only an optional leading -, digits and at most one
 * dot between digits: the nearest double, as strtod rounds it. HTML's rules
 * give an error for a value that rounds past the largest double, and never -0.
 * Returns 0 and *out, or -1. */
static int number(Str v, double *out)
{
    char buf[64], *copy = v.n < sizeof(buf) ? buf : malloc(v.n + 1);
    if (!copy)
        return -1;
    memcpy(copy, v.s, v.n);
    copy[v.n] = '\0';
    for (char *p = copy; *p; p++)
        if (*p == '.')
            *p = *localeconv()->decimal_point; /* strtod reads the locale's point */
    double x = strtod(copy, NULL);
    if (copy != buf)
        free(copy);
    if (isinf(x))
        return -1;
    *out = x == 0 ? 0 : x;
    return 0;
}

int vf_webvtt_percentage(const char *s, size_t n, double *out)
{
    size_t i = 0;
    while (i < n && is_digit(s[i]))
        i++;
    if (!i)
        return -1;
    if (i < n && s[i] == '.') {
        size_t d = ++i;
        while (i < n && is_digit(s[i]))
            i++;
        if (i == d)
            return -1;
    }
    if (i + 1 != n || s[i] != '%')
        return -1;
    double x;
    if (number((Str){ s, n - 1 }, &x) < 0 || x < 0 || x > 100)
        return -1;
    *out = x;
    return 0;
}

/* Splits v at its first comma: before into *a, after into *b (b.s NULL: none). */
static void split_comma(Str v, Str *a, Str *b)
{
    const char *comma = memchr(v.s, ',', v.n);
    *a = v;
    *b = (Str){ NULL, 0 };
    if (comma) {
        a->n = (size_t)(comma - v.s);
        *b = (Str){ comma + 1, v.n - a->n - 1 };
    }
}

/* A "line" number without %: -, digits and one dot between digits. */
static int line_number(Str v, double *out)
{
    int dots = 0, digits = 0;
    for (size_t i = 0; i < v.n; i++) {
        char c = v.s[i];
        if (c == '-' && i)
            return -1;
        if (c == '.' && (++dots > 1 || !i || i + 1 == v.n || !is_digit(v.s[i - 1])
                         || !is_digit(v.s[i + 1])))
            return -1;
        if (c != '-' && c != '.' && !is_digit(c))
            return -1;
        digits += is_digit(c);
    }
    if (!digits)
        return -1;
    return number(v, out);
}

static void drop_region(VfCue *cue)
{
    free(cue->region);
    cue->region = NULL;
}

/* The index of v in names[n], or -1. */
static int find(Str v, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (eq(v, names[i]))
            return i;
    return -1;
}

/* "line:LINEPOS[,LINEALIGN]". The spec's prose skips the whole setting when
 * the alignment is unknown; its test suite (web-platform-tests, settings-line:
 * "line:100%,middle" is line 100, start) and browsers keep the position and
 * ignore only the alignment, and so does this. */
static void set_line(Str v, VfCue *cue)
{
    static const char *const aligns[] = { "start", "center", "end" };
    Str pos, align;
    double x;
    split_comma(v, &pos, &align);
    int digit = 0;
    for (size_t i = 0; i < pos.n; i++)
        digit |= is_digit(pos.s[i]);
    if (!digit)
        return;
    int percent = pos.s[pos.n - 1] == '%';
    if (percent ? vf_webvtt_percentage(pos.s, pos.n, &x) < 0 : line_number(pos, &x) < 0)
        return;
    int a = align.s ? find(align, aligns, 3) : -1;
    if (a >= 0)
        strcpy(cue->line_align, aligns[a]);
    cue->line_auto = 0;
    cue->line = x;
    cue->snap_to_lines = !percent;
    drop_region(cue); /* explicitly placed: out of its region */
}

/* "position:COLPOS[,COLALIGN]"; an unknown alignment as for "line". */
static void set_position(Str v, VfCue *cue)
{
    static const char *const aligns[] = { "line-left", "center", "line-right" };
    Str pos, align;
    double x;
    split_comma(v, &pos, &align);
    if (vf_webvtt_percentage(pos.s, pos.n, &x) < 0)
        return;
    int a = align.s ? find(align, aligns, 3) : -1;
    if (a >= 0)
        strcpy(cue->position_align, aligns[a]);
    cue->position_auto = 0;
    cue->position = x;
}

static void set_align(Str v, VfCue *cue)
{
    static const char *const aligns[] = { "start", "center", "end", "left", "right" };
    int a = find(v, aligns, 5);
    if (a >= 0)
        strcpy(cue->align, aligns[a]);
}

/* "vertical:rl|lr": a vertical cue is in no region (there are none). */
static void set_vertical(Str v, VfCue *cue)
{
    if (!eq(v, "rl") && !eq(v, "lr"))
        return;
    memcpy(cue->vertical, v.s, 2);
    cue->vertical[2] = 0;
    drop_region(cue);
}

/* "size:N%": a cue sized other than 100 % leaves its region. */
static void set_size(Str v, VfCue *cue)
{
    double x;
    if (vf_webvtt_percentage(v.s, v.n, &x) < 0)
        return;
    cue->size = x;
    if (x != 100)
        drop_region(cue);
}

static void set_region(Str v, const VfCaptions *c, VfCue *cue)
{
    drop_region(cue);
    for (int i = c->nb_regions - 1; i >= 0; i--)
        if (eq(v, c->regions[i].id)) {
            cue->region = strdup(c->regions[i].id);
            return;
        }
}

/* Calls fn for each NAME:VALUE token of s (whitespace separated) whose colon
 * is neither its first nor its last character. */
static void each_setting(const char *s, size_t n, void (*fn)(Str, Str, void *), void *ctx)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && vf_cap_space((unsigned char)s[i]))
            i++;
        size_t start = i;
        while (i < n && !vf_cap_space((unsigned char)s[i]))
            i++;
        Str tok = { s + start, i - start };
        const char *colon = tok.n ? memchr(tok.s, ':', tok.n) : NULL;
        if (!colon || colon == tok.s || colon == tok.s + tok.n - 1)
            continue;
        Str name = { tok.s, (size_t)(colon - tok.s) };
        fn(name, (Str){ colon + 1, tok.n - name.n - 1 }, ctx);
    }
}

typedef struct CueCtx {
    const VfCaptions *c;
    VfCue *cue;
} CueCtx;

static void cue_setting(Str name, Str value, void *opaque)
{
    CueCtx *ctx = opaque;
    VfCue *cue = ctx->cue;
    if (eq(name, "region"))
        set_region(value, ctx->c, cue);
    else if (eq(name, "vertical"))
        set_vertical(value, cue);
    else if (eq(name, "line"))
        set_line(value, cue);
    else if (eq(name, "position"))
        set_position(value, cue);
    else if (eq(name, "size"))
        set_size(value, cue);
    else if (eq(name, "align"))
        set_align(value, cue);
}

void vf_webvtt_cue_settings(const char *s, size_t n, const VfCaptions *regions, VfCue *cue)
{
    CueCtx ctx = { regions, cue };
    each_setting(s, n, cue_setting, &ctx);
}

/* "x%,y%": both percentages, else -1. */
static int anchor(Str v, double *x, double *y)
{
    Str a, b;
    split_comma(v, &a, &b);
    if (!b.s || vf_webvtt_percentage(a.s, a.n, x) < 0 || vf_webvtt_percentage(b.s, b.n, y) < 0)
        return -1;
    return 0;
}

/* "lines:N", N only ASCII digits, read as an integer (kept as a double, as
 * large as it comes: the suite expects 10^34 back). */
static void set_lines(Str v, VfCueRegion *r)
{
    double x;
    for (size_t i = 0; i < v.n; i++)
        if (!is_digit(v.s[i]))
            return;
    if (number(v, &x) == 0)
        r->lines = x;
}

static void region_setting(Str name, Str value, void *opaque)
{
    VfCueRegion *r = opaque;
    double x, y;
    if (eq(name, "id")) {
        char *id = strndup(value.s, value.n);
        if (id) {
            free(r->id);
            r->id = id;
        }
    } else if (eq(name, "width") && vf_webvtt_percentage(value.s, value.n, &x) == 0) {
        r->width = x;
    } else if (eq(name, "lines")) {
        set_lines(value, r);
    } else if (eq(name, "regionanchor") && anchor(value, &x, &y) == 0) {
        r->anchor_x = x;
        r->anchor_y = y;
    } else if (eq(name, "viewportanchor") && anchor(value, &x, &y) == 0) {
        r->viewport_x = x;
        r->viewport_y = y;
    } else if (eq(name, "scroll") && eq(value, "up")) {
        r->scroll_up = 1;
    }
}

void vf_webvtt_region_settings(const char *s, size_t n, VfCueRegion *r)
{
    *r = (VfCueRegion){ .id = strdup(""), .width = 100, .lines = 3, .anchor_y = 100,
                        .viewport_y = 100 };
    if (r->id)
        each_setting(s, n, region_setting, r);
}
