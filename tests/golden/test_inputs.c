/* Real-world inputs: a corpus made by the ffmpeg CLI at test time. For each:
 * the render succeeds, size, rate and duration are as planned, audio lasts as
 * long as the video (within 20 ms), the red marker drawn in the displayed
 * picture's top-left corner is in the output's top-left corner, and no
 * rotation flag is left. Then fit modes, video.start, extend, mute, and an
 * input over HTTP from a server on 127.0.0.1. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "frames.h"
#include "httpd.h"
#include "render.h"
#include "media/probe.h"
#include "plan/plan.h"
#include "template/template.h"
#include "tmpfile.h"
#include "vidforge/error.h"
#include "vidforge/log.h"
#include "vidforge/vidforge.h"

#define FF "ffmpeg -hide_banner -loglevel error -y "
#define GREY "color=c=0x404040"
#define MARKS "drawbox=x=0:y=0:w=iw/6:h=ih/6:color=red:t=fill," \
              "drawbox=x=iw*5/6:y=ih*5/6:w=iw/6:h=ih/6:color=blue:t=fill"

static int is_red(const uint8_t *p) { return p[0] > 170 && p[1] < 90 && p[2] < 90; }
static int is_blue(const uint8_t *p) { return p[2] > 170 && p[0] < 90 && p[1] < 90; }

static VfPlan *render_json(const char *name, const char *video_json, const char *out)
{
    char json[2048];
    snprintf(json, sizeof(json), "{\"template_version\": \"1.0\", \"video\": %s,"
             " \"encoding\": {\"preset\": \"ultrafast\", \"crf\": 16}}", video_json);
    return vf_test_render(name, json, out);
}

/* Marker checks on output frame n: red box at the top-left, blue at the
 * bottom-right of the picture area [x0, x0 + w) x [y0, y0 + h). */
static void check_markers(const char *name, const char *out, int n, int x0, int y0, int w, int h)
{
    int blue_in_view = 1;
    VfTestFrame f;
    if (vf_test_decode_frame(out, n, &f) < 0) {
        CHECK(0, "%s: decode", name);
        return;
    }
    int r[4], b[4];
    int nr = vf_test_find(&f, is_red, r), nb = vf_test_find(&f, is_blue, b);
    CHECK(nr > 0 && abs(r[0] - x0) <= 2 && abs(r[1] - y0) <= 2 &&
          abs(r[2] - (x0 + w / 6 - 1)) <= 3 && abs(r[3] - (y0 + h / 6 - 1)) <= 3,
          "%s: red marker at (%d,%d)-(%d,%d), want (%d,%d)-(%d,%d)", name, r[0], r[1], r[2], r[3],
          x0, y0, x0 + w / 6 - 1, y0 + h / 6 - 1);
    if (blue_in_view)
        CHECK(nb > 0 && abs(b[2] - (x0 + w - 1)) <= 2 && abs(b[3] - (y0 + h - 1)) <= 2,
          "%s: blue marker ends at (%d,%d), want (%d,%d)", name, b[2], b[3], x0 + w - 1,
          y0 + h - 1);
    vf_test_frame_free(&f);
}

static void check_streams(const char *name, const char *out, const VfPlan *plan)
{
    VfProbe p;
    CHECK(vf_probe_file(out, 120, &p) == 0 && p.video >= 0, "%s: probe", name);
    if (p.video < 0)
        return;
    const VfProbeStream *v = &p.streams[p.video];
    CHECK(v->width == plan->width && v->height == plan->height, "%s: %dx%d, planned %dx%d", name,
          v->width, v->height, plan->width, plan->height);
    CHECK(v->fps_num * plan->fps_den == plan->fps_num * v->fps_den, "%s: fps %d/%d", name,
          v->fps_num, v->fps_den);
    CHECK(fabs(v->duration - plan->duration) <= (double)plan->fps_den / plan->fps_num + 1e-6,
          "%s: video %.3f s, planned %.3f s", name, v->duration, plan->duration);
    CHECK(v->rotation == 0, "%s: rotation flag %d left", name, v->rotation);
    CHECK((p.audio >= 0) == plan->input_has_audio, "%s: audio presence", name);
    if (p.audio >= 0)
        CHECK(fabs(p.streams[p.audio].duration - v->duration) <= 0.02,
              "%s: audio %.3f s vs video %.3f s", name, p.streams[p.audio].duration, v->duration);
}

