/* The WebVTT parser (issue 17) by the specification's own kinds of cases:
 * signature, timings, arrows, ids, settings, newlines, NULs, regions, style
 * sheets, tags, references, inner timestamps. Other formats:
 * test_captions_formats.c. */
#include <stdlib.h>
#include <string.h>

#include "captions/captions.h"
#include "captions_support.h"
#include "check.h"
#include "vidforge/error.h"
#include "vidforge/log.h"

static VfCaptions *vtt(const char *text)
{
    return parse_as(text, strlen(text), VF_CAPTIONS_WEBVTT);
}

/* The one cue of "WEBVTT\n\n" + block, or NULL with a failed check. */
static VfCaptions *one_cue(const char *block)
{
    char buf[1024];
    snprintf(buf, sizeof(buf), "WEBVTT\n\n%s\n", block);
    VfCaptions *c = vtt(buf);
    CHECK(c && c->nb_cues == 1, "one cue from %s (%d)", block, c ? c->nb_cues : -1);
    if (c && c->nb_cues != 1)
        vf_captions_free(&c);
    return c;
}

static int rejected(const char *text, size_t n)
{
    VfCaptions *c = parse_as(text, n, VF_CAPTIONS_WEBVTT);
    int ret = !c;
    vf_captions_free(&c);
    return ret;
}

