#include "plan/plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libavutil/bprint.h>
#include <libavutil/rational.h>

#include "image/image.h"
#include "plan/audioplan.h"
#include "plan/budget.h"
#include "plan/captions_plan.h"
#include "plan/captions_track.h"
#include "plan/digest.h"
#include "plan/identity.h"
#include "plan/animimage.h"
#include "plan/layout.h"
#include "plan/media_motion.h"
#include "plan/motion.h"
#include "plan/outputplan.h"
#include "plan/media.h"
#include "plan/rastercache.h"
#include "plan/rasterize.h"
#include "plan/rasterkey.h"
#include "plan/timeline.h"
#include "template/presets.h"
#include "text/font.h"
#include "text/text.h"
#include "util/clock.h"
#include "util/path.h"
#include "util/raster.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"
#include "vidforge/policy.h"

#define DEFAULT_WIDTH 1920
#define DEFAULT_HEIGHT 1080
#define DEFAULT_FPS 30
#define DEFAULT_CRF 20
#define DEFAULT_AUDIO_BITRATE 192000


static void set_fps(VfPlan *p, double fps)
{
    AVRational q = av_d2q(fps, 1001000);
    p->fps_num = q.num;
    p->fps_den = q.den;
}

/* The input's picture as shown: square pixels, turned upright, even. */
static void display_size(const VfProbeStream *vs, int *w, int *h)
{
    double dw = (double)vs->width * vs->sar_num / vs->sar_den, dh = vs->height;
    if (vs->rotation == 90 || vs->rotation == 270) {
        double t = dw;
        dw = dh;
        dh = t;
    }
    *w = ((int)lround(dw) + 1) & ~1;
    *h = ((int)lround(dh) + 1) & ~1;
}

static int plan_frame(const VfPlanCtx *pc, VfPlan *p, const VfTemplate *t, const VfProbe *in)
{
    const VfOutputPreset *preset = vf_output_preset_find(t->video.output_preset);
    const VfProbeStream *vs = in && in->video >= 0 ? &in->streams[in->video] : NULL;
    int dw = DEFAULT_WIDTH, dh = DEFAULT_HEIGHT;
    if (vs)
        display_size(vs, &dw, &dh);
    p->width = t->video.width ? t->video.width : preset ? preset->width : dw;
    p->height = t->video.height ? t->video.height : preset ? preset->height : dh;
    int max = pc->env->policy->limits.frame;
    if (p->width > max || p->height > max || (vs && (vs->width > max || vs->height > max)))
        return vf_error_set(vs && (vs->width > max || vs->height > max) ? VF_ERR_ASSET
                                                                        : VF_ERR_TEMPLATE,
                            "frame %dx%d is over the %d pixel limit (--limit frame=PIXELS)",
                            vs && (vs->width > max || vs->height > max) ? vs->width : p->width,
                            vs && (vs->width > max || vs->height > max) ? vs->height : p->height,
                            max);
    if (t->video.fps > 0)
        set_fps(p, t->video.fps);
    else if (preset)
        set_fps(p, preset->fps);
    else if (vs && vs->fps_num >= vs->fps_den && (double)vs->fps_num / vs->fps_den <= 240) {
        p->fps_num = vs->fps_num;
        p->fps_den = vs->fps_den;
    } else
        set_fps(p, DEFAULT_FPS);
    return 0;
}

