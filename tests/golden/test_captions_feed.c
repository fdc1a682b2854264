/* The captions layer as one graph input (issue 17): a 600-cue WebVTT file
 * plans one layer and one [ov] input, and the rendered frames show the
 * right cue (each cue placed by its own settings) on the right frames.
 * Inline cues go through the WebVTT cue-text parser: tags are not drawn as
 * text, bold and italic change the pixels, colour classes colour the word,
 * inner timestamps time the word highlight, variables still apply. The
 * overlay draws on the base frames in place: none is copied because the
 * decoder or the base chain still held it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/buffer.h>
#include <libavutil/frame.h>

#include "check.h"
#include "frames.h"
#include "media/input.h"
#include "render.h"
#include "render/graph.h"
#include "render/layerfeed.h"
#include "tmpfile.h"
#include "vidforge/plan.h"

#define W 320
#define H 180
#define NB_CUES 600

static char json[1 << 16];

static const char *tpl(int fps, double duration, const char *keys)
{
    snprintf(json, sizeof(json),
             "{\"template_version\": \"1.0\",\n"
             " \"video\": {\"width\": %d, \"height\": %d, \"fps\": %d, \"duration\": %g,"
             " \"background\": \"#000000\"},\n"
             " \"variables\": {\"who\": \"Grace\"},\n"
             " \"overlays\": [{\"type\": \"captions\", \"id\": \"cc\", %s}],\n"
             " \"encoding\": {\"preset\": \"ultrafast\", \"crf\": 0}}\n", W, H, fps, duration,
             keys);
    return json;
}

/* An item of the captions layer's track, by id. */
static const VfPlanLayer *item(const VfPlan *p, const char *id)
{
    for (int i = 0; p && i < p->nb_layers; i++)
        for (int k = 0; p->layers[i].captions && k < p->layers[i].captions->nb_items; k++)
            if (!strcmp(p->layers[i].captions->items[k].id, id))
                return &p->layers[i].captions->items[k];
    return NULL;
}

static int count(const char *s, const char *what)
{
    int n = 0;
    for (const char *q = s; s && (q = strstr(q, what)); q++)
        n++;
    return n;
}

/* Cue k: 0.2 s long, "X" placed at position 10..90 % and line 10..80 %. */
static int cue_x(int k) { return 10 + (k % 9) * 10; }
static int cue_y(int k) { return 10 + (k / 9 % 8) * 10; }

static const char *long_talk(void)
{
    static char vtt[NB_CUES * 80 + 16];
    size_t n = (size_t)snprintf(vtt, sizeof(vtt), "WEBVTT\n\n");
    for (int k = 0; k < NB_CUES; k++) {
        int ms = k * 200, end = ms + 200;
        n += (size_t)snprintf(vtt + n, sizeof(vtt) - n,
                              "%02d:%02d.%03d --> %02d:%02d.%03d position:%d%% line:%d%%\nX\n\n",
                              ms / 60000, ms / 1000 % 60, ms % 1000, end / 60000, end / 1000 % 60,
                              end % 1000, cue_x(k), cue_y(k));
    }
    return vf_tmp_write("talk.vtt", vtt);
}

static int lit(const uint8_t *p) { return p[0] > 128 && p[1] > 128 && p[2] > 128; }

