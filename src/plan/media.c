/* Video layers and sequence clips: the files checked (allowed folder, size)
 * and probed, lengths known, trims checked against them, windows laid out
 * in output frames. */
#include "plan/media.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libavutil/bprint.h>

#include "plan/identity.h"
#include "plan/layout.h"
#include "storage/s3url.h"
#include "plan/media_motion.h"
#include "text/effects.h"
#include "util/raster.h"
#include "util/path.h"
#include "vidforge/error.h"
#include "vidforge/log.h"
#include "vidforge/model_clips.h"

/* A probed source shorter than its stated trim by this much is refused. */
#define TRIM_SLACK 0.05

/* m->identity: the source's content identity (plan/identity.h), or "colour"
 * without a path. Returns 0 or the error. */
static int identity_of(const VfPlanCtx *pc, const char *path, VfPlanMedia *m)
{
    char buf[4400] = "colour";
    int ret = path ? vf_source_identity(pc->env->digests, path, "video source", buf,
                                        sizeof(buf)) : 0;
    if (ret >= 0 && !(m->identity = strdup(buf)))
        ret = VF_ERR_INTERNAL;
    return ret;
}

/* A still image: demuxed by an image reader, or one frame with no length. */
static int is_still(const VfProbe *pr)
{
    const VfProbeStream *vs = &pr->streams[pr->video];
    return strstr(pr->format, "_pipe") || !strcmp(pr->format, "image2") ||
           (vs->nb_frames == 1 && vs->duration <= 0);
}

/* A local file (allowed folder, regular file, size) or an S3 object (an
 * allowed prefix; read later by range requests, never downloaded whole). */
static int check_source(const VfPlanCtx *pc, const VfTemplate *t, const char *path,
                        const char *ptr)
{
    if (vf_s3_is_url(path))
        return vf_policy_check_url(pc->env->policy, path, t->dir, ptr, "video");
    if (vf_path_is_url(path))
        return vf_error_set(VF_ERR_TEMPLATE, "%s: video layers and clips must be files or "
                            "s3:// objects, not other URLs", ptr);
    return vf_plan_check_file(pc, path, t->dir, ptr, "video");
}

/* Checks the file at ptr (check_source) and probes it into m: display size,
 * rotation, length. */
static int probe_source(const VfPlanCtx *pc, const VfTemplate *t, VfPlanMedia *m,
                        const char *written, const char *ptr, VfProbe *pr)
{
    int s3 = vf_s3_is_url(written) || vf_s3_is_url(t->dir);
    if (!(m->path = vf_path_join(t->dir, written)))
        return VF_ERR_INTERNAL;
    int ret = check_source(pc, t, m->path, ptr);
    if (ret >= 0)
        ret = identity_of(pc, m->path, m);
    if (ret >= 0)
        ret = vf_probe_file(m->path, s3 ? pc->env->policy->limits.network_seconds : 0, pr);
    if (ret >= 0 && pr->video < 0)
        ret = vf_error_set(VF_ERR_ASSET, "%s has no video stream", m->path);
    if (ret < 0)
        return ret;
    const VfProbeStream *vs = &pr->streams[pr->video];
    double dw = (double)vs->width * vs->sar_num / (vs->sar_den ? vs->sar_den : 1);
    m->rotation = vs->rotation;
    m->src_w = (int)lround(vs->rotation % 180 ? vs->height : dw);
    m->src_h = (int)lround(vs->rotation % 180 ? dw : vs->height);
    m->still = is_still(pr);
    m->src_duration = m->still ? -1 : vs->duration > 0 ? vs->duration : pr->duration;
    return 0;
}

/* The trim against the probed length: start inside, end not past it. */
static int check_trim(VfPlanMedia *m, const char *ptr)
{
    double len = m->src_duration;
    if (m->still || len <= 0)
        return 0;
    if (m->trim_start >= len)
        return vf_error_set(VF_ERR_TEMPLATE, "%s/trim/start: %g s is past the end of %s "
                            "(%.3f s)", ptr, m->trim_start, m->path, len);
    if (m->trim_end > len + TRIM_SLACK)
        return vf_error_set(VF_ERR_TEMPLATE, "%s/trim/end: %g s is past the end of %s "
                            "(%.3f s)", ptr, m->trim_end, m->path, len);
    if (m->trim_end < 0 || m->trim_end > len)
        m->trim_end = len;
    return 0;
}