static int plan_duration(const VfPlanCtx *pc, VfPlan *p, const VfTemplate *t, const VfProbe *in)
{
    double d = t->video.duration > 0 ? t->video.duration : p->sequence_duration;
    if (in) {
        const VfProbeStream *vs = &in->streams[in->video];
        double len = vs->duration > 0 ? vs->duration : in->duration;
        if (len > 0 && t->video.start >= len)
            return vf_error_set(VF_ERR_TEMPLATE, "video.start (%g s) is past the end of %s "
                                "(%.3f s)", t->video.start, p->input, len);
        if (d <= 0 && len > 0)
            d = len - t->video.start;
    }
    if (d <= 0)
        return vf_error_set(VF_ERR_ASSET, "cannot tell how long %s is; set video.duration",
                            p->input);
    double max = pc->env->policy->limits.duration;
    if (d > max)
        return vf_error_set(VF_ERR_TEMPLATE, "the output would last %.3f s, over the %g s limit "
                            "(--limit duration=SECONDS)", d, max);
    p->nb_frames = llround(d * p->fps_num / p->fps_den);
    if (p->nb_frames < 1)
        p->nb_frames = 1;
    p->duration = (double)p->nb_frames * p->fps_den / p->fps_num;
    if (p->duration > max) /* one frame at a low rate is long */
        return vf_error_set(VF_ERR_TEMPLATE, "the output would last %.3f s (%lld frames at "
                            "%d/%d fps), over the %g s limit (--limit duration=SECONDS)",
                            p->duration, (long long)p->nb_frames, p->fps_num, p->fps_den, max);
    return 0;
}

static void plan_encoding(VfPlan *p, const VfTemplate *t)
{
    const VfOutputPreset *preset = vf_output_preset_find(t->video.output_preset);
    const VfEncoding *e = &t->encoding;
    const VfCodecEntry *codec = vf_codec_find(vf_plan_codec_name(t));
    VfPlanEncoding *pe = &p->encoding;
    pe->codec = codec->encoder;
    pe->fallback = codec->fallback;
    pe->family = codec->family;
    /* the template names a speed in x264's or NVENC's words; each encoder gets its own */
    pe->preset = vf_speed_preset_for(e->preset, vf_encoder_is_nvenc(codec->encoder));
    pe->fallback_preset = vf_speed_preset_for(e->preset, vf_encoder_is_nvenc(codec->fallback));
    pe->bitrate = preset ? preset->bitrate : 0;
    pe->crf = preset ? preset->crf : DEFAULT_CRF;
    if (e->crf >= 0) { /* rate control is one choice: the template's wins */
        pe->crf = e->crf;
        pe->bitrate = 0;
    } else if (e->bitrate > 0) {
        pe->bitrate = e->bitrate;
        pe->crf = -1;
    }
    pe->two_pass = e->two_pass;
    const VfAudioCodecEntry *audio = vf_audio_codec_find(e->audio_codec ? e->audio_codec
                                                                    : vf_plan_format(t)->default_audio);
    pe->audio_codec = audio->encoder;
    pe->audio_family = audio->family;
    pe->audio_sample_fmt = audio->sample_fmt;
    p->input_has_audio = p->input_has_audio && audio->encoder; /* "none": no audio track */
    pe->audio_bitrate = e->audio_bitrate > 0 ? e->audio_bitrate
                      : preset ? preset->audio_bitrate : DEFAULT_AUDIO_BITRATE;
}

/* Distance that takes the raster fully out of the frame when sliding the way
 * `type` moves: in-animations arrive from there, out-animations leave to it. */
static double offscreen_distance(const VfPlan *p, const VfPlanLayer *l, int type, int dir)
{
    double right = p->width - l->raster_x, left = l->raster_x + l->raster.width;
    double down = p->height - l->raster_y, up = l->raster_y + l->raster.height;
    switch (type) {
    case VF_ANIM_SLIDE_UP: return dir == VF_ANIM_IN ? down : up;
    case VF_ANIM_SLIDE_DOWN: return dir == VF_ANIM_IN ? up : down;
    case VF_ANIM_SLIDE_LEFT: return dir == VF_ANIM_IN ? right : left;
    case VF_ANIM_SLIDE_RIGHT: return dir == VF_ANIM_IN ? left : right;
    default: return 0;
    }
}

