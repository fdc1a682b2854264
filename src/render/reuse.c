/* A render assembled from cached and newly encoded segments; see reuse.h.
 *
 *   look up    every segment's entry (key, SPS/PPS and B-frame delay equal
 *              to this render's encoder's) and the audio track's
 *   lock       the missing ones, in key order (no two processes deadlock),
 *              and look again: another process may have written them
 *   encode     each run of missing segments in one pass (segpass.c), the
 *              audio in the pass that starts at frame 0 (or alone); each
 *              entry is stored and unlocked as soon as it is complete
 *   assemble   video packets shifted by their segment's first frame,
 *              interleaved with the audio by time, into the output
 *   verify     as a whole render, plus decoding across each join */
#include "render/reuse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "media/encoder.h"
#include "media/output.h"
#include "media/seamcheck.h"
#include "media/verify.h"
#include "render/render.h"
#include "render/segpass.h"
#include "render/segstore.h"
#include "util/clock.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"
#include "vidforge/log.h"

#define AUDIO_RATE 48000

typedef struct Reuse {
    const VfPlan *p;
    const VfRenderOptions *o;
    VfRenderResult *res;
    struct VfDiskCache *cache;
    VfVideoEncoderSetup es;
    AVCodecContext *venc, *aenc;  /* opened for their headers only */
    char reason[320];
    VfSegEntry *video;            /* one per segment */
    int *hit;                     /* per segment: 1 from the cache */
    int *lock;                    /* per segment: lock descriptor, -1 none */
    VfSegEntry audio;
    int audio_hit, audio_lock;
    char audio_key[160];
    int64_t samples;
    int64_t frames_done;
    double t0;
    VfStageTimes times;
    VfOutput *output;
} Reuse;

/* ---- whether segments can be used ------------------------------------------ */

static int is_x264(const char *name)
{
    return name && !strcmp(name, "libx264");
}

/* Why this render cannot be assembled from segments, or NULL. */
static const char *unfit(const VfPlan *p, const VfRenderOptions *o, struct VfDiskCache *cache)
{
    const VfPlanEncoding *e = &p->encoding;
    if (o->no_reuse)
        return "--no-reuse";
    if (!cache)
        return "no cache folder (--no-cache)";
    if (p->timeline.nb_segments < 1 || !p->timeline.key[0])
        return "the plan has no segments";
    if (!e->format || (strcmp(e->format, "mp4") && strcmp(e->format, "mov") &&
                       strcmp(e->format, "mkv")))
        return "only MP4, MOV and Matroska outputs are assembled from segments";
    if (!is_x264(e->codec) && !is_x264(e->fallback))
        return "the encoder cannot be made stitchable (segments need libx264)";
    if (e->alpha || (e->pix_fmt && strcmp(e->pix_fmt, "yuv420p")))
        return "segments are encoded in yuv420p only";
    if (o->min_psnr > 0)
        return "--min-psnr measures one whole encode";
    return NULL;
}

static void note(VfRenderResult *res, const char *why)
{
    snprintf(res->reuse.note, sizeof(res->reuse.note), "%s", why);
}

/* ---- look up, lock --------------------------------------------------------- */

static int same_codec(const VfSegEntry *e, const AVCodecContext *enc)
{
    return e->extradata_size == enc->extradata_size && e->delay == enc->has_b_frames &&
           (!e->extradata_size || !memcmp(e->extradata, enc->extradata, (size_t)e->extradata_size));
}

/* 1 when key's entry is usable with enc; a mismatch is a miss. */
static int lookup(Reuse *r, const char *key, int64_t units, const AVCodecContext *enc,
                  VfSegEntry *e)
{
    if (!vf_seg_store_get(r->cache, key, units, e))
        return 0;
    if (same_codec(e, enc))
        return 1;
    vf_log(VF_LOG_INFO, "segment cache: %.16s was encoded with other codec headers; "
           "encoding it again", key);
    vf_seg_entry_clear(e);
    return 0;
}