/* ---- sequences ------------------------------------------------------------ */

static int plan_clip(const VfPlanCtx *pc, const VfTemplate *t, int i, VfPlanMedia *m,
                     VfProbe *pr)
{
    const VfSeqClip *c = &t->video.clips[i];
    char ptr[64], id[32];
    snprintf(ptr, sizeof(ptr), "/video/clips/%d", i);
    snprintf(id, sizeof(id), "clip-%d", i);
    *m = (VfPlanMedia){ .index = i, .color = c->color, .trim_start = c->trim_start,
                        .trim_end = c->trim_end, .speed = 1, .fit = c->fit, .focus_x = 0.5,
                        .focus_y = 0.5, .opacity = 1, .transition = c->transition,
                        .transition_duration = c->transition_duration, .src_duration = -1,
                        .volume_db = c->audio == VF_CLIP_AUDIO_VOLUME ? c->volume_db : 0 };
    if (!(m->id = strdup(c->id ? c->id : id)))
        return VF_ERR_INTERNAL;
    m->end = c->duration;
    if (!c->input)
        return identity_of(pc, NULL, m);
    char iptr[80];
    snprintf(iptr, sizeof(iptr), "%s/input", ptr);
    int ret = probe_source(pc, t, m, c->input, iptr, pr);
    if (ret >= 0)
        ret = check_trim(m, ptr);
    if (ret >= 0 && m->still && c->duration <= 0)
        ret = vf_error_set(VF_ERR_TEMPLATE, "%s: a still image clip needs \"duration\"", ptr);
    if (ret >= 0 && !m->still && c->duration <= 0 && m->trim_end < 0)
        ret = vf_error_set(VF_ERR_ASSET, "%s: cannot tell how long %s is; set its duration",
                           ptr, m->path);
    m->audio = ret >= 0 && !m->still && pr->audio >= 0 && c->audio != VF_CLIP_AUDIO_MUTE;
    /* the clip lasts `duration`, else its trimmed length; past its source's end
     * the last frame is held */
    m->end = c->duration > 0 ? c->duration : m->trim_end - m->trim_start;
    return ret;
}

int vf_plan_sequence_probe(const VfPlanCtx *pc, VfPlan *p, const VfTemplate *t, VfProbe *first,
                           int *have_first)
{
    int n = t->video.nb_clips;
    *have_first = 0;
    if (!(p->clips = calloc((size_t)n, sizeof(*p->clips))))
        return VF_ERR_INTERNAL;
    VfProbe *pr = malloc(sizeof(*pr));
    int ret = pr ? 0 : VF_ERR_INTERNAL;
    for (int i = 0; i < n && ret >= 0; i++) {
        p->nb_clips++;
        ret = plan_clip(pc, t, i, &p->clips[i], pr);
        if (ret >= 0 && p->clips[i].path && !*have_first) {
            *first = *pr;
            *have_first = 1;
        }
    }
    free(pr);
    return ret;
}

int vf_plan_sequence_layout(VfPlan *p)
{
    int64_t at = 0;
    for (int i = 0; i < p->nb_clips; i++) {
        VfPlanMedia *m = &p->clips[i];
        int64_t len = llround(m->end * p->fps_num / p->fps_den);
        m->first_frame = at;
        m->end_frame = at + (len < 1 ? 1 : len);
        m->box_w = m->pic_w = p->width;
        m->box_h = m->pic_h = p->height;
        if (m->transition >= 0) {
            int64_t tf = llround(m->transition_duration * p->fps_num / p->fps_den);
            m->transition_frames = tf < 1 ? 1 : tf;
        }
        at = m->end_frame - m->transition_frames;
    }
    for (int i = 0; i < p->nb_clips; i++) {
        VfPlanMedia *m = &p->clips[i];
        for (int k = i; m->transition >= 0 && k <= i + 1; k++) {
            const VfPlanMedia *o = &p->clips[k];
            if (m->transition_frames > o->end_frame - o->first_frame)
                return vf_error_set(VF_ERR_TEMPLATE, "/video/clips/%d/transition: the %g s "
                                    "transition is longer than clip %d (%.3f s)", i,
                                    m->transition_duration, k,
                                    (double)(o->end_frame - o->first_frame) * p->fps_den /
                                        p->fps_num);
        }
        m->start = (double)m->first_frame * p->fps_den / p->fps_num;
        m->end = (double)m->end_frame * p->fps_den / p->fps_num;
    }
    p->sequence_duration = p->nb_clips ? p->clips[p->nb_clips - 1].end : 0;
    return 0;
}

