/* Golden renders: real fixtures made by the ffmpeg CLI, rendered in-process,
 * decoded back and checked for placement, timing, duration and streams. */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "render.h"
#include "frames.h"
#include "media/probe.h"
#include "media/verify.h"
#include "plan/plan.h"
#include "plan/rastercache.h"
#include "template/template.h"
#include "tmpfile.h"
#include "vidforge/error.h"
#include "vidforge/log.h"
#include "vidforge/vidforge.h"

#define FF "ffmpeg -hide_banner -loglevel error -y "

static char notices[4096];

static void capture(void *opaque, VfLogLevel level, const char *msg)
{
    if (level > VF_LOG_NOTICE)
        return;
    size_t n = strlen(notices);
    snprintf(notices + n, sizeof(notices) - n, "%s\n", msg);
}

static void make_fixtures(void)
{
    const char *d = vf_tmp_dir();
    vf_test_sh(FF "-f lavfi -i color=c=red:s=40x30 -frames:v 1 %s/red.png", d);
    /* MPEG-TS starts near 1.4 s: exercises timestamp normalisation */
    vf_test_sh(FF "-f lavfi -i testsrc2=s=320x240:r=30:d=3 -f lavfi -i sine=f=440:r=44100:d=3 "
                  "-ac 1 -c:v libx264 -preset ultrafast -g 15 -bf 2 -c:a aac %s/av.ts", d);
    vf_test_sh(FF "-f lavfi -i testsrc2=s=320x240:r=25:d=2 -c:v libx264 -preset ultrafast "
                  "%s/silent.mp4", d);
}

/* Loads, plans and renders json (written as name.json) to out. */
static int render(const char *name, const char *json, const char *out, VfPlan **plan_out,
                  VfRenderResult *res)
{
    char file[128];
    snprintf(file, sizeof(file), "%s.json", name);
    const char *path = vf_tmp_write(file, json);
    VfDiagList diags = { 0 };
    VfTemplate *t = NULL;
    VfPlan *plan = NULL;
    vf_error_clear();
    int ret = vf_template_load(vf_test_limits(), path, NULL, &diags, &t);
    if (ret >= 0)
        ret = vf_plan_create(vf_test_env(), t, &plan);
    VfRenderOptions o = { .output = out, .overwrite = 1 };
    if (ret >= 0)
        ret = vf_render(plan, &o, res);
    if (ret < 0)
        fprintf(stderr, "%s: render failed: %s (%d diags)\n", name, vf_error_message(),
                diags.count);
    if (plan_out)
        *plan_out = plan;
    else
        vf_plan_free(&plan);
    vf_template_free(&t);
    vf_diag_list_clear(&diags);
    return ret;
}

static int is_red(const uint8_t *p) { return p[0] > 180 && p[1] < 80 && p[2] < 80; }
static int is_bright(const uint8_t *p) { return p[0] > 128 && p[1] > 128 && p[2] > 128; }
static int is_green(const uint8_t *p) { return p[1] > 180 && p[0] < 80 && p[2] < 80; }
static int is_not_black(const uint8_t *p) { return p[0] + p[1] + p[2] > 90; }

static const VfPlanLayer *layer(const VfPlan *p, const char *id)
{
    for (int i = 0; p && i < p->nb_layers; i++)
        if (!strcmp(p->layers[i].id, id))
            return &p->layers[i];
    return NULL;
}

static int text_pixels(const char *out, int n, const VfPlanLayer *l)
{
    VfTestFrame f;
    if (vf_test_decode_frame(out, n, &f) < 0)
        return -1;
    int count = vf_test_count(&f, l->raster_x, l->raster_y, l->raster_x + l->raster.width,
                              l->raster_y + l->raster.height, is_bright);
    vf_test_frame_free(&f);
    return count;
}