static void test_long_talk(void)
{
    long_talk();
    const char *out = vf_tmp_path("talk.mp4");
    VfPlan *p = vf_test_render("talk", tpl(10, NB_CUES * 0.2,
        "\"source\": \"talk.vtt\", \"use_cue_settings\": true, \"style\": {\"size\": 24}"), out);
    const VfCaptionTrack *t = p && p->nb_layers == 1 ? p->layers[0].captions : NULL;
    CHECK(t && t->nb_items == NB_CUES, "%d cues: one plan layer holding them all (%d layers)",
          NB_CUES, p ? p->nb_layers : -1);
    VfGraphInputs in = { 0 };
    char *g = p ? vf_graph_describe_video(p, &in) : NULL;
    CHECK(g && count(g, "[ov0]") == 1 && !strstr(g, "[ov1") && count(g, "overlay=") == 1,
          "one graph input [ov0] and one overlay for the captions (%d overlays)",
          count(g, "overlay="));
    free(g);
    static const int frames[] = { 0, 1, 2, 3, 401, 777, 1000, 1198, 1199 };
    for (size_t i = 0; p && i < sizeof(frames) / sizeof(frames[0]); i++) {
        int n = frames[i], k = n / 2, box[4] = { 0 };
        VfTestFrame f;
        if (vf_test_decode_frame(out, n, &f) < 0) {
            CHECK(0, "frame %d decodes", n);
            continue;
        }
        int px = vf_test_find(&f, lit, box);
        vf_test_frame_free(&f);
        double cx = (box[0] + box[2]) / 2.0, want_x = cue_x(k) / 100.0 * W;
        double want_y = cue_y(k) / 100.0 * H;
        CHECK(px > 20 && fabs(cx - want_x) < 8 && box[1] >= want_y - 2 && box[3] <= want_y + 30,
              "frame %d shows cue %d at (%d %%, %d %%): X at %d..%d, %d..%d (want x %.0f, "
              "y from %.0f)", n, k, cue_x(k), cue_y(k), box[0], box[2], box[1], box[3], want_x,
              want_y);
    }
    vf_plan_free(&p);
}

/* The pixels of item "cc.0" of a one-cue plan of text. */
static VfPlan *one_cue(const char *name, const char *text, const char *more)
{
    char keys[1024];
    snprintf(keys, sizeof(keys), "\"cues\": [{\"start\": 0.5, \"end\": 2.5, \"text\": \"%s\"}], "
             "\"style\": {\"size\": 40}%s", text, more);
    return vf_test_plan(name, tpl(25, 3, keys));
}

static int differ(const VfPlanLayer *a, const VfPlanLayer *b)
{
    if (!a || !b || a->raster.width != b->raster.width || a->raster.height != b->raster.height)
        return -1;
    int n = 0;
    for (size_t i = 0; i < (size_t)a->raster.width * a->raster.height * 4; i++)
        n += a->raster.pixels[i] != b->raster.pixels[i];
    return n;
}

static int yellowish(const uint8_t *p) { return p[3] > 200 && p[0] > 200 && p[1] > 200 && p[2] < 60; }

static int count_px(const VfPlanLayer *l, int (*match)(const uint8_t *))
{
    int n = 0;
    for (size_t i = 0; l && i < (size_t)l->raster.width * l->raster.height; i++)
        n += match(&l->raster.pixels[i * 4]);
    return n;
}