/* ---- video layers ------------------------------------------------------- */

static void fit_picture(VfPlanMedia *m)
{
    double kx = (double)m->box_w / m->src_w, ky = (double)m->box_h / m->src_h;
    double k = m->fit == VF_FIT_COVER ? fmax(kx, ky) : fmin(kx, ky);
    m->pic_w = m->box_w, m->pic_h = m->box_h, m->pic_x = m->pic_y = 0;
    if (m->fit == VF_FIT_STRETCH)
        return;
    m->pic_w = (int)lround(m->src_w * k);
    m->pic_h = (int)lround(m->src_h * k);
    m->pic_w = m->pic_w < 1 ? 1 : m->pic_w;
    m->pic_h = m->pic_h < 1 ? 1 : m->pic_h;
    if (m->fit == VF_FIT_COVER) { /* never smaller than the box; cropped around the centre */
        m->pic_w = m->pic_w < m->box_w ? m->box_w : m->pic_w;
        m->pic_h = m->pic_h < m->box_h ? m->box_h : m->pic_h;
    } else {
        m->pic_w = m->pic_w > m->box_w ? m->box_w : m->pic_w;
        m->pic_h = m->pic_h > m->box_h ? m->box_h : m->pic_h;
    }
    m->pic_x = (m->box_w - m->pic_w) / 2;
    m->pic_y = (m->box_h - m->pic_h) / 2;
}

static int plan_window(VfPlan *p, const VfOverlay *ov, VfPlanMedia *m, const char *ptr)
{
    m->first_frame = vf_layout_frame_at(ov->start, p->fps_num, p->fps_den);
    m->end_frame = ov->end < 0 ? p->nb_frames : vf_layout_frame_at(ov->end, p->fps_num,
                                                                    p->fps_den);
    m->end_frame = m->end_frame > p->nb_frames ? p->nb_frames : m->end_frame;
    m->first_frame = m->first_frame > m->end_frame ? m->end_frame : m->first_frame;
    m->start = ov->start;
    m->end = ov->end < 0 || ov->end > p->duration ? p->duration : ov->end;
    m->period = m->trim_end >= 0 ? m->trim_end - m->trim_start : -1;
    if (m->still)
        m->loop = 0;
    if (m->loop && m->period <= 0)
        return vf_error_set(VF_ERR_ASSET, "%s/loop: cannot tell how long %s is; give "
                            "trim.end", ptr, m->path);
    return 0;
}

/* The drop shadow of the shown rectangle (picture and border, rounded like
 * them): its coverage blurred, in the shadow's colour. */