static void test_signature(void)
{
    static const char *const good[] = { "WEBVTT", "WEBVTT\n", "WEBVTT \tfoo bar\n", "WEBVTT\tx",
                                         "\xEF\xBB\xBFWEBVTT\n", "WEBVTT\r\n", "WEBVTT\r",
                                         "WEBVTT\nheader garbage\nmore\n\n" };
    static const char *const bad[] = { "", "WEBVT", "WEBVTTX\n", "webvtt\n", " WEBVTT\n",
                                       "\xEF\xBB\xBF\xEF\xBB\xBFWEBVTT\n", "WEBVTT-\n",
                                       "1\n00:00:01,000 --> 00:00:02,000\nsrt\n" };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        CHECK(!rejected(good[i], strlen(good[i])), "signature %zu accepted: %s", i,
              vf_error_message());
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CHECK(rejected(bad[i], strlen(bad[i])), "signature %zu rejected", i);
    rejected("WEBVTTX", 7);
    CHECK_STR(vf_error_message(), "t is not a WebVTT file: it does not start with the WEBVTT "
                                  "signature");
    CHECK_INT(vf_error_exit_code(VF_ERR_ASSET), 3);
    CHECK(rejected("WEBVTT\0\n", 8), "a NUL as the seventh character (U+FFFD) fails");
    CHECK(rejected("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "binary data fails");
}

/* The timing line line: 1 when it gives a cue, with *start and *end. */
static int timing(const char *line, double *start, double *end)
{
    char buf[256];
    snprintf(buf, sizeof(buf), "WEBVTT\n\n%s\ntext\n", line);
    VfCaptions *c = vtt(buf);
    int ok = c && c->nb_cues == 1;
    if (ok) {
        *start = c->cues[0].start;
        *end = c->cues[0].end;
    }
    vf_captions_free(&c);
    return ok;
}

static void test_timings(void)
{
    static const struct { const char *line; double start, end; } good[] = {
        { "00:00.000 --> 00:01.000", 0, 1 },
        { "00:00:00.000 --> 00:00:01.500", 0, 1.5 },
        { "01:02.003 --> 01:02:03.004", 62.003, 3723.004 },
        { "100:00:00.000 --> 100:00:01.000", 360000, 360001 },
        { "00:00.000-->00:01.000", 0, 1 },
        { " \t00:00.000 \t-->\t 00:01.000 ", 0, 1 },
        { "00:02.000 --> 00:01.000", 2, 1 },     /* negative length: the parser keeps it */
        { "00:01.000 --> 00:01.000", 1, 1 },
        { "00:59.999 --> 59:59.999", 59.999, 3599.999 },
    };
    static const char *const bad[] = {
        "0:00.000 --> 00:01.000",       /* minutes too short */
        "00:0.000 --> 00:01.000",       /* seconds too short */
        "00:00.00 --> 00:01.000",       /* fraction too short */
        "00:00.0000 --> 00:01.000",     /* fraction too long */
        "00:00 --> 00:01.000",          /* no fraction */
        "00:60.000 --> 00:61.000",      /* 60 seconds */
        "00:60:00.000 --> 00:61:00.000", /* 60 minutes */
        "60:00.000 --> 61:00.000",      /* 60 read as hours, then no seconds */
        "00:00:000.000 --> 00:01.000",  /* seconds too long */
        "-00:00.000 --> 00:01.000",     /* negative */
        "00:00.000 -> 00:01.000",       /* short arrow */
        "00:00.000 - -> 00:01.000",
        "00:00.000 --> ",               /* no end */
        "00:00.000 --> 00:01.000.000",  /* trailing garbage is a setting, but: */
    };
    double s = -1, e = -1;
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        CHECK(timing(good[i].line, &s, &e), "timing %s", good[i].line);
        CHECK(s == good[i].start && e == good[i].end, "%s: %g --> %g", good[i].line, s, e);
    }
    for (size_t i = 0; i + 1 < sizeof(bad) / sizeof(bad[0]); i++)
        CHECK(!timing(bad[i], &s, &e), "timing %s rejected", bad[i]);
    /* A timestamp directly followed by more text is not a setting list's start:
     * "00:01.000.000" stops after 00:01.000 and ".000" is one invalid setting. */
    CHECK(timing(bad[13], &s, &e) && e == 1, "the end time is read up to its fraction");
    VfCaptions *c = vtt("WEBVTT\n\nNOTE x\n\nid\n00:00.00 --> 00:01.000\ntext\n\n"
                        "00:02.000 --> 00:03.000\nok\n");
    CHECK(c && c->nb_cues == 1, "the bad cue is skipped, the next one kept");
    vf_captions_free(&c);
    CHECK(strstr(logged, "t:6: skipped cue: bad start time"), "warning names line 6: %s", logged);
    char many[2048] = "WEBVTT\n";
    for (int i = 0; i < 25; i++)
        strcat(many, "\n00:00.0 --> 00:01.000\nx\n");
    c = vtt(many);
    int lines = 0;
    for (const char *p = logged; (p = strchr(p, '\n')); p++)
        lines++;
    CHECK(c && c->nb_cues == 0 && lines == 21 && strstr(logged, "t:60: skipped cue") && !strstr(logged, "t:63:")
          && strstr(logged, "t: 5 more warnings not shown"), "warnings capped: %d lines", lines);
    vf_captions_free(&c);
}

static void test_ids_arrows(void)
{
    VfCaptions *c = one_cue("my id\n00:00.000 --> 00:01.000\ntext");
    CHECK(c && !strcmp(c->cues[0].id, "my id") && !strcmp(c->cues[0].text, "text"), "id");
    CHECK(c && c->cues[0].source_line == 4, "the timing line is line 4");
    vf_captions_free(&c);
    c = one_cue("  spaced \t\n00:00.000 --> 00:01.000\ntext");
    CHECK(c && !strcmp(c->cues[0].id, "  spaced \t"), "ids keep their whitespace");
    vf_captions_free(&c);
    c = one_cue("00:00.000 --> 00:01.000\ntext");
    CHECK(c && !strcmp(c->cues[0].id, ""), "no id: \"\"");
    vf_captions_free(&c);
    /* An id with an arrow is read as a (bad) timing line; the next line starts again. */
    c = vtt("WEBVTT\n\na-->b\n00:00.000 --> 00:01.000\ntext\n");
    CHECK(c && c->nb_cues == 1 && !strcmp(c->cues[0].id, ""), "arrow in an id");
    CHECK(strstr(logged, "t:3: skipped cue"), "warned: %s", logged);
    vf_captions_free(&c);
    /* A line with an arrow in cue text ends the cue and starts the next block. */
    c = vtt("WEBVTT\n\n00:00.000 --> 00:01.000\none\n00:02.000 --> 00:03.000\ntwo\n");
    CHECK(c && c->nb_cues == 2 && !strcmp(c->cues[0].text, "one")
          && !strcmp(c->cues[1].text, "two"), "arrow in cue text");
    vf_captions_free(&c);
    c = vtt("WEBVTT\n\nNOTE\n00:00.000 --> 00:01.000\ntext\n");
    CHECK(c && c->nb_cues == 1 && !strcmp(c->cues[0].id, "NOTE"), "NOTE then timings: an id");
    vf_captions_free(&c);
    c = vtt("WEBVTT\n\nNOTE a comment\nwith --> an arrow\n\n00:00.000 --> 00:01.000\nx\n");
    CHECK(c && c->nb_cues == 1 && !strcmp(c->cues[0].text, "x"), "comment with an arrow");
    vf_captions_free(&c);
    c = vtt("WEBVTT\n00:00.000 --> 00:01.000\nheader timings\n");
    CHECK(c && c->nb_cues == 1, "a cue right after the signature line");
    vf_captions_free(&c);
    c = vtt("WEBVTT\n\n\n\n00:00.000 --> 00:01.000\n\n\n\n00:01.000 --> 00:02.000\nb\n\n\n");
    CHECK(c && c->nb_cues == 2 && !strcmp(c->cues[0].text, ""), "blank lines; an empty cue");
    vf_captions_free(&c);
}

/* The cue of a timing line with settings. */
static VfCaptions *settings(const char *s)
{
    char buf[512];
    snprintf(buf, sizeof(buf), "00:00.000 --> 00:01.000 %s\ntext", s);
    return one_cue(buf);
}

static void test_settings(void)
{
    static const struct { const char *s, *vertical; int line_auto; double line; int snap;
                          const char *line_align; } lines[] = {
        { "vertical:rl", "rl", 1, 0, 1, "start" }, { "vertical:lr", "lr", 1, 0, 1, "start" },
        { "vertical:RL", "", 1, 0, 1, "start" }, { "vertical:", "", 1, 0, 1, "start" },
        { "line:0", "", 0, 0, 1, "start" }, { "line:-1", "", 0, -1, 1, "start" },
        { "line:1.5", "", 0, 1.5, 1, "start" }, { "line:50%", "", 0, 50, 0, "start" },
        { "line:12.5%,end", "", 0, 12.5, 0, "end" }, { "line:3,center", "", 0, 3, 1, "center" },
        { "line:101%", "", 1, 0, 1, "start" }, { "line:1.", "", 1, 0, 1, "start" },
        { "line:.5", "", 1, 0, 1, "start" }, { "line:1-1", "", 1, 0, 1, "start" },
        { "line:1,middle", "", 0, 1, 1, "start" }, { "line:abc", "", 1, 0, 1, "start" },
        { "line:-", "", 1, 0, 1, "start" }, { "line:1.2.3", "", 1, 0, 1, "start" },
        { "line:5%%", "", 1, 0, 1, "start" }, { "line:-5%", "", 1, 0, 1, "start" },
        { "line:1 line:2", "", 0, 2, 1, "start" }, { "line:2 line:x", "", 0, 2, 1, "start" },
    };
    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
        VfCaptions *c = settings(lines[i].s);
        const VfCue *q = c ? &c->cues[0] : NULL;
        CHECK(q && !strcmp(q->vertical, lines[i].vertical) && q->line_auto == lines[i].line_auto
              && (q->line_auto || q->line == lines[i].line) && q->snap_to_lines == lines[i].snap
              && !strcmp(q->line_align, lines[i].line_align),
              "%s: vertical %s line %s%g snap %d align %s", lines[i].s, q ? q->vertical : "?",
              q && q->line_auto ? "auto " : "", q ? q->line : 0, q ? q->snap_to_lines : -1,
              q ? q->line_align : "?");
        vf_captions_free(&c);
    }
    static const struct { const char *s; int pos_auto; double pos; const char *pos_align;
                          double size; const char *align; } more[] = {
        { "position:10%", 0, 10, "auto", 100, "center" },
        { "position:0%,line-left", 0, 0, "line-left", 100, "center" },
        { "position:100%,line-right", 0, 100, "line-right", 100, "center" },
        { "position:55.5%,center", 0, 55.5, "center", 100, "center" },
        { "position:10%,start", 0, 10, "auto", 100, "center" },
        { "position:101%", 1, 0, "auto", 100, "center" },
        { "position:10", 1, 0, "auto", 100, "center" },
        { "position:-1%", 1, 0, "auto", 100, "center" },
        { "size:50%", 1, 0, "auto", 50, "center" }, { "size:0%", 1, 0, "auto", 0, "center" },
        { "size:100.5%", 1, 0, "auto", 100, "center" }, { "size:50", 1, 0, "auto", 100, "center" },
        { "size:.5%", 1, 0, "auto", 100, "center" },
        { "align:start", 1, 0, "auto", 100, "start" }, { "align:end", 1, 0, "auto", 100, "end" },
        { "align:left", 1, 0, "auto", 100, "left" }, { "align:right", 1, 0, "auto", 100, "right" },
        { "align:middle", 1, 0, "auto", 100, "center" },
        { "align:START", 1, 0, "auto", 100, "center" },
        { "\tsize:20%\talign:end  bogus:1 :x y: position:5%", 0, 5, "auto", 20, "end" },
    };
    for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++) {
        VfCaptions *c = settings(more[i].s);
        const VfCue *q = c ? &c->cues[0] : NULL;
        CHECK(q && q->position_auto == more[i].pos_auto && (q->position_auto
              || q->position == more[i].pos) && !strcmp(q->position_align, more[i].pos_align)
              && q->size == more[i].size && !strcmp(q->align, more[i].align),
              "%s: position %s%g %s size %g align %s", more[i].s,
              q && q->position_auto ? "auto " : "", q ? q->position : 0,
              q ? q->position_align : "?", q ? q->size : 0, q ? q->align : "?");
        vf_captions_free(&c);
    }
}

