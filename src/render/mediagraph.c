/* Filter text for video layers and clip sequences. Frames arrive already
 * timed (pts = output frame index, one per output frame, see mediafeed.c),
 * so no rate conversion happens here: only the picture is turned upright,
 * converted to BT.709, fitted, and composited.
 *
 * Transitions use xfade with offsets measured from the first frame each
 * chain receives: a frame at offset + j shows progress j / duration, so the
 * first frame of a transition is all the outgoing clip and its midpoint an
 * even blend. After the outgoing clip ends, xfade passes the incoming one
 * on with its own pts (both sides count output frames). */
#include "render/mediagraph.h"

#include <stdio.h>

#include "plan/media_motion.h"
#include "render/fit.h"
#include "vidforge/model_clips.h"

const VfPlanMedia *vf_media_source(const VfPlan *p, int i)
{
    return i < p->nb_videos ? &p->videos[i] : &p->clips[i - p->nb_videos];
}

int vf_media_source_count(const VfPlan *p)
{
    return p->nb_videos + p->nb_clips;
}

void vf_media_source_label(const VfPlan *p, int i, char *buf, size_t n)
{
    if (i < p->nb_videos)
        snprintf(buf, n, "vl%d", i);
    else
        snprintf(buf, n, "sc%d", i - p->nb_videos);
}

int vf_media_source_in_graph(const VfPlan *p, int i, int64_t start_frame)
{
    const VfPlanMedia *m = vf_media_source(p, i);
    if (i < p->nb_videos)
        return m->first_frame < m->end_frame;
    return m->end_frame > start_frame;
}

int64_t vf_media_safe_start(const VfPlan *p, int64_t frame)
{
    for (int i = 0; i + 1 < p->nb_clips; i++) {
        const VfPlanMedia *m = &p->clips[i];
        int64_t from = m->end_frame - m->transition_frames;
        if (m->transition >= 0 && frame > from && frame < m->end_frame)
            return from;
    }
    return frame;
}

/* The picture of iv, upright and BT.709, scaled to w x h. */
static void describe_picture(AVBPrint *bp, const VfPlan *p, const VfPlanMedia *m,
                             const VfInputVideo *iv, int w, int h, int fit)
{
    VfPlan box = *p; /* fit.c describes a fit into a frame: this box is that frame */
    box.width = w;
    box.height = h;
    box.fit = fit;
    box.rotation = m->rotation;
    box.focus_x = m->focus_x;
    box.focus_y = m->focus_y;
    av_bprintf(bp, "setpts=PTS");
    vf_fit_describe(bp, &box, iv);
}

/* Source i fitted to the whole frame, labelled [sfI]. */
static void describe_clip(AVBPrint *bp, const VfPlan *p, const VfInputVideo *const *media, int i)
{
    const VfPlanMedia *m = vf_media_source(p, i);
    char label[32];
    vf_media_source_label(p, i, label, sizeof(label));
    av_bprintf(bp, "[%s]", label);
    if (media[i]) {
        VfPlan frame = *p;
        frame.background = p->background;
        describe_picture(bp, &frame, m, media[i], p->width, p->height, m->fit);
    } else {
        av_bprintf(bp, "format=yuv420p");
    }
    av_bprintf(bp, "[sf%d];\n", i);
}

static double seconds(const VfPlan *p, int64_t frames)
{
    return (double)frames * p->fps_den / p->fps_num;
}

void vf_media_describe_sequence(AVBPrint *bp, const VfPlan *p, const VfInputVideo *const *media,
                                int64_t start_frame)
{
    int first = p->nb_videos, n = vf_media_source_count(p);
    for (int i = first; i < n; i++)
        if (vf_media_source_in_graph(p, i, start_frame))
            describe_clip(bp, p, media, i);
    const VfColor c = p->background;
    av_bprintf(bp, "color=c=0x%02X%02X%02X:s=%dx%d:r=%d/%d,format=rgb24,"
                   "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p,loop=loop=-1:size=1,"
                   "setpts=N+%lld[sq0]", c.r, c.g, c.b, p->width, p->height, p->fps_num,
               p->fps_den, (long long)start_frame);
    int groups = 0;
    for (int i = first; i < n; i++) {
        if (!vf_media_source_in_graph(p, i, start_frame))
            continue;
        /* a group: clips joined by transitions, from the first one of them */
        const VfPlanMedia *head = vf_media_source(p, i);
        int64_t g0 = head->first_frame > start_frame ? head->first_frame : start_frame;
        int prev = i;
        char in[32];
        snprintf(in, sizeof(in), "sf%d", i);
        while (i + 1 < n && vf_media_source(p, i)->transition >= 0) {
            const VfPlanMedia *m = vf_media_source(p, i);
            int64_t from = m->end_frame - m->transition_frames;
            av_bprintf(bp, ";\n[%s][sf%d]xfade=transition=%s:duration=%.6f:offset=%.6f[sx%d]",
                       in, i + 1, vf_transition_names[m->transition],
                       seconds(p, m->transition_frames), seconds(p, from - g0), i + 1);
            snprintf(in, sizeof(in), "sx%d", i + 1);
            i++;
        }
        (void)prev;
        av_bprintf(bp, ";\n[sq%d][%s]overlay=eof_action=pass:repeatlast=0:format=yuv420",
                   groups, in);
        groups++;
        av_bprintf(bp, "[sq%d]", groups);
    }
    /* the last label is the caller's to give: drop "[sqN]" */
    bp->len -= snprintf(NULL, 0, "[sq%d]", groups);
    bp->str[bp->len] = '\0';
}

