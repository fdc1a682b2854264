/* The captions layer (issue 17), rendered losslessly and measured: balanced
 * two-line captions, the word highlight changing colour on the exact frame
 * its word starts, karaoke half filled at a word's midpoint, Arabic and
 * Thai captions wrapped where breaking is legal, and the plan's captions
 * from inline cues with a variable, offset, words_per_caption and stacking. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "frames.h"
#include "render.h"
#include "plan/captions_plan.h"
#include "plan/plan.h"
#include "template/template.h"
#include "text/text.h"
#include "tmpfile.h"
#include "vidforge/plan.h"

#define FPS 25
#define W 640
#define H 360

static char json[16384];

/* A template of one captions overlay (its keys after "type"). */
static const char *captions(const char *keys)
{
    snprintf(json, sizeof(json),
             "{\"template_version\": \"1.0\",\n"
             " \"video\": {\"width\": %d, \"height\": %d, \"fps\": %d, \"duration\": 3,"
             " \"background\": \"#000000\"},\n"
             " \"variables\": {\"who\": \"Grace Brewster Hopper\"},\n"
             " \"overlays\": [{\"type\": \"captions\", \"id\": \"cc\", %s}],\n"
             " \"encoding\": {\"preset\": \"ultrafast\", \"crf\": 0}}\n", W, H, FPS, keys);
    return json;
}

/* A plan layer, or an item of a captions layer's track, by id. */
static const VfPlanLayer *layer(const VfPlan *p, const char *id)
{
    for (int i = 0; p && i < p->nb_layers; i++) {
        const VfCaptionTrack *t = p->layers[i].captions;
        if (!strcmp(p->layers[i].id, id))
            return &p->layers[i];
        for (int k = 0; t && k < t->nb_items; k++)
            if (!strcmp(t->items[k].id, id))
                return &t->items[k];
    }
    return NULL;
}

static int count_prefix(const VfPlan *p, const char *prefix, int words)
{
    int n = 0;
    size_t len = strlen(prefix);
    for (int i = 0; p && i < p->nb_layers; i++) {
        const VfCaptionTrack *t = p->layers[i].captions;
        for (int k = 0; t && k < t->nb_items; k++) {
            const char *id = t->items[k].id;
            n += !strncmp(id, prefix, len) && (strstr(id + len, ".w") != NULL) == words;
        }
    }
    return n;
}

static int white(const uint8_t *p) { return p[0] > 128 && p[1] > 128 && p[2] > 128; }
static int yellow(const uint8_t *p) { return p[0] > 160 && p[1] > 130 && p[2] < 90; }

/* The horizontal extent of lit pixels in rows [y0, y1). */
static void row_extent(const VfTestFrame *f, int y0, int y1, int *x0, int *x1)
{
    *x0 = f->width, *x1 = -1;
    for (int y = y0; y < y1; y++)
        for (int x = 0; x < f->width; x++)
            if (white(vf_test_pixel(f, x, y)))
                *x0 = x < *x0 ? x : *x0, *x1 = x > *x1 ? x : *x1;
}

/* Widths of the two lines of caption layer l in frame n of out. */
static int line_widths(const char *out, int n, const VfPlanLayer *l, int *w0, int *w1)
{
    VfTestFrame f;
    if (!l || vf_test_decode_frame(out, n, &f) < 0)
        return -1;
    int mid = l->box_y + l->box_h / 2, a, b;
    row_extent(&f, l->box_y, mid, &a, &b);
    *w0 = b - a;
    row_extent(&f, mid, l->box_y + l->box_h, &a, &b);
    *w1 = b - a;
    vf_test_frame_free(&f);
    return 0;
}