static void test_newlines_nuls(void)
{
    static const char *const texts[] = {
        "WEBVTT\r\rid\r00:00.000 --> 00:01.000\rone\rtwo\r\r00:01.000 --> 00:02.000\rb",
        "WEBVTT\r\n\r\nid\r\n00:00.000 --> 00:01.000\r\none\r\ntwo\r\n\r\n00:01.000 --> 00:02.000\r\nb",
        "WEBVTT\n\nid\n00:00.000 --> 00:01.000\none\ntwo\n\n00:01.000 --> 00:02.000\nb",
        "WEBVTT\n\nid\r\n00:00.000 --> 00:01.000\rone\ntwo\r\n\n00:01.000 --> 00:02.000\r\nb",
    };
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        VfCaptions *c = vtt(texts[i]);
        CHECK(c && c->nb_cues == 2 && !strcmp(c->cues[0].id, "id")
              && !strcmp(c->cues[0].text, "one\ntwo") && c->cues[1].source_line == 8,
              "newlines %zu", i);
        vf_captions_free(&c);
    }
    const char nul[] = "WEBVTT\n\ni\0d\n00:00.000 --> 00:01.000\na\0b\n";
    VfCaptions *c = parse_as(nul, sizeof(nul) - 1, VF_CAPTIONS_WEBVTT);
    CHECK(c && c->nb_cues == 1 && !strcmp(c->cues[0].id, "i\xEF\xBF\xBD" "d")
          && !strcmp(c->cues[0].plain, "a\xEF\xBF\xBD" "b"), "NUL becomes U+FFFD");
    vf_captions_free(&c);
    c = vtt("WEBVTT\n\n00:00.000 --> 00:01.000\nbad \xFF utf-8\n");
    CHECK(c && !strcmp(c->cues[0].text, "bad \xEF\xBF\xBD utf-8"), "invalid UTF-8 is U+FFFD");
    vf_captions_free(&c);
}

