/* The text of the render's filter graphs: see graph_describe.h. */
#include "render/graph_describe.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/bprint.h>

#include "plan/animate.h"
#include "plan/timeline.h"
#include "render/fit.h"
#include "render/mediagraph.h"
#include "vidforge/error.h"

/* RGB to the output's YUV: BT.709, limited range (what the encoder tags). */
#define TO_709 "scale=out_color_matrix=bt709:out_range=tv"

/* How a clip of each source kind enters the video text: the base clip
 * (track 0) starts the chain, a clip above it is drawn onto [bK]. */
/* The pixels the layers are drawn onto (yuva for a transparent output). */
static const char *blend_format(const VfPlan *p)
{
    return p->encoding.blend_fmt ? p->encoding.blend_fmt : "yuv420p";
}

/* The encoder's pixels when they differ from the drawing's; NULL otherwise
 * (and for GIF, whose palette passes convert on their own). */
static const char *final_format(const VfPlan *p)
{
    const char *f = p->encoding.pix_fmt;
    return f && strcmp(f, blend_format(p)) && strcmp(f, "pal8") ? f : NULL;
}

typedef void (*DescribeClip)(AVBPrint *bp, const VfPlan *p, const VfClip *c,
                             const VfGraphInputs *in, int base);

static void describe_color(AVBPrint *bp, const VfPlan *p, const VfClip *clip,
                           const VfGraphInputs *in, int base)
{
    const VfColor c = clip->source.color;
    int alpha = p->encoding.alpha; /* a transparent output: the colour keeps its alpha */
    /* one frame converted to BT.709 once, then repeated by reference */
    av_bprintf(bp, "color=c=0x%02X%02X%02X", c.r, c.g, c.b);
    if (alpha)
        av_bprintf(bp, "%02X", c.a);
    av_bprintf(bp, ":s=%dx%d:r=%d/%d,format=%s," TO_709 ",format=%s,loop=loop=-1:size=1,"
                   "setpts=N+%lld", p->width, p->height, p->fps_num, p->fps_den,
               alpha ? "rgba" : "rgb24", blend_format(p), (long long)in->start_frame);
}

static void describe_media(AVBPrint *bp, const VfPlan *p, const VfClip *clip,
                           const VfGraphInputs *in, int base)
{
    const VfColor c = clip->source.color;
    const VfInputVideo *iv = in->video;
    if (clip->source.media) { /* a video layer */
        int i = (int)(clip->source.media - p->videos);
        vf_media_describe_layer(bp, p, i, in->media ? in->media[i] : NULL, base);
        return;
    }
    if (!iv) { /* not decoded (a caller that did not open it): its background */
        describe_color(bp, p, clip, in, base);
        return;
    }
    /* output frame k takes the input frame shown at k / fps, from start_frame on */
    av_bprintf(bp, "[in]fps=fps=%d/%d:start_time=%.17g", p->fps_num, p->fps_den,
               (double)in->start_frame * p->fps_den / p->fps_num);
    vf_fit_describe(bp, p, iv);
    /* past the input's end: hold its last frame, or show the background */
    if (p->extend)
        av_bprintf(bp, ",tpad=stop=-1:stop_mode=add:color=0x%02X%02X%02X", c.r, c.g, c.b);
    else
        av_bprintf(bp, ",tpad=stop=-1:stop_mode=clone");
}

/* Visibility needs no enable expression: the layer's input has no frame
 * before first_frame and ends at end_frame (see layerfeed.h). */
static void describe_raster(AVBPrint *bp, const VfPlan *p, const VfClip *c,
                            const VfGraphInputs *in, int base)
{
    int i = c->source.layer;
    /* the clip places the raster (its X, Y at its start; keyframed motion is
     * not drawn yet: no template key makes it) and its transitions move it */
    VfPlanLayer l = p->layers[i];
    l.raster_x = (int)lround(vf_property_at(&c->props[VF_PROP_X], 0));
    l.raster_y = (int)lround(vf_property_at(&c->props[VF_PROP_Y], 0));
    memcpy(l.anim, c->anim, sizeof(l.anim));
    /* layer frames are RGBA; converted here, once per frame pushed */
    av_bprintf(bp, "[ov%d]" TO_709 ",format=yuva420p[ov%dy];\n", i, i);
    if (c->canvas_w) /* drawn per frame into its canvas (motiondraw.h): placed as is */
        av_bprintf(bp, "[b%d][ov%dy]overlay=x=%d:y=%d", base, i, c->canvas_x, c->canvas_y);
    else if (vf_anim_moves(&l)) {
        char x[1024], y[1024];
        vf_anim_position_expr(&l, 0, x, sizeof(x));
        vf_anim_position_expr(&l, 1, y, sizeof(y));
        av_bprintf(bp, "[b%d][ov%dy]overlay=x='%s':y='%s':eval=frame", base, i, x, y);
    } else {
        av_bprintf(bp, "[b%d][ov%dy]overlay=x=%d:y=%d", base, i, l.raster_x, l.raster_y);
    }
    av_bprintf(bp, ":eof_action=pass:repeatlast=0:format=%s",
               strstr(blend_format(p), "444") ? "yuv444" : "yuv420");
}

