/* A render assembled from cached and newly encoded segments; see reuse.h.
 *
 *   look up    every segment's entry header (key, SPS/PPS and B-frame delay
 *              equal to this render's encoder's) and the audio track
 *   lock       the missing ones that nobody holds, and look again: another
 *              process may have written them; encode each run of them in
 *              one pass (segpass.c), the audio in the pass that starts at
 *              frame 0 (or alone); each entry is stored and unlocked as soon
 *              as it is complete. Then wait for the ones others hold (in key
 *              order, holding nothing: no deadlock) and encode what they
 *              left missing.
 *   assemble   video packets shifted by their segment's first frame,
 *              interleaved with the audio by time, into the output; reused
 *              segments streamed from their files (their digest checked as
 *              they are read: a damaged one is encoded again and the output
 *              assembled anew)
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

#include "render/reuse_run.h"

/* ---- whether segments can be used ------------------------------------------ */

static int is_x264(const char *name)
{
    return name && !strcmp(name, "libx264");
}

const char *vf_render_reuse_unfit(const VfPlan *p, const VfRenderOptions *o,
                                  struct VfDiskCache *cache)
{
    const VfPlanEncoding *e = &p->encoding;
    if (o->no_reuse)
        return "--no-reuse";
    if (!cache)
        return "no cache folder (--no-cache)";
    if (p->timeline.nb_segments < 1 || !p->timeline.key[0])
        return "the plan has no segments";
    if (e->two_pass)
        return "two-pass encoding runs the whole render twice";
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

/* 1 when key's entry is usable with enc; a mismatch is a miss. Video
 * entries: their header only (the packets are streamed when assembling). */
static int lookup(Reuse *r, const char *key, int64_t units, const AVCodecContext *enc,
                  VfSegEntry *e)
{
    if (!(enc == r->venc ? vf_seg_store_peek : vf_seg_store_get)(r->cache, key, units, e))
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
    int *busy;
} Wanted;

static int by_key(const void *a, const void *b)
{
    return strcmp(((const Wanted *)a)->key, ((const Wanted *)b)->key);
}

/* The missing entries' keys with their lock slots, sorted; *n of them. */
static Wanted *missing(Reuse *r, int *n)
{
    const VfTimeline *tl = &r->p->timeline;
    Wanted *w = calloc((size_t)tl->nb_segments + 1, sizeof(*w));
    *n = 0;
    for (int i = 0; w && i < tl->nb_segments; i++)
        if (!r->hit[i] && r->lock[i] < 0)
            w[(*n)++] = (Wanted){ tl->segments[i].key, &r->lock[i], &r->busy[i] };
    if (w && r->aenc && !r->audio_hit && r->audio_lock < 0)
        w[(*n)++] = (Wanted){ r->audio_key, &r->audio_lock, &r->audio_busy };
    if (w)
        qsort(w, (size_t)*n, sizeof(*w), by_key);
    return w;
}

static void unlock_hits(Reuse *r)
{
    for (int i = 0; i < r->p->timeline.nb_segments; i++)
        if (r->hit[i] && r->lock[i] >= 0) {
            vf_seg_store_unlock(r->lock[i]);
            r->lock[i] = -1;
        }
    if (r->audio_hit && r->audio_lock >= 0) {
        vf_seg_store_unlock(r->audio_lock);
        r->audio_lock = -1;
    }
}

/* Locks the missing entries: wait = 0, those nobody holds (the others are
 * marked busy); wait = 1, every one, waiting in key order. Then looks again. */
static int lock_missing(Reuse *r, int wait)
{
    int n;
    Wanted *w = missing(r, &n);
    if (!w)
        return VF_ERR_INTERNAL;
    for (int i = 0; i < n; i++) {
        if (i > 0 && !strcmp(w[i].key, w[i - 1].key)) {
            *w[i].busy = *w[i - 1].busy; /* two equal segments in one render: one lock */
            continue;
        }
        int fd = wait ? vf_seg_store_lock(r->cache, w[i].key)
                      : vf_seg_store_trylock(r->cache, w[i].key);
        *w[i].busy = fd == -2;
        *w[i].fd = fd >= 0 ? fd : -1;
    }
    free(w);
    lookup_all(r);
    unlock_hits(r);
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
    r->res->reuse.frames_encoded += s->end_frame - s->first_frame;
}

static void report_progress(Reuse *r)
{
    vf_render_progress(r->o, r->p, r->frames_done, r->p->nb_frames, r->frames_done, r->t0);
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
                         &r->es, r->samples, segment_done, frame_done, r, 0, 0,
                         r->o->encode_gate };
    double t = vf_now();
    int ret = vf_seg_pass_run(&s, &r->times);
    if (ret >= 0 && with_audio) {
        r->audio_encoded = 1;
        snprintf(r->audio.key, sizeof(r->audio.key), "%s", r->audio_key);
        r->audio.encode_seconds = vf_now() - t;
        vf_seg_store_put(r->cache, &r->audio);
        vf_seg_store_unlock(r->audio_lock);
        r->audio_lock = -1;
    }
    return ret;
}

/* Each run of missing segments that are not busy elsewhere in one pass; the
 * audio with the run starting at frame 0, or alone. */
