#include "render/scenecut.h"

#include <libavutil/pixdesc.h>
#include <math.h>
#include <string.h>

#define STEP 4 /* every 4th pixel of every 4th row: enough for colours */

static void plane_histogram(const AVFrame *f, int plane, int w, int h, double *hist)
{
    int n = 0;
    memset(hist, 0, sizeof(double) * VF_SCENE_BINS);
    for (int y = 0; y < h; y += STEP) {
        const uint8_t *row = f->data[plane] + (ptrdiff_t)y * f->linesize[plane];
        for (int x = 0; x < w; x += STEP, n++)
            hist[row[x] * VF_SCENE_BINS / 256]++;
    }
    for (int i = 0; n && i < VF_SCENE_BINS; i++)
        hist[i] /= n;
}

double vf_scene_cut_distance(VfSceneCut *s, const AVFrame *frame)
{
    const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(frame->format);
    double worst = 0, hist[VF_SCENE_BINS];
    for (int p = 0; d && p < 3; p++) {
        int w = p ? AV_CEIL_RSHIFT(frame->width, d->log2_chroma_w) : frame->width;
        int h = p ? AV_CEIL_RSHIFT(frame->height, d->log2_chroma_h) : frame->height;
        plane_histogram(frame, p, w, h, hist);
        double dist = 0;
        for (int i = 0; i < VF_SCENE_BINS; i++)
            dist += fabs(hist[i] - s->hist[p][i]);
        worst = s->have && dist / 2 > worst ? dist / 2 : worst;
        memcpy(s->hist[p], hist, sizeof(hist));
    }
    s->have = 1;
    return worst;
}
