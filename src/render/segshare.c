/* Chunks of shared segments; see segshare.h. */
#include "render/segshare.h"

#include <string.h>

#include "render/segpass.h"
#include "vidforge/error.h"
#include "vidforge/log.h"

int vf_seg_chunk_encode(const VfPlan *p, int seg, int64_t from, int64_t to,
                        const VfVideoEncoderSetup *es, struct VfGate *gate, VfSegEntry *out,
                        VfStageTimes *times)
{
    VfSegPassSetup s = { p, seg, seg + 1, out, NULL, es, 0, NULL, NULL, NULL, from, to, gate };
    return vf_seg_pass_run(&s, times);
}

static int same_codec(const VfSegEntry *a, const VfSegEntry *b)
{
    return a->extradata_size == b->extradata_size && a->delay == b->delay &&
           (!a->extradata_size || !memcmp(a->extradata, b->extradata, (size_t)a->extradata_size));
}

/* The segment's entry header: the first chunk's codec, everything else summed. */
static int join_header(const VfSegment *sg, const VfSegEntry *chunks, int n, VfSegEntry *head,
                       int *nb_pkts)
{
    *head = chunks[0];
    head->pkts = NULL;
    head->nb_pkts = head->alloc = 0;
    snprintf(head->key, sizeof(head->key), "%s", sg->key);
    head->units = head->encode_seconds = head->ssim_sum = 0;
    memset(head->sse, 0, sizeof(head->sse));
    memset(head->samples, 0, sizeof(head->samples));
    *nb_pkts = 0;
    int all_measured = 1;
    for (int j = 0; j < n; j++) {
        const VfSegEntry *c = &chunks[j];
        if (!same_codec(c, &chunks[0]))
            return vf_error_set(VF_ERR_OUTPUT, "the chunks of segment %.16s were encoded with "
                                "other codec headers", sg->key);
        head->units += c->units;
        head->encode_seconds += c->encode_seconds;
        head->ssim_sum += c->ssim_sum;
        all_measured = all_measured && c->samples[0] > 0;
        for (int k = 0; k < 3; k++) {
            head->sse[k] += c->sse[k];
            head->samples[k] += c->samples[k];
        }
        *nb_pkts += c->nb_pkts;
    }
    if (!all_measured) { /* a reused output's PSNR is reported only when every frame was measured */
        memset(head->samples, 0, sizeof(head->samples));
        head->ssim_sum = 0;
    }
    return head->units == sg->end_frame - sg->first_frame ? 0
           : vf_error_set(VF_ERR_INTERNAL, "the chunks of segment %.16s do not cover it", sg->key);
}

int vf_seg_chunks_store(struct VfDiskCache *c, const VfPlan *p, int seg,
                        const VfSegEntry *chunks, const int64_t *from, int n)
{
    const VfSegment *sg = &p->timeline.segments[seg];
    VfSegEntry head;
    VfSegWriter *w = NULL;
    int nb_pkts = 0;
    int ret = n > 0 ? join_header(sg, chunks, n, &head, &nb_pkts) : VF_ERR_INTERNAL;
    if (ret >= 0)
        ret = vf_seg_writer_open(&w, c, &head, nb_pkts);
    for (int j = 0; ret >= 0 && j < n; j++)
        for (int k = 0; k < chunks[j].nb_pkts; k++)
            vf_seg_writer_add(w, &chunks[j].pkts[k], from[j] - sg->first_frame);
    if (ret >= 0)
        ret = vf_seg_writer_close(&w, 1);
    vf_seg_writer_close(&w, 0);
    return ret;
}

int vf_seg_chunk_plan(int64_t frames, int64_t want, int gop, int64_t *starts, int max)
{
    int64_t step = want <= gop ? gop : (want + gop - 1) / gop * gop;
    int n = 0;
    for (int64_t f = 0; f < frames && n < max; f += step) {
        if (n > 0 && frames - f < gop)
            break; /* a tail under one GOP: part of the chunk before */
        starts[n++] = f;
    }
    return n > 0 ? n : (starts[0] = 0, 1);
}
