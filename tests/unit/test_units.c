/* Unit tests for the pure pieces: layout, locator, variables, colours, presets,
 * decimal numbers, the encoder gate. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "plan/layout.h"
#include "template/locate.h"
#include "template/presets.h"
#include "template/schema.h"
#include "template/vars.h"
#include "util/color.h"
#include "util/gate.h"
#include "util/number.h"
#include "util/path.h"

static void test_presets_positions(void)
{
    /* 200x100 box in 1920x1080, offset (10, -5) */
    static const struct { int anchor, x, y; } cases[] = {
        { VF_ANCHOR_TOP_LEFT, 10, -5 },       { VF_ANCHOR_TOP_CENTER, 870, -5 },
        { VF_ANCHOR_TOP_RIGHT, 1730, -5 },    { VF_ANCHOR_CENTER_LEFT, 10, 485 },
        { VF_ANCHOR_CENTER, 870, 485 },       { VF_ANCHOR_CENTER_RIGHT, 1730, 485 },
        { VF_ANCHOR_BOTTOM_LEFT, 10, 975 },   { VF_ANCHOR_BOTTOM_CENTER, 870, 975 },
        { VF_ANCHOR_BOTTOM_RIGHT, 1730, 975 },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int x, y;
        vf_layout_place(cases[i].anchor, 1920, 1080, 200, 100, 10, -5, NAN, NAN, &x, &y);
        CHECK(x == cases[i].x && y == cases[i].y, "anchor %d: got (%d,%d), want (%d,%d)",
              cases[i].anchor, x, y, cases[i].x, cases[i].y);
    }
    int x, y;
    vf_layout_place(VF_ANCHOR_CUSTOM, 1920, 1080, 200, 100, 3, 4, 100, 50, &x, &y);
    CHECK(x == 103 && y == 54, "custom: got (%d,%d)", x, y);
    /* odd free space rounds to the nearest pixel */
    vf_layout_place(VF_ANCHOR_CENTER, 101, 51, 10, 10, 0, 0, NAN, NAN, &x, &y);
    CHECK(x == 46 && y == 21, "odd centre: got (%d,%d)", x, y);
}

static void test_frame_at(void)
{
    CHECK_INT(vf_layout_frame_at(2.0, 30, 1), 60);
    CHECK_INT(vf_layout_frame_at(8.5, 30, 1), 255);
    CHECK_INT(vf_layout_frame_at(0.1, 30, 1), 3);
    CHECK_INT(vf_layout_frame_at(0.11, 30, 1), 4);
    CHECK_INT(vf_layout_frame_at(0, 25, 1), 0);
    CHECK_INT(vf_layout_frame_at(1.0, 30000, 1001), 30); /* 29.97: frame 30 is at 1.001 s */
    CHECK_INT(vf_layout_frame_at(1.001, 30000, 1001), 30);
}

static void test_locate(void)
{
    const char *text = "{\n  \"a\": {\"b\": [1, {\"c~d\": 5}]},\n  \"e/f\": \"x\",\n"
                       "  \"g\": \"\\u00e9\\\"\", \"h\": true\n}";
    int line, col;
    CHECK(vf_json_locate(text, strlen(text), "/a/b/1/c~0d", 0, &line, &col) == 0, "found");
    CHECK(line == 2 && col == 26, "value at %d:%d", line, col);
    CHECK(vf_json_locate(text, strlen(text), "/a/b/1/c~0d", 1, &line, &col) == 0, "key");
    CHECK(line == 2 && col == 19, "key at %d:%d", line, col);
    CHECK(vf_json_locate(text, strlen(text), "/e~1f", 0, &line, &col) == 0, "escaped /");
    CHECK(line == 3 && col == 10, "e/f at %d:%d", line, col);
    CHECK(vf_json_locate(text, strlen(text), "/h", 0, &line, &col) == 0, "after escapes");
    CHECK(line == 4 && col == 25, "h at %d:%d", line, col);
    CHECK(vf_json_locate(text, strlen(text), "/a/zz", 0, &line, &col) < 0, "missing");
    CHECK(line == 2 && col == 8, "missing points at parent: %d:%d", line, col);
    CHECK(vf_json_locate(text, strlen(text), "", 0, &line, &col) == 0 && line == 1 && col == 1,
          "root");
    /* malformed text (found by the fuzzer): must terminate, not loop */
    static const char *const junk[] = { "[}]", "{\"a\": [1, }], \"b\": 2}", "{\"a\": ]",
                                        "[[[[", "{\"a\"", "" };
    for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
        vf_json_locate(junk[i], strlen(junk[i]), "/b", 0, &line, &col);
        vf_json_locate(junk[i], strlen(junk[i]), "/0/0", 0, &line, &col);
        CHECK(line >= 1 && col >= 1, "junk %zu located somewhere sane", i);
    }
}

