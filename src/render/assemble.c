/* Writing a reused render's output; see reuse_run.h. */
#include "render/reuse_run.h"

#include <string.h>

#include "util/clock.h"
#include "vidforge/error.h"

static int write_packet(Reuse *r, AVPacket *pkt, const VfSegPacket *sp, int64_t offset,
                        int stream, AVRational tb)
{
    int ret = av_new_packet(pkt, sp->size);
    if (ret < 0)
        return VF_ERR_INTERNAL;
    memcpy(pkt->data, sp->data, (size_t)sp->size);
    pkt->pts = sp->pts == AV_NOPTS_VALUE ? sp->pts : sp->pts + offset;
    pkt->dts = sp->dts == AV_NOPTS_VALUE ? sp->dts : sp->dts + offset;
    pkt->duration = sp->duration;
    pkt->flags = sp->flags;
    double t = vf_now();
    ret = vf_output_write(r->output, stream, pkt, tb);
    av_packet_unref(pkt);
    r->times.mux += vf_now() - t;
    return ret;
}

typedef struct Mux {
    AVPacket *pkt;
    int vstream, astream, a;      /* a: the next audio packet */
    AVRational vtb, atb;
} Mux;

/* Video packet sp of the segment starting at off, after the audio packets
 * whose time has come. */
static int mux_video(Reuse *r, Mux *m, const VfSegPacket *sp, int64_t off)
{
    int ret = 0;
    while (ret >= 0 && r->aenc && m->a < r->audio.nb_pkts &&
           av_compare_ts(r->audio.pkts[m->a].dts, m->atb, sp->dts + off, m->vtb) <= 0)
        ret = write_packet(r, m->pkt, &r->audio.pkts[m->a++], 0, m->astream, m->atb);
    return ret < 0 ? ret : write_packet(r, m->pkt, sp, off, m->vstream, m->vtb);
}

/* Segment i's packets from its file, its digest checked at the end: DAMAGED
 * (r->damaged = i) when it fails, the file removed. */
static int stream_segment(Reuse *r, Mux *m, int i)
{
    const VfSegment *s = &r->p->timeline.segments[i];
    VfSegReader *rd = NULL;
    VfSegEntry head;
    VfSegPacket sp;
    double t = vf_now();
    int got = vf_seg_reader_open(&rd, r->cache, s->key, s->end_frame - s->first_frame, &head);
    int opened = got > 0, ret = got < 0 ? got : 0;
    vf_seg_entry_clear(&head);
    r->times.mux += vf_now() - t;
    while (got > 0 && ret >= 0 && (got = vf_seg_reader_next(rd, &sp)) > 0)
        ret = mux_video(r, m, &sp, s->first_frame);
    vf_seg_reader_free(&rd);
    if (ret < 0)
        return ret;
    if (opened && got == 0) {
        vf_seg_store_touch(r->cache, s->key); /* used: the trim keeps it longest */
        return 0;
    }
    r->damaged = i; /* damaged, or removed since it was looked up (trimmed) */
    return DAMAGED;
}

int vf_reuse_assemble(Reuse *r, int vstream, int astream)
{
    const VfTimeline *tl = &r->p->timeline;
    Mux m = { av_packet_alloc(), vstream, astream, 0, r->venc->time_base,
              r->aenc ? r->aenc->time_base : r->venc->time_base };
    int ret = m.pkt ? 0 : VF_ERR_INTERNAL;
    for (int i = 0; ret == 0 && i < tl->nb_segments; i++) { /* ret: DAMAGED stops too */
        const VfSegEntry *e = &r->video[i];
        if (!e->nb_pkts)
            ret = stream_segment(r, &m, i);
        for (int k = 0; ret == 0 && k < e->nb_pkts; k++)
            ret = mux_video(r, &m, &e->pkts[k], tl->segments[i].first_frame);
    }
    while (ret == 0 && r->aenc && m.a < r->audio.nb_pkts)
        ret = write_packet(r, m.pkt, &r->audio.pkts[m.a++], 0, astream, m.atb);
    av_packet_free(&m.pkt);
    return ret;
}

int vf_reuse_open_output(Reuse *r, int *vstream, int *astream)
{
    const VfPlan *p = r->p;
    int ret = vf_output_open(&r->output, r->o->output, r->o->overwrite);
    if (ret >= 0)
        ret = vf_output_set_content_key(r->output, p->timeline.key);
    if (ret >= 0)
        ret = vf_output_use_plan(r->output, p);
    if (ret >= 0)
        ret = *vstream = vf_output_add_stream(r->output, r->venc);
    if (ret >= 0 && r->aenc)
        ret = *astream = vf_output_add_stream(r->output, r->aenc);
    if (ret >= 0)
        ret = vf_output_set_tag(r->output, "vidforge_key", p->timeline.key);
    if (ret >= 0)
        ret = vf_output_start(r->output);
    return ret;
}
