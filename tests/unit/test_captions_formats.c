/* Captions sources besides WebVTT (issue 17): SRT variants, word timings
 * (flat and whisper), ASS events and libass rendering, inline cues, loading. */
#include <stdlib.h>
#include <string.h>

#include "captions/assrender.h"
#include "captions/captions.h"
#include "captions_support.h"
#include "check.h"
#include "frames.h"
#include "vf_config.h"
#include "vidforge/error.h"
#include "vidforge/log.h"

static const VfCueRun *run_of(const VfCue *q, const char *text)
{
    for (int i = 0; i < q->nb_runs; i++)
        if (!strcmp(q->runs[i].text, text))
            return &q->runs[i];
    return NULL;
}

static VfCaptions *srt(const char *text, size_t n)
{
    return parse_as(text, n, VF_CAPTIONS_SRT);
}

static void test_srt(void)
{
    const char text[] = "\xEF\xBB\xBF" "1\r\n00:00:01,000 --> 00:00:02,500\r\n<b>Hello</b> "
                        "<font color=\"#ff0000\">red <i>it</i></font>\r\n<FONT COLOR=yellow>y</font>"
                        "{\\an8}\r\n\r\n\r\n\r\n2\r\n00:00:03.5 --> 00:00:04.000 X1:10 Y1:20\r\n"
                        "two\r\n\r\n3\r\n00:00:05,000 -> 00:00:06,000\r\nbad arrow\r\n\r\n"
                        "00:00:00,000 --> 00:00:00,500\r\nno number\r\n4\r\n"
                        "00:00:07,000 --> 00:00:08,000\r\nno blank line, no final newline";
    VfCaptions *c = srt(text, sizeof(text) - 1);
    CHECK(c && c->nb_cues == 4, "4 SRT cues, got %d", c ? c->nb_cues : -1);
    if (c && c->nb_cues == 4) {
        const VfCue *q = &c->cues[1];
        const VfCueRun *r;
        CHECK(!strcmp(q->id, "1") && q->start == 1 && q->end == 2.5, "cue 1 timing");
        CHECK_STR(q->plain, "Hello red it\ny");
        CHECK((r = run_of(q, "Hello")) && r->flags == VF_CUE_BOLD, "<b>");
        CHECK((r = run_of(q, "red ")) && r->has_color && r->color.r == 255 && r->color.g == 0,
              "font color");
        CHECK((r = run_of(q, "it")) && r->flags == VF_CUE_ITALIC && r->has_color, "nested");
        CHECK((r = run_of(q, "y")) && r->has_color && r->color.r == 255 && r->color.g == 255
              && r->color.b == 0, "named colour, upper-case tag");
        CHECK(c->cues[2].start == 3.5 && !strcmp(c->cues[2].plain, "two"), "'.' and 1 digit");
        CHECK(!strcmp(c->cues[0].id, "") && c->cues[0].end == 0.5, "a cue without a number");
        CHECK_STR(c->cues[3].text, "no blank line, no final newline");
        CHECK(c->cues[0].line_auto && !strcmp(c->cues[0].align, "center"), "VTTCue defaults");
    }
    CHECK(strstr(logged, "t:12: skipped cue: no timing line"), "bad cue warned: %s", logged);
    vf_captions_free(&c);
    CHECK(!srt("1\n00:00:01,000 --> 00:00:02,000\na\0b\n", 36), "binary SRT fails");
    CHECK(strstr(vf_error_message(), "binary"), "%s", vf_error_message());
    CHECK(!srt("hello\nworld\n\nmore\n", 18), "no cue at all fails");
    CHECK((c = srt("", 0)) && c->nb_cues == 0, "an empty file has no cues");
    vf_captions_free(&c);
    c = srt("1\n00:00:02,000 --> 00:00:01,000\nback\n\n2\n00:00:01,000 --> 00:00:02,000\nok\n", 67);
    CHECK(c && c->nb_cues == 1 && strstr(logged, "t:2: skipped cue: it ends before"), "%s",
          logged);
    vf_captions_free(&c);
}

static VfCaptions *json(const char *text)
{
    return parse_as(text, strlen(text), VF_CAPTIONS_WORDS);
}