static void corpus(void)
{
    const char *d = vf_tmp_dir();
    vf_test_sh(FF "-f lavfi -i '" GREY ":s=320x180:r=30:d=2," MARKS
                  ",setpts=N/(30*TB)+0.006*sin(N*1.7)/TB' -f lavfi -i sine=d=2:r=44100 -ac 1 "
                  "-fps_mode passthrough -c:v libx264 -preset ultrafast -c:a aac %s/vfr.mp4", d);
    vf_test_sh(FF "-f lavfi -i '" GREY ":s=320x180:r=30:d=2," MARKS ",transpose=clock' "
                  "-c:v libx264 -preset ultrafast %s/r0.mp4 && " FF "-i %s/r0.mp4 -c copy "
                  "-metadata:s:v:0 rotate=90 %s/rotated.mp4", d, d, d);
    vf_test_sh(FF "-f lavfi -i '" GREY ":s=1279x719:r=25:d=2," MARKS "' -c:v libx264 -preset "
                  "ultrafast -pix_fmt yuv444p %s/odd.mp4", d);
    vf_test_sh(FF "-f lavfi -i '" GREY ":s=240x180:r=30:d=2," MARKS ",setsar=4/3' -c:v libx264 "
                  "-preset ultrafast %s/sar.mp4", d);
    vf_test_sh(FF "-f lavfi -i '" GREY ":s=320x180:r=30:d=2," MARKS "' -c:v libx265 -pix_fmt "
                  "yuv420p10le -x265-params log-level=error %s/hevc10.mkv", d);
    vf_test_sh(FF "-f lavfi -i '" GREY ":s=320x180:r=30:d=2," MARKS "' -f lavfi -i sine=d=2 -c:v "
                  "libvpx-vp9 -deadline realtime -cpu-used 8 -c:a libopus %s/vp9.webm", d);
    vf_test_sh(FF "-f lavfi -i '" GREY ":s=320x180:r=30:d=2," MARKS "' -f lavfi -i sine=d=2 "
                  "-c:v prores_ks -c:a pcm_s16le %s/prores.mov", d);
    vf_test_sh(FF "-f lavfi -i '" GREY ":s=320x180:r=30:d=2," MARKS "' -f lavfi -i sine=d=2 "
                  "-c:v libx264 -preset ultrafast -c:a aac %s/offset.ts", d);
    vf_test_sh(FF "-f lavfi -i '" GREY ":s=320x180:r=30:d=2," MARKS "' -f lavfi -i "
                  "sine=d=2:r=48000 -af 'pan=5.1|c0=c0|c1=c0|c2=c0|c3=c0|c4=c0|c5=c0' "
                  "-c:v libx264 -preset ultrafast -c:a aac %s/surround.mp4", d);
    vf_test_sh(FF "-f lavfi -i '" GREY ":s=320x180:r=30:d=2," MARKS "' -c:v libx264 -preset "
                  "ultrafast %s/silent.mp4", d);
    vf_test_sh(FF "-f lavfi -i '" GREY ":s=320x180," MARKS "' -frames:v 1 %s/still.png", d);
    vf_test_sh(FF "-f lavfi -i '" GREY ":s=320x180:r=30:d=2," MARKS "' -c:v libx264 -preset "
                  "ultrafast -color_primaries bt2020 -color_trc smpte2084 -colorspace bt2020nc "
                  "-pix_fmt yuv420p10le %s/hdr.mp4", d);

    vf_test_sh(FF "-f lavfi -i '" GREY ":s=320x180:r=25:d=2," MARKS "' -f lavfi -i sine=d=2 "
                  "-c:v mpeg2video -q:v 4 -c:a mp2 %s/mpeg2.mpg", d);
    vf_test_sh("mkdir -p %s/seq && " FF "-f lavfi -i '" GREY ":s=320x180:r=25:d=1," MARKS "' "
               "%s/seq/img%%03d.png", d, d);
    vf_test_sh(FF "-f lavfi -i '" GREY ":s=320x180:r=30:d=1," MARKS "' -c:v librav1e "
                  "-speed 10 %s/av1.mkv 2>/dev/null || " FF "-f lavfi -i '" GREY
                  ":s=320x180:r=30:d=1," MARKS "' -c:v libaom-av1 -cpu-used 8 %s/av1.mkv", d, d);
    /* two audio streams: the second is flagged default and is a 1 kHz tone */
    vf_test_sh(FF "-f lavfi -i '" GREY ":s=320x180:r=30:d=1," MARKS "' -f lavfi -i "
                  "anullsrc=r=48000:cl=stereo:d=1 -f lavfi -i sine=f=1000:d=1 -map 0 -map 1 "
                  "-map 2 -c:v libx264 -preset ultrafast -c:a aac -disposition:a:0 0 "
                  "-disposition:a:1 default %s/two-audio.mkv", d);
    static const struct {
        const char *name, *video;
        int w, h;   /* displayed picture */
    } cases[] = {
        { "av1", "{\"input\": \"av1.mkv\"}", 320, 180 },
        { "two-audio", "{\"input\": \"two-audio.mkv\"}", 320, 180 },
        { "mpeg2", "{\"input\": \"mpeg2.mpg\"}", 320, 180 },
        { "sequence", "{\"input\": \"seq/img%03d.png\"}", 320, 180 },
        { "vfr", "{\"input\": \"vfr.mp4\", \"fps\": 30}", 320, 180 },
        { "rotated", "{\"input\": \"rotated.mp4\"}", 320, 180 },
        { "odd", "{\"input\": \"odd.mp4\"}", 1280, 720 },
        { "sar", "{\"input\": \"sar.mp4\"}", 320, 180 },
        { "hevc10", "{\"input\": \"hevc10.mkv\"}", 320, 180 },
        { "vp9", "{\"input\": \"vp9.webm\"}", 320, 180 },
        { "prores", "{\"input\": \"prores.mov\"}", 320, 180 },
        { "offset", "{\"input\": \"offset.ts\"}", 320, 180 },
        { "surround", "{\"input\": \"surround.mp4\"}", 320, 180 },
        { "silent", "{\"input\": \"silent.mp4\"}", 320, 180 },
        { "still", "{\"input\": \"still.png\", \"duration\": 1.5}", 320, 180 },
        { "hdr", "{\"input\": \"hdr.mp4\"}", 320, 180 },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char file[64];
        snprintf(file, sizeof(file), "%s-out.mp4", cases[i].name);
        char *out = strdup(vf_tmp_path(file));
        VfPlan *plan = render_json(cases[i].name, cases[i].video, out);
        if (plan) {
            check_streams(cases[i].name, out, plan);
            check_markers(cases[i].name, out, 10, 0, 0, cases[i].w, cases[i].h);
        }
        vf_plan_free(&plan);
        free(out);
    }
}