static void test_background_timing_and_placement(void)
{
    char json[2048];
    snprintf(json, sizeof(json),
             "{\"template_version\": \"1.0\",\n"
             " \"video\": {\"width\": 320, \"height\": 240, \"fps\": 30, \"duration\": 9.5},\n"
             " \"overlays\": [\n"
             "  {\"type\": \"image\", \"id\": \"red\", \"source\": \"red.png\",\n"
             "   \"position\": {\"custom\": {\"x\": 100, \"y\": 80}}},\n"
             "  {\"type\": \"text\", \"id\": \"hi\", \"content\": \"HI\",\n"
             "   \"position\": {\"preset\": \"TOP_LEFT\", \"offset\": {\"x\": 10, \"y\": 10}},\n"
             "   \"timeline\": {\"start\": 2.0, \"end\": 8.5},\n"
             "   \"style\": {\"size\": 40, \"color\": \"#FFFFFF\"}}],\n"
             " \"encoding\": {\"preset\": \"ultrafast\", \"crf\": 18}}\n");
    const char *out = strdup(vf_tmp_path("bg.mp4"));
    VfPlan *plan = NULL;
    VfRenderResult res = { 0 };
    CHECK(render("bg", json, out, &plan, &res) == 0, "render");
    CHECK_INT(res.frames, 285);
    const VfPlanLayer *hi = layer(plan, "hi");
    CHECK(hi && hi->first_frame == 60 && hi->end_frame == 255, "text frames planned");

    VfTestFrame f;
    int box[4] = { 0 };
    CHECK(vf_test_decode_frame(out, 30, &f) == 0, "decode frame 30");
    int n = vf_test_find(&f, is_red, box);
    CHECK(n > 1000, "red pixels: %d", n);
    CHECK(abs(box[0] - 100) <= 2 && abs(box[1] - 80) <= 2 && abs(box[2] - 139) <= 2 &&
          abs(box[3] - 109) <= 2, "red box (%d,%d)-(%d,%d), planned (100,80)-(139,109)",
          box[0], box[1], box[2], box[3]);
    vf_test_frame_free(&f);

    if (hi) {
        CHECK(hi->box_x == 10 && hi->box_y == 10, "text box at (%d,%d)", hi->box_x, hi->box_y);
        CHECK_INT(text_pixels(out, 59, hi), 0);
        CHECK(text_pixels(out, 60, hi) > 50, "text visible from frame 60");
        CHECK(text_pixels(out, 254, hi) > 50, "text visible in frame 254");
        CHECK_INT(text_pixels(out, 255, hi), 0);
    }
    VfProbe p;
    CHECK(vf_probe_file(out, 120, &p) == 0, "probe");
    CHECK(p.video >= 0 && p.audio < 0 && p.nb_streams == 1, "one video stream, no audio");
    CHECK(fabs(p.streams[p.video].duration - 9.5) < 1.0 / 30, "duration %g",
          p.streams[p.video].duration);
    CHECK_INT(vf_test_count_frames(out), 285);

    /* verification compares the file with the plan and says what differs */
    if (plan) {
        CHECK(vf_verify_output(out, plan) == 0, "matches its plan");
        VfPlan other = *plan;
        other.width = 640;
        vf_error_clear();
        CHECK(vf_verify_output(out, &other) == VF_ERR_OUTPUT, "size mismatch");
        CHECK_STR(vf_error_message(), "verification failed: frame size is 320x240, planned 640x240");
        other = *plan;
        other.nb_frames = 300;
        other.duration = 10;
        vf_error_clear();
        CHECK(vf_verify_output(out, &other) == VF_ERR_OUTPUT, "duration mismatch");
        CHECK_STR(vf_error_message(), "verification failed: video lasts 9.500 s, planned 10.000 s");
        other = *plan;
        other.input_has_audio = 1;
        vf_error_clear();
        CHECK(vf_verify_output(out, &other) == VF_ERR_OUTPUT, "audio mismatch");
        CHECK_STR(vf_error_message(), "verification failed: the output has no audio, planned audio");
        vf_error_clear();
        other = *plan;
        other.encoding.family = "hevc";
        CHECK(vf_verify_output(out, &other) == VF_ERR_OUTPUT, "codec mismatch");
        vf_error_clear();
    }
    vf_plan_free(&plan);
    free((void *)out);
}

