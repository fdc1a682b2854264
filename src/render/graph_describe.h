/* The text of the render's filter graphs (what --dry-run prints), built
 * from the plan's timeline: one row per source kind (describe_source).
 * Private to the render stage (graph.c builds the graphs from it). */
#ifndef VF_RENDER_GRAPH_DESCRIBE_H
#define VF_RENDER_GRAPH_DESCRIBE_H

#include "render/graph.h"
#include "vidforge/plan.h"

/* The visible clips of the video tracks above the base, bottom to top, into
 * out (room for vf_graph_nb_visible(p)); returns how many. */
int vf_graph_overlay_clips(const VfPlan *p, const VfClip **out);
int vf_graph_nb_visible(const VfPlan *p);

/* The video text, cut where the base chain ends when split: *base gets
 * "BASE[b0]" and *overlays "[ovN]...[out]" (*base NULL when not split); both
 * av_malloc'd. Returns 0, VF_ERR_INTERNAL. */
int vf_graph_describe_split(const VfPlan *p, const VfGraphInputs *in, int split, char **base,
                            char **overlays);

#endif
