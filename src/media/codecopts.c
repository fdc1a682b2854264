#include "media/codecopts.h"

#include <stdlib.h>
#include <string.h>

#include <libavutil/opt.h>

/* x264's speed names, fastest first, and each encoder's speed for them. */
static const char *const speeds[] = {
    "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow",
};
static const int vp9_cpu_used[] = { 8, 7, 6, 5, 5, 4, 2, 1, 0 };
static const int svtav1_preset[] = { 12, 11, 10, 9, 8, 8, 6, 5, 4 };
#define NB_SPEEDS (int)(sizeof(speeds) / sizeof(speeds[0]))

/* Index of preset in speeds, or def when none or unknown. */
static int speed_index(const char *preset, int def)
{
    for (int i = 0; preset && i < NB_SPEEDS; i++)
        if (!strcmp(speeds[i], preset))
            return i;
    return def;
}

/* libvpx: constant quality is crf with a zero bitrate; good quality at a
 * speed that keeps up on a few cores; rows in parallel. No preset: medium's
 * cpu-used 4 (in good quality, 5 was slower here: 4.1 against 3.0 CPU s for
 * 6 s of 640x360, the same size). */
static void tune_vp9(AVCodecContext *c, const VfPlanEncoding *e, const char *preset)
{
    if (e->crf >= 0)
        c->bit_rate = 0;
    av_opt_set(c->priv_data, "deadline", "good", 0);
    av_opt_set_int(c->priv_data, "cpu-used", vp9_cpu_used[speed_index(preset, 5)], 0);
    av_opt_set_int(c->priv_data, "row-mt", 1, 0);
    av_opt_set_int(c->priv_data, "tile-columns", c->width >= 1280 ? 2 : 1, 0);
}

/* SVT-AV1 prints its banner and configuration on stderr, outside FFmpeg's
 * log; SVT_LOG=1 keeps its errors only (unless the user set a level). */
static void tune_svtav1(AVCodecContext *c, const VfPlanEncoding *e, const char *preset)
{
    setenv("SVT_LOG", "1", 0);
    av_opt_set_int(c->priv_data, "preset", svtav1_preset[speed_index(preset, 5)], 0);
    if (e->crf >= 0)
        c->bit_rate = 0;
}

/* The profile follows the pixels (4444 for yuv(a)444p10le); Apple's vendor
 * tag, as editors expect. */
static void tune_prores(AVCodecContext *c, const VfPlanEncoding *e, const char *preset)
{
    (void)e;
    (void)preset;
    av_opt_set(c->priv_data, "vendor", "apl0", 0);
    c->bit_rate = 0;
}

/* libwebp's default quality (75) blurs detail: 90, as for posters. */
static void tune_webp(AVCodecContext *c, const VfPlanEncoding *e, const char *preset)
{
    (void)e;
    (void)preset;
    av_opt_set_double(c->priv_data, "quality", 90, 0);
}

static const struct {
    const char *encoder;
    void (*tune)(AVCodecContext *c, const VfPlanEncoding *e, const char *preset);
} tuners[] = {
    { "libvpx-vp9", tune_vp9 },
    { "libsvtav1", tune_svtav1 },
    { "prores_ks", tune_prores },
    { "libwebp_anim", tune_webp },
};

/* HLS: a keyframe exactly every segment, none at scene cuts (x264's would
 * restart the count and shift every later boundary), so each segment
 * lasts what the template asks. */
static void tune_segments(AVCodecContext *c, const VfPlanEncoding *e)
{
    double seconds = e->outputs.hls_segment;
    if (seconds <= 0)
        return;
    c->gop_size = (int)(seconds * av_q2d(c->framerate) + 0.5);
    if (av_opt_find(c->priv_data, "sc_threshold", NULL, 0, 0))
        av_opt_set_int(c->priv_data, "sc_threshold", 0, 0);
}

void vf_codec_tune(AVCodecContext *c, const VfPlanEncoding *e, const char *preset)
{
    tune_segments(c, e);
    for (size_t i = 0; i < sizeof(tuners) / sizeof(tuners[0]); i++)
        if (!strcmp(c->codec->name, tuners[i].encoder))
            tuners[i].tune(c, e, preset);
}