static void lookup_all(Reuse *r)
{
    const VfTimeline *tl = &r->p->timeline;
    for (int i = 0; i < tl->nb_segments; i++) {
        const VfSegment *s = &tl->segments[i];
        if (!r->hit[i])
            r->hit[i] = lookup(r, s->key, s->end_frame - s->first_frame, r->venc, &r->video[i]);
    }
    if (r->aenc && !r->audio_hit)
        r->audio_hit = lookup(r, r->audio_key, r->samples, r->aenc, &r->audio);
}

typedef struct Wanted {
    const char *key;
    int *fd;
} Wanted;

static int by_key(const void *a, const void *b)
{
    return strcmp(((const Wanted *)a)->key, ((const Wanted *)b)->key);
}

/* Locks every missing entry in key order, then looks again. */
static int lock_missing(Reuse *r)
{
    const VfTimeline *tl = &r->p->timeline;
    Wanted *w = calloc((size_t)tl->nb_segments + 1, sizeof(*w));
    int n = 0;
    if (!w)
        return VF_ERR_INTERNAL;
    for (int i = 0; i < tl->nb_segments; i++)
        if (!r->hit[i])
            w[n++] = (Wanted){ tl->segments[i].key, &r->lock[i] };
    if (r->aenc && !r->audio_hit)
        w[n++] = (Wanted){ r->audio_key, &r->audio_lock };
    qsort(w, (size_t)n, sizeof(*w), by_key);
    for (int i = 0; i < n; i++) {
        if (i > 0 && !strcmp(w[i].key, w[i - 1].key))
            continue; /* two equal segments in one render: one lock */
        *w[i].fd = vf_seg_store_lock(r->cache, w[i].key);
    }
    free(w);
    lookup_all(r);
    for (int i = 0; i < tl->nb_segments; i++)
        if (r->hit[i] && r->lock[i] >= 0) {
            vf_seg_store_unlock(r->lock[i]);
            r->lock[i] = -1;
        }
    return 0;
}

/* ---- encoding passes ------------------------------------------------------- */

static void segment_done(void *opaque, int seg, const VfSegEntry *e)
{
    Reuse *r = opaque;
    const VfSegment *s = &r->p->timeline.segments[seg];
    vf_log(VF_LOG_INFO, "segments: encoded segment %d (frames %lld-%lld) %s in %.2f s", seg,
           (long long)s->first_frame, (long long)s->end_frame - 1, s->key, e->encode_seconds);
    vf_seg_store_put(r->cache, e);
    if (seg < 256)
        r->res->reuse.states[seg] = 'e';
    vf_seg_store_unlock(r->lock[seg]);
    r->lock[seg] = -1;
    r->res->reuse.encoded++;
}

static void report_progress(Reuse *r)
{
    if (!r->o->progress)
        return;
    VfProgress pr = { .frame = r->frames_done, .nb_frames = r->p->nb_frames };
    pr.elapsed = vf_now() - r->t0;
    double fps_out = (double)r->p->fps_num / r->p->fps_den;
    pr.fps = pr.elapsed > 0 ? r->frames_done / pr.elapsed : 0;
    pr.speed = pr.elapsed > 0 ? r->frames_done / fps_out / pr.elapsed : 0;
    pr.eta = pr.fps > 0 ? (r->p->nb_frames - r->frames_done) / pr.fps : -1;
    r->o->progress(r->o->progress_opaque, &pr);
}

static void frame_done(void *opaque)
{
    Reuse *r = opaque;
    r->frames_done++;
    report_progress(r);
}