static char *expand(const VfVarSet *set, const char *in, int *status)
{
    char *out = NULL, *missing = NULL;
    *status = vf_vars_expand(in, set, &out, &missing);
    if (*status == 1) {
        free(out);
        return missing;
    }
    return out;
}

static void test_vars(void)
{
    VfVarSet set = { 0 };
    vf_vars_set(&set, "name", "Ada");
    vf_vars_set(&set, "quote", "\", \"x\": {");
    vf_vars_set(&set, "name", "Grace"); /* later wins */
    int st;
    char *s = expand(&set, "Hi {{name}}!", &st);
    CHECK(st == 0, "status %d", st);
    CHECK_STR(s, "Hi Grace!");
    free(s);
    s = expand(&set, "{{ name }} {{missing|fallback text}} {{name|unused}}", &st);
    CHECK_STR(s, "Grace fallback text Grace");
    free(s);
    s = expand(&set, "\\{{name}} {{name}}", &st);
    CHECK_STR(s, "{{name}} Grace");
    free(s);
    s = expand(&set, "x{{quote}}y", &st);
    CHECK_STR(s, "x\", \"x\": {y");
    free(s);
    s = expand(&set, "{{nobody}}", &st);
    CHECK(st == 1, "missing status %d", st);
    CHECK_STR(s, "nobody");
    free(s);
    s = expand(&set, "{{unclosed", &st);
    CHECK_STR(s, "{{unclosed");
    free(s);
    vf_vars_clear(&set);
}

static void test_colors_and_tables(void)
{
    VfColor c;
    CHECK(vf_color_parse("#FF8000", &c) == 0 && c.r == 255 && c.g == 128 && c.b == 0 && c.a == 255,
          "rgb");
    CHECK(vf_color_parse("#ff800080", &c) == 0 && c.a == 128, "rgba");
    CHECK(vf_color_parse("FF8000", &c) < 0, "no #");
    CHECK(vf_color_parse("#FF800", &c) < 0, "five digits");
    CHECK(vf_color_parse("#F808", &c) == 0 && c.r == 255 && c.g == 136 && c.b == 0 && c.a == 136,
          "#RGBA doubles each digit");
    CHECK(vf_color_parse("white", &c) == 0 && c.r == 255 && c.a == 255, "a CSS name");
    CHECK(vf_color_parse("transparent", &c) == 0 && c.a == 0, "transparent");
    CHECK(vf_color_parse("#GG8000", &c) < 0, "not hex");
    CHECK_STR(vf_speed_preset_for("p1", 0), "ultrafast");
    CHECK_STR(vf_speed_preset_for("veryfast", 1), "p3");
    CHECK_STR(vf_speed_preset_for("medium", 0), "medium");
    CHECK(vf_speed_preset_for("warp", 0) == NULL, "unknown preset");
    CHECK_STR(vf_codec_find("h265_nvenc")->encoder, "hevc_nvenc");
    CHECK_STR(vf_codec_find("h265_nvenc")->fallback, "libx265");
    CHECK_STR(vf_codec_find("h264")->encoder, "libx264");
    CHECK(vf_output_preset_find("4k_archive")->width == 3840, "4k");
    CHECK_STR(vf_did_you_mean("colour", (const char *const[]){ "color", "size", NULL }), "color");
    CHECK(vf_did_you_mean("zzzzzz", (const char *const[]){ "color", "size", NULL }) == NULL,
          "no wild guesses");
    char *d = vf_path_dirname("a/b/c.json");
    CHECK_STR(d, "a/b");
    free(d);
    d = vf_path_stem("a/b/social-post.json");
    CHECK_STR(d, "social-post");
    free(d);
    d = vf_path_join("dir", "/abs/x");
    CHECK_STR(d, "/abs/x");
    free(d);
    static const char *const norm[][2] = {
        { "out/../x.mp4", "x.mp4" }, { "./a//b/./c", "a/b/c" }, { "../a/../../b", "../../b" },
        { "/x/../../y", "/y" }, { "a/..", "." }, { "/", "/" },
    };
    for (size_t i = 0; i < sizeof(norm) / sizeof(norm[0]); i++) {
        d = vf_path_normalize(norm[i][0]);
        CHECK_STR(d, norm[i][1]);
        free(d);
    }
    CHECK(vf_path_within("out/a.mp4", "out"), "inside");
    CHECK(!vf_path_within("out/../../e.mp4", "out"), "climbs out");
    CHECK(!vf_path_within("outside/x.mp4", "out"), "a sibling with the same prefix");
    CHECK(vf_path_within("a/b.mp4", ""), "relative inside the current folder");
    CHECK(!vf_path_within("../b.mp4", "."), "above the current folder");
    CHECK(!vf_path_within("/etc/b.mp4", ""), "absolute is not inside the current folder");
}