static int plan_animations(const VfPlan *p, const VfOverlay *ov, VfPlanLayer *l)
{
    static const int default_easing[2] = { VF_EASE_OUT, VF_EASE_IN };
    for (int dir = 0; dir < 2; dir++) {
        const VfAnimation *a = &ov->anim[dir];
        VfPlanAnim *pa = &l->anim[dir];
        *pa = (VfPlanAnim){ .type = a->type };
        if (a->type < 0)
            continue;
        pa->duration = a->duration;
        pa->easing = a->easing >= 0 ? a->easing : default_easing[dir];
        pa->distance = a->distance == VF_ANIM_OFFSCREEN ? offscreen_distance(p, l, a->type, dir)
                                                        : a->distance;
        if (a->type == VF_ANIM_TYPEWRITER && dir == VF_ANIM_OUT)
            pa->type = VF_ANIM_FADE; /* typewriter has no out form: it fades */
    }
    double in = l->anim[0].type >= 0 ? l->anim[0].duration : 0;
    double out = l->anim[1].type >= 0 ? l->anim[1].duration : 0;
    if (in + out > l->end - l->start + 1e-9)
        return vf_error_set(VF_ERR_TEMPLATE,
                            "overlay \"%s\": in (%g s) and out (%g s) animations overlap: "
                            "together longer than its %g s on screen", l->id, in, out,
                            l->end - l->start);
    return 0;
}

int vf_plan_layer_animations(const VfPlan *p, const VfOverlay *ov, VfPlanLayer *l)
{
    return plan_animations(p, ov, l);
}

int vf_plan_add_layer(const VfPlanCtx *pc, VfPlan *p, const VfTemplate *t, const VfOverlay *ov,
                      const VfLayerRaster *drawn)
{
    int i = ov->index;
    VfPlanLayer *l = &p->layers[p->nb_layers];
    VfFrameSeq *seq = NULL; /* animated images: drawn per frame, like moving layers */
    int moving = 0, ret = drawn ? 0 : vf_plan_moving_layer(pc, t, ov, &seq, &moving);
    const VfPlanLayer *twin = ret < 0 || moving || drawn ? NULL : vf_plan_same_image_layer(p, t, ov);
    VfLayerRaster lr = drawn ? *drawn : (VfLayerRaster){ 0 };
    if (twin) { /* its raster, as kept (cropped), is this one's */
        lr = (VfLayerRaster){ twin->box_w, twin->box_h, twin->raster_x - twin->box_x,
                            twin->raster_y - twin->box_y, twin->raster, NULL, 0, "" };
        memcpy(lr.content_key, twin->content_key, sizeof(lr.content_key));
    }
    double t0 = vf_now();
    ret = ret < 0 || twin || drawn ? ret : vf_plan_rasterize(pc, t, ov, &lr);
    p->rasterize_seconds += vf_now() - t0;
    if (ret < 0) {
        vf_plan_frames_free(&seq);
        return ret;
    }
    p->nb_layers++;
    *l = (VfPlanLayer){ .id = strdup(ov->id), .type = ov->type, .index = i, .box_w = lr.box_w,
                        .box_h = lr.box_h, .raster = lr.raster, .clusters = lr.clusters,
                        .nb_clusters = lr.nb_clusters, .raster_shared = twin != NULL,
                        .seq = seq };
    vf_layout_place(ov->anchor, p->width, p->height, lr.box_w, lr.box_h, ov->offset_x,
                    ov->offset_y, ov->custom_x, ov->custom_y, &l->box_x, &l->box_y);
    if (!l->id)
        return VF_ERR_INTERNAL;
    memcpy(l->content_key, lr.content_key, sizeof(l->content_key));
    if (!l->content_key[0]) /* drawn without a cache key: its pixels name it */
        vf_digest_bytes(lr.raster.pixels, (size_t)lr.raster.width * lr.raster.height * 4,
                        l->content_key);
    l->raster_x = l->box_x + lr.ink_x;
    l->raster_y = l->box_y + lr.ink_y;
    l->first_frame = vf_layout_frame_at(ov->start, p->fps_num, p->fps_den);
    l->end_frame = ov->end < 0 ? p->nb_frames : vf_layout_frame_at(ov->end, p->fps_num,
                                                                    p->fps_den);
    if (l->end_frame > p->nb_frames)
        l->end_frame = p->nb_frames;
    if (l->first_frame > l->end_frame)
        l->first_frame = l->end_frame;
    l->start = ov->start;
    l->end = ov->end < 0 || ov->end > p->duration ? p->duration : ov->end;
    l->pivot_x = l->box_x + l->box_w / 2.0 - l->raster_x;
    l->pivot_y = l->box_y + l->box_h / 2.0 - l->raster_y;
    ret = plan_animations(p, ov, l);
    /* a twin's is cropped already; a moving one's may all come into view */
    return ret < 0 || twin || moving ? ret : vf_plan_crop_layer(p, l);
}