/* Indexed by VfSourceKind: a new source kind is a new row. */
static const DescribeClip describe_source[VF_SOURCE_KIND_COUNT] = {
    [VF_SOURCE_COLOR] = describe_color,
    [VF_SOURCE_MEDIA] = describe_media,
    [VF_SOURCE_RASTER] = describe_raster,
};

static int clip_visible(const VfClip *c)
{
    return c->first_frame < c->end_frame;
}

/* The clips above the base that are on screen at some frame, bottom to top
 * (video tracks 1.. of the timeline), into out when it is not NULL; returns
 * how many. */
int vf_graph_overlay_clips(const VfPlan *p, const VfClip **out)
{
    int k = 0;
    for (int i = 1; i < p->timeline.nb_tracks; i++) {
        const VfTrack *t = &p->timeline.tracks[i];
        for (int c = 0; t->kind == VF_TRACK_VIDEO && c < t->nb_clips; c++) {
            if (!clip_visible(&t->clips[c]))
                continue;
            if (out)
                out[k] = &t->clips[c];
            k++;
        }
    }
    return k;
}

int vf_graph_nb_visible(const VfPlan *p)
{
    return vf_graph_overlay_clips(p, NULL);
}

/* The video text, cut where the base chain ends when split: *base gets
 * "BASE[b0]" and *overlays "[ovN]...[out]" (*base NULL when not split). */
int vf_graph_describe_split(const VfPlan *p, const VfGraphInputs *in, int split, char **base,
                          char **overlays)
{
    *base = *overlays = NULL;
    if (!p->timeline.nb_tracks || !p->timeline.tracks[0].nb_clips)
        return vf_error_set(VF_ERR_INTERNAL, "the plan has no timeline (not made by vf_plan_create)");
    const VfClip *base_clip = &p->timeline.tracks[0].clips[0];
    const VfClip **clips = malloc(sizeof(*clips) * (size_t)(vf_graph_nb_visible(p) + 1));
    if (!clips)
        return VF_ERR_INTERNAL;
    AVBPrint bp;
    av_bprint_init(&bp, 0, AV_BPRINT_SIZE_UNLIMITED);
    if (p->nb_clips)
        vf_media_describe_sequence(&bp, p, in->media, in->start_frame);
    else
        describe_source[base_clip->source.kind](&bp, p, base_clip, in, -1);
    size_t cut = 0;
    int n = vf_graph_overlay_clips(p, clips);
    for (int k = 0; k < n; k++) {
        av_bprintf(&bp, "[b%d];\n", k);
        if (k == 0)
            cut = bp.len;
        describe_source[clips[k]->source.kind](&bp, p, clips[k], in, k);
    }
    free(clips);
    /* RGB encoders (WebP, PNG) take the BT.709 limited-range drawing as such */
    if (final_format(p) && strstr("bgra,rgb24,rgba", final_format(p)))
        av_bprintf(&bp, ",scale=in_color_matrix=bt709:in_range=tv:out_range=pc:"
                   "flags=bicubic+accurate_rnd+full_chroma_int,format=%s", final_format(p));
    else if (final_format(p))
        av_bprintf(&bp, ",format=%s", final_format(p));
    av_bprintf(&bp, "[out]");
    char *s = NULL;
    *base = *overlays = NULL;
    if (av_bprint_finalize(&bp, &s) < 0)
        return VF_ERR_INTERNAL;
    if (!split || !cut) {
        *overlays = s;
        return 0;
    }
    *overlays = av_strdup(s + cut);
    s[cut - 2] = '\0'; /* drop ";\n" after [b0] */
    *base = s;
    if (!*overlays) {
        av_freep(base);
        return VF_ERR_INTERNAL;
    }
    return 0;
}

char *vf_graph_describe_video(const VfPlan *p, const VfGraphInputs *in)
{
    char *base = NULL, *overlays = NULL;
    vf_graph_describe_split(p, in, 0, &base, &overlays);
    return overlays;
}

char *vf_graph_describe_audio(const VfPlan *p)
{
    const char *fmt = p->encoding.audio_sample_fmt ? p->encoding.audio_sample_fmt : "fltp";
    AVBPrint bp;
    av_bprint_init(&bp, 0, AV_BPRINT_SIZE_UNLIMITED);
    int rate = p->encoding.audio_sample_rate > 0 ? p->encoding.audio_sample_rate : 48000;
    av_bprintf(&bp, "[ain]aresample=%d:async=1:first_pts=0,"
                    "aformat=sample_fmts=%s:sample_rates=%d:channel_layouts=%s,"
                    "apad[aout]", rate, fmt, rate, p->encoding.audio_channels == 1 ? "mono" : "stereo");
    char *s = NULL;
    return av_bprint_finalize(&bp, &s) < 0 ? NULL : s;
}

