/* WebVTT cue text against the cases of the web-platform-tests cue-text-parsing
 * suite (tree building: ruby, rt and misnested end tags; tags, classes,
 * voices, languages) and HTML's character references as the current spec
 * reads them (its "consume a character reference": every named reference,
 * legacy names without ';', numeric ones with the C1 replacements). Written
 * again here as tables: cue text in, the cue's runs (or plain text) out. */
#include <stdlib.h>
#include <string.h>

#include "captions/captions.h"
#include "captions_support.h"
#include "check.h"
#include "util/strbuf.h"
#include "vidforge/log.h"

/* The cue of "WEBVTT\n\n00:00.000 --> 00:01.000\n" + text, or NULL. */
static VfCaptions *cue_of(const char *text)
{
    char buf[1024];
    snprintf(buf, sizeof(buf), "WEBVTT\n\n00:00.000 --> 00:01.000\n%s\n", text);
    VfCaptions *c = parse_as(buf, strlen(buf), VF_CAPTIONS_WEBVTT);
    if (c && c->nb_cues != 1)
        vf_captions_free(&c);
    return c;
}

/* The runs as "FLAGS[classes]{voice}(lang):text", joined by '|'; flags are
 * b i u, R (ruby base) and T (ruby text). Caller frees. */
static char *runs_of(const VfCue *q)
{
    VfStrBuf b = { 0 };
    char *out;
    for (int i = 0; i < q->nb_runs; i++) {
        const VfCueRun *r = &q->runs[i];
        if (i)
            vf_strbuf_append(&b, "|", 1);
        static const struct { int flag; const char *letter; } flags[] = {
            { VF_CUE_BOLD, "b" }, { VF_CUE_ITALIC, "i" }, { VF_CUE_UNDERLINE, "u" },
            { VF_CUE_RUBY_BASE, "R" }, { VF_CUE_RUBY_TEXT, "T" },
        };
        for (size_t k = 0; k < sizeof(flags) / sizeof(flags[0]); k++)
            if (r->flags & flags[k].flag)
                vf_strbuf_append(&b, flags[k].letter, 1);
        vf_strbuf_appendf(&b, "%s%s%s%s%s%s%s%s%s:%s", r->classes ? "[" : "",
                          r->classes ? r->classes : "", r->classes ? "]" : "",
                          r->voice ? "{" : "", r->voice ? r->voice : "", r->voice ? "}" : "",
                          r->lang ? "(" : "", r->lang ? r->lang : "", r->lang ? ")" : "", r->text);
    }
    vf_strbuf_append(&b, "", 0);
    return vf_strbuf_finish(&b, &out) < 0 ? NULL : out;
}