static void test_inline_markup(void)
{
    VfPlan *plain = one_cue("plain", "Hello world", "");
    VfPlan *bold = one_cue("bold", "<b>Hello</b> world", "");
    VfPlan *italic = one_cue("italic", "<i>Hello</i> world", "");
    VfPlan *yellow = one_cue("yellow", "<c.yellow>Hello</c> world", "");
    const VfPlanLayer *l0 = item(plain, "cc.0"), *lb = item(bold, "cc.0");
    const VfPlanLayer *li = item(italic, "cc.0"), *ly = item(yellow, "cc.0");
    CHECK(l0 && lb && li && l0->box_w == lb->box_w && l0->box_w == li->box_w,
          "tags are read, not drawn: boxes %d, %d, %d px wide", l0 ? l0->box_w : -1,
          lb ? lb->box_w : -1, li ? li->box_w : -1);
    int db = differ(l0, lb), di = differ(l0, li);
    CHECK(db > 200 && di > 200, "<b> and <i> change the pixels (%d and %d bytes differ)", db, di);
    CHECK(count_px(lb, lit) > count_px(l0, lit) * 11 / 10, "bold is heavier: %d lit px, plain %d",
          count_px(lb, lit), count_px(l0, lit));
    CHECK(count_px(ly, yellowish) > 200 && count_px(l0, yellowish) == 0,
          "<c.yellow> colours its word (%d yellow px)", count_px(ly, yellowish));
    vf_plan_free(&plain);
    vf_plan_free(&bold);
    vf_plan_free(&italic);
    vf_plan_free(&yellow);

    /* inner timestamps time the highlight: "two" from 1.2 s (frame 30), "three" from 1.8 s */
    VfPlan *p = one_cue("timed", "{{who}} <00:00:01.200>two <00:00:01.800>three",
                        ", \"highlight\": \"word\"");
    const VfPlanLayer *w0 = item(p, "cc.0.w0"), *w1 = item(p, "cc.0.w1"), *w2 = item(p, "cc.0.w2");
    CHECK(w0 && w1 && w2 && w0->first_frame == 13 && w1->first_frame == 30 &&
          w1->end_frame == 45 && w2->first_frame == 45 && w2->end_frame == 63,
          "inner timestamps give the words' frames: [%lld, %lld) [%lld, %lld) [%lld, %lld)",
          w0 ? (long long)w0->first_frame : -1LL, w0 ? (long long)w0->end_frame : -1LL,
          w1 ? (long long)w1->first_frame : -1LL, w1 ? (long long)w1->end_frame : -1LL,
          w2 ? (long long)w2->first_frame : -1LL, w2 ? (long long)w2->end_frame : -1LL);
    VfPlan *q = one_cue("untimed", "Grace two three", ", \"highlight\": \"word\"");
    const VfPlanLayer *c0 = item(p, "cc.0"), *u0 = item(q, "cc.0");
    CHECK(c0 && u0 && differ(c0, u0) == 0, "the variable is substituted and the timestamps "
          "are not drawn: the caption equals \"Grace two three\"");
    vf_plan_free(&q);
    vf_plan_free(&p);
}

/* A base frame's own buffer, tagged with its frame number. */
static void free_tagged(void *opaque, uint8_t *data)
{
    (void)opaque;
    av_free(data);
}

static AVFrame *tagged_frame(int w, int h, int n)
{
    AVFrame *f = av_frame_alloc();
    size_t luma = (size_t)w * h, size = luma * 3 / 2;
    uint8_t *data = f ? av_mallocz(size + 64) : NULL;
    void *tag = (void *)(intptr_t)(n + 1);
    if (!data || !(f->buf[0] = av_buffer_create(data, size, free_tagged, tag, 0))) {
        av_free(data);
        av_frame_free(&f);
        return NULL;
    }
    f->format = AV_PIX_FMT_YUV420P, f->width = w, f->height = h, f->pts = n;
    f->data[0] = data, f->data[1] = data + luma, f->data[2] = data + luma + luma / 4;
    f->linesize[0] = w, f->linesize[1] = f->linesize[2] = w / 2;
    memset(data, 16, luma);
    memset(data + luma, 128, luma / 2);
    return f;
}

/* The captions' overlay draws on the base frames in place: a frame the
 * decoder still references (as a frame-threaded H.264 decoder does with a
 * reference frame until the frames predicting from it are decoded) waits in
 * the base line until it is let go, instead of being copied to a fresh
 * 1080p buffer by the overlay filter (docs/performance.md, captions). */