/* cover, focus top-left: 320x180 scaled to 570x320, the left 180 columns kept */
static void check_cover(const char *out)
{
    VfTestFrame f;
    if (vf_test_decode_frame(out, 5, &f) < 0)
        return;
    int r[4], b[4];
    int nr = vf_test_find(&f, is_red, r), nb = vf_test_find(&f, is_blue, b);
    CHECK(nr > 0 && r[0] <= 1 && r[1] <= 1 && abs(r[2] - 94) <= 3 && abs(r[3] - 52) <= 3,
          "cover: red marker (%d,%d)-(%d,%d), want (0,0)-(94,52)", r[0], r[1], r[2], r[3]);
    CHECK(nb == 0, "cover: the blue corner is cropped away");
    CHECK(f.width == 180 && f.height == 320, "cover: frame %dx%d", f.width, f.height);
    vf_test_frame_free(&f);
}

/* The default audio stream of two was used: the output is not silent. */
static void check_default_audio(void)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "ffmpeg -hide_banner -nostats -i %s -af volumedetect -f null - 2>&1 "
             "| grep -o 'mean_volume: [-0-9.]*' | cut -d' ' -f2", vf_tmp_path("two-audio-out.mp4"));
    FILE *p = popen(cmd, "r");
    double db = -200;
    if (p) {
        if (fscanf(p, "%lf", &db) != 1)
            db = -200;
        pclose(p);
    }
    CHECK(db > -40, "two audio streams: the default (the tone) is kept, mean %.1f dB", db);
}

