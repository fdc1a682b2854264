/* Template loading: fields, defaults, variables, and findings with exact
 * locations and messages. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "render.h"
#include "template/template.h"
#include "tmpfile.h"
#include "vidforge/error.h"

static int load(const char *text, const VfVarSet *vars, VfDiagList *diags, VfTemplate **t)
{
    const char *path = vf_tmp_write("t.json", text);
    return vf_template_load(vf_test_limits(), path, vars, diags, t);
}

/* 1 when diags has a finding formatted exactly as want (file part stripped). */
static int has_diag(const VfDiagList *d, const char *want)
{
    char line[2048];
    for (int i = 0; i < d->count; i++) {
        vf_diag_format(&d->items[i], line, sizeof(line));
        const char *rest = strstr(line, "t.json:");
        if (rest && !strcmp(rest + 7, want))
            return 1;
    }
    return 0;
}

static void dump(const VfDiagList *d)
{
    char line[2048];
    for (int i = 0; i < d->count; i++) {
        vf_diag_format(&d->items[i], line, sizeof(line));
        fprintf(stderr, "  got: %s\n", line);
    }
}

#define CHECK_DIAG(d, want)                                                              \
    do {                                                                                 \
        int ok_ = has_diag(d, want);                                                     \
        CHECK(ok_, "missing finding: %s", want);                                         \
        if (!ok_)                                                                        \
            dump(d);                                                                     \
    } while (0)

static const char *valid =
    "{\n"
    "  \"template_version\": \"1.0\",\n"
    "  \"video\": {\"output_preset\": \"1080p_social\", \"duration\": 30,\n"
    "            \"background\": \"#102040\"},\n"
    "  \"overlays\": [\n"
    "    {\"type\": \"text\", \"id\": \"title\", \"content\": \"{{video_title}}\",\n"
    "     \"position\": {\"preset\": \"TOP_CENTER\", \"offset\": {\"x\": 0, \"y\": 50}},\n"
    "     \"timeline\": {\"start\": 2.0, \"end\": 8.5},\n"
    "     \"style\": {\"font\": \"fonts/Inter-Bold.otf\", \"size\": \"{{size|72}}\", "
    "\"color\": \"#FFFFFF80\"}},\n"
    "    {\"type\": \"image\", \"source\": \"assets/logo.png\",\n"
    "     \"position\": {\"custom\": {\"x\": 12, \"y\": 34}},\n"
    "     \"transform\": {\"scale\": 0.3, \"opacity\": 0.8}}\n"
    "  ],\n"
    "  \"variables\": {\"video_title\": \"Launch\", \"n\": 3},\n"
    "  \"encoding\": {\"codec\": \"h264_nvenc\", \"preset\": \"p4\", \"bitrate\": \"5M\",\n"
    "               \"audio_bitrate\": \"192k\"}\n"
    "}\n";

static void test_valid(void)
{
    VfDiagList d = { 0 };
    VfTemplate *t = NULL;
    int ret = load(valid, NULL, &d, &t);
    CHECK(ret == 0 && t, "ret %d", ret);
    CHECK_INT(d.count, 0);
    if (!t)
        return dump(&d);
    CHECK_STR(t->version, "1.0");
    CHECK(t->video.duration == 30, "duration %g", t->video.duration);
    CHECK(t->video.background.r == 0x10 && t->video.background.b == 0x40, "background");
    CHECK_INT(t->nb_overlays, 2);
    const VfOverlay *a = &t->overlays[0], *b = &t->overlays[1];
    CHECK_INT(a->type, VF_LAYER_TEXT);
    CHECK_STR(a->content, "Launch");
    CHECK_INT(a->anchor, VF_ANCHOR_TOP_CENTER);
    CHECK(a->offset_y == 50 && a->start == 2.0 && a->end == 8.5, "position/timeline");
    CHECK(a->size == 72, "size from a variable's default: %g", a->size);
    CHECK(a->color.a == 0x80, "alpha %d", a->color.a);
    CHECK_INT(b->type, VF_LAYER_IMAGE);
    CHECK_STR(b->id, "overlay-1");
    CHECK_INT(b->anchor, VF_ANCHOR_CUSTOM);
    CHECK(b->custom_x == 12 && b->custom_y == 34, "custom");
    CHECK(b->start == 0 && b->end < 0, "default timeline");
    CHECK(fabs(b->scale - 0.3) < 1e-9 && fabs(b->opacity - 0.8) < 1e-9, "transform");
    CHECK_INT(t->encoding.bitrate, 5000000);
    CHECK_INT(t->encoding.audio_bitrate, 192000);
    CHECK_STR(t->encoding.codec, "h264_nvenc");
    CHECK(t->encoding.crf < 0, "crf unset");
    vf_template_free(&t);
    CHECK(t == NULL, "free NULLs");
    vf_diag_list_clear(&d);
}