static int pass(Reuse *r, int first, int end, int with_audio)
{
    VfSegPassSetup s = { r->p, first, end, r->video + first, with_audio ? &r->audio : NULL,
                         &r->es, r->samples, segment_done, frame_done, r };
    double t = vf_now();
    int ret = vf_seg_pass_run(&s, &r->times);
    if (ret >= 0 && with_audio) {
        snprintf(r->audio.key, sizeof(r->audio.key), "%s", r->audio_key);
        r->audio.encode_seconds = vf_now() - t;
        vf_seg_store_put(r->cache, &r->audio);
        vf_seg_store_unlock(r->audio_lock);
        r->audio_lock = -1;
    }
    return ret;
}

/* Every run of missing segments in one pass each; the audio with the run
 * starting at frame 0, or alone. */
static int encode_missing(Reuse *r)
{
    const VfTimeline *tl = &r->p->timeline;
    int audio_left = r->aenc && !r->audio_hit, ret = 0;
    for (int i = 0; ret >= 0 && i < tl->nb_segments;) {
        if (r->hit[i]) {
            r->frames_done += tl->segments[i].end_frame - tl->segments[i].first_frame;
            r->res->reuse.seconds_saved += r->video[i].encode_seconds;
            r->res->reuse.reused++;
            if (i < 256)
                r->res->reuse.states[i] = 'r';
            report_progress(r); /* a reused segment's frames are done too */
            i++;
            continue;
        }
        int end = i;
        while (end < tl->nb_segments && !r->hit[end])
            end++;
        ret = pass(r, i, end, audio_left && i == 0);
        audio_left = audio_left && i != 0;
        i = end;
    }
    if (ret >= 0 && audio_left)
        ret = pass(r, 0, 0, 1);
    r->res->reuse.audio_reused = r->aenc && r->audio_hit;
    return ret;
}

/* ---- assembling ------------------------------------------------------------ */

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

/* Video packets in order, segment by segment, with the audio packets whose
 * time has come between them. */
static int assemble(Reuse *r, int vstream, int astream)
{
    const VfTimeline *tl = &r->p->timeline;
    AVPacket *pkt = av_packet_alloc();
    int ret = pkt ? 0 : VF_ERR_INTERNAL, a = 0;
    AVRational vtb = r->venc->time_base, atb = r->aenc ? r->aenc->time_base : vtb;
    for (int i = 0; ret >= 0 && i < tl->nb_segments; i++) {
        const VfSegEntry *e = &r->video[i];
        int64_t off = tl->segments[i].first_frame;
        for (int k = 0; ret >= 0 && k < e->nb_pkts; k++) {
            int64_t vdts = e->pkts[k].dts + off;
            while (ret >= 0 && r->aenc && a < r->audio.nb_pkts &&
                   av_compare_ts(r->audio.pkts[a].dts, atb, vdts, vtb) <= 0)
                ret = write_packet(r, pkt, &r->audio.pkts[a++], 0, astream, atb);
            if (ret >= 0)
                ret = write_packet(r, pkt, &e->pkts[k], off, vstream, vtb);
        }
    }
    while (ret >= 0 && r->aenc && a < r->audio.nb_pkts)
        ret = write_packet(r, pkt, &r->audio.pkts[a++], 0, astream, atb);
    av_packet_free(&pkt);
    return ret;
}

static int open_output(Reuse *r, int *vstream, int *astream)
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

/* ---- verify, results ------------------------------------------------------- */

static int verify(Reuse *r)
{
    const VfTimeline *tl = &r->p->timeline;
    double t = vf_now();
    int ret = vf_verify_output(vf_output_temp_path(r->output), r->p);
    int64_t *bounds = malloc(sizeof(*bounds) * (size_t)tl->nb_segments);
    int n = 0;
    for (int i = 1; bounds && i < tl->nb_segments; i++)
        bounds[n++] = tl->segments[i].first_frame;
    if (ret >= 0)
        ret = bounds ? vf_verify_seams(vf_output_temp_path(r->output), bounds, n,
                                       (AVRational){ r->p->fps_num, r->p->fps_den })
                     : VF_ERR_INTERNAL;
    free(bounds);
    r->times.verify += vf_now() - t;
    return ret;
}