static void fit_modes(void)
{
    /* a 16:9 picture into a 9:16 frame */
    static const struct {
        const char *fit;
        int x0, y0, w, h;  /* where the whole input picture lands (may exceed the frame) */
    } cases[] = {
        { "contain", 0, 109, 180, 102 },
        { "stretch", 0, 0, 180, 320 },
        { "blur", 0, 109, 180, 102 },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char video[256], file[64];
        snprintf(video, sizeof(video), "{\"input\": \"silent.mp4\", \"width\": 180, \"height\": "
                 "320, \"fit\": \"%s\", \"background\": \"#00FF00\"}", cases[i].fit);
        snprintf(file, sizeof(file), "fit-%s.mp4", cases[i].fit);
        char *out = strdup(vf_tmp_path(file));
        VfPlan *plan = render_json(cases[i].fit, video, out);
        if (plan)
            check_markers(cases[i].fit, out, 5, cases[i].x0, cases[i].y0, cases[i].w, cases[i].h);
        vf_plan_free(&plan);
        free(out);
    }
    /* cover with the focus on the top-left: the red marker stays in view */
    char *out = strdup(vf_tmp_path("cover.mp4"));
    VfPlan *plan = render_json("cover", "{\"input\": \"silent.mp4\", \"width\": 180, \"height\": "
                               "320, \"fit\": \"cover\", \"focus\": {\"x\": 0, \"y\": 0}}", out);
    if (plan)
        check_cover(out);
    vf_plan_free(&plan);
    free(out);
}

static int is_green(const uint8_t *p) { return p[1] > 170 && p[0] < 90 && p[2] < 90; }

static void timing_options(void)
{
    const char *d = vf_tmp_dir();
    vf_test_sh(FF "-f lavfi -i color=c=red:s=160x90:r=30:d=1 -f lavfi -i "
                  "color=c=0x00FF00:s=160x90:r=30:d=1 -f lavfi -i sine=d=2 -filter_complex "
                  "[0][1]concat=n=2:v=1:a=0 -c:v libx264 -preset ultrafast -c:a aac %s/rg.mp4", d);
    char *out = strdup(vf_tmp_path("start.mp4"));
    VfPlan *plan = render_json("start", "{\"input\": \"rg.mp4\", \"start\": 1.0}", out);
    VfTestFrame f;
    if (plan && vf_test_decode_frame(out, 0, &f) == 0) {
        CHECK(vf_test_count(&f, 0, 0, 160, 90, is_green) > 160 * 90 * 9 / 10,
              "video.start 1: the output starts in the green second");
        vf_test_frame_free(&f);
        CHECK(fabs(plan->duration - 1.0) < 0.04, "the rest of the input: %.3f s", plan->duration);
    }
    vf_plan_free(&plan);
    free(out);

    out = strdup(vf_tmp_path("extend.mp4"));
    plan = render_json("extend", "{\"input\": \"rg.mp4\", \"duration\": 3, \"extend\": "
                       "\"background\", \"background\": \"#0000FF\", \"audio\": \"mute\"}", out);
    if (plan && vf_test_decode_frame(out, 80, &f) == 0) {
        CHECK(vf_test_count(&f, 0, 0, 160, 90, is_blue) == 160 * 90,
              "extend background: past the input's end the frame is the background");
        vf_test_frame_free(&f);
    }
    VfProbe p;
    CHECK(plan && vf_probe_file(out, 120, &p) == 0 && p.audio < 0, "audio mute: no audio stream");
    vf_plan_free(&plan);
    free(out);
}

/* Audio stays in sync: a white flash and a beep both start at 1.0 s in the
 * input; in the output (also with video.start) they start together. */