static int plan_layers(const VfPlanEnv *env, VfPlan *p, const VfTemplate *t)
{
    VfPlanCtx pc = { env, NULL };
    p->layers = calloc((size_t)(t->nb_overlays ? t->nb_overlays : 1), sizeof(*p->layers));
    int ret = p->layers ? vf_text_engine_create(&pc.te, env->fonts) : VF_ERR_INTERNAL;
    for (int i = 0; i < t->nb_overlays && ret >= 0; i++) { /* a stop ends hashing early too */
        if (t->overlays[i].type == VF_LAYER_VIDEO)
            continue; /* not a raster: src/plan/media.c */
        if (t->overlays[i].type == VF_LAYER_CAPTIONS) { /* many layers (captions_plan.c) */
            ret = vf_captions_plan(&pc, p, t, &t->overlays[i]);
            continue;
        }
        ret = vf_interrupt_requested() ? VF_ERR_INTERRUPTED
                                       : vf_plan_add_layer(&pc, p, t, &t->overlays[i], NULL);
        if (ret >= 0 && !p->layers[p->nb_layers - 1].raster_shared)
            vf_plan_share_raster(p, p->nb_layers - 1);
    }
    vf_text_engine_free(&pc.te);
    return ret;
}

static int resolve_input(const VfPlanCtx *pc, VfPlan *p, const VfTemplate *t, VfProbe *probe,
                         int *have_probe)
{
    if (!t->video.input)
        return 0;
    if (!(p->input = vf_path_join(t->dir, t->video.input)))
        return VF_ERR_INTERNAL;
    if (vf_path_is_url(p->input) && !pc->env->policy->network)
        return vf_error_set(VF_ERR_TEMPLATE, "/video/input: network inputs are turned off "
                            "(--no-network): %s", p->input);
    /* an image sequence (img%03d.png) has each of its files checked */
    int ret = vf_path_is_url(p->input) ? 0 : vf_plan_check_file(pc, p->input, t->dir, "/video/input",
                                                         "input video");
    if (ret < 0)
        return ret;
    if (*have_probe)
        return 0;
    ret = vf_probe_file(p->input, p->network_seconds, probe);
    *have_probe = ret >= 0;
    return ret;
}

static int plan_timeline(const VfPlanEnv *env, VfPlan *p)
{
    char id[4400];
    int ret = p->input ? vf_source_identity(env->digests, p->input, "input video", id,
                                            sizeof(id)) : 0;
    return ret < 0 ? ret : vf_timeline_build(p, p->input ? id : NULL);
}

