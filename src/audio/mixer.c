#include "audio/mixer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audio/envelope.h"
#include "audio/source.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"

#define CHUNK 4096
#define XFADE 480                 /* 10 ms loop seams */
#define STEP 32                   /* frames between exactly computed gains */
#define DB_TO_LN (M_LN10 / 20)

typedef struct Track {
    const VfMixTrack *spec;
    VfAudioSource *src;
    int64_t first, end;           /* output frames [first, end) it may sound in */
    double len;                   /* seconds from start to its end (for fades) */
    float *pend;                  /* decoded frames not yet mixed */
    int npend, cap;
    int64_t body;                 /* frames of the current pass through the source */
    int src_done;
    int ducked;                   /* its role is the ducked one */
} Track;

struct VfMixer {
    const VfMixPlan *plan;
    Track *tracks;
    int nb_tracks;
    VfDuckWindow *windows;
    int nb_windows;
    int64_t pos, length;
    float *scratch;
    double duck_in, duck_out;     /* power of ducked tracks: fully ducked, untouched */
    int64_t n_in, n_out;
};

static int open_track(VfMixer *m, Track *t, const VfMixTrack *spec, double duration,
                      double network_seconds)
{
    VfAudioSourceSetup s = { spec->path, spec->origin, spec->trim_start, spec->trim_end,
                             spec->speed > 0 ? spec->speed : 1, network_seconds };
    t->spec = spec;
    int ret = vf_audio_source_open(&t->src, &s);
    if (ret < 0)
        return ret;
    double end = spec->end < duration ? spec->end : duration;
    double heard = vf_audio_source_length(t->src);
    if (!spec->loop && heard >= 0 && spec->start + heard < end)
        end = spec->start + heard;
    t->first = llround(spec->start * VF_MIX_RATE);
    t->end = llround(end * VF_MIX_RATE);
    t->len = end - spec->start;
    t->ducked = m->plan->ducking.enabled && spec->role == m->plan->ducking.duck;
    return 0;
}

static int add_windows(VfMixer *m)
{
    if (!m->plan->ducking.enabled)
        return 0;
    if (!(m->windows = calloc((size_t)m->nb_tracks + 1, sizeof(*m->windows))))
        return VF_ERR_INTERNAL;
    for (int i = 0; i < m->nb_tracks; i++) {
        const Track *t = &m->tracks[i];
        if (t->spec->role == m->plan->ducking.under && t->end > t->first)
            m->windows[m->nb_windows++] = (VfDuckWindow){ (double)t->first / VF_MIX_RATE,
                                                          (double)t->end / VF_MIX_RATE };
    }
    return 0;
}

int vf_mixer_create(VfMixer **out, const VfMixPlan *plan, double duration,
                    double network_seconds)
{
    VfMixer *m = calloc(1, sizeof(*m));
    int ret = m ? 0 : VF_ERR_INTERNAL;
    if (ret >= 0) {
        m->plan = plan;
        m->length = llround(duration * VF_MIX_RATE);
        m->tracks = calloc((size_t)plan->nb_tracks + 1, sizeof(*m->tracks));
        m->scratch = malloc(sizeof(float) * 2 * CHUNK);
        ret = m->tracks && m->scratch ? 0 : VF_ERR_INTERNAL;
    }
    for (int i = 0; ret >= 0 && i < plan->nb_tracks; i++, m->nb_tracks++)
        ret = open_track(m, &m->tracks[i], &plan->tracks[i], duration, network_seconds);
    if (ret >= 0)
        ret = add_windows(m);
    if (ret < 0)
        vf_mixer_free(&m);
    *out = m;
    return ret;
}

int64_t vf_mixer_length(const VfMixer *m)
{
    return m->length;
}

static int reserve(Track *t, int more)
{
    if (t->npend + more <= t->cap)
        return 0;
    int cap = t->npend + more + CHUNK;
    float *p = realloc(t->pend, sizeof(float) * 2 * (size_t)cap);
    if (!p)
        return VF_ERR_INTERNAL;
    t->pend = p;
    t->cap = cap;
    return 0;
}

/* The source ended a pass: start the next one, blending its first 10 ms into
 * the last 10 ms held back from this one (a pass shorter than 20 ms joins
 * sample to sample). */
static int loop_seam(Track *t)
{
    if (!t->spec->loop || t->body == 0) {
        t->src_done = 1;
        return 0;
    }
    int ret = vf_audio_source_rewind(t->src);
    if (ret >= 0)
        ret = reserve(t, XFADE);
    float *head = t->pend + 2 * t->npend;
    int got = ret >= 0 ? vf_audio_source_read(t->src, head, XFADE) : ret;
    if (got < 0)
        return got;
    if (got == 0) { /* nothing after rewinding: stop rather than spin */
        t->src_done = 1;
        return 0;
    }
    if (t->body >= 2 * XFADE && got == XFADE && t->npend >= XFADE) {
        float *tail = head - 2 * XFADE;
        for (int i = 0; i < XFADE; i++) {
            float w = (float)(i + 1) / (XFADE + 1);
            tail[2 * i] = tail[2 * i] * (1 - w) + head[2 * i] * w;
            tail[2 * i + 1] = tail[2 * i + 1] * (1 - w) + head[2 * i + 1] * w;
        }
    } else {
        t->npend += got;
    }
    t->body = got;
    return 0;
}