static void test_json_words(void)
{
    VfCaptions *c = json("{\"words\": [{\"text\": \"Hello\", \"start\": 0.5, \"end\": 0.8},"
                         "{\"text\": \" world.\", \"start\": 0.9, \"end\": 1.2},"
                         "{\"text\": \"After\", \"start\": 1.3, \"end\": 1.5},"
                         "{\"text\": \"pause\", \"start\": 3.0, \"end\": 3.4},"
                         "{\"text\": \"bad\", \"start\": 4.0},"
                         "{\"text\": \"last\", \"start\": 3.5, \"end\": 3.9}]}");
    CHECK(c && c->nb_cues == 3, "3 cues, got %d", c ? c->nb_cues : -1);
    if (c && c->nb_cues == 3) {
        CHECK(!strcmp(c->cues[0].text, "Hello world.") && c->cues[0].start == 0.5
              && c->cues[0].end == 1.2 && c->cues[0].nb_words == 2, "sentence");
        CHECK(!strcmp(c->cues[1].text, "After") && c->cues[1].nb_words == 1, "cut at a pause");
        CHECK(!strcmp(c->cues[2].text, "pause last") && c->cues[2].words[1].start == 3.5
              && c->cues[2].words[1].end == 3.9, "words keep their times");
        CHECK_STR(c->cues[0].words[1].text, "world.");
    }
    CHECK(strstr(logged, "t: /words/4: skipped word"), "%s", logged);
    vf_captions_free(&c);
    c = json("{\"segments\": [{\"start\": 0, \"end\": 2, \"text\": \" Hi there.\", \"words\": "
             "[{\"word\": \" Hi\", \"start\": 0, \"end\": 0.5}, {\"word\": \" there.\", "
             "\"start\": 0.6, \"end\": 1.9}]}, {\"start\": 2, \"end\": 3, \"text\": \"No words\"},"
             "{\"start\": 5, \"end\": 4, \"text\": \"backwards\"}]}");
    CHECK(c && c->nb_cues == 2 && !strcmp(c->cues[0].text, "Hi there.")
          && c->cues[0].nb_words == 2 && !strcmp(c->cues[0].words[0].text, "Hi")
          && c->cues[1].nb_words == 0 && c->cues[1].end == 3, "whisper segments");
    CHECK(strstr(logged, "/segments/2: skipped segment"), "%s", logged);
    vf_captions_free(&c);
    CHECK(!json("{\"words\": [") && strstr(vf_error_message(), "not valid JSON"), "bad JSON");
    CHECK(!json("{\"text\": \"x\"}") && strstr(vf_error_message(), "no \"words\""), "no words");
}

static const char ass_script[] =
    "[Script Info]\nScriptType: v4.00+\nPlayResX: 320\nPlayResY: 180\n\n"
    "[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, "
    "OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, "
    "Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
    "Style: Default,Open Sans,40,&H0000FFFF,&H000000FF,&H400000FF,&H00000000,0,0,0,0,100,100,"
    "0,0,1,3,0,2,10,10,10,1\n\n"
    "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: 0,0:00:02.00,0:00:03.50,Default,Ann,0,0,0,,{\\b1}Second{\\b0}\\Nline\\hx\n"
    "Dialogue: 0,0:00:00.50,0:00:01.00,Default,,0,0,0,,First, with comma\n";

static void test_ass(void)
{
    VfCaptions *c = parse_as(ass_script, sizeof(ass_script) - 1, VF_CAPTIONS_ASS);
    CHECK(c && c->nb_cues == 2, "2 events, got %d", c ? c->nb_cues : -1);
    if (c && c->nb_cues == 2) {
        CHECK(c->cues[0].start == 0.5 && c->cues[0].end == 1
              && !strcmp(c->cues[0].plain, "First, with comma"), "sorted by start");
        CHECK(c->cues[1].start == 2 && c->cues[1].end == 3.5
              && !strcmp(c->cues[1].plain, "Second\nline\xC2\xA0x")
              && !strcmp(c->cues[1].text, "{\\b1}Second{\\b0}\\Nline\\hx"), "tags stripped");
        CHECK(c->cues[1].runs && c->cues[1].runs[0].voice
              && !strcmp(c->cues[1].runs[0].voice, "Ann"), "Name is the voice");
    }
    vf_captions_free(&c);
    CHECK(!parse_as("hello\n", 6, VF_CAPTIONS_ASS) && strstr(vf_error_message(), "not an ASS"),
          "not ASS: %s", vf_error_message());
    CHECK(!parse_as("[Script Info]\n\0", 15, VF_CAPTIONS_ASS), "binary ASS");
}