static void test_cli_vars_win(void)
{
    VfVarSet vars = { 0 };
    vf_vars_set(&vars, "video_title", "From CLI \"quoted\", {\"k\": 1}");
    vf_vars_set(&vars, "size", "120");
    VfDiagList d = { 0 };
    VfTemplate *t = NULL;
    CHECK(load(valid, &vars, &d, &t) == 0, "loads");
    if (t) {
        CHECK_STR(t->overlays[0].content, "From CLI \"quoted\", {\"k\": 1}");
        CHECK(t->overlays[0].size == 120, "size %g", t->overlays[0].size);
        CHECK_INT(t->nb_overlays, 2); /* the value injected no structure */
    }
    vf_template_free(&t);
    vf_diag_list_clear(&d);
    vf_vars_clear(&vars);
}

static void test_errors(void)
{
    const char *bad =
        "{\n"
        "  \"template_version\": \"1.0\",\n"
        "  \"video\": {\"duration\": 10, \"output_preset\": \"1080p_socal\", \"width\": 101},\n"
        "  \"overlays\": [\n"
        "    {\"type\": \"text\", \"id\": \"a\", \"content\": \"x\",\n"
        "     \"style\": {\"size\": 900, \"colour\": \"#FFF\"},\n"
        "     \"timeline\": {\"start\": 5, \"end\": 3}},\n"
        "    {\"type\": \"txet\", \"content\": \"x\"},\n"
        "    {\"type\": \"image\", \"id\": \"a\", \"source\": \"l.png\",\n"
        "     \"position\": {\"preset\": \"MIDDLE\"}, \"transform\": {\"opacity\": 2}},\n"
        "    {\"type\": \"text\", \"id\": \"late\", \"content\": \"{{who}} {{who}}\",\n"
        "     \"timeline\": {\"start\": 12}, \"style\": {\"color\": \"redd\"}}\n"
        "  ],\n"
        "  \"encoding\": {\"codec\": \"libx246\", \"crf\": 60}\n"
        "}\n";
    VfDiagList d = { 0 };
    VfTemplate *t = NULL;
    int ret = load(bad, NULL, &d, &t);
    CHECK(ret == VF_ERR_TEMPLATE && !t, "ret %d", ret);
    CHECK_DIAG(&d, "3:46: /video/output_preset: unknown output preset \"1080p_socal\" "
                   "(did you mean \"1080p_social\"?)");
    CHECK_DIAG(&d, "3:70: /video/width: must be an even integer in [16, 8192], got 101");
    CHECK_DIAG(&d, "6:24: /overlays/0/style/size: must be a number in (0, 500], got 900");
    CHECK_DIAG(&d, "6:29: /overlays/0/style/colour: unknown key (did you mean \"color\"?)");
    CHECK_DIAG(&d, "8:14: /overlays/1/type: unknown overlay type \"txet\" "
                   "(did you mean \"text\"?)");
    CHECK_DIAG(&d, "10:29: /overlays/2/position/preset: unknown position preset \"MIDDLE\" "
                   "(expected one of: TOP_LEFT, TOP_CENTER, TOP_RIGHT, CENTER_LEFT, CENTER, "
                   "CENTER_RIGHT, BOTTOM_LEFT, BOTTOM_CENTER, BOTTOM_RIGHT)");
    CHECK_DIAG(&d, "10:65: /overlays/2/transform/opacity: must be a number in [0, 1], got 2");
    CHECK_DIAG(&d, "12:52: /overlays/3/style/color: must be a colour \"#RRGGBB\", "
                   "\"#RRGGBBAA\", \"#RGB\", \"#RGBA\" or a CSS name, got \"redd\"");
    CHECK_DIAG(&d, "11:47: /overlays/3/content: variable \"who\" has no value and no default "
                   "(used at /overlays/3/content)");
    CHECK_DIAG(&d, "14:25: /encoding/codec: unknown codec \"libx246\" (did you mean \"libx264\"?)");
    CHECK_DIAG(&d, "14:43: /encoding/crf: must be a number in [0, 51], got 60");
    vf_diag_list_clear(&d);
}

