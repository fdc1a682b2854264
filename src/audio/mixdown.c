#include "audio/mixdown.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>

#include "audio/limiter.h"
#include "audio/mixer.h"
#include "audio/source.h"
#include "vidforge/error.h"

#define BLOCK 1024
/* Lossy codecs add a little to the true peak of what they are given (AAC at
 * 192 kbit/s: up to ~0.3 dB on test signals); the limiter aims under the
 * ceiling by this much so the decoded file still meets it. */
#define CODEC_MARGIN_DB 0.5
#define MAX_MAKEUP 4
#define MAKEUP_CLOSE 0.2

struct VfMixdown {
    VfMixdownSetup setup;
    VfMixer *mixer;
    VfLimiter *limiter;
    VfLoudnessMeter *meter;
    SwrContext *swr;
    AVAudioFifo *fifo;
    float *block;
    double gain;                 /* amplitude */
    int64_t fed;                 /* mix frames given to the limiter (zeros past the end too) */
    int64_t out_total, out_taken;
    int flushed;
    VfMixdownStats stats;
};

/* One mix through the meters. limited: after gain_db and the limiter;
 * else the mix as is, with its sample peak. */
static int meter_pass(VfMixdown *md, double gain_db, int limited, double *lufs, double *peak)
{
    VfMixer *mx = NULL;
    VfLimiter *lim = NULL;
    VfLoudnessMeter *meter = NULL;
    const VfMixdownSetup *s = &md->setup;
    int ret = vf_mixer_create(&mx, s->plan, s->duration, s->network_seconds);
    if (ret >= 0 && limited)
        ret = vf_limiter_create(&lim, s->plan->loudness.true_peak - CODEC_MARGIN_DB);
    if (ret >= 0)
        ret = vf_loudness_meter_create(&meter, 0);
    float g = (float)pow(10, gain_db / 20), pk = 0;
    while (ret >= 0 && (ret = vf_mixer_read(mx, md->block, BLOCK)) > 0) {
        int n = ret;
        for (int i = 0; i < 2 * n; i++) {
            md->block[i] *= g;
            pk = fabsf(md->block[i]) > pk ? fabsf(md->block[i]) : pk;
        }
        if (lim)
            vf_limiter_process(lim, md->block, md->block, n); /* lags; the ends are quiet */
        ret = vf_loudness_meter_add(meter, md->block, (size_t)n);
    }
    VfLoudness lo;
    if (ret >= 0) {
        vf_loudness_meter_result(meter, &lo);
        *lufs = lo.integrated;
        *peak = pk > 0 ? 20 * log10(pk) : -HUGE_VAL;
    }
    vf_loudness_meter_free(&meter);
    vf_limiter_free(&lim);
    vf_mixer_free(&mx);
    return ret;
}

/* Pass 1: the gain that brings the limited mix to the target. The mix is
 * measured as is; only when its peaks, raised by that gain, could reach the
 * ceiling (sample peak + 3 dB for what lies between samples) is it measured
 * again through the limiter, and the gain raised by what the limiter took;
 * again (at most MAX_MAKEUP times in all, secant steps) while the limited mix
 * is still MAKEUP_CLOSE LU or more from the target (peaky material: the
 * limiter takes more as the gain grows). Typical mixes need one pass or two. */
static int plan_gain(VfMixdown *md)
{
    const VfMixLoudness *l = &md->setup.plan->loudness;
    double raw = 0, limited = 0, peak = 0;
    md->stats.input_integrated = NAN;
    if (!l->enabled)
        return 0;
    int ret = meter_pass(md, 0, 0, &raw, &peak);
    if (ret < 0 || !isfinite(raw))
        return ret; /* silence stays silence */
    double g = l->target - raw;
    md->stats.input_integrated = raw;
    double prev_g = NAN, prev_l = NAN;
    for (int i = 0; i < MAX_MAKEUP && ret >= 0 && peak + g + 3 > l->true_peak - CODEC_MARGIN_DB;
         i++) {
        ret = meter_pass(md, g, 1, &limited, &peak);
        if (ret < 0 || !isfinite(limited) || fabs(l->target - limited) < MAKEUP_CLOSE)
            break;
        /* loudness against gain flattens as the limiter works harder: a secant step */
        double slope = isnan(prev_g) || g == prev_g ? 1 : (limited - prev_l) / (g - prev_g);
        slope = slope < 0.1 ? 0.1 : slope > 1 ? 1 : slope;
        double step = (l->target - limited) / slope;
        prev_g = g;
        prev_l = limited;
        g += step > 20 ? 20 : step;
        peak = HUGE_VAL; /* measure again with the new gain */
    }
    md->stats.gain_db = g;
    md->gain = pow(10, g / 20);
    return ret < 0 ? ret : vf_limiter_create(&md->limiter, l->true_peak - CODEC_MARGIN_DB);
}

static int open_convert(VfMixdown *md)
{
    const VfMixdownSetup *s = &md->setup;
    AVChannelLayout in = AV_CHANNEL_LAYOUT_STEREO, out;
    av_channel_layout_default(&out, s->channels);
    int ret = swr_alloc_set_opts2(&md->swr, &out, s->fmt, s->rate, &in, AV_SAMPLE_FMT_FLT,
                                  VF_MIX_RATE, 0, NULL);
    if (ret >= 0)
        ret = swr_init(md->swr);
    if (ret >= 0 && !(md->fifo = av_audio_fifo_alloc(s->fmt, s->channels, BLOCK * 4)))
        ret = AVERROR(ENOMEM);
    return ret < 0 ? vf_error_set(VF_ERR_INTERNAL, "cannot convert the mix to %d Hz %s",
                                  s->rate, av_get_sample_fmt_name(s->fmt)) : 0;
}

