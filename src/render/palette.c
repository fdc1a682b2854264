#include "render/palette.h"

#include <stdio.h>
#include <stdlib.h>

#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/bprint.h>

#include "vidforge/error.h"
#include "vidforge/log.h"

struct VfPalette {
    AVFilterGraph *graph;
    AVFilterContext *src, *sink;
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

static int link_pads(VfPalette *pal, const char *desc)
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

int vf_palette_create(VfPalette **out, const VfPlan *p, int in_fmt)
{
    VfPalette *pal = calloc(1, sizeof(*pal));
    char *desc = vf_palette_describe(p), args[256];
    snprintf(args, sizeof(args), "video_size=%dx%d:pix_fmt=%d:time_base=%d/%d:pixel_aspect=1/1",
             p->width, p->height, in_fmt, p->fps_den, p->fps_num);
    int ret = pal && desc && (pal->graph = avfilter_graph_alloc()) ? 0 : AVERROR(ENOMEM);
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
        vf_palette_free(&pal);
        ret = vf_error_set(VF_ERR_INTERNAL, "cannot build the GIF palette graph");
    }
    *out = pal;
    return ret;
}

int vf_palette_push(VfPalette *pal, AVFrame *frame)
{
    int ret = av_buffersrc_add_frame_flags(pal->src, frame, frame ? AV_BUFFERSRC_FLAG_KEEP_REF : 0);
    return ret < 0 ? vf_error_set(VF_ERR_INTERNAL, "the GIF palette graph refused a frame") : 0;
}

int vf_palette_pull(VfPalette *pal, AVFrame *frame)
{
    int ret = av_buffersink_get_frame(pal->sink, frame);
    return ret < 0 && ret != AVERROR(EAGAIN) && ret != AVERROR_EOF
         ? vf_error_set(VF_ERR_INTERNAL, "the GIF palette graph failed") : ret;
}

void vf_palette_free(VfPalette **ppal)
{
    VfPalette *pal = ppal ? *ppal : NULL;
    if (!pal)
        return;
    avfilter_graph_free(&pal->graph);
    free(pal);
    *ppal = NULL;
}
