/* The compositing graphs: libavfilter graphs for video (base -> size/rate ->
 * overlays) and audio (resample -> layout -> pad). */
#ifndef VF_RENDER_GRAPH_H
#define VF_RENDER_GRAPH_H

#include <libavutil/frame.h>

#include "media/input.h"
#include "vidforge/plan.h"

typedef struct VfGraph VfGraph;

/* What feeds the graphs. */
typedef struct VfGraphInputs {
    const VfInputVideo *video;  /* the decoded base, NULL: the background colour */
    const VfInputAudio *audio;  /* NULL: no audio graph */
    int audio_frame_size;       /* samples per frame the audio encoder wants (0: any) */
    int64_t start_frame;        /* the first output frame produced (0, or a preview's) */
    const VfInputVideo *const *media; /* per media source (mediagraph.h: video layers, then
                                         clips): its decoded stream, NULL: a colour clip */
} VfGraphInputs;

/* The video filter description for plan p, in filtergraph syntax. Labels:
 * [in] the decoded base (absent without an input), [ovN] layer N's frames,
 * [out] the result. Returns a malloc'd string or NULL on OOM. */
char *vf_graph_describe_video(const VfPlan *p, const VfGraphInputs *in);

/* The audio filter description: [ain] -> 48 kHz stereo in the sample format
 * the plan's audio encoder takes, padded with silence after the input ends
 * -> [aout]. Returns a malloc'd string or NULL on OOM. */
char *vf_graph_describe_audio(const VfPlan *p);

/* Builds both graphs, logging each text it parses at VF_LOG_DEBUG ("base
 * graph:", "video graph:", "audio graph:"; the base and video texts joined by
 * ";\n" are vf_graph_describe_video's). Layer frames come from vf_graph_push_layer
 * (layerfeed.c). Returns 0 or a negative code (VF_ERR_INTERNAL with a message). */
int vf_graph_create(VfGraph **out, const VfPlan *p, const VfGraphInputs *in);

/* Feed a decoded frame (NULL: end of stream). The graph takes a reference;
 * the caller keeps and unrefs its frame. */
int vf_graph_push_video(VfGraph *g, AVFrame *frame);
int vf_graph_push_audio(VfGraph *g, AVFrame *frame);

/* Layer `layer` (plan index) shows frame (RGBA, its raster's size, pts in
 * output frames) from frame->pts on; the graph takes a reference. */
int vf_graph_push_layer(VfGraph *g, int layer, AVFrame *frame);

/* Layer `layer` is not shown from output frame pts on. */
int vf_graph_end_layer(VfGraph *g, int layer, int64_t pts);

/* Media source i (mediagraph.h) shows frame from frame->pts (output frames)
 * on, with mask (gray, its rounded corners; NULL: none) as its alpha; the
 * graph takes references. vf_graph_end_media: no frame from pts on. */
int vf_graph_push_media(VfGraph *g, int i, AVFrame *frame, AVFrame *mask);
int vf_graph_end_media(VfGraph *g, int i, int64_t pts);

/* Video layer i's drop shadow (RGBA, its raster's size) from frame->pts on. */
int vf_graph_push_media_shadow(VfGraph *g, int i, AVFrame *frame);

/* Video layer i drawn per frame (plan/media_motion.h): after its frame went
 * in, its shown rectangle as RGBA out of [vpI] (0 or VF_ERR_INTERNAL); the
 * canvas drawn from it into [vcI], pts in output frames. */
int vf_graph_pull_media_picture(VfGraph *g, int i, AVFrame *frame);
int vf_graph_push_media_canvas(VfGraph *g, int i, AVFrame *frame);

/* Take a filtered frame: 0, AVERROR(EAGAIN) (needs input) or AVERROR_EOF. */
int vf_graph_pull_video(VfGraph *g, AVFrame *frame);
int vf_graph_pull_audio(VfGraph *g, AVFrame *frame);

void vf_graph_free(VfGraph **g);

#endif