int vf_mixdown_create(VfMixdown **out, const VfMixdownSetup *s)
{
    VfMixdown *md = calloc(1, sizeof(*md));
    int ret = md && (md->block = malloc(sizeof(float) * 2 * BLOCK)) ? 0 : VF_ERR_INTERNAL;
    if (ret >= 0) {
        md->setup = *s;
        if (md->setup.frame_size <= 0)
            md->setup.frame_size = BLOCK;
        md->gain = 1;
        md->stats.duck_depth = NAN;
        md->out_total = llround(s->duration * s->rate);
        ret = plan_gain(md);
    }
    if (ret >= 0)
        ret = vf_mixer_create(&md->mixer, s->plan, s->duration, s->network_seconds);
    if (ret >= 0) /* integrated only: the render measures the written file in full */
        ret = vf_loudness_meter_create(&md->meter, 0);
    if (ret >= 0)
        ret = open_convert(md);
    if (ret < 0)
        vf_mixdown_free(&md);
    *out = md;
    return ret;
}

/* One block of the final mix into the fifo (the converter's tail at the end). */
static int produce(VfMixdown *md)
{
    int latency = md->limiter ? vf_limiter_latency(md->limiter) : 0;
    int64_t want = vf_mixer_length(md->mixer) + latency;
    int n = md->fed + BLOCK <= want ? BLOCK : (int)(want - md->fed);
    if (n <= 0 && md->flushed)
        return AVERROR_EOF;
    uint8_t *planes[8] = { NULL };
    int got = 0;
    if (n > 0) {
        int ret = vf_mixer_read(md->mixer, md->block, n);
        if (ret < 0)
            return ret;
        memset(md->block + 2 * ret, 0, sizeof(float) * 2 * (size_t)(n - ret)); /* limiter tail */
        for (int i = 0; i < 2 * ret; i++)
            md->block[i] *= (float)md->gain;
        int skip = 0;
        if (md->limiter) {
            vf_limiter_process(md->limiter, md->block, md->block, n);
            skip = md->fed < latency ? (int)(latency - md->fed < n ? latency - md->fed : n) : 0;
        }
        md->fed += n;
        got = n - skip;
        const float *ready = md->block + 2 * skip;
        int ret2 = vf_loudness_meter_add(md->meter, ready, (size_t)got);
        if (ret2 < 0)
            return ret2;
        planes[0] = (uint8_t *)ready;
    } else {
        md->flushed = 1;
    }
    int cap = swr_get_out_samples(md->swr, got);
    uint8_t **dst = NULL;
    int ret = av_samples_alloc_array_and_samples(&dst, NULL, md->setup.channels, cap > 0 ? cap : 1,
                                                 md->setup.fmt, 0);
    if (ret >= 0)
        ret = swr_convert(md->swr, dst, cap, n > 0 ? (const uint8_t **)planes : NULL, got);
    if (ret > 0)
        ret = av_audio_fifo_write(md->fifo, (void **)dst, ret);
    if (dst)
        av_freep(&dst[0]);
    av_freep(&dst);
    return ret < 0 ? vf_error_set(VF_ERR_INTERNAL, "cannot convert the mix") : 0;
}

int vf_mixdown_frame(VfMixdown *md, AVFrame *f)
{
    const VfMixdownSetup *s = &md->setup;
    int64_t left = md->out_total - md->out_taken;
    int n = left < s->frame_size ? (int)left : s->frame_size;
    av_frame_unref(f);
    if (n <= 0)
        return AVERROR_EOF;
    while (av_audio_fifo_size(md->fifo) < n) {
        int ret = produce(md);
        if (ret == AVERROR_EOF)
            break;
        if (ret < 0)
            return ret;
    }
    f->nb_samples = n;
    f->format = s->fmt;
    f->sample_rate = s->rate;
    av_channel_layout_default(&f->ch_layout, s->channels);
    int ret = av_frame_get_buffer(f, 0);
    if (ret < 0)
        return vf_error_set(VF_ERR_INTERNAL, "out of memory for an audio frame");
    int got = av_audio_fifo_read(md->fifo, (void **)f->extended_data, n);
    if (got < n) /* the converter gave a sample less than the rate's exact count */
        av_samples_set_silence(f->extended_data, got < 0 ? 0 : got, n - (got < 0 ? 0 : got),
                               s->channels, s->fmt);
    md->out_taken += n;
    return 0;
}

void vf_mixdown_stats(const VfMixdown *md, VfMixdownStats *st)
{
    *st = md->stats;
    vf_loudness_meter_result(md->meter, &st->out);
    st->limiter_db = md->limiter ? vf_limiter_min_gain_db(md->limiter) : 0;
    st->duck_depth = vf_mixer_duck_depth(md->mixer);
}

void vf_mixdown_free(VfMixdown **pmd)
{
    VfMixdown *md = pmd ? *pmd : NULL;
    if (!md)
        return;
    vf_mixer_free(&md->mixer);
    vf_limiter_free(&md->limiter);
    vf_loudness_meter_free(&md->meter);
    swr_free(&md->swr);
    if (md->fifo)
        av_audio_fifo_free(md->fifo);
    free(md->block);
    free(md);
    *pmd = NULL;
}