static void test_balanced(void)
{
    const char *text = "\"cues\": [{\"start\": 0.2, \"end\": 2.8, \"text\": \"Captions read best "
                       "when both lines of a cue match in length\"}], "
                       "\"style\": {\"size\": 24%s}";
    char keys[1024];
    const char *out = vf_tmp_path("balanced.mp4");
    snprintf(keys, sizeof(keys), text, "");
    VfPlan *p = vf_test_render("balanced", captions(keys), out);
    const VfPlanLayer *l = layer(p, "cc.0");
    int w0 = 0, w1 = 0;
    CHECK(l && l->box_h > 2 * 24 && l->box_h < 3 * 24, "the caption takes two lines (box %d px high)",
          l ? l->box_h : -1);
    CHECK(line_widths(out, 30, l, &w0, &w1) == 0 && w0 > 100 && abs(w0 - w1) < 60,
          "balanced by default: lines %d and %d px wide", w0, w1);
    CHECK(l && l->box_x + l->box_w / 2 >= W / 2 - 2 && l->box_x + l->box_w / 2 <= W / 2 + 2 &&
          l->box_y + l->box_h == (int)lround(H * 0.95),
          "at the bottom centre of the title-safe area (box at %d,%d)", l ? l->box_x : -1,
          l ? l->box_y : -1);
    vf_plan_free(&p);
    snprintf(keys, sizeof(keys), text, ", \"balance\": false");
    p = vf_test_render("greedy", captions(keys), out);
    l = layer(p, "cc.0");
    CHECK(line_widths(out, 30, l, &w0, &w1) == 0 && w0 - w1 > 150,
          "style.balance false: greedy lines %d and %d px wide", w0, w1);
    vf_plan_free(&p);
}

static int yellow_box(const char *out, int n, int box[4])
{
    VfTestFrame f;
    if (vf_test_decode_frame(out, n, &f) < 0)
        return -1;
    int count = vf_test_find(&f, yellow, box);
    vf_test_frame_free(&f);
    return count;
}

/* Word timings from the cue: "two" starts at 1.01 s, frame ceil(25.25) = 26. */
static void test_word_highlight(void)
{
    const char *out = vf_tmp_path("word.mp4");
    VfPlan *p = vf_test_render("word", captions(
        "\"cues\": [{\"start\": 0.5, \"end\": 2.5, \"text\": \"one two three\", \"words\": ["
        "{\"text\": \"one\", \"start\": 0.5, \"end\": 1.01},"
        "{\"text\": \"two\", \"start\": 1.01, \"end\": 1.6},"
        "{\"text\": \"three\", \"start\": 1.6, \"end\": 2.5}]}],"
        "\"style\": {\"size\": 40}, \"highlight\": \"word\","
        "\"highlight_style\": {\"color\": \"#FFD700\"}"), out);
    int before[4], at[4];
    const VfPlanLayer *two = layer(p, "cc.0.w1");
    CHECK(two && two->first_frame == 26 && two->end_frame == 40,
          "the word's layer is on frames [26, 40)");
    int nb = yellow_box(out, 25, before), na = yellow_box(out, 26, at);
    CHECK(nb > 50 && na > 50, "a word is highlighted on frames 25 and 26 (%d, %d px)", nb, na);
    CHECK(before[2] < at[0], "frame 25 highlights \"one\" (x %d..%d), frame 26 \"two\" "
          "(x %d..%d)", before[0], before[2], at[0], at[2]);
    CHECK(two && at[0] >= two->raster_x - 1 && at[2] <= two->raster_x + two->raster.width,
          "the highlight lies on the word's layer");
    vf_plan_free(&p);
}