/* PSNR and SSIM of the whole video, summed over the segments' measures. */
static void quality(Reuse *r, VfRenderResult *res)
{
    double sse[3] = { 0 }, n[3] = { 0 }, ssim = 0;
    int all = 1;
    for (int i = 0; i < r->p->timeline.nb_segments; i++) {
        const VfSegEntry *e = &r->video[i];
        all = all && e->samples[0] > 0 && e->ssim_sum > 0;
        for (int k = 0; k < 3; k++) {
            sse[k] += e->sse[k];
            n[k] += e->samples[k];
        }
        ssim += e->ssim_sum;
    }
    double *out[3] = { &res->psnr_y, &res->psnr_u, &res->psnr_v };
    for (int k = 0; k < 3; k++)
        *out[k] = !all ? NAN : sse[k] > 0 ? 10 * log10(255.0 * 255.0 * n[k] / sse[k]) : INFINITY;
    double st = sse[0] + sse[1] + sse[2], sn = n[0] + n[1] + n[2];
    res->psnr = !all ? NAN : st > 0 ? 10 * log10(255.0 * 255.0 * sn / st) : INFINITY;
    res->ssim = all ? ssim / (double)r->p->nb_frames : NAN;
}

static void audio_result(Reuse *r, VfRenderResult *res)
{
    res->audio_measured = r->aenc && r->p->mix.active;
    res->audio_loudness = res->audio_range = res->audio_true_peak = NAN;
    res->audio_duck_depth = res->audio_gain = NAN;
    if (!res->audio_measured)
        return;
    res->audio_duck_depth = r->audio.mix[0];
    res->audio_gain = r->p->mix.loudness.enabled ? r->audio.mix[1] : NAN;
    r->times.audio += vf_render_measure_loudness(r->output, res);
}

static int finish(Reuse *r, VfRenderResult *res)
{
    double t = vf_now();
    int ret = vf_output_finish(r->output);
    r->times.mux += vf_now() - t;
    if (ret >= 0)
        ret = verify(r);
    quality(r, res);
    if (ret >= 0)
        audio_result(r, res);
    res->frames = r->p->nb_frames;
    res->seconds = vf_now() - r->t0;
    res->stages = r->times;
    if (ret >= 0 && r->o->before_commit)
        ret = r->o->before_commit(r->o->before_commit_opaque, res);
    if (ret >= 0 && vf_interrupt_requested())
        ret = VF_ERR_INTERRUPTED;
    if (ret >= 0)
        ret = vf_output_commit(r->output);
    return ret;
}

/* ---- setup ----------------------------------------------------------------- */

static int open_encoders(Reuse *r)
{
    const VfPlan *p = r->p;
    r->es = (VfVideoEncoderSetup){
        .encoding = &p->encoding, .width = p->width, .height = p->height,
        .fps = { p->fps_num, p->fps_den }, .threads = r->o->threads,
        .quality_stats = r->o->quality_stats, /* entries without measures: NAN */
        .global_header = 1, .fixed_gop = 1,
        /* ABR: the macroblock tree spends too little at the end of a short
         * stream (segments of 2 to 4 s came out 13 % under the bitrate with
         * it, 3 % over without) */
        .x264_params = p->encoding.crf >= 0 ? VF_SEGMENT_X264_PARAMS
                                            : VF_SEGMENT_X264_PARAMS ":mbtree=0",
    };
    int ret = vf_encoder_open_video(&r->venc, &r->es, r->reason, sizeof(r->reason));
    if (ret >= 0 && strcmp(r->venc->codec->name, "libx264"))
        return 1; /* NVENC opened: not stitchable here */
    if (ret >= 0 && p->input_has_audio)
        ret = vf_encoder_open_audio(&r->aenc, &p->encoding, 1);
    int rate = p->encoding.audio_sample_rate > 0 ? p->encoding.audio_sample_rate : AUDIO_RATE;
    r->samples = llround(p->duration * rate);
    snprintf(r->audio_key, sizeof(r->audio_key), "audio %s samples %lld",
             p->timeline.audio_key, (long long)r->samples);
    return ret;
}

