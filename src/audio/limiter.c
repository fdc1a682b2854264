#include "audio/limiter.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vidforge/error.h"

#define HALF 8                 /* interpolation taps each side */
#define LOOK 240               /* look-ahead and smoothing, frames (5 ms) */
#define RING 1024              /* > HALF * 2 + LOOK * 2, a power of two */
#define MASK (RING - 1)
#define RELEASE_S 0.05

struct VfLimiter {
    double ceiling;            /* amplitude */
    float coef[3][2 * HALF];   /* phases 1/4, 2/4, 3/4 */
    float x[RING][2];          /* input frames */
    float lin[2][2 * RING];    /* each channel twice over, so any window is contiguous */
    float coef_abs;            /* sum of |coef| of a phase, at most: bounds an interpolation */
    float need[RING];          /* gain each frame needs */
    long long dq[RING];        /* monotonic queue of frame indices (sliding minimum) */
    long long dq_head, dq_tail;
    float held[RING];          /* after minimum and release */
    double sum;                /* of held over the last LOOK frames */
    double released;           /* the release's running gain */
    double rel;                /* release step factor */
    double min_gain;
    long long i;               /* frames taken in */
};

static void make_coefs(VfLimiter *l)
{
    for (int p = 0; p < 3; p++) {
        double t = (p + 1) / 4.0;
        for (int k = 0; k < 2 * HALF; k++) {
            double d = t - (k - HALF + 1);      /* distance to tap x[j + k - HALF + 1] */
            double sinc = fabs(d) < 1e-12 ? 1 : sin(M_PI * d) / (M_PI * d);
            double w = 0.5 + 0.5 * cos(M_PI * d / (HALF + 1)); /* Hann over the span */
            l->coef[p][k] = (float)(sinc * w);
        }
    }
    for (int p = 0; p < 3; p++) {
        float sum = 0;
        for (int k = 0; k < 2 * HALF; k++)
            sum += fabsf(l->coef[p][k]);
        l->coef_abs = sum > l->coef_abs ? sum : l->coef_abs;
    }
}

int vf_limiter_create(VfLimiter **out, double ceiling_db)
{
    VfLimiter *l = calloc(1, sizeof(*l));
    *out = l;
    if (!l)
        return vf_error_set(VF_ERR_INTERNAL, "out of memory for the limiter");
    l->ceiling = pow(10, ceiling_db / 20);
    l->released = 1;
    l->min_gain = 1;
    l->rel = 1 - exp(-1.0 / (RELEASE_S * 48000));
    for (int k = 0; k < RING; k++)
        l->held[k] = 1;
    l->sum = LOOK;
    make_coefs(l);
    return 0;
}

int vf_limiter_latency(const VfLimiter *l)
{
    (void)l;
    return HALF + LOOK - 1;
}

/* Estimated peak around frame j: its samples and the interpolated points
 * towards j + 1 (needs frames j - HALF + 1 .. j + HALF). Interpolating is
 * skipped where even the largest sum the taps could make stays under the
 * ceiling (most of a mix). */
static double peak_at(const VfLimiter *l, long long j)
{
    double pk = 0;
    int start = (int)((j - HALF + 1) & MASK);
    for (int c = 0; c < 2; c++) {
        const float *w = &l->lin[c][start];
        float big = 0;
        for (int k = 0; k < 2 * HALF; k++)
            big = fabsf(w[k]) > big ? fabsf(w[k]) : big;
        double v = fabs(l->x[j & MASK][c]);
        pk = v > pk ? v : pk;
        if (big * l->coef_abs <= l->ceiling)
            continue;
        for (int p = 0; p < 3; p++) {
            float acc = 0;
            for (int k = 0; k < 2 * HALF; k++)
                acc += l->coef[p][k] * w[k];
            pk = fabsf(acc) > pk ? fabsf(acc) : pk;
        }
    }
    return pk;
}

/* Frame j's need is known: push it into the sliding minimum. */
static void push_need(VfLimiter *l, long long j)
{
    double pk = peak_at(l, j);
    float need = pk > l->ceiling ? (float)(l->ceiling / pk) : 1.0f;
    l->need[j & MASK] = need;
    while (l->dq_tail > l->dq_head && l->need[l->dq[(l->dq_tail - 1) & MASK] & MASK] >= need)
        l->dq_tail--;
    l->dq[l->dq_tail++ & MASK] = j;
}

/* The gain for frame k (whose window of needs [k, k + LOOK) is complete). */
static float gain_for(VfLimiter *l, long long k)
{
    while (l->dq_tail - l->dq_head > 1 && l->dq[l->dq_head & MASK] < k)
        l->dq_head++;
    double h = l->need[l->dq[l->dq_head & MASK] & MASK];
    l->released += (1 - l->released) * l->rel;
    if (h < l->released)
        l->released = h;
    if (k == 0) { /* the frames before the first count as needing what it needs */
        for (int m = 0; m < RING; m++)
            l->held[m] = (float)l->released;
        l->sum = LOOK * l->released;
    }
    l->sum += l->released - l->held[(k - LOOK) & MASK];
    l->held[k & MASK] = (float)l->released;
    double g = l->sum / LOOK;
    if (g < l->min_gain)
        l->min_gain = g;
    return (float)g;
}

void vf_limiter_process(VfLimiter *l, const float *in, float *out, int n)
{
    for (int f = 0; f < n; f++) {
        long long i = l->i++;
        l->x[i & MASK][0] = in[2 * f];
        l->x[i & MASK][1] = in[2 * f + 1];
        for (int c = 0; c < 2; c++)
            l->lin[c][i & MASK] = l->lin[c][(i & MASK) + RING] = in[2 * f + c];
        long long j = i - HALF;            /* its interpolation window is complete */
        if (j >= 0)
            push_need(l, j);
        long long k = j - LOOK + 1;        /* its look-ahead window is complete */
        float g = k >= 0 ? gain_for(l, k) : 1;
        out[2 * f] = k >= 0 ? l->x[k & MASK][0] * g : 0;
        out[2 * f + 1] = k >= 0 ? l->x[k & MASK][1] * g : 0;
    }
}

double vf_limiter_min_gain_db(const VfLimiter *l)
{
    return 20 * log10(l->min_gain);
}

void vf_limiter_free(VfLimiter **l)
{
    if (l) {
        free(*l);
        *l = NULL;
    }
}