static double beep_start(const char *file)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "ffmpeg -hide_banner -nostats -i %s -af silencedetect=n=-30dB:d=0.2 "
             "-f null - 2>&1 | grep -m1 -o 'silence_end: [0-9.]*' | cut -d' ' -f2", file);
    FILE *p = popen(cmd, "r");
    double t = -1;
    if (p) {
        if (fscanf(p, "%lf", &t) != 1)
            t = -1;
        pclose(p);
    }
    return t;
}

static int is_white(const uint8_t *p) { return p[0] > 200 && p[1] > 200 && p[2] > 200; }

static double flash_start(const char *file, int fps, int max_frames)
{
    for (int n = 0; n < max_frames; n++) {
        VfTestFrame f;
        if (vf_test_decode_frame(file, n, &f) < 0)
            return -1;
        int lit = vf_test_count(&f, 0, 0, f.width, f.height, is_white) > f.width * f.height / 2;
        vf_test_frame_free(&f);
        if (lit)
            return (double)n / fps;
    }
    return -1;
}

static void av_sync(void)
{
    const char *d = vf_tmp_dir();
    vf_test_sh(FF "-f lavfi -i 'color=c=0x404040:s=160x90:r=30:d=3,"
                  "drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable=gte(t\\,1)' "
                  "-f lavfi -i 'sine=f=1000:d=3:r=44100,volume=enable=lt(t\\,1):volume=0' "
                  "-c:v libx264 -preset ultrafast -bf 3 -c:a aac %s/sync.ts", d);
    /* silencedetect reports the end of silence a detection window late:
     * measure that on the uncompressed beep and take it off */
    vf_test_sh(FF "-f lavfi -i 'sine=f=1000:d=3:r=44100,volume=enable=lt(t\\,1):volume=0' "
                  "%s/beep.wav", d);
    char wav[600];
    snprintf(wav, sizeof(wav), "%s/beep.wav", d);
    double bias = beep_start(wav) - 1.0;
    CHECK(bias >= 0 && bias < 0.05, "detector latency %.4f s", bias);
    static const struct { const char *name, *video; double at; } cases[] = {
        { "sync", "{\"input\": \"sync.ts\"}", 1.0 },
        { "sync-start", "{\"input\": \"sync.ts\", \"start\": 0.5}", 0.5 },
    };
    for (int i = 0; i < 2; i++) {
        char file[64];
        snprintf(file, sizeof(file), "%s.mp4", cases[i].name);
        char *out = strdup(vf_tmp_path(file));
        VfPlan *plan = render_json(cases[i].name, cases[i].video, out);
        if (plan) {
            double v = flash_start(out, 30, 60), a = beep_start(out) - bias;
            CHECK(fabs(v - cases[i].at) < 0.001, "%s: flash at %.3f s, want %.3f", cases[i].name,
                  v, cases[i].at);
            CHECK(fabs(a - v) <= 0.02, "%s: beep at %.3f s, flash at %.3f s", cases[i].name, a, v);
        }
        vf_plan_free(&plan);
        free(out);
    }
}

static void over_http(void)
{
    int port = vf_httpd_start(vf_tmp_dir());
    CHECK(port > 0, "test server on 127.0.0.1");
    if (port <= 0)
        return;
    char video[256];
    snprintf(video, sizeof(video), "{\"input\": \"http://127.0.0.1:%d/vfr.mp4\"}", port);
    char *out = strdup(vf_tmp_path("http.mp4"));
    VfPlan *plan = render_json("http", video, out);
    if (plan) {
        check_streams("http", out, plan);
        check_markers("http", out, 10, 0, 0, 320, 180);
    }
    vf_plan_free(&plan);
    free(out);

    /* a server that never answers: a clear error after the read timeout, no hang */
    snprintf(video, sizeof(video), "http://127.0.0.1:%d/stall", port);
    VfProbe p;
    vf_error_clear();
    CHECK(vf_probe_file(video, 120, &p) == VF_ERR_ASSET, "stalled server: an input error");
    CHECK(strstr(vf_error_message(), "/stall") != NULL, "names the URL: %s", vf_error_message());
    vf_error_clear();
    vf_httpd_stop();
}

int main(void)
{
    corpus();
    check_default_audio();
    fit_modes();
    timing_options();
    av_sync();
    over_http();
    vf_tmp_cleanup();
    return vf_check_summary("inputs");
}
