/* Verification checks the written file against the plan, whatever encoder
 * ran: a probe that differs from the plan in codec family, size, rate,
 * duration, frame count, audio presence or audio codec is refused with a
 * sentence naming the difference. */
#include <string.h>
#include "check.h"
#include "media/probe.h"
#include "media/verify.h"
#include "vidforge/error.h"
#include "vidforge/plan.h"

/* 1280x720 at 30 fps, 90 frames, h264 + aac: the plan and its file agree. */
static void matching(VfPlan *plan, VfProbe *probe)
{
    memset(plan, 0, sizeof(*plan));
    plan->width = 1280, plan->height = 720, plan->fps_num = 30, plan->fps_den = 1;
    plan->nb_frames = 90, plan->duration = 3.0, plan->input_has_audio = 1;
    plan->encoding = (VfPlanEncoding){ .codec = "h264_nvenc", .fallback = "libx264",
                                       .family = "h264", .audio_codec = "aac",
                                       .audio_family = "aac", .audio_sample_fmt = "fltp" };
    memset(probe, 0, sizeof(*probe));
    probe->nb_streams = 2, probe->video = 0, probe->audio = 1;
    probe->streams[0] = (VfProbeStream){ .index = 0, .kind = VF_STREAM_VIDEO, .codec = "h264",
                                         .width = 1280, .height = 720, .fps_num = 30,
                                         .fps_den = 1, .duration = 3.0, .nb_frames = 90 };
    probe->streams[1] = (VfProbeStream){ .index = 1, .kind = VF_STREAM_AUDIO, .codec = "aac",
                                         .sample_rate = 48000, .channels = 2, .duration = 3.0 };
}

/* A case: change the plan or the probe, expect this message. */
typedef struct Case {
    const char *name;
    void (*change)(VfPlan *plan, VfProbe *probe);
    const char *message;     /* NULL: verification passes */
} Case;

static void none(VfPlan *p, VfProbe *q) { (void)p, (void)q; }
static void hevc_planned(VfPlan *p, VfProbe *q) { (void)q, p->encoding.family = "hevc"; }
static void hevc_written(VfPlan *p, VfProbe *q) { (void)p, strcpy(q->streams[0].codec, "hevc"); }
static void width(VfPlan *p, VfProbe *q) { (void)p, q->streams[0].width = 1282; }
static void rate(VfPlan *p, VfProbe *q) { (void)p, q->streams[0].fps_num = 25; }
static void long_by_two(VfPlan *p, VfProbe *q) { (void)p, q->streams[0].duration = 3.0 + 2.0 / 30; }
static void long_by_one(VfPlan *p, VfProbe *q) { (void)p, q->streams[0].duration = 3.0 + 1.0 / 30; }
static void frames(VfPlan *p, VfProbe *q) { (void)p, q->streams[0].nb_frames = 92; }
static void no_audio(VfPlan *p, VfProbe *q) { (void)p, q->audio = -1, q->nb_streams = 1; }
static void audio_unplanned(VfPlan *p, VfProbe *q) { (void)q, p->input_has_audio = 0; }
static void opus_planned(VfPlan *p, VfProbe *q)
{
    (void)q;
    p->encoding.audio_codec = "libopus", p->encoding.audio_family = "opus";
}
static void no_video(VfPlan *p, VfProbe *q) { (void)p, q->video = -1; }

static const Case cases[] = {
    { "the same", none, NULL },
    { "within one frame", long_by_one, NULL },
    { "hevc planned, h264 written", hevc_planned,
      "verification failed: video codec is h264, planned hevc" },
    { "h264 planned, hevc written", hevc_written,
      "verification failed: video codec is hevc, planned h264" },
    { "size", width, "verification failed: frame size is 1282x720, planned 1280x720" },
    { "rate", rate, "verification failed: frame rate is 25.000, planned 30.000" },
    { "two frames long", long_by_two, "verification failed: video lasts 3.067 s, planned 3.000 s" },
    { "frame count", frames, "verification failed: 92 frames written, planned 90" },
    { "audio missing", no_audio, "verification failed: the output has no audio, planned audio" },
    { "audio unplanned", audio_unplanned, "verification failed: the output has audio, planned none" },
    { "opus planned, aac written", opus_planned, "verification failed: audio codec is aac, planned opus" },
    { "no video", no_video, "verification failed: the output has no video stream" },
};

int main(void)
{
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const Case *c = &cases[i];
        VfPlan plan;
        VfProbe probe;
        matching(&plan, &probe);
        c->change(&plan, &probe);
        vf_error_clear();
        int ret = vf_verify_probe(&probe, &plan);
        if (!c->message) {
            CHECK(ret == 0, "%s: refused: %s", c->name, vf_error_message());
            continue;
        }
        CHECK(ret == VF_ERR_OUTPUT, "%s: returned %d", c->name, ret);
        CHECK(!strcmp(vf_error_message(), c->message), "%s: \"%s\", expected \"%s\"", c->name,
              vf_error_message(), c->message);
    }
    return vf_check_summary("verify");
}