static int encode_missing(Reuse *r)
{
    const VfTimeline *tl = &r->p->timeline;
    int audio_left = r->aenc && !r->audio_hit && !r->audio_busy, ret = 0;
    for (int i = 0; ret >= 0 && i < tl->nb_segments;) {
        if (r->hit[i] || r->busy[i]) {
            i++;
            continue;
        }
        int end = i;
        while (end < tl->nb_segments && !r->hit[end] && !r->busy[end])
            end++;
        ret = pass(r, i, end, audio_left && i == 0);
        audio_left = audio_left && i != 0;
        for (int k = i; ret >= 0 && k < end; k++)
            r->hit[k] = 1; /* encoded: in memory now */
        i = end;
    }
    if (ret >= 0 && audio_left)
        ret = pass(r, 0, 0, 1);
    if (ret >= 0 && r->aenc && !r->audio_busy)
        r->audio_hit = 1;
    return ret;
}

/* What the cache gave: counted once everything is there. */
static void tally(Reuse *r)
{
    const VfTimeline *tl = &r->p->timeline;
    for (int i = 0; i < tl->nb_segments; i++) {
        if (r->video[i].nb_pkts) /* encoded by this render, in memory */
            continue;
        r->frames_done += tl->segments[i].end_frame - tl->segments[i].first_frame;
        r->res->reuse.seconds_saved += r->video[i].encode_seconds;
        r->res->reuse.reused++;
        if (i < 256)
            r->res->reuse.states[i] = 'r';
        report_progress(r); /* a reused segment's frames are done too */
    }
}

/* Encodes what is missing: first what nobody else is encoding, then, after
 * waiting for the others, whatever they did not leave in the cache. */
static int encode_all(Reuse *r)
{
    int ret = lock_missing(r, 0);
    if (ret >= 0)
        ret = encode_missing(r);
    for (int i = 0; i < r->p->timeline.nb_segments; i++)
        r->busy[i] = 0;
    r->audio_busy = 0;
    if (ret >= 0)
        ret = lock_missing(r, 1);
    if (ret >= 0)
        ret = encode_missing(r);
    r->res->reuse.audio_reused = r->aenc && !r->audio_encoded;
    return ret;
}

/* ---- assembling ------------------------------------------------------------ */

/* Assembles the output; an entry found damaged on the way is encoded again
 * (it is in memory then) and the output started anew. */
static int assemble_all(Reuse *r, int *vstream, int *astream)
{
    int ret = vf_reuse_assemble(r, *vstream, *astream);
    for (int tries = 0; ret == DAMAGED && tries < r->p->timeline.nb_segments; tries++) {
        int d = r->damaged;
        vf_log(VF_LOG_INFO, "segments: the entry of segment %d failed its digest; encoding it "
               "again and assembling anew", d);
        vf_seg_entry_clear(&r->video[d]);
        r->hit[d] = 0;
        vf_output_free(&r->output);
        ret = encode_all(r);
        if (ret >= 0)
            ret = vf_reuse_open_output(r, vstream, astream);
        if (ret >= 0)
            ret = vf_reuse_assemble(r, *vstream, *astream);
    }
    return ret == DAMAGED ? vf_error_set(VF_ERR_OUTPUT, "the segment cache keeps returning "
                                         "damaged entries") : ret;
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

void vf_reuse_encoder_setup(const VfPlan *p, int threads, int quality_stats,
                            VfVideoEncoderSetup *es)
{
    *es = (VfVideoEncoderSetup){
        .encoding = &p->encoding, .width = p->width, .height = p->height,
        .fps = { p->fps_num, p->fps_den }, .threads = threads,
        .quality_stats = quality_stats, /* entries without measures: NAN */
        .global_header = 1, .fixed_gop = 1,
        /* ABR: the macroblock tree spends too little at the end of a short
         * stream (segments of 2 to 4 s came out 13 % under the bitrate with
         * it, 3 % over without) */
        .x264_params = p->encoding.crf >= 0 ? VF_SEGMENT_X264_PARAMS
                                            : VF_SEGMENT_X264_PARAMS ":mbtree=0",
    };
}

static int open_encoders(Reuse *r)
{
    const VfPlan *p = r->p;
    vf_reuse_encoder_setup(p, r->o->threads, r->o->quality_stats, &r->es);
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
    r->busy = calloc((size_t)n, sizeof(*r->busy));
    r->lock = malloc(sizeof(*r->lock) * (size_t)n);
    if (!r->video || !r->hit || !r->busy || !r->lock)
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
    free(r->busy);
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
    ret = vf_reuse_open_output(r, &vstream, &astream); /* first: an unwritable target fails early */
    r->times.open += vf_now() - t;
    if (ret >= 0)
        lookup_all(r);
    if (ret >= 0)
        ret = encode_all(r);
    if (ret >= 0)
        ret = assemble_all(r, &vstream, &astream);
    if (ret >= 0)
        tally(r);
    if (ret >= 0)
        ret = finish(r, res);
    vf_log(VF_LOG_INFO, "segments: %d reused, %d encoded; audio %s", res->reuse.reused,
           res->reuse.encoded, !r->aenc ? "none" : r->audio_encoded ? "encoded" : "reused");
    return ret;
}

int vf_render_reuse(const VfPlan *plan, const VfRenderOptions *o, VfRenderResult *result,
                    struct VfDiskCache *cache)
{
    VfRenderResult scratch;
    VfRenderResult *res = result ? result : &scratch;
    memset(res, 0, sizeof(*res));
    const char *why = vf_render_reuse_unfit(plan, o, cache);
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