static int plan_build(const VfPlanEnv *env, const VfTemplate *t, VfProbe *probe, int have_probe,
                      VfPlan *p)
{
    VfPlanCtx pc = { env, NULL };
    p->background = t->video.background;
    p->network_seconds = env->policy->limits.network_seconds;
    int ret = resolve_input(&pc, p, t, probe, &have_probe), have_first = 0;
    if (ret >= 0 && t->video.nb_clips) /* a sequence: sized like its first video clip */
        ret = vf_plan_sequence_probe(&pc, p, t, probe, &have_first);
    const VfProbe *in = p->input ? probe : NULL;
    if (ret >= 0 && in && in->video < 0)
        ret = vf_error_set(VF_ERR_ASSET, "input %s has no video stream", p->input);
    if (ret >= 0) {
        p->input_has_audio = in && in->audio >= 0 && !t->video.mute;
        p->input_start = in ? in->streams[in->video].start_time : 0;
        p->rotation = in ? in->streams[in->video].rotation : 0;
        p->trim_start = t->video.start;
        p->fit = t->video.fit;
        p->focus_x = t->video.focus_x;
        p->focus_y = t->video.focus_y;
        p->extend = t->video.extend;
        ret = plan_frame(&pc, p, t, in ? in : have_first ? probe : NULL);
        vf_plan_output_rate(p, t);
    }
    if (ret >= 0)
        ret = vf_plan_sequence_layout(p);
    if (ret >= 0)
        ret = plan_duration(&pc, p, t, in);
    if (ret >= 0) {
        plan_encoding(p, t);
        ret = vf_plan_output(p, t);
    }
    VfTemplate anchored = *t; /* overlays anchored to clips, moved to the output's clock */
    if (ret >= 0 && !(anchored.overlays = vf_plan_anchor_overlays(p, t)))
        ret = VF_ERR_INTERNAL;
    if (ret >= 0)
        ret = vf_plan_check_size(env, p, t, in, 0);
    if (ret >= 0)
        ret = plan_layers(env, p, &anchored);
    if (ret >= 0)
        ret = vf_plan_videos(&pc, p, &anchored);
    if (anchored.overlays != t->overlays)
        free(anchored.overlays);
    if (ret >= 0)
        ret = vf_motion_prepare(p, t);
    if (ret >= 0)
        ret = vf_media_motion_prepare(p, t);
    if (ret >= 0)
        ret = vf_plan_media_sound(p);
    if (ret >= 0)
        ret = vf_plan_audio(env, p, t);
    if (ret >= 0)
        ret = plan_timeline(env, p);
    if (ret >= 0)
        ret = vf_motion_apply(p, t);
    if (ret >= 0)
        ret = vf_media_motion_apply(p, t);
    return ret;
}

int vf_plan_create_probed(const VfPlanEnv *env, const VfTemplate *t, const VfProbe *input_probe,
                          VfPlan **out)
{
    VfPlan *p = calloc(1, sizeof(*p));
    VfProbe *probe = calloc(1, sizeof(*probe));
    int ret = p && probe ? 0 : VF_ERR_INTERNAL;
    if (ret >= 0 && input_probe)
        *probe = *input_probe;
    if (ret >= 0)
        ret = plan_build(env, t, probe, input_probe != NULL, p);
    free(probe);
    if (ret < 0)
        vf_plan_free(&p);
    *out = p;
    return ret;
}

int vf_plan_check(const VfPlanEnv *env, const VfTemplate *t)
{
    VfPlanCtx pc = { env, NULL };
    VfPlan p = { 0 };
    int ret = plan_frame(&pc, &p, t, NULL);
    if (ret >= 0 && t->video.duration > 0) /* the input's own length needs the input */
        ret = plan_duration(&pc, &p, t, NULL);
    if (ret >= 0 && t->video.input && !vf_path_is_url(t->video.input)) {
        char *path = vf_path_join(t->dir, t->video.input);
        ret = path ? vf_plan_check_file(&pc, path, t->dir, "/video/input", "input video")
                   : VF_ERR_INTERNAL;
        if (ret == VF_ERR_ASSET) { /* missing: planning reports it (exit 3) */
            ret = 0;
            vf_error_clear();
        }
        free(path);
    }
    if (ret >= 0) {
        plan_encoding(&p, t);
        ret = vf_plan_output(&p, t);
    }
    if (ret >= 0)
        ret = vf_plan_check_size(env, &p, t, NULL, 1);
    return ret;
}

int vf_plan_frame_only(const VfPlanEnv *env, const VfTemplate *t, const VfProbe *in, VfPlan *p)
{
    VfPlanCtx pc = { env, NULL };
    return plan_frame(&pc, p, t, in);
}

int vf_plan_create(const VfPlanEnv *env, const VfTemplate *t, VfPlan **out)
{
    return vf_plan_create_probed(env, t, NULL, out);
}

void vf_plan_free(VfPlan **pp)
{
    VfPlan *p = pp ? *pp : NULL;
    if (!p)
        return;
    for (int i = 0; i < p->nb_layers; i++) {
        if (!p->layers[i].raster_shared) {
            vf_raster_free(&p->layers[i].raster);
            free(p->layers[i].clusters);
        }
        free(p->layers[i].id);
        free(p->layers[i].shape);
        vf_plan_frames_free(&p->layers[i].seq);
        vf_caption_track_free(&p->layers[i].captions);
    }
    vf_timeline_clear(&p->timeline);
    vf_plan_audio_clear(&p->mix);
    vf_plan_media_free(p);
    free(p->layers);
    free(p->input);
    free(p);
    *pp = NULL;
}