static void test_tree(void)
{
    static const struct { const char *in, *runs; } cases[] = {
        { "test", ":test" },
        { "<ruby>test<rt>test", "R:test|T:test" },
        { "<ruby>test<rt>test</rt>test", "R:test|T:test|R:test" },
        { "<ruby>test<rt>test</rt></ruby>test", "R:test|T:test|:test" },
        { "<ruby>test<rt>test</ruby>test", "R:test|T:test|:test" },   /* </ruby> closes rt too */
        { "<ruby>test<rt><b>test</rt></ruby>test", "R:test|bT:testtest" }, /* both ignored */
        { "<ruby>test<rt><b>test</rt></ruby></b>test", "R:test|bT:test|T:test" },
        { "<ruby>test<rt><b>test</rt></b></ruby>test", "R:test|bT:test|:test" },
        { "<ruby>test<rt><b>test</rt></b>test</ruby>test", "R:test|bT:test|T:test|:test" },
        { "<rt>x</rt>", ":x" },                                    /* rt outside ruby */
        { "<ruby><b><rt>x", "bR:x" },                              /* rt not directly in ruby */
        { "<b>bold <i>both</i></b> <u>u</u>", "b:bold |bi:both|: |u:u" },
        { "<c.yellow.bg_blue>x</c>y", "[yellow bg_blue]:x|:y" },
        { "<v.loud Esme>Hi</v> there", "[loud]{Esme}:Hi|: there" },
        { "<v Mary>No way", "{Mary}:No way" },                     /* v left open */
        { "<v  Roger   Bingham >x", "{Roger Bingham}:x" },         /* annotation collapsed */
        { "<v a&amp;b>x", "{a&b}:x" },
        { "<v Tom&gt;>x", "{Tom>}:x" },
        { "<lang en>hello <lang fr>bonjour</lang></lang>!", "(en):hello |(fr):bonjour|:!" },
        { "</b>x<b>", ":x" },
        { "<b >x</b >y", "b:xy" },                                 /* "b " is no end tag */
        { "<B>x</B><I>y", ":xy" },                                 /* tag names are lower case */
        { "<i.a\tnote>x", "i[a]:x" },
        { "a<>b<.c>d", ":abd" },                                   /* empty tag names */
        { "1 < 2", ":1 " },                                        /* "< 2" is a tag to EOF */
        { "<b>a\nb</b>", "b:a\nb" },
        { "x<00:00:00.500>y<00:00.5>z", ":x|:yz" },                /* the bad one is ignored */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        VfCaptions *c = cue_of(cases[i].in);
        char *runs = c ? runs_of(&c->cues[0]) : NULL;
        CHECK(runs && !strcmp(runs, cases[i].runs), "%s: runs \"%s\", expected \"%s\"",
              cases[i].in, runs ? runs : "(none)", cases[i].runs);
        free(runs);
        vf_captions_free(&c);
    }
}

static void test_references(void)
{
    static const struct { const char *in, *plain; } cases[] = {
        { "&", "&" }, { "&amp", "&" }, { "&amp;", "&" }, { "&AMP;", "&" }, { "&lt;", "<" },
        { "&gt;", ">" }, { "a&lrm;b", "a\u200Eb" }, { "a&rlm;b", "a\u200Fb" }, { "&quot;", "\"" },
        { "&nbsp;", "\u00A0" }, { "&copy;", "\u00A9" }, { "&&", "&&" }, { "&1", "&1" },
        { "&1;", "&1;" }, { "&<", "&" }, { "&#32;", " " }, { "&#x20;", " " }, { "&;", "&;" },
        { "&notit;", "\u00ACit;" },                   /* longest legacy name, no ';' */
        { "&notin;", "\u2209" }, { "&eacute", "\u00E9" }, { "&hellip", "&hellip" },
        { "&hellip;", "\u2026" }, { "&NotEqualTilde;", "\u2242\u0338" }, { "&#65", "A" },
        { "&#x;", "&#x;" }, { "&#;", "&#;" }, { "&#128;", "\u20AC" }, { "&#x9F;", "\u0178" },
        { "&#x81;", "\xC2\x81" }, { "&#0;", "\uFFFD" }, { "&#x110000;", "\uFFFD" },
        { "&#xD800;", "\uFFFD" }, { "&#99999999999;", "\uFFFD" }, { "&#x1F600;", "\U0001F600" },
        { "&ampx", "&x" }, { "&amplt;", "&lt;" }, { "&bogus;", "&bogus;" },
        { "&CounterClockwiseContourIntegral;", "\u2233" }, { "x&lt;b&gt;y", "x<b>y" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        VfCaptions *c = cue_of(cases[i].in);
        const char *plain = c ? c->cues[0].plain : NULL;
        CHECK(plain && !strcmp(plain, cases[i].plain), "%s: \"%s\", expected \"%s\"",
              cases[i].in, plain ? plain : "(none)", cases[i].plain);
        vf_captions_free(&c);
    }
}

int main(void)
{
    vf_log_bind(&logger);
    test_tree();
    test_references();
    return vf_check_summary("vtt_text");
}