static int plan_shadow(const VfOverlay *ov, VfPlanMedia *m)
{
    int crop = m->pic_w > m->box_w || m->pic_h > m->box_h;
    int x = m->box_x + (crop ? 0 : m->pic_x) - m->border;
    int y = m->box_y + (crop ? 0 : m->pic_y) - m->border;
    int w = (crop ? m->box_w : m->pic_w) + 2 * m->border;
    int h = (crop ? m->box_h : m->pic_h) + 2 * m->border;
    int pad = (int)ceil(3 * ov->shadow_blur) + 1, W = w + 2 * pad, H = h + 2 * pad;
    uint8_t *mask = calloc((size_t)W * H, 1);
    if (!mask || !(m->shadow = calloc(1, sizeof(*m->shadow))) ||
        vf_raster_alloc(m->shadow, W, H) < 0) {
        free(mask);
        return VF_ERR_INTERNAL;
    }
    vf_mask_round_rect(mask, W, H, pad, pad, pad + w, pad + h, m->radius);
    int ret = vf_mask_blur(mask, W, H, ov->shadow_blur);
    const VfColor c = ov->shadow_color;
    for (size_t i = 0; i < (size_t)W * H; i++) {
        uint8_t *px = &m->shadow->pixels[i * 4];
        px[0] = c.r, px[1] = c.g, px[2] = c.b;
        px[3] = (uint8_t)((mask[i] * c.a + 127) / 255);
    }
    free(mask);
    m->shadow_x = x + (int)lround(ov->shadow_x) - pad;
    m->shadow_y = y + (int)lround(ov->shadow_y) - pad;
    return ret < 0 ? VF_ERR_INTERNAL : 0;
}

static int plan_video(const VfPlanCtx *pc, VfPlan *p, const VfTemplate *t, const VfOverlay *ov,
                      VfPlanMedia *m, VfProbe *pr)
{
    const VfOverlayVideo *v = &ov->video;
    char ptr[64], sptr[80];
    snprintf(ptr, sizeof(ptr), "/overlays/%d", ov->index);
    snprintf(sptr, sizeof(sptr), "%s/source", ptr);
    *m = (VfPlanMedia){ .index = ov->index, .trim_start = v->trim_start, .trim_end = v->trim_end,
                        .loop = v->loop, .speed = v->speed, .fit = v->fit, .focus_x = 0.5,
                        .focus_y = 0.5, .opacity = ov->opacity, .transition = -1,
                        .volume_db = v->volume_db, .src_duration = -1 };
    if (!(m->id = strdup(ov->id)))
        return VF_ERR_INTERNAL;
    int ret = probe_source(pc, t, m, ov->source, sptr, pr);
    if (ret >= 0)
        ret = check_trim(m, ptr);
    if (ret < 0)
        return ret;
    m->audio = v->audio && !m->still && pr->audio >= 0 && p->encoding.audio_codec;
    m->radius = (int)lround(v->radius);
    m->border = v->has_border ? (int)lround(v->border_width) : 0;
    memcpy(&m->border_color, v->border_color, sizeof(m->border_color));
    m->box_w = (int)lround((v->has_size ? v->width : m->src_w) * ov->scale);
    m->box_h = (int)lround((v->has_size ? v->height : m->src_h) * ov->scale);
    m->box_w = m->box_w < 1 ? 1 : m->box_w;
    m->box_h = m->box_h < 1 ? 1 : m->box_h;
    vf_layout_place(ov->anchor, p->width, p->height, m->box_w, m->box_h, ov->offset_x,
                    ov->offset_y, ov->custom_x, ov->custom_y, &m->box_x, &m->box_y);
    fit_picture(m);
    ret = ov->has_shadow ? plan_shadow(ov, m) : 0;
    return ret < 0 ? ret : plan_window(p, ov, m, ptr);
}

int vf_plan_videos(const VfPlanCtx *pc, VfPlan *p, const VfTemplate *t)
{
    int n = 0, ret = 0;
    for (int i = 0; i < t->nb_overlays; i++)
        n += t->overlays[i].type == VF_LAYER_VIDEO;
    if (!n)
        return 0;
    VfProbe *pr = malloc(sizeof(*pr));
    if (!pr || !(p->videos = calloc((size_t)n, sizeof(*p->videos)))) {
        free(pr);
        return VF_ERR_INTERNAL;
    }
    for (int i = 0; i < t->nb_overlays && ret >= 0; i++) {
        if (t->overlays[i].type != VF_LAYER_VIDEO)
            continue;
        ret = plan_video(pc, p, t, &t->overlays[i], &p->videos[p->nb_videos++], pr);
    }
    free(pr);
    return ret;
}