static void test_input_with_audio(void)
{
    const char *json = "{\"template_version\": \"1.0\", \"video\": {\"input\": \"av.ts\"},\n"
                       " \"overlays\": [{\"type\": \"image\", \"source\": \"red.png\"}],\n"
                       " \"encoding\": {\"preset\": \"ultrafast\"}}";
    const char *out = strdup(vf_tmp_path("av.mp4"));
    VfRenderResult res;
    CHECK(render("av", json, out, NULL, &res) == 0, "render");
    VfProbe p;
    CHECK(vf_probe_file(out, 120, &p) == 0, "probe");
    CHECK(p.video >= 0 && p.audio >= 0, "video and audio");
    if (p.video >= 0 && p.audio >= 0) {
        const VfProbeStream *v = &p.streams[p.video], *a = &p.streams[p.audio];
        CHECK(v->width == 320 && v->height == 240, "keeps the input size");
        CHECK(v->fps_num == 30 && v->fps_den == 1, "keeps the input rate %d/%d", v->fps_num,
              v->fps_den);
        CHECK(fabs(v->duration - 3.0) <= 1.0 / 30, "video %g s", v->duration);
        CHECK_STR(a->codec, "aac");
        CHECK(a->sample_rate == 48000 && a->channels == 2, "48 kHz stereo");
        CHECK(fabs(a->duration - 3.0) < 0.05, "audio %g s", a->duration);
        CHECK(fabs(v->start_time) < 0.001, "starts at 0: %g", v->start_time);
    }
    VfTestFrame f;
    CHECK(vf_test_decode_frame(out, 0, &f) == 0, "frame 0");
    /* t = 0 is the input's first picture, not padding */
    CHECK(vf_test_count(&f, 0, 0, 320, 240, is_not_black) > 320 * 240 / 2, "frame 0 has content");
    vf_test_frame_free(&f);
    free((void *)out);
}

static void test_trim_and_silent_input(void)
{
    const char *json = "{\"template_version\": \"1.0\",\n"
                       " \"video\": {\"input\": \"av.ts\", \"duration\": 1.0},\n"
                       " \"encoding\": {\"preset\": \"ultrafast\"}}";
    const char *out = strdup(vf_tmp_path("trim.mp4"));
    VfRenderResult res;
    CHECK(render("trim", json, out, NULL, &res) == 0, "render");
    VfProbe p;
    CHECK(vf_probe_file(out, 120, &p) == 0 && p.audio >= 0, "probe");
    CHECK_INT(vf_test_count_frames(out), 30);
    if (p.audio >= 0)
        CHECK(fabs(p.streams[p.audio].duration - 1.0) < 0.03, "audio trimmed: %g",
              p.streams[p.audio].duration);
    free((void *)out);

    json = "{\"template_version\": \"1.0\", \"video\": {\"input\": \"silent.mp4\"}}";
    out = strdup(vf_tmp_path("silent-out.mp4"));
    CHECK(render("silent", json, out, NULL, &res) == 0, "render");
    CHECK(vf_probe_file(out, 120, &p) == 0 && p.audio < 0, "no audio in, no audio out");
    CHECK(p.video >= 0 && p.streams[p.video].fps_num == 25, "keeps 25 fps");
    CHECK_INT(vf_test_count_frames(out), 50);
    free((void *)out);
}