static void test_regions_styles(void)
{
    VfCaptions *c = vtt("WEBVTT\n\nREGION\nid:fred width:40% lines:5\nregionanchor:10%,90% "
                        "viewportanchor:20%,80% scroll:up\n\nREGION\nid:bad width:101% lines:x "
                        "regionanchor:10% viewportanchor:a,b scroll:down\n\nREGION\nscroll:none\n\n"
                        "STYLE\n::cue { color: red }\n::cue(b) { }\n\n"
                        "00:00.000 --> 00:01.000 region:fred\nin fred\n\n"
                        "00:01.000 --> 00:02.000 region:nobody\nnowhere\n\n"
                        "STYLE\n::cue { color: blue }\n\nREGION\nid:late\n");
    CHECK(c && c->nb_regions == 3 && c->nb_cues == 2 && c->nb_styles == 1, "regions %d cues %d "
          "styles %d", c ? c->nb_regions : -1, c ? c->nb_cues : -1, c ? c->nb_styles : -1);
    if (c && c->nb_regions == 3 && c->nb_cues == 2 && c->nb_styles == 1) {
        const VfCueRegion *r = &c->regions[0], *d = &c->regions[1];
        CHECK(!strcmp(r->id, "fred") && r->width == 40 && r->lines == 5 && r->anchor_x == 10
              && r->anchor_y == 90 && r->viewport_x == 20 && r->viewport_y == 80 && r->scroll_up,
              "region fred");
        CHECK(!strcmp(d->id, "bad") && d->width == 100 && d->lines == 3 && d->anchor_x == 0
              && d->anchor_y == 100 && d->viewport_x == 0 && d->viewport_y == 100 && !d->scroll_up,
              "invalid region settings keep the defaults");
        CHECK_STR(c->regions[2].id, "");
        CHECK(c->cues[0].region && !strcmp(c->cues[0].region, "fred"), "cue in region fred");
        CHECK(!c->cues[1].region, "an unknown region is null");
        CHECK_STR(c->styles[0], "::cue { color: red }\n::cue(b) { }");
    }
    CHECK(strstr(logged, "must come before the first cue"), "late STYLE warned: %s", logged);
    vf_captions_free(&c);
    c = vtt("WEBVTT\n\nSTYLE\n00:00.000 --> 00:01.000\nstyle?\n");
    CHECK(c && c->nb_cues == 1 && c->nb_styles == 0 && !strcmp(c->cues[0].id, "STYLE"),
          "STYLE followed by timings is a cue id");
    vf_captions_free(&c);
    c = vtt("WEBVTT\n\nSTYLE  \n::cue {}\n--> no\n");
    CHECK(c && c->nb_styles == 1 && !strcmp(c->styles[0], "::cue {}"), "an arrow ends a style");
    vf_captions_free(&c);
}