static void describe_timeline(AVBPrint *bp, const VfTimeline *tl)
{
    static const char *const kinds[VF_SOURCE_KIND_COUNT] = { "colour", "media", "raster" };
    for (int i = 0; i < tl->nb_tracks; i++) {
        const VfTrack *t = &tl->tracks[i];
        av_bprintf(bp, "track %d (%s):", i, t->kind == VF_TRACK_AUDIO ? "audio" : "video");
        for (int c = 0; c < t->nb_clips; c++)
            av_bprintf(bp, " %s %s [%lld, %lld)", t->clips[c].id, kinds[t->clips[c].source.kind],
                       (long long)t->clips[c].first_frame, (long long)t->clips[c].end_frame);
        av_bprintf(bp, "\n");
    }
    for (int i = 0; i < tl->nb_segments; i++)
        av_bprintf(bp, "segment %d: frames [%lld, %lld) key %.16s\n", i,
                   (long long)tl->segments[i].first_frame, (long long)tl->segments[i].end_frame,
                   tl->segments[i].key);
}

char *vf_plan_describe(const VfPlan *p)
{
    AVBPrint bp;
    av_bprint_init(&bp, 0, AV_BPRINT_SIZE_UNLIMITED);
    av_bprintf(&bp, "output: %dx%d @ %d/%d fps, %lld frames (%.3f s)\n", p->width, p->height,
               p->fps_num, p->fps_den, (long long)p->nb_frames, p->duration);
    av_bprintf(&bp, "input: %s%s\n", p->input ? p->input : "(background colour)",
               p->input_has_audio && !p->mix.active ? " (audio kept)" : "");
    if (p->input)
        av_bprintf(&bp, "fit: %s, from %.3f s, rotation %d, %s past its end\n",
                   (const char *const[]){ "contain", "cover", "stretch", "blur" }[p->fit],
                   p->trim_start, p->rotation, p->extend ? "background" : "last frame held");
    av_bprintf(&bp, "video: %s", p->encoding.codec);
    if (p->encoding.fallback)
        av_bprintf(&bp, " (falls back to %s)", p->encoding.fallback);
    av_bprintf(&bp, ", preset %s, ", p->encoding.preset ? p->encoding.preset : "default");
    if (p->encoding.crf >= 0)
        av_bprintf(&bp, "crf %g\n", p->encoding.crf);
    else
        av_bprintf(&bp, "%lld bit/s\n", (long long)p->encoding.bitrate);
    if (p->encoding.two_pass)
        av_bprintf(&bp, "two-pass: statistics first, then the output\n");
    if (p->input_has_audio)
        av_bprintf(&bp, "audio: %s %lld bit/s, %d Hz, %d channel(s)\n", p->encoding.audio_codec,
                   (long long)p->encoding.audio_bitrate, p->encoding.audio_sample_rate,
                   p->encoding.audio_channels);
    for (int i = 0; i < p->nb_layers; i++) {
        const VfPlanLayer *l = &p->layers[i];
        av_bprintf(&bp, "layer %s: box %dx%d at (%d,%d), raster %dx%d at (%d,%d), "
                        "frames [%lld, %lld)\n", l->id, l->box_w, l->box_h, l->box_x, l->box_y,
                   l->raster.width, l->raster.height, l->raster_x, l->raster_y,
                   (long long)l->first_frame, (long long)l->end_frame);
        vf_motion_describe(&bp, p, i);
        vf_caption_track_describe(&bp, l);
    }
    vf_mix_describe(&bp, &p->mix);
    vf_plan_describe_media(&bp, p);
    describe_timeline(&bp, &p->timeline);
    char *out = NULL;
    av_bprint_finalize(&bp, &out);
    return out;
}