/* Takes n frames of the track's source (zeros once it has ended). */
static int pull(Track *t, float *dst, int n)
{
    int got = 0;
    while (got < n) {
        int hold = t->spec->loop && !t->src_done ? XFADE : 0;
        int avail = t->npend - hold;
        if (avail > 0) {
            int k = avail < n - got ? avail : n - got;
            memcpy(dst + 2 * got, t->pend, sizeof(float) * 2 * (size_t)k);
            memmove(t->pend, t->pend + 2 * k, sizeof(float) * 2 * (size_t)(t->npend - k));
            t->npend -= k;
            got += k;
            continue;
        }
        if (t->src_done) {
            memset(dst + 2 * got, 0, sizeof(float) * 2 * (size_t)(n - got));
            return 0;
        }
        int ret = reserve(t, CHUNK);
        if (ret >= 0)
            ret = vf_audio_source_read(t->src, t->pend + 2 * t->npend, CHUNK);
        if (ret < 0)
            return ret;
        t->npend += ret;
        t->body += ret;
        if (ret == 0 && (ret = loop_seam(t)) < 0)
            return ret;
    }
    return 0;
}

/* The track's gain (amplitude) at output frame f, and how far ducked. */
static double gain_at(const VfMixer *m, const Track *t, int64_t f, double *amount)
{
    const VfMixDucking *d = &m->plan->ducking;
    double now = (double)f / VF_MIX_RATE, tt = now - t->spec->start;
    double db = vf_volume_db_at(t->spec, tt);
    *amount = t->ducked ? vf_duck_amount(m->windows, m->nb_windows, d->attack, d->release, now)
                        : 0;
    return exp((db + d->depth * *amount) * DB_TO_LN) * vf_fades_at(t->spec, tt, t->len);
}

/* Adds frames [a, b) of the output from track t (already pulled into src).
 * The gain is computed exactly every STEP frames and at the span's end, and
 * interpolated linearly between (envelopes move over tens of milliseconds:
 * the difference from computing every frame stays under 0.001 dB). */
static void mix_span(VfMixer *m, const Track *t, const float *src, int64_t a, int64_t b,
                     float *dst)
{
    double amount, next_amount;
    double g = gain_at(m, t, a, &amount);
    for (int64_t f0 = a; f0 < b; f0 += STEP) {
        int64_t f1 = f0 + STEP < b ? f0 + STEP : b;
        double g1 = gain_at(m, t, f1 == b ? b - 1 : f1, &next_amount);
        double dg = f1 == b ? (b - 1 > f0 ? (g1 - g) / (double)(b - 1 - f0) : 0)
                            : (g1 - g) / (double)(f1 - f0);
        double p = 0;
        for (int64_t f = f0; f < f1; f++) {
            double gf = g + dg * (double)(f - f0);
            const float *s = src + 2 * (f - a);
            float l = (float)(s[0] * gf), r = (float)(s[1] * gf);
            dst[2 * (f - m->pos)] += l;
            dst[2 * (f - m->pos) + 1] += r;
            p += (double)l * l + (double)r * r;
        }
        if (t->ducked && amount >= 1 && next_amount >= 1) /* fully ducked throughout */
            m->duck_in += p, m->n_in += f1 - f0;
        else if (t->ducked && amount <= 0 && next_amount <= 0)
            m->duck_out += p, m->n_out += f1 - f0;
        g = g1;
        amount = next_amount;
    }
}

int vf_mixer_read(VfMixer *m, float *dst, int n)
{
    if (m->pos + n > m->length)
        n = (int)(m->length - m->pos);
    memset(dst, 0, sizeof(float) * 2 * (size_t)n);
    for (int i = 0; i < m->nb_tracks; i++) {
        Track *t = &m->tracks[i];
        for (int64_t a = m->pos > t->first ? m->pos : t->first; a < m->pos + n && a < t->end;) {
            int64_t b = m->pos + n < t->end ? m->pos + n : t->end;
            if (b - a > CHUNK)
                b = a + CHUNK;
            int ret = pull(t, m->scratch, (int)(b - a));
            if (ret < 0)
                return ret;
            mix_span(m, t, m->scratch, a, b, dst);
            a = b;
        }
    }
    m->pos += n;
    return vf_interrupt_requested() ? VF_ERR_INTERRUPTED : n;
}

double vf_mixer_duck_depth(const VfMixer *m)
{
    if (!m->plan->ducking.enabled || !m->n_in || !m->n_out || m->duck_in <= 0 || m->duck_out <= 0)
        return NAN;
    return 10 * log10((m->duck_in / m->n_in) / (m->duck_out / m->n_out));
}

void vf_mixer_free(VfMixer **pm)
{
    VfMixer *m = pm ? *pm : NULL;
    if (!m)
        return;
    for (int i = 0; i < m->nb_tracks; i++) {
        vf_audio_source_free(&m->tracks[i].src);
        free(m->tracks[i].pend);
    }
    free(m->tracks);
    free(m->windows);
    free(m->scratch);
    free(m);
    *pm = NULL;
}