static void test_base_in_place(void)
{
    enum { BW = 64, BH = 36, N = 10, SHARED = 2 };
    vf_test_sh("ffmpeg -hide_banner -loglevel error -y -f lavfi -i color=c=gray:s=%dx%d:r=10:d=1 "
               "-pix_fmt yuv420p %s", BW, BH, vf_tmp_path("base.mp4"));
    vf_tmp_write("base.vtt", "WEBVTT\n\n00:00.000 --> 00:00.900\nin place\n");
    snprintf(json, sizeof(json),
             "{\"template_version\": \"1.0\", \"video\": {\"input\": \"%s\"},\n"
             " \"overlays\": [{\"type\": \"captions\", \"source\": \"%s\", \"highlight\": \"none\","
             " \"style\": {\"size\": 10}}]}\n", vf_tmp_path("base.mp4"), vf_tmp_path("base.vtt"));
    VfPlan *p = vf_test_plan("inplace", json);
    VfInputVideo iv = { BW, BH, AV_PIX_FMT_YUV420P, { 1, 10 }, { 1, 1 }, { 10, 1 },
                        AVCOL_SPC_BT709, AVCOL_RANGE_MPEG, AVCOL_TRC_BT709 };
    VfGraphInputs in = { &iv, NULL, 0, 0, NULL };
    VfGraph *g = NULL;
    VfLayerFeed *lf = NULL;
    int ret = p ? vf_graph_create(&g, p, &in) : -1;
    if (ret >= 0)
        ret = vf_layer_feed_create(&lf, p, 0);
    CHECK(ret >= 0, "a graph with the captions overlay over a %dx%d input (%d)", BW, BH, ret);
    AVFrame *out = av_frame_alloc(), *held = NULL;
    intptr_t tags[N + 8] = { 0 };
    int frames_out = 0;
    for (int n = 0; ret >= 0 && n <= N && frames_out < N; n++) {
        AVFrame *f = n < N ? tagged_frame(BW, BH, n) : NULL;
        if (n == SHARED)
            held = av_frame_clone(f); /* the decoder's reference */
        if (n == SHARED + 4)
            av_frame_free(&held); /* let go once three more frames have left the base */
        ret = vf_graph_push_video(g, f);
        av_frame_free(&f);
        while (ret >= 0 && frames_out < N) {
            ret = vf_layer_feed_run(lf, g, frames_out);
            if (ret >= 0 && (ret = vf_graph_pull_video(g, out)) >= 0) {
                tags[frames_out++] = (intptr_t)av_buffer_get_opaque(out->buf[0]);
                av_frame_unref(out);
            }
        }
        ret = ret == AVERROR(EAGAIN) ? 0 : ret;
    }
    CHECK(ret >= 0 && frames_out >= N - 1, "%d frames out of the graph (%d)", frames_out, ret);
    /* the last frame is tpad's to repeat: that one is copied */
    int in_place = 0;
    for (int k = 0; k < N - 1; k++)
        in_place += tags[k] == k + 1;
    CHECK(in_place == N - 1, "the overlay drew on %d of the first %d base frames in place "
          "(frame %d: %s)", in_place, N - 1, SHARED,
          tags[SHARED] == SHARED + 1 ? "its own buffer" : "a copy");
    av_frame_free(&held);
    av_frame_free(&out);
    vf_layer_feed_free(&lf);
    vf_graph_free(&g);
    vf_plan_free(&p);
}

/* Once the input is drained its decoder lets go of the frames it kept as
 * references, so the last frames reach the overlay unshared too. */
static void test_drained_frames_free(void)
{
    enum { KEEP = 6 };
    const char *path = vf_tmp_path("bframes.mp4");
    vf_test_sh("ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=s=128x72:r=10:d=2 "
               "-c:v libx264 -bf 3 -refs 3 -pix_fmt yuv420p %s", path);
    VfInput *in = NULL;
    AVFrame *last[KEEP] = { 0 }, *f = av_frame_alloc();
    int ret = vf_input_open(&in, path, 0, 0, 0), frames = 0, is_audio = 0;
    while (ret >= 0 && (ret = vf_input_read(in, f, &is_audio)) >= 0) {
        if (is_audio) {
            av_frame_unref(f);
            continue;
        }
        av_frame_free(&last[0]);
        memmove(last, last + 1, sizeof(last[0]) * (KEEP - 1));
        last[KEEP - 1] = av_frame_clone(f);
        av_frame_unref(f);
        frames++;
    }
    int writable = 0;
    for (int k = 0; k < KEEP; k++)
        writable += last[k] && av_frame_is_writable(last[k]);
    CHECK(ret == AVERROR_EOF && frames == 20 && writable == KEEP,
          "after the end of %d frames the decoder holds none of the last %d (%d unshared)",
          frames, KEEP, writable);
    for (int k = 0; k < KEEP; k++)
        av_frame_free(&last[k]);
    av_frame_free(&f);
    vf_input_free(&in);
}

int main(void)
{
    test_inline_markup();
    test_long_talk();
    test_base_in_place();
    test_drained_frames_free();
    vf_tmp_cleanup();
    return vf_check_summary("captions_feed");
}
