/* Memory of the decoders of video layers and sequence clips (budget_media.h).
 * Measured (scripts/bench.sh, tests/cli/test_budget_media.sh): a 1080p H.264
 * video layer over a 1080p base adds about 55 MB of peak RSS. */
#include "plan/budget_media.h"

#include "plan/media.h"
#include "storage/s3url.h"
#include "vidforge/error.h"

#define MIB (1024.0 * 1024.0)
/* Decoded frames a source holds at its size: the queue to the graph (4), the
 * frame shown and the next one, and the decoder's references and reorder
 * delay (x264-made H.264: 3 references, B-frames). */
#define MEDIA_DECODED_FRAMES 14
#define MEDIA_SCALED_FRAMES 4        /* the picture scaled to its box, in the graph */
#define MEDIA_STATE_BYTES (8 * MIB)  /* decoder tables, demuxer buffers, the thread */

static double source_bytes(int src_w, int src_h, int box_w, int box_h)
{
    if (src_w <= 0 || src_h <= 0)
        return 0;
    return MEDIA_DECODED_FRAMES * 1.5 * src_w * src_h +
           MEDIA_SCALED_FRAMES * 1.5 * (double)box_w * box_h + MEDIA_STATE_BYTES;
}

/* The display size of video layer ov's source, probed; 0 x 0 when it cannot be. */
static void layer_source_size(const VfPlanEnv *env, const VfTemplate *t, const VfOverlay *ov,
                              int *w, int *h)
{
    VfOverlay o = *ov;
    o.video.has_size = 0; /* the source's own size, not the box it is fitted into */
    o.scale = 1;
    if (vf_plan_video_box(env, t, &o, w, h) < 0) {
        *w = *h = 0;
        vf_error_clear();
    }
}

double vf_budget_media_bytes(const VfPlanEnv *env, const VfPlan *p, const VfTemplate *t)
{
    double total = 0;
    for (int k = 0; k < p->nb_videos; k++) { /* a full plan: its layers were probed */
        const VfPlanMedia *m = &p->videos[k];
        if (m->path && !m->still)
            total += source_bytes(m->src_w, m->src_h, m->box_w, m->box_h);
    }
    for (int i = 0; !p->nb_videos && i < t->nb_overlays; i++) {
        const VfOverlay *ov = &t->overlays[i];
        if (ov->type != VF_LAYER_VIDEO)
            continue;
        int sw = 0, sh = 0, bw, bh;
        if (!vf_s3_is_url(ov->source) && !vf_s3_is_url(t->dir)) /* no object probed: HEADs only */
            layer_source_size(env, t, ov, &sw, &sh);
        if (vf_plan_video_box(env, t, ov, &bw, &bh) < 0) {
            bw = sw, bh = sh;
            vf_error_clear();
        }
        total += source_bytes(sw, sh, bw, bh);
    }
    for (int k = 0; k < p->nb_clips; k++) {
        const VfPlanMedia *m = &p->clips[k];
        if (m->path && !m->still)
            total += source_bytes(m->src_w, m->src_h, p->width, p->height);
    }
    return total;
}