static void test_rules(void)
{
    const char *text =
        "{\"template_version\": \"1.0\", \"video\": {\"duration\": 10},\n"
        " \"overlays\": [\n"
        "  {\"type\": \"text\", \"id\": \"a\", \"content\": \"x\", \"timeline\": {\"start\": 5, \"end\": 3}},\n"
        "  {\"type\": \"text\", \"id\": \"a\", \"content\": \"y\"},\n"
        "  {\"type\": \"text\", \"content\": \"z\", \"position\": {\"preset\": \"CENTER\", \"custom\": {\"x\": 1, \"y\": 2}}}\n"
        " ]}\n";
    VfDiagList d = { 0 };
    VfTemplate *t = NULL;
    CHECK(load(text, NULL, &d, &t) == VF_ERR_TEMPLATE, "rejected");
    CHECK_DIAG(&d, "4:26: /overlays/1/id: duplicate overlay id \"a\" (also /overlays/0)");
    CHECK_DIAG(&d, "3:59: /overlays/0/timeline: end (3) must be greater than start (5)");
    CHECK_DIAG(&d, "5:69: /overlays/2/position/custom: cannot be combined with \"preset\": "
                   "give one or the other");
    vf_diag_list_clear(&d);

    d = (VfDiagList){ 0 };
    CHECK(load("{\"template_version\": \"1.0\", \"video\": {\"duration\": 4},\n"
               " \"overlays\": [{\"type\": \"text\", \"content\": \"x\", \"timeline\": {\"start\": 5}}]}",
               NULL, &d, &t) == 0, "a late overlay is only a warning");
    CHECK_DIAG(&d, "2:70: /overlays/0/timeline/start: warning: starts at 5 s, after the video "
                   "ends (4 s): never visible");
    vf_template_free(&t);
    vf_diag_list_clear(&d);

    d = (VfDiagList){ 0 };
    CHECK(load("{\"template_version\": \"2.1\", \"video\": {}}", NULL, &d, &t) == VF_ERR_TEMPLATE,
          "version 2 rejected");
    CHECK_DIAG(&d, "1:22: /template_version: unsupported template version \"2.1\" "
                   "(this vidforge reads 1.x)");
    vf_diag_list_clear(&d);

    d = (VfDiagList){ 0 };
    CHECK(load("{\"video\": {\"fps\": \"fast\"}, \"extra\": 1}", NULL, &d, &t) == VF_ERR_TEMPLATE,
          "missing keys");
    CHECK_DIAG(&d, "1:1: missing required key \"template_version\"");
    CHECK_DIAG(&d, "1:19: /video/fps: must be a number, got \"fast\"");
    CHECK_DIAG(&d, "1:28: /extra: unknown key");
    vf_diag_list_clear(&d);

    d = (VfDiagList){ 0 };
    CHECK(load("{\"template_version\": \"1.0\", \"video\": {\"input\": \"a.mp4\"}}", NULL, &d, &t) == 0,
          "duration optional with an input");
    vf_template_free(&t);
    vf_diag_list_clear(&d);

    d = (VfDiagList){ 0 };
    CHECK(load("{\"template_version\": \"1.0\", \"video\": {}}", NULL, &d, &t) == VF_ERR_TEMPLATE,
          "duration required without input");
    CHECK_DIAG(&d, "1:38: /video: \"duration\" is required when there is no \"input\"");
    vf_diag_list_clear(&d);
}

static void test_bad_json(void)
{
    VfDiagList d = { 0 };
    VfTemplate *t = NULL;
    CHECK(load("{\n  \"template_version\": \"1.0\",\n  \"video\": {\"duration\": 1,}\n}\n", NULL,
               &d, &t) == VF_ERR_TEMPLATE, "rejected");
    CHECK_DIAG(&d, "3:27: invalid JSON near '}'");
    vf_diag_list_clear(&d);
    d = (VfDiagList){ 0 };
    CHECK(load("{\"template_version\": \"1.0\"", NULL, &d, &t) == VF_ERR_TEMPLATE, "truncated");
    CHECK_DIAG(&d, "1:27: invalid JSON: unexpected end of file");
    vf_diag_list_clear(&d);
    CHECK(vf_template_load(vf_test_limits(), "/nonexistent/x.json", NULL, &d, &t) == VF_ERR_USAGE, "missing file");
    vf_diag_list_clear(&d);
}

int main(void)
{
    test_valid();
    test_cli_vars_win();
    test_errors();
    test_rules();
    test_bad_json();
    vf_tmp_cleanup();
    return vf_check_summary("template");
}