/* What people type as seconds: decimal only ("0x10" is not 16). */
static void test_decimal(void)
{
    static const struct { const char *s; double v; int ok; } cases[] = {
        { "1.5", 1.5, 1 }, { "-2", -2, 1 }, { "3e2", 300, 1 }, { ".5", 0.5, 1 },
        { "0x10", 0, 0 }, { "inf", 0, 0 }, { "nan", 0, 0 }, { "infinity", 0, 0 },
        { " 1", 0, 0 }, { "", 0, 0 }, { "abc", 0, 0 },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *end;
        double v = vf_strtod_decimal(cases[i].s, &end);
        int ok = end != cases[i].s;
        CHECK(ok == cases[i].ok && (!ok || v == cases[i].v), "\"%s\": %s %g", cases[i].s,
              ok ? "read" : "refused", v);
    }
    char *end;
    double v = vf_strtod_decimal("2.5:poster.png", &end);
    CHECK(v == 2.5 && *end == ':', "the rest after a number: \"%s\"", end);
}

typedef struct GateRun {
    VfGate *gate;
    pthread_barrier_t start; /* all four at the gate together */
    atomic_int inside, most;
} GateRun;

static void *gate_worker(void *arg)
{
    GateRun *g = arg;
    pthread_barrier_wait(&g->start);
    for (int i = 0; i < 20; i++) {
        vf_gate_enter(g->gate);
        int now = atomic_fetch_add(&g->inside, 1) + 1;
        int most = atomic_load(&g->most);
        while (now > most && !atomic_compare_exchange_weak(&g->most, &most, now))
            ;
        usleep(500);
        atomic_fetch_sub(&g->inside, 1);
        vf_gate_leave(g->gate);
    }
    return NULL;
}

/* Never more holders than slots, whatever the threads do; NULL: no gate. */
static void test_gate(void)
{
    for (int slots = 1; slots <= 2; slots++) {
        GateRun g = { .gate = vf_gate_create(slots) };
        pthread_barrier_init(&g.start, NULL, 4);
        pthread_t t[4];
        for (int i = 0; i < 4; i++)
            pthread_create(&t[i], NULL, gate_worker, &g);
        for (int i = 0; i < 4; i++)
            pthread_join(t[i], NULL);
        int waits, peak;
        double seconds;
        vf_gate_stats(g.gate, &waits, &seconds, &peak);
        CHECK(atomic_load(&g.most) <= slots && peak <= slots && peak >= 1,
              "%d slots: %d at once (gate says %d)", slots, atomic_load(&g.most), peak);
        CHECK(waits > 0 && seconds > 0, "%d slots, 4 threads: no waits counted (%d, %.4f s)",
              slots, waits, seconds);
        pthread_barrier_destroy(&g.start);
        vf_gate_free(&g.gate);
        CHECK(g.gate == NULL, "vf_gate_free leaves the pointer");
    }
    CHECK(vf_gate_create(0) == NULL, "a gate of no slots");
    vf_gate_enter(NULL); /* no gate: nothing waits */
    vf_gate_leave(NULL);
    int waits = 1, peak = 1;
    double seconds = 1;
    vf_gate_stats(NULL, &waits, &seconds, &peak);
    CHECK(waits == 0 && peak == 0 && seconds == 0, "a NULL gate's stats");
}

int main(void)
{
    test_presets_positions();
    test_frame_at();
    test_locate();
    test_vars();
    test_colors_and_tables();
    test_decimal();
    test_gate();
    return vf_check_summary("units");
}