static void test_hold_last_frame(void)
{
    /* av.ts lasts 3 s; asking for 4 s holds the last picture and pads silence */
    const char *json = "{\"template_version\": \"1.0\",\n"
                       " \"video\": {\"input\": \"av.ts\", \"duration\": 4.0},\n"
                       " \"encoding\": {\"preset\": \"ultrafast\"}}";
    const char *out = strdup(vf_tmp_path("hold.mp4"));
    VfRenderResult res;
    CHECK(render("hold", json, out, NULL, &res) == 0, "render");
    CHECK_INT(vf_test_count_frames(out), 120);
    VfProbe p;
    CHECK(vf_probe_file(out, 120, &p) == 0 && p.audio >= 0, "probe");
    if (p.audio >= 0)
        CHECK(fabs(p.streams[p.audio].duration - 4.0) < 0.03, "audio padded: %g",
              p.streams[p.audio].duration);
    VfTestFrame a, b;
    CHECK(vf_test_decode_frame(out, 89, &a) == 0 && vf_test_decode_frame(out, 119, &b) == 0,
          "decode");
    long diff = 0;
    for (int i = 0; a.rgb && b.rgb && i < a.width * a.height * 3; i++)
        diff += abs(a.rgb[i] - b.rgb[i]);
    CHECK(diff / (320 * 240 * 3) < 3, "frame 119 repeats the last input frame (mean diff %ld)",
          diff / (320 * 240 * 3));
    vf_test_frame_free(&a);
    vf_test_frame_free(&b);
    free((void *)out);
}

static void test_preset_letterbox(void)
{
    const char *json = "{\"template_version\": \"1.0\",\n"
                       " \"video\": {\"input\": \"silent.mp4\", \"output_preset\": \"720p_web\","
                       " \"background\": \"#00FF00\", \"duration\": 0.5},\n"
                       " \"encoding\": {\"preset\": \"ultrafast\"}}";
    const char *out = strdup(vf_tmp_path("box.mp4"));
    VfRenderResult res;
    CHECK(render("box", json, out, NULL, &res) == 0, "render");
    VfTestFrame f;
    CHECK(vf_test_decode_frame(out, 5, &f) == 0, "decode");
    CHECK(f.width == 1280 && f.height == 720, "preset size %dx%d", f.width, f.height);
    /* 4:3 in 16:9: pillarbox bands of (1280 - 960) / 2 = 160 px */
    CHECK(vf_test_count(&f, 0, 0, 150, 720, is_green) == 150 * 720, "left band is background");
    CHECK(vf_test_count(&f, 1130, 0, 1280, 720, is_green) == 150 * 720, "right band");
    CHECK(vf_test_count(&f, 170, 0, 1110, 720, is_green) < 940 * 720 / 2, "picture in the middle");
    vf_test_frame_free(&f);
    free((void *)out);
}

static void test_nvenc_fallback(void)
{
    const char *json = "{\"template_version\": \"1.0\", \"video\": {\"duration\": 1, "
                       "\"width\": 320, \"height\": 240},\n"
                       " \"encoding\": {\"codec\": \"h264_nvenc\", \"preset\": \"p1\"}}";
    const char *out = strdup(vf_tmp_path("nv.mp4"));
    VfRenderResult res = { 0 };
    notices[0] = '\0';
    VfLogger lg = { capture, NULL, VF_LOG_NOTICE };
    const VfLogger *before = vf_log_bind(&lg);
    CHECK(render("nv", json, out, NULL, &res) == 0, "render");
    vf_log_bind(before);
    VfProbe p;
    CHECK(vf_probe_file(out, 120, &p) == 0 && p.video >= 0, "probe");
    CHECK_STR(p.streams[p.video].codec, "h264");
    if (!strcmp(res.encoder, "libx264")) {
        CHECK(strstr(notices, "no NVIDIA encoder available") != NULL, "notice: %s", notices);
        CHECK(strstr(notices, "encoding with libx264, preset ultrafast") != NULL,
              "p1 maps to ultrafast: %s", notices);
        CHECK_STR(res.preset, "ultrafast");
        CHECK(strstr(res.encoder_reason, "h264_nvenc is not usable here") &&
              strstr(res.encoder_reason, "fell back to libx264, preset ultrafast"),
              "the result says why: %s", res.encoder_reason);
    } else {
        CHECK_STR(res.encoder, "h264_nvenc"); /* a machine with a usable NVIDIA encoder */
    }
    free((void *)out);
}