static int prepare(Reuse *r)
{
    int n = r->p->timeline.nb_segments;
    r->video = calloc((size_t)n, sizeof(*r->video));
    r->hit = calloc((size_t)n, sizeof(*r->hit));
    r->lock = malloc(sizeof(*r->lock) * (size_t)n);
    if (!r->video || !r->hit || !r->lock)
        return VF_ERR_INTERNAL;
    for (int i = 0; i < n; i++)
        r->lock[i] = -1;
    r->audio_lock = -1;
    return 0;
}

static void release(Reuse *r)
{
    int n = r->p->timeline.nb_segments;
    for (int i = 0; r->video && i < n; i++)
        vf_seg_entry_clear(&r->video[i]);
    for (int i = 0; r->lock && i < n; i++)
        vf_seg_store_unlock(r->lock[i]);
    vf_seg_store_unlock(r->audio_lock);
    vf_seg_entry_clear(&r->audio);
    free(r->video);
    free(r->hit);
    free(r->lock);
    vf_encoder_close(&r->venc, NULL);
    vf_encoder_close(&r->aenc, NULL);
    vf_output_free(&r->output);
}

static int run(Reuse *r, VfRenderResult *res)
{
    int vstream = -1, astream = -1;
    double t = vf_now();
    int ret = prepare(r);
    if (ret >= 0)
        ret = open_encoders(r);
    r->times.open += vf_now() - t;
    if (ret != 0)
        return ret;
    snprintf(res->encoder, sizeof(res->encoder), "%s", r->venc->codec->name);
    snprintf(res->preset, sizeof(res->preset), "%s", vf_encoder_preset(r->venc));
    snprintf(res->encoder_reason, sizeof(res->encoder_reason), "%s", r->reason);
    res->reuse.used = 1;
    res->reuse.segments = r->p->timeline.nb_segments;
    t = vf_now();
    ret = open_output(r, &vstream, &astream); /* first: an unwritable target fails early */
    r->times.open += vf_now() - t;
    if (ret >= 0)
        lookup_all(r);
    if (ret >= 0)
        ret = lock_missing(r);
    if (ret >= 0)
        ret = encode_missing(r);
    if (ret >= 0)
        ret = assemble(r, vstream, astream);
    if (ret >= 0)
        ret = finish(r, res);
    vf_log(VF_LOG_INFO, "segments: %d reused, %d encoded; audio %s", res->reuse.reused,
           res->reuse.encoded, !r->aenc ? "none" : r->audio_hit ? "reused" : "encoded");
    return ret;
}

int vf_render_reuse(const VfPlan *plan, const VfRenderOptions *o, VfRenderResult *result,
                    struct VfDiskCache *cache)
{
    VfRenderResult scratch;
    VfRenderResult *res = result ? result : &scratch;
    memset(res, 0, sizeof(*res));
    const char *why = unfit(plan, o, cache);
    int ret = 1;
    Reuse r = { .p = plan, .o = o, .res = res, .cache = cache, .t0 = vf_now() };
    if (!why && vf_interrupt_requested())
        return VF_ERR_INTERRUPTED;
    if (!why) {
        ret = run(&r, res);
        release(&r);
        why = ret == 1 ? "the encoder that opened cannot be made stitchable" : NULL;
    }
    if (ret < 0 && vf_interrupt_requested())
        ret = VF_ERR_INTERRUPTED;
    if (ret != 1)
        return ret;
    vf_log(VF_LOG_DEBUG, "segments: whole render: %s", why);
    memset(&res->reuse, 0, sizeof(res->reuse));
    note(res, why); /* before vf_render: its before_commit may write the report */
    return vf_render(plan, o, res);
}