void vf_media_layer_rect(const VfPlanMedia *m, int *x, int *y, int *w, int *h)
{
    int crop = m->pic_w > m->box_w || m->pic_h > m->box_h;
    *x = m->box_x + (crop ? 0 : m->pic_x) - m->border;
    *y = m->box_y + (crop ? 0 : m->pic_y) - m->border;
    *w = (crop ? m->box_w : m->pic_w) + 2 * m->border;
    *h = (crop ? m->box_h : m->pic_h) + 2 * m->border;
}

/* Border (pad) and rounded corners (the mask's alpha) of video layer i. */
static void describe_frame(AVBPrint *bp, const VfPlanMedia *m, const char *label)
{
    int x, y, w, h;
    vf_media_layer_rect(m, &x, &y, &w, &h);
    if (!m->border && !m->radius)
        return;
    const VfColor c = m->border_color;
    av_bprintf(bp, ",format=yuva420p");
    if (m->border)
        av_bprintf(bp, ",pad=%d:%d:%d:%d:color=0x%02X%02X%02X%02X", w, h, m->border, m->border,
                   c.r, c.g, c.b, c.a);
    if (m->radius) /* the mask carries one frame per frame, like the picture */
        av_bprintf(bp, "[%sp];\n[%sp][vm%s]alphamerge", label, label, label + 2);
}

/* A layer drawn per frame (plan/media_motion.h): its shown rectangle goes
 * out as RGBA at [vpI]; the media feed draws it turned, scaled, faded and
 * placed into the clip's canvas (motiondraw.h), which comes back at [vcI]. */
static void describe_moving(AVBPrint *bp, const VfPlan *p, const VfPlanMedia *m,
                            const char *label, int base)
{
    const VfClip *c = vf_media_motion_clip(p, m);
    const char *n = label + 2;
    av_bprintf(bp, ",scale=in_color_matrix=bt709:in_range=tv,format=rgba[vp%s];\n"
                   "[vc%s]scale=out_color_matrix=bt709:out_range=tv,format=yuva420p[vc%sy];\n"
                   "[b%d][vc%sy]overlay=x=%d:y=%d:eof_action=pass:repeatlast=0:format=yuv420",
               n, n, n, base, n, c ? c->canvas_x : 0, c ? c->canvas_y : 0);
}

void vf_media_describe_layer(AVBPrint *bp, const VfPlan *p, int i, const VfInputVideo *iv,
                             int base)
{
    const VfPlanMedia *m = vf_media_source(p, i);
    char label[32];
    vf_media_source_label(p, i, label, sizeof(label));
    av_bprintf(bp, "[%s]", label);
    if (iv) {
        describe_picture(bp, p, m, iv, m->pic_w, m->pic_h, VF_FIT_STRETCH);
    } else {
        av_bprintf(bp, "format=yuv420p");
    }
    int crop = m->pic_w > m->box_w || m->pic_h > m->box_h;
    if (crop) /* cover: the middle of the picture */
        av_bprintf(bp, ",crop=%d:%d:%d:%d", m->box_w, m->box_h, (m->pic_w - m->box_w) / 2,
                   (m->pic_h - m->box_h) / 2);
    describe_frame(bp, m, label);
    if (m->motion) {
        describe_moving(bp, p, m, label, base);
        return;
    }
    if (m->opacity < 1)
        av_bprintf(bp, ",format=yuva420p,lut=a=val*%.6f", m->opacity);
    int x, y, w, h;
    vf_media_layer_rect(m, &x, &y, &w, &h);
    av_bprintf(bp, "[%sy];\n", label);
    char under[32];
    snprintf(under, sizeof(under), "b%d", base);
    if (m->shadow) { /* drawn first, under the picture; its frames are RGBA */
        av_bprintf(bp, "[vs%d]scale=out_color_matrix=bt709:out_range=tv,format=yuva420p[vs%dy];\n"
                       "[b%d][vs%dy]overlay=x=%d:y=%d:eof_action=pass:repeatlast=0:"
                       "format=yuv420[vs%do];\n", i, i, base, i, m->shadow_x, m->shadow_y, i);
        snprintf(under, sizeof(under), "vs%do", i);
    }
    av_bprintf(bp, "[%s][%sy]overlay=x=%d:y=%d:eof_action=pass:repeatlast=0:format=yuv420",
               under, label, x, y);
}