static int count_leftovers(void)
{
    DIR *dir = opendir(vf_tmp_dir());
    int n = 0;
    for (struct dirent *e; dir && (e = readdir(dir));)
        n += strstr(e->d_name, "vidforge-tmp") != NULL;
    if (dir)
        closedir(dir);
    return n;
}

/* Planning the same overlays again reuses their rasters, pixel for pixel. */
static void test_raster_cache(void)
{
    const char *json = "{\"template_version\": \"1.0\", \"video\": {\"duration\": 1},\n"
                       " \"overlays\": [{\"type\": \"text\", \"content\": \"cached text\"},"
                       " {\"type\": \"image\", \"source\": \"red.png\", \"transform\": {\"scale\": 2}}]}";
    const char *path = vf_tmp_write("cache.json", json);
    VfDiagList d = { 0 };
    VfTemplate *t = NULL;
    VfPlan *a = NULL, *b = NULL;
    CHECK(vf_template_load(vf_test_limits(), path, NULL, &d, &t) == 0, "load");
    long h0, m0, h1, m1;
    vf_raster_cache_stats(vf_test_env()->rasters, &h0, &m0);
    CHECK(t && vf_plan_create(vf_test_env(), t, &a) == 0 && vf_plan_create(vf_test_env(), t, &b) == 0, "two plans");
    vf_raster_cache_stats(vf_test_env()->rasters, &h1, &m1);
    CHECK(h1 - h0 == 2 && m1 - m0 == 2, "second plan hit the cache: %ld hits, %ld misses",
          h1 - h0, m1 - m0);
    for (int i = 0; a && b && i < 2; i++) {
        const VfRaster *x = &a->layers[i].raster, *y = &b->layers[i].raster;
        CHECK(x->width == y->width && x->height == y->height &&
              !memcmp(x->pixels, y->pixels, (size_t)x->width * x->height * 4) &&
              x->pixels != y->pixels, "layer %d: same pixels, own copy", i);
    }
    vf_plan_free(&a);
    vf_plan_free(&b);
    vf_template_free(&t);
    vf_diag_list_clear(&d);
}

static void test_failures_leave_nothing(void)
{
    const char *json = "{\"template_version\": \"1.0\", \"video\": {\"duration\": 1, "
                       "\"width\": 64, \"height\": 64}}";
    VfRenderResult res;
    CHECK(render("nodir", json, "/nonexistent-dir/x.mp4", NULL, &res) == VF_ERR_OUTPUT,
          "unwritable folder");
    const char *existing = vf_tmp_write("existing.mp4", "keep me");
    char *path = strdup(existing);
    const char *tpl = vf_tmp_write("exists.json", json);
    VfDiagList d = { 0 };
    VfTemplate *t = NULL;
    VfPlan *plan = NULL;
    vf_error_clear();
    CHECK(vf_template_load(vf_test_limits(), tpl, NULL, &d, &t) == 0 && vf_plan_create(vf_test_env(), t, &plan) == 0, "plan");
    VfRenderOptions o = { .output = path, .overwrite = 0 };
    CHECK(vf_render(plan, &o, &res) == VF_ERR_OUTPUT, "refuses to overwrite");
    CHECK(strstr(vf_error_message(), "already exists") != NULL, "says why: %s",
          vf_error_message());
    FILE *f = fopen(path, "r");
    char buf[16] = "";
    CHECK(f && fgets(buf, sizeof(buf), f) && !strcmp(buf, "keep me"), "untouched");
    if (f)
        fclose(f);
    CHECK_INT(count_leftovers(), 0);
    vf_plan_free(&plan);
    vf_template_free(&t);
    vf_diag_list_clear(&d);
    free(path);
}

int main(void)
{
    make_fixtures();
    test_background_timing_and_placement();
    test_input_with_audio();
    test_trim_and_silent_input();
    test_hold_last_frame();
    test_preset_letterbox();
    test_nvenc_fallback();
    test_failures_leave_nothing();
    test_raster_cache();
    CHECK_INT(count_leftovers(), 0);
    vf_tmp_cleanup();
    return vf_check_summary("golden");
}