VfOverlay *vf_plan_anchor_overlays(const VfPlan *p, const VfTemplate *t)
{
    VfOverlay *ovs = malloc(sizeof(*ovs) * (size_t)(t->nb_overlays + 1));
    if (!ovs)
        return NULL;
    for (int i = 0; i < t->nb_overlays; i++) {
        ovs[i] = t->overlays[i];
        for (int k = 0; ovs[i].clip_anchor && k < p->nb_clips; k++) {
            if (strcmp(p->clips[k].id, ovs[i].clip_anchor))
                continue;
            ovs[i].start += p->clips[k].start;
            if (ovs[i].end >= 0)
                ovs[i].end += p->clips[k].start;
            break;
        }
    }
    return ovs;
}

int vf_plan_video_box(const VfPlanEnv *env, const VfTemplate *t, const VfOverlay *ov, int *w,
                      int *h)
{
    const VfOverlayVideo *v = &ov->video;
    *w = *h = 0;
    if (v->has_size) {
        *w = (int)lround(v->width * ov->scale);
        *h = (int)lround(v->height * ov->scale);
        return 0;
    }
    VfPlanCtx pc = { env, NULL };
    VfPlanMedia m = { 0 };
    VfProbe *pr = malloc(sizeof(*pr));
    char ptr[64];
    snprintf(ptr, sizeof(ptr), "/overlays/%d/source", ov->index);
    int ret = pr ? probe_source(&pc, t, &m, ov->source, ptr, pr) : VF_ERR_INTERNAL;
    *w = (int)lround(m.src_w * ov->scale);
    *h = (int)lround(m.src_h * ov->scale);
    free(m.path);
    free(m.identity);
    free(pr);
    return ret;
}

static void free_list(VfPlanMedia *list, int n)
{
    for (int i = 0; i < n; i++) {
        free(list[i].id);
        free(list[i].path);
        free(list[i].identity);
        if (list[i].shadow)
            vf_raster_free(list[i].shadow);
        free(list[i].shadow);
        free(list[i].motion);
    }
    free(list);
}

void vf_plan_media_free(VfPlan *p)
{
    free_list(p->videos, p->nb_videos);
    free_list(p->clips, p->nb_clips);
    p->videos = p->clips = NULL;
    p->nb_videos = p->nb_clips = 0;
}

/* ---- --dry-run ------------------------------------------------------------ */

static void describe_one(AVBPrint *bp, const VfPlan *p, const char *what, const VfPlanMedia *m)
{
    av_bprintf(bp, "%s %s: ", what, m->id);
    if (m->path)
        av_bprintf(bp, "%s%s, trim [%.3f, %.3f) s, speed %g%s", m->path, m->still ? " (still)" : "",
                   m->trim_start, m->trim_end, m->speed, m->loop ? ", looped" : "");
    else
        av_bprintf(bp, "colour #%02X%02X%02X", m->color.r, m->color.g, m->color.b);
    av_bprintf(bp, ", frames [%lld, %lld)", (long long)m->first_frame, (long long)m->end_frame);
    if (m->box_w != p->width || m->box_h != p->height || m->box_x || m->box_y)
        av_bprintf(bp, ", box %dx%d at (%d,%d), picture %dx%d at (%d,%d)", m->box_w, m->box_h,
                   m->box_x, m->box_y, m->pic_w, m->pic_h, m->pic_x, m->pic_y);
    if (m->transition >= 0)
        av_bprintf(bp, ", %s into the next over %lld frames", vf_transition_names[m->transition],
                   (long long)m->transition_frames);
    if (m->radius || m->border)
        av_bprintf(bp, ", corners %d px, border %d px", m->radius, m->border);
    if (m->shadow)
        av_bprintf(bp, ", shadow %dx%d at (%d,%d)", m->shadow->width, m->shadow->height,
                   m->shadow_x, m->shadow_y);
    av_bprintf(bp, m->audio ? ", sound at %+.1f dB\n" : "\n", m->volume_db);
    vf_media_motion_describe(bp, p, m);
}

void vf_plan_describe_media(AVBPrint *bp, const VfPlan *p)
{
    for (int i = 0; i < p->nb_clips; i++)
        describe_one(bp, p, "clip", &p->clips[i]);
    for (int i = 0; i < p->nb_videos; i++)
        describe_one(bp, p, "video layer", &p->videos[i]);
}