/* libass draws the event only while it lasts, and says when the picture changes. */
static void test_ass_render(void)
{
    char path[] = "/tmp/vf-test-ass-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    CHECK(f, "temp file");
    if (!f)
        return;
    fputs(ass_script, f);
    fclose(f);
    const char *dirs[] = { VF_FONTS_DIR };
    VfAssFonts fonts = { dirs, 1, NULL, NULL, 0, 0 };
    VfAssRenderer *r = NULL;
    enum { W = 320, H = 180 };
    uint8_t *px = calloc(W * H, 4);
    int changed = -1, ret = vf_ass_renderer_create(&r, path, W, H, &fonts);
    CHECK(ret == 0 && px, "renderer: %s", vf_error_message());
    long opaque[3] = { 0 };
    double times[3] = { 0.75, 0.8, 1.5 };
    int changes[3];
    for (int k = 0; r && k < 3; k++) {
        vf_ass_renderer_render(r, times[k], px, W * 4, &changes[k]);
        for (int i = 0; i < W * H; i++)
            opaque[k] += px[i * 4 + 3] == 255 && px[i * 4] == 255 && px[i * 4 + 1] == 255
                      && px[i * 4 + 2] == 0;
    }
    CHECK(r && opaque[0] > 200 && changes[0] == 1, "yellow text drawn: %ld px", opaque[0]);
    CHECK(r && changes[1] == 0 && opaque[1] == opaque[0], "same picture: no change");
    CHECK(r && changes[2] == 1 && opaque[2] == 0, "cleared after the event");
    vf_ass_renderer_free(&r);
    vf_ass_renderer_free(&r);
    CHECK(vf_ass_renderer_create(&r, "/nonexistent.ass", W, H, &fonts) == VF_ERR_ASSET
          && strstr(vf_error_message(), "/nonexistent.ass"), "missing file names it");
    (void)changed;
    free(px);
    remove(path);
}

/* The picture of the renderer at t over a (bg) background, RGB24. */
static uint8_t *render_over(const char *path, double t, const uint8_t bg[3], int w, int h)
{
    const char *dirs[] = { VF_FONTS_DIR };
    VfAssFonts fonts = { dirs, 1, NULL, NULL, 1, 0 };
    VfAssRenderer *r = NULL;
    uint8_t *px = calloc((size_t)w * h, 4), *rgb = malloc((size_t)w * h * 3);
    int changed;
    if (!px || !rgb || vf_ass_renderer_create(&r, path, w, h, &fonts) < 0
        || vf_ass_renderer_render(r, t, px, w * 4, &changed) < 0) {
        free(rgb);
        rgb = NULL;
    }
    for (int i = 0; rgb && i < w * h; i++)
        for (int k = 0; k < 3; k++)
            rgb[i * 3 + k] = (uint8_t)((px[i * 4 + k] * px[i * 4 + 3]
                                        + bg[k] * (255 - px[i * 4 + 3]) + 127) / 255);
    vf_ass_renderer_free(&r);
    free(px);
    return rgb;
}

/* libass through vidforge and through FFmpeg's ass filter (libass's own
 * blending in libavfilter) draw the same file the same, within rounding:
 * catches swapped channels, wrong alpha and a misplaced picture. */