/* Karaoke: "fill" is spoken over [1.0, 1.8); at 1.4 s (frame 35) half filled. */
static void test_karaoke(void)
{
    const char *out = vf_tmp_path("karaoke.mp4");
    VfPlan *p = vf_test_render("karaoke", captions(
        "\"cues\": [{\"start\": 0.5, \"end\": 2.5, \"text\": \"karaoke fill\", \"words\": ["
        "{\"text\": \"karaoke\", \"start\": 0.5, \"end\": 1.0},"
        "{\"text\": \"fill\", \"start\": 1.0, \"end\": 1.8}]}],"
        "\"style\": {\"size\": 60}, \"highlight\": \"karaoke\""), out);
    const VfPlanLayer *w = layer(p, "cc.0.w1");
    VfTestFrame f;
    CHECK(w != NULL, "the word's fill layer is planned");
    if (!w || vf_test_decode_frame(out, 35, &f) < 0) {
        vf_plan_free(&p);
        return;
    }
    int x0 = w->raster_x, x1 = w->raster_x + w->raster.width, mid = (x0 + x1) / 2;
    int y0 = w->raster_y, y1 = w->raster_y + w->raster.height;
    int left = vf_test_count(&f, x0, y0, mid - 1, y1, yellow);
    int right = vf_test_count(&f, mid + 2, y0, x1, y1, yellow);
    int left_white = vf_test_count(&f, x0, y0, mid - 1, y1, white);
    int right_white = vf_test_count(&f, mid + 2, y0, x1, y1, white);
    CHECK(left > 100 && left_white < left / 10, "left half filled (%d yellow, %d white px)",
          left, left_white);
    CHECK(right == 0 && right_white > 100, "right half not (%d yellow, %d white px)", right,
          right_white);
    vf_test_frame_free(&f);
    CHECK(yellow_box(out, 45, (int[4]){ 0 }) > 2 * left, "after the word, all of it is filled");
    vf_plan_free(&p);
}

/* The word layers' lines: distinct box_y values of the words, in order. */
static int word_lines(const VfPlan *p, int nb_words, int *first_line_right)
{
    int lines = 0, last_y = -1000;
    *first_line_right = 1;
    const VfPlanLayer *w0 = layer(p, "cc.0.w0");
    for (int k = 0; k < nb_words; k++) {
        char id[32];
        snprintf(id, sizeof(id), "cc.0.w%d", k);
        const VfPlanLayer *w = layer(p, id);
        if (!w)
            return -1;
        if (abs(w->box_y - last_y) > 8)
            lines++, last_y = w->box_y;
        if (lines == 1 && w0 && w != w0)
            *first_line_right &= w->box_x < w0->box_x; /* right to left */
    }
    return lines;
}

static void test_arabic(void)
{
    VfPlan *p = vf_test_plan("arabic", captions(
        "\"cues\": [{\"start\": 0, \"end\": 3, \"text\": \"مرحبا بكم في عالم الترجمة المرئية "
        "الجميلة\"}], \"max_width\": 380, \"highlight\": \"word\", \"style\": {\"size\": 36, "
        "\"font\": \"/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf\"}"));
    int right = 0, lines = word_lines(p, 7, &right);
    CHECK(lines == 2, "the Arabic caption takes two lines (%d)", lines);
    CHECK(right, "the first line reads right to left from the first word");
    vf_plan_free(&p);
}

