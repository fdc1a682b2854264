/* Line breaking for all text (issue 17): ICU's opportunities (Thai between
 * words, never inside), greedy against balanced lines, and the layout that
 * places lines only where a break is allowed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "text/faces.h"
#include "text/linebreak.h"
#include "text/textlayout.h"

#define INTER "fonts/Inter-Regular.otf"
#define THAI "/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf"
#define ARABIC "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf"

/* "Hello, welcome to Thailand" in Thai, written without spaces, and its
 * words as a dictionary splits them. */
static const char *const thai_words[] = { "สวัสดี", "ครับ", "ยินดี", "ต้อนรับ", "สู่",
                                          "ประเทศไทย" };

static void thai_text(char *buf, size_t n, int *word_starts, int *nb)
{
    buf[0] = '\0';
    *nb = 0;
    for (size_t i = 0; i < sizeof(thai_words) / sizeof(thai_words[0]); i++) {
        word_starts[(*nb)++] = (int)strlen(buf);
        strncat(buf, thai_words[i], n - strlen(buf) - 1);
    }
}

static int is_word_start(const int *starts, int nb, int b)
{
    for (int i = 0; i < nb; i++)
        if (starts[i] == b)
            return 1;
    return 0;
}

static void test_thai_opportunities(void)
{
    char text[512];
    int starts[16], nb;
    thai_text(text, sizeof(text), starts, &nb);
    int len = (int)strlen(text), breaks = 0, inside = 0;
    unsigned char *can = malloc((size_t)len + 1);
    CHECK(vf_line_breaks(text, len, can) == 0, "ICU's line break iterator opens");
    for (int b = 1; b < len; b++) {
        breaks += can[b];
        inside += can[b] && !is_word_start(starts, nb, b);
    }
    CHECK(breaks >= 3, "Thai without spaces has break opportunities between words (%d)", breaks);
    CHECK(inside == 0, "no opportunity inside a Thai word (%d found)", inside);
    free(can);
    const char *latin = "one two-three";
    unsigned char lc[16];
    vf_line_breaks(latin, (int)strlen(latin), lc);
    CHECK(lc[4] && lc[8] && !lc[3] && !lc[5], "Latin breaks after the space and the hyphen");
}

static VfLayout lay_out(VfFaceCache *fc, const char *font, const char *text, double size,
                        double max_width, int balance, int align)
{
    VfTextStyle st = { .font_path = font, .size = size, .color = { 255, 255, 255, 255 },
                       .opacity = 1, .max_width = max_width, .balance = balance,
                       .align = align };
    VfLayout l;
    CHECK(vf_layout_text(&l, fc, text, &st) == 0, "%s lays out", text);
    return l;
}

/* The byte where each line starts (its glyphs' smallest offset). */
static int line_starts(const VfLayout *l, int *starts)
{
    for (int k = 0; k < l->lines; k++)
        starts[k] = 1 << 30;
    for (int i = 0; i < l->count; i++)
        if (l->glyphs[i].byte < starts[l->glyphs[i].line])
            starts[l->glyphs[i].line] = l->glyphs[i].byte;
    return l->lines;
}

static void test_thai_layout(VfFaceCache *fc)
{
    char text[512];
    int words[16], nb, starts[32];
    thai_text(text, sizeof(text), words, &nb);
    VfLayout l = lay_out(fc, THAI, text, 40, 200, 0, 0);
    int lines = line_starts(&l, starts), legal = 1;
    for (int k = 0; k < lines; k++)
        legal &= is_word_start(words, nb, starts[k]);
    CHECK(lines >= 2, "the Thai line wraps at 200 px (%d lines)", lines);
    CHECK(legal, "every Thai line starts at a word");
    vf_layout_free(&l);
}

static void test_arabic_layout(VfFaceCache *fc)
{
    const char *text = "مرحبا بكم في عالم الترجمة المرئية";
    VfLayout l = lay_out(fc, ARABIC, text, 40, 260, 0, 2);
    int starts[32], lines = line_starts(&l, starts), legal = 1;
    for (int k = 1; k < lines; k++)
        legal &= text[starts[k] - 1] == ' ';
    CHECK(lines >= 2 && starts[0] == 0, "Arabic wraps (%d lines), the first holds the "
          "beginning", lines);
    CHECK(legal, "every Arabic line starts after a space");
    /* right to left: the first word's glyphs are the rightmost of line 0 */
    double first_x = -1, other_x = -1;
    for (int i = 0; i < l.count; i++) {
        if (l.glyphs[i].line != 0)
            continue;
        if (l.glyphs[i].byte == 0)
            first_x = l.glyphs[i].x / 64.0;
        else
            other_x = fmax(other_x, l.glyphs[i].x / 64.0);
    }
    CHECK(first_x > 0 && first_x >= other_x - 1, "the first Arabic word is at the right (%.1f, "
          "others up to %.1f)", first_x, other_x);
    vf_layout_free(&l);
}

static void test_balance(VfFaceCache *fc)
{
    const char *text = "Captions read best when the lines of a cue are about as long as "
                       "each other";
    VfLayout g = lay_out(fc, INTER, text, 40, 1000, 0, 1);
    VfLayout b = lay_out(fc, INTER, text, 40, 1000, 1, 1);
    CHECK(g.lines == 2 && b.lines == 2, "two lines both ways (%d, %d)", g.lines, b.lines);
    if (g.lines == 2 && b.lines == 2) {
        double gd = fabs((double)(g.line_widths[0] - g.line_widths[1])) / 64;
        double bd = fabs((double)(b.line_widths[0] - b.line_widths[1])) / 64;
        double word = 40 * 2.5; /* about a word at 40 px */
        CHECK(gd > 3 * word, "greedy lines differ a lot (%.0f px)", gd);
        CHECK(bd < word, "balanced lines are within a word of each other (%.0f px)", bd);
    }
    VfLayout one = lay_out(fc, INTER, "Short line", 40, 1000, 1, 1);
    CHECK(one.lines == 1, "balancing never adds a line");
    vf_layout_free(&g);
    vf_layout_free(&b);
    vf_layout_free(&one);
}

int main(void)
{
    VfFaceCache fc;
    CHECK(vf_face_cache_init(&fc) == 0, "face cache");
    test_thai_opportunities();
    test_thai_layout(&fc);
    test_arabic_layout(&fc);
    test_balance(&fc);
    vf_face_cache_done(&fc);
    return vf_check_summary("linebreak");
}