static void test_ass_matches_ffmpeg(void)
{
    enum { W = 320, H = 180 };
    const uint8_t bg[3] = { 0x40, 0x80, 0xC0 };
    char dir[] = "/tmp/vf-test-assff-XXXXXX";
    if (!mkdtemp(dir))
        return;
    char ass[64], png[64];
    snprintf(ass, sizeof(ass), "%s/s.ass", dir);
    snprintf(png, sizeof(png), "%s/ff.png", dir);
    FILE *f = fopen(ass, "w");
    if (f) {
        fputs(ass_script, f);
        fclose(f);
    }
    vf_test_sh("ffmpeg -hide_banner -loglevel error -y -f lavfi -i "
               "color=c=0x4080C0:s=%dx%d:r=2:d=3,format=rgb24 -vf \"ass=%s:fontsdir=%s,"
               "select=eq(n\\,5)\" -frames:v 1 %s", W, H, ass, VF_FONTS_DIR, png);
    VfTestFrame ff = { 0 };
    uint8_t *ours = render_over(ass, 2.5, bg, W, H);
    CHECK(ours && vf_test_decode_frame(png, 0, &ff) == 0 && ff.width == W && ff.height == H,
          "both pictures");
    long sum = 0, worst = 0, text = 0;
    for (int i = 0; ours && ff.rgb && ff.width == W && i < W * H * 3; i++) {
        long d = labs((long)ours[i] - ff.rgb[i]);
        sum += d;
        worst = d > worst ? d : worst;
        text += i % 3 == 0 && ours[i] > 0xF0; /* yellow and red are where text is */
    }
    CHECK(text > 500, "text drawn: %ld px", text);
    CHECK(sum < W * H * 3 / 10 && worst <= 4, "vidforge vs ffmpeg ass: mean %.3f, max %ld",
          (double)sum / (W * H * 3), worst);
    free(ours);
    vf_test_frame_free(&ff);
    vf_test_sh("rm -rf %s", dir);
}

static void test_inline(void)
{
    VfInlineCue in[] = { { .start = 2, .end = 3, .text = "<i>later</i> &amp; <00:02.500>on" },
                         { .start = 0, .end = 1.5, .text = "first" } };
    VfCaptions *c = NULL;
    CHECK(vf_captions_inline(in, 2, &c) == 0 && c && c->nb_cues == 2, "inline cues");
    if (c && c->nb_cues == 2) {
        CHECK(c->format == VF_CAPTIONS_INLINE && c->cues[0].start == 0
              && !strcmp(c->cues[0].plain, "first"), "sorted");
        CHECK(!strcmp(c->cues[1].plain, "later & on") && c->cues[1].runs[0].flags == VF_CUE_ITALIC
              && c->cues[1].nb_words == 3 && c->cues[1].words[2].start == 2.5
              && c->cues[1].words[0].end == 2.5, "read as WebVTT cue text");
    }
    vf_captions_free(&c);
    VfInlineCue bad[] = { { .start = 0, .end = 1, .text = "ok" },
                          { .start = 2, .end = 1, .text = "backwards" } };
    vf_error_clear();
    CHECK(vf_captions_inline(bad, 2, &c) == VF_ERR_TEMPLATE && !c
          && strstr(vf_error_message(), "cue 1 needs"), "%s", vf_error_message());
    vf_error_clear();
}

static void test_load(void)
{
    VfCaptions *c = NULL;
    vf_error_clear();
    CHECK(vf_captions_load("/nonexistent/x.vtt", VF_CAPTIONS_AUTO, &c) == VF_ERR_ASSET
          && strstr(vf_error_message(), "/nonexistent/x.vtt") && !c, "missing file");
    vf_error_clear();
    CHECK(vf_captions_format_of_path("a/B.VTT") == VF_CAPTIONS_WEBVTT
          && vf_captions_format_of_path("x.srt") == VF_CAPTIONS_SRT
          && vf_captions_format_of_path("x.json") == VF_CAPTIONS_WORDS
          && vf_captions_format_of_path("x.ssa") == VF_CAPTIONS_ASS
          && vf_captions_format_of_path("x.mp4") == VF_CAPTIONS_AUTO, "formats by extension");
    c = parse_as("\xEF\xBB\xBFWEBVTT\n\n00:00.000 --> 00:01.000\nx\n", 38, VF_CAPTIONS_AUTO);
    CHECK(c && c->format == VF_CAPTIONS_WEBVTT, "sniffed WebVTT");
    vf_captions_free(&c);
    vf_captions_free(&c);
    vf_captions_free(NULL);
    CHECK(!parse_as("\xFF\xFEW\0E\0", 6, VF_CAPTIONS_AUTO)
          && strstr(vf_error_message(), "t is UTF-16 text"), "UTF-16: %s", vf_error_message());
}

int main(void)
{
    vf_log_bind(&logger);
    test_srt();
    test_json_words();
    test_ass();
    test_ass_render();
    test_ass_matches_ffmpeg();
    test_inline();
    test_load();
    return vf_check_summary("captions_formats");
}