static void test_thai(void)
{
    static const char *const words[] = { "สวัสดี", "ครับ", "ยินดี", "ต้อนรับ", "สู่", "ประเทศไทย" };
    char text[256] = "", keys[1024];
    int from[6], to[6];
    for (int k = 0; k < 6; k++) {
        from[k] = (int)strlen(text);
        strcat(text, words[k]);
        to[k] = (int)strlen(text);
    }
    snprintf(keys, sizeof(keys), "\"cues\": [{\"start\": 0, \"end\": 3, \"text\": \"%s\"}], "
             "\"max_width\": 240, \"style\": {\"size\": 40, \"font\": "
             "\"/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf\"}", text);
    VfPlan *p = vf_test_plan("thai", captions(keys));
    const VfPlanLayer *l = layer(p, "cc.0");
    /* the caption's own layout, measured the way the layer measured it */
    VfTextEngine *te = NULL;
    vf_text_engine_create(&te, vf_test_fonts());
    VfTextStyle st = { .font_path = "/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf",
                       .size = 40, .opacity = 1, .max_width = 240, .balance = 1, .align = 1 };
    VfTextSpan spans[6];
    VfTextExtent ext;
    for (int k = 0; k < 6; k++)
        spans[k] = (VfTextSpan){ .from = from[k], .to = to[k] };
    int ok = te && vf_text_spans(te, text, &st, spans, 6, &ext) == 0, whole = 1;
    for (int k = 0; ok && k < 6; k++) {
        VfTextSpan alone = { .from = 0, .to = to[k] - from[k] };
        VfTextExtent e1;
        vf_text_spans(te, words[k], &st, &alone, 1, &e1);
        whole &= fabs((spans[k].x1 - spans[k].x0) - (alone.x1 - alone.x0)) < 1.0;
    }
    CHECK(ok && ext.lines >= 2 && l && l->box_h >= 2 * (int)ext.line_height,
          "the Thai caption wraps (%d lines, box %d px high)", ok ? ext.lines : -1,
          l ? l->box_h : -1);
    CHECK(whole, "no Thai word is split between lines");
    /* the same words with timings: joined without spaces, as Thai is written */
    char timed[2048], list[1536] = "";
    for (int k = 0; k < 6; k++) {
        size_t n = strlen(list);
        snprintf(list + n, sizeof(list) - n, "%s{\"text\": \"%s\", \"start\": %.1f, \"end\": %.1f}",
                 k ? ", " : "", words[k], k * 0.5, (k + 1) * 0.5);
    }
    snprintf(timed, sizeof(timed), "\"cues\": [{\"start\": 0, \"end\": 3, \"text\": \"%s\", "
             "\"words\": [%s]}], \"highlight\": \"word\", \"max_width\": 240, \"style\": "
             "{\"size\": 40, \"font\": \"/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf\"}",
             text, list);
    VfPlan *q = vf_test_plan("thai_timed", captions(timed));
    const VfPlanLayer *m = layer(q, "cc.0");
    CHECK(l && m && m->box_w == l->box_w && m->box_h == l->box_h && count_prefix(q, "cc.0", 1) == 6,
          "timed Thai words join without spaces (box %dx%d, untimed %dx%d)", m ? m->box_w : -1,
          m ? m->box_h : -1, l ? l->box_w : -1, l ? l->box_h : -1);
    vf_plan_free(&q);
    vf_text_engine_free(&te);
    vf_plan_free(&p);
}

static void test_plan_keys(void)
{
    VfPlan *p = vf_test_plan("variable", captions(
        "\"cues\": [{\"start\": 0.5, \"end\": 1.0, \"text\": \"Hi {{who}}\"}], "
        "\"highlight\": \"word\", \"offset\": 0.4"));
    CHECK(count_prefix(p, "cc.0", 1) == 4, "the variable's words are captioned (%d words)",
          count_prefix(p, "cc.0", 1));
    const VfPlanLayer *l = layer(p, "cc.0");
    CHECK(l && l->first_frame == 23 && l->end_frame == 35,
          "offset 0.4 s: frames [ceil(0.9 * 25), ceil(1.4 * 25)) = [23, 35), got [%lld, %lld)",
          l ? (long long)l->first_frame : -1LL, l ? (long long)l->end_frame : -1LL);
    vf_plan_free(&p);
    p = vf_test_plan("one_word", captions(
        "\"cues\": [{\"start\": 0, \"end\": 2, \"text\": \"one two three four\"}], "
        "\"words_per_caption\": 1"));
    int contiguous = 1;
    for (int k = 1; k < 4; k++) {
        char a[16], b[16];
        snprintf(a, sizeof(a), "cc.%d", k - 1);
        snprintf(b, sizeof(b), "cc.%d", k);
        contiguous &= layer(p, a) && layer(p, b) &&
                      layer(p, a)->end_frame == layer(p, b)->first_frame;
    }
    CHECK(count_prefix(p, "cc.", 0) == 4 && contiguous && layer(p, "cc.3")->end_frame == 50,
          "words_per_caption 1: four one-word captions, back to back to the cue's end");
    vf_plan_free(&p);
    p = vf_test_plan("stacked", captions(
        "\"cues\": [{\"start\": 0, \"end\": 2, \"text\": \"first\"},"
        " {\"start\": 1, \"end\": 3, \"text\": \"second\"}]"));
    CHECK(layer(p, "cc.0") && layer(p, "cc.1") &&
          layer(p, "cc.1")->box_y + layer(p, "cc.1")->box_h <= layer(p, "cc.0")->box_y,
          "an overlapping later cue is stacked above the earlier one");
    vf_plan_free(&p);
    p = vf_test_plan("fit", captions(
        "\"cues\": [{\"start\": 0, \"end\": 2, \"text\": \"a caption far too long to fit on "
        "a single line of this frame at this size\"}], \"max_lines\": 1, \"fit\": true, "
        "\"style\": {\"size\": 40}"));
    l = layer(p, "cc.0");
    CHECK(l && l->box_h < 40 && l->box_w <= W * 0.8 + 1, "fit shrinks it to one line "
          "(box %dx%d)", l ? l->box_w : -1, l ? l->box_h : -1);
    vf_plan_free(&p);
}

