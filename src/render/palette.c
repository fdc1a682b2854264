#include "render/palette.h"

#include <stdio.h>
#include <stdlib.h>

#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/bprint.h>

#include "render/scenecut.h"
#include "vidforge/error.h"
#include "vidforge/log.h"

/* One palettegen + paletteuse graph: the whole GIF's, or one scene's. */
typedef struct Passes {
    AVFilterGraph *graph;
    AVFilterContext *src, *sink;
} Passes;

struct VfPalette {
    const VfPlan *plan;
    int in_fmt;
    Passes cur;        /* takes the frames of the current scene */
    Passes ending;     /* the scene before: its frames still to pull, or no graph */
    int64_t frames;    /* frames pushed so far */
    int64_t scene_frames; /* of them, in the current scene */
    int nb_scenes;
    VfSceneCut cut;
};

char *vf_palette_describe(const VfPlan *p)
{
    const VfPlanEncoding *e = &p->encoding;
    AVBPrint bp;
    av_bprint_init(&bp, 0, AV_BPRINT_SIZE_UNLIMITED);
    /* the graph's BT.709 limited-range YUV to RGB, scaled in the same step */
    av_bprintf(&bp, "[in]scale=w=%d:h=%d:flags=lanczos:in_color_matrix=bt709:in_range=tv,"
                    "format=bgra,split[a][b];[a]palettegen=stats_mode=full[p];"
                    "[b][p]paletteuse=dither=%s[out]", e->width, e->height,
               e->gif_dither ? e->gif_dither : "sierra2_4a");
    char *s = NULL;
    return av_bprint_finalize(&bp, &s) < 0 ? NULL : s;
}

static int link_pads(Passes *pal, const char *desc)
{
    AVFilterInOut *outs = avfilter_inout_alloc(), *ins = avfilter_inout_alloc();
    int ret = outs && ins ? 0 : AVERROR(ENOMEM);
    if (ret >= 0) {
        *outs = (AVFilterInOut){ av_strdup("in"), pal->src, 0, NULL };
        *ins = (AVFilterInOut){ av_strdup("out"), pal->sink, 0, NULL };
        ret = avfilter_graph_parse_ptr(pal->graph, desc, &ins, &outs, NULL);
    }
    if (ret >= 0)
        ret = avfilter_graph_config(pal->graph, NULL);
    avfilter_inout_free(&outs);
    avfilter_inout_free(&ins);
    return ret;
}

static void passes_free(Passes *pa)
{
    avfilter_graph_free(&pa->graph);
    pa->src = pa->sink = NULL;
}

static int passes_create(Passes *pal, const VfPlan *p, int in_fmt)
{
    char *desc = vf_palette_describe(p), args[256];
    snprintf(args, sizeof(args), "video_size=%dx%d:pix_fmt=%d:time_base=%d/%d:pixel_aspect=1/1",
             p->width, p->height, in_fmt, p->fps_den, p->fps_num);
    int ret = desc && (pal->graph = avfilter_graph_alloc()) ? 0 : AVERROR(ENOMEM);
    if (ret >= 0)
        ret = avfilter_graph_create_filter(&pal->src, avfilter_get_by_name("buffer"), "in", args,
                                           NULL, pal->graph);
    if (ret >= 0)
        ret = avfilter_graph_create_filter(&pal->sink, avfilter_get_by_name("buffersink"), "out",
                                           NULL, NULL, pal->graph);
    if (ret >= 0) {
        vf_log(VF_LOG_DEBUG, "palette graph:\n%s\n(end of palette graph)", desc);
        ret = link_pads(pal, desc);
    }
    av_free(desc);
    if (ret < 0) {
        passes_free(pal);
        ret = vf_error_set(VF_ERR_INTERNAL, "cannot build the GIF palette graph");
    }
    return ret;
}

int vf_palette_create(VfPalette **out, const VfPlan *p, int in_fmt)
{
    VfPalette *pal = calloc(1, sizeof(*pal));
    int ret = pal ? passes_create(&pal->cur, p, in_fmt) : VF_ERR_INTERNAL;
    if (ret >= 0) {
        pal->plan = p;
        pal->in_fmt = in_fmt;
        pal->nb_scenes = 1;
    } else {
        vf_palette_free(&pal);
    }
    *out = pal;
    return ret;
}

/* 1 when frame n starts a timeline segment. */
static int segment_starts(const VfPlan *p, int64_t n)
{
    for (int i = 1; i < p->timeline.nb_segments; i++)
        if (p->timeline.segments[i].first_frame == n)
            return 1;
    return 0;
}

/* A palette per scene: a new scene where a timeline segment starts or the
 * picture cuts to other colours. The current graph is closed (its frames
 * come out, mapped to its own palette) and a new one takes the frame. */
static int next_scene(VfPalette *pal, const AVFrame *frame)
{
    double cut = vf_scene_cut_distance(&pal->cut, frame);
    if (pal->plan->encoding.outputs.gif_palette != VF_GIF_PALETTE_SCENE || !pal->scene_frames ||
        (cut <= VF_SCENE_CUT_THRESHOLD && !segment_starts(pal->plan, pal->frames)))
        return 0;
    if (pal->ending.graph) /* pulled to the end before each push: cannot happen */
        return vf_error_set(VF_ERR_INTERNAL, "the GIF's previous scene was not drained");
    int ret = av_buffersrc_add_frame_flags(pal->cur.src, NULL, 0);
    pal->ending = pal->cur;
    pal->cur = (Passes){ 0 };
    pal->scene_frames = 0;
    pal->nb_scenes++;
    vf_log(VF_LOG_DEBUG, "GIF palette %d from frame %lld (cut %.2f)", pal->nb_scenes,
           (long long)pal->frames, cut);
    return ret < 0 ? vf_error_set(VF_ERR_INTERNAL, "the GIF palette graph refused the end")
                   : passes_create(&pal->cur, pal->plan, pal->in_fmt);
}

int vf_palette_push(VfPalette *pal, AVFrame *frame)
{
    int ret = frame && pal->plan->encoding.outputs.gif_palette == VF_GIF_PALETTE_SCENE
            ? next_scene(pal, frame) : 0;
    if (ret < 0)
        return ret;
    ret = av_buffersrc_add_frame_flags(pal->cur.src, frame, frame ? AV_BUFFERSRC_FLAG_KEEP_REF : 0);
    pal->frames += frame != NULL;
    pal->scene_frames += frame != NULL;
    return ret < 0 ? vf_error_set(VF_ERR_INTERNAL, "the GIF palette graph refused a frame") : 0;
}

int vf_palette_pull(VfPalette *pal, AVFrame *frame)
{
    int ret = AVERROR_EOF;
    if (pal->ending.graph && (ret = av_buffersink_get_frame(pal->ending.sink, frame)) == AVERROR_EOF)
        passes_free(&pal->ending); /* the scene before is out: on to this one */
    if (!pal->ending.graph)
        ret = av_buffersink_get_frame(pal->cur.sink, frame);
    return ret < 0 && ret != AVERROR(EAGAIN) && ret != AVERROR_EOF
         ? vf_error_set(VF_ERR_INTERNAL, "the GIF palette graph failed") : ret;
}


void vf_palette_free(VfPalette **ppal)
{
    VfPalette *pal = ppal ? *ppal : NULL;
    if (!pal)
        return;
    passes_free(&pal->cur);
    passes_free(&pal->ending);
    free(pal);
    *ppal = NULL;
}