static const VfCueRun *run_of(const VfCue *q, const char *text)
{
    for (int i = 0; i < q->nb_runs; i++)
        if (!strcmp(q->runs[i].text, text))
            return &q->runs[i];
    return NULL;
}

static void test_tags(void)
{
    VfCaptions *c = one_cue("00:00.000 --> 00:01.000\n<b>bold</b> <i>it<u>iu</u></i> "
                            "<c.yellow.big>class</c> <v.loud Bob  Smith>voice</v> "
                            "<lang en-GB>lang</lang> <ruby>kan<rt>rt</rt></ruby> <rt>no</rt> "
                            "<foo>unknown</foo> <b>open");
    const VfCue *q = c ? &c->cues[0] : NULL;
    if (q) {
        const VfCueRun *r;
        CHECK_STR(q->plain, "bold itiu class voice lang kanrt no unknown open");
        CHECK((r = run_of(q, "bold")) && r->flags == VF_CUE_BOLD, "<b>");
        CHECK((r = run_of(q, "it")) && r->flags == VF_CUE_ITALIC, "<i>");
        CHECK((r = run_of(q, "iu")) && r->flags == (VF_CUE_ITALIC | VF_CUE_UNDERLINE), "<u> in <i>");
        CHECK((r = run_of(q, "class")) && r->classes && !strcmp(r->classes, "yellow big"), "<c>");
        CHECK((r = run_of(q, "voice")) && r->voice && !strcmp(r->voice, "Bob Smith")
              && r->classes && !strcmp(r->classes, "loud"), "<v.loud Bob  Smith>");
        CHECK((r = run_of(q, "lang")) && r->lang && !strcmp(r->lang, "en-GB"), "<lang>");
        CHECK((r = run_of(q, "rt")) && r->flags == VF_CUE_RUBY_TEXT, "<rt> in <ruby>");
        CHECK((r = run_of(q, "kan")) && r->flags == VF_CUE_RUBY_BASE, "ruby base");
        CHECK(!run_of(q, "no") || run_of(q, "no")->flags == 0, "<rt> outside <ruby> ignored");
        CHECK((r = run_of(q, "open")) && r->flags == VF_CUE_BOLD, "unclosed <b>");
        CHECK(!q->words, "no timestamps: no words");
    }
    vf_captions_free(&c);
    c = one_cue("00:00.000 --> 00:01.000\n&amp;&lt;&gt;&lrm;&rlm;&nbsp;&#65;&#x42;&#x1F600;"
                "&bogus; & &amp &#; <v a&amp;b>x</v>");
    if (c) {
        CHECK_STR(c->cues[0].plain, "&<>\xE2\x80\x8E\xE2\x80\x8F\xC2\xA0" "AB\xF0\x9F\x98\x80"
                  "&bogus; & & &#; x");
        CHECK(c->cues[0].nb_runs >= 1 && run_of(&c->cues[0], "x")
              && !strcmp(run_of(&c->cues[0], "x")->voice, "a&b"), "reference in annotation");
    }
    vf_captions_free(&c);
}