/* WebVTT cue settings (use_cue_settings), from captions built in memory as
 * the parser builds them: position 25 %, line 10 % (not snapped), size 50 %. */
static void test_cue_settings(void)
{
    VfTemplate *t = NULL;
    VfDiagList d = { 0 };
    VfPlan *p = NULL;
    VfTextEngine *te = NULL;
    const char *path = vf_tmp_write("settings.json", captions(
        "\"cues\": [{\"start\": 0, \"end\": 1, \"text\": \"x\"}], \"use_cue_settings\": true, "
        "\"style\": {\"size\": 30}"));
    int ret = vf_template_load(vf_test_limits(), path, NULL, &d, &t);
    if (ret >= 0)
        ret = vf_plan_create(vf_test_env(), t, &p);
    if (ret >= 0)
        ret = vf_text_engine_create(&te, vf_test_fonts());
    VfCue cue = { .id = "", .start = 1, .end = 2, .text = "a cue placed by its settings, "
                  "narrowed to half the frame", .position = 25, .line = 10, .size = 50,
                  .line_align = "start", .position_align = "auto", .align = "center" };
    cue.plain = cue.text;
    VfCaptions caps = { .format = VF_CAPTIONS_WEBVTT, .cues = &cue, .nb_cues = 1 };
    VfPlanCtx pc = { vf_test_env(), te };
    int before = p ? p->nb_layers : 0;
    if (ret >= 0)
        ret = vf_captions_plan_from(&pc, p, t, &t->overlays[0], &caps);
    const VfPlanLayer *l = ret >= 0 && p->nb_layers == before + 1 && p->layers[before].captions
                               ? &p->layers[before].captions->items[0] : NULL;
    CHECK(l != NULL, "the cue is planned (%d)", ret);
    if (l) {
        double cx = l->box_x + l->box_w / 2.0;
        CHECK(fabs(cx - 0.25 * W) <= 1.5, "position 25 %%: centred at x %.1f", cx);
        CHECK(abs(l->box_y - (int)lround(0.1 * H)) <= 1, "line 10 %%: top at y %d", l->box_y);
        CHECK(l->box_w <= W / 2 && l->box_h > 60, "size 50 %%: %dx%d, wrapped", l->box_w,
              l->box_h);
        CHECK(l->first_frame == 25 && l->end_frame == 50, "on frames [25, 50)");
    }
    vf_text_engine_free(&te);
    vf_plan_free(&p);
    vf_template_free(&t);
    vf_diag_list_clear(&d);
}

int main(void)
{
    test_cue_settings();
    test_balanced();
    test_word_highlight();
    test_karaoke();
    test_arabic();
    test_thai();
    test_plan_keys();
    vf_tmp_cleanup();
    return vf_check_summary("captions");
}