static void test_words(void)
{
    VfCaptions *c = one_cue("00:01.000 --> 00:03.000\nlead <00:01.500>Hello <b>big</b> "
                            "<00:02.000>wor<00:02.200>ld <00:00:02.500>end<00:02.9>!<00:02.800>");
    const VfCue *q = c ? &c->cues[0] : NULL;
    static const struct { const char *text; double start, end; } want[] = {
        { "lead", 1, 1.5 }, { "Hello", 1.5, 2 }, { "big", 1.5, 2 }, { "world", 2, 2.2 },
        { "end!", 2.5, 2.8 },
    };
    CHECK(q && q->nb_words == 5, "5 words, got %d", q ? q->nb_words : -1);
    for (int i = 0; q && i < 5 && i < q->nb_words; i++)
        CHECK(!strcmp(q->words[i].text, want[i].text) && q->words[i].start == want[i].start
              && q->words[i].end == want[i].end, "word %d: %s %g-%g", i, q->words[i].text,
              q->words[i].start, q->words[i].end);
    const VfCueRun *r = q ? run_of(q, "wor") : NULL;
    CHECK(r && r->time == 2, "run time");
    CHECK(q && q->runs[0].time < 0, "no time before the first timestamp");
    vf_captions_free(&c);
    c = one_cue("00:01.000 --> 00:03.000\n<00:02.500>late <00:01.500>early");
    CHECK(c && c->cues[0].nb_words == 2 && c->cues[0].words[0].end == 2.5
          && c->cues[0].words[1].start == 1.5 && c->cues[0].words[1].end == 3,
          "out-of-order timestamps: no word ends before it starts");
    vf_captions_free(&c);
    c = one_cue("00:01.000 --> 00:03.000\n<00:01.500 >a <1>b");
    CHECK(c && !c->cues[0].words, "malformed timestamp tags give no words");
    vf_captions_free(&c);
}

static void test_sorting(void)
{
    VfCaptions *c = vtt("WEBVTT\n\nc\n00:05.000 --> 00:06.000\nx\n\na\n00:01.000 --> 00:02.000\n"
                        "x\n\nb1\n00:03.000 --> 00:04.000\nx\n\nb2\n00:03.000 --> 00:03.500\nx\n");
    CHECK(c && c->nb_cues == 4 && !strcmp(c->cues[0].id, "a") && !strcmp(c->cues[1].id, "b1")
          && !strcmp(c->cues[2].id, "b2") && !strcmp(c->cues[3].id, "c"), "sorted, stable");
    vf_captions_free(&c);
}

int main(void)
{
    vf_log_bind(&logger);
    test_signature();
    test_timings();
    test_ids_arrows();
    test_settings();
    test_newlines_nuls();
    test_regions_styles();
    test_tags();
    test_words();
    test_sorting();
    return vf_check_summary("captions");
}
