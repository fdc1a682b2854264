/* The audio stage's pieces on their own: fade curves, volume keyframes, the
 * ducking envelope, the mixer placing and looping sources to the sample, and
 * the limiter holding its ceiling (measured by libebur128's own 4x true peak). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audio/envelope.h"
#include "audio/limiter.h"
#include "audio/loudness.h"
#include "audio/mixer.h"
#include "check.h"
#include "frames.h"
#include "tmpfile.h"

#define FF "ffmpeg -hide_banner -loglevel error -y "
#define RATE 48000

static void fades(void)
{
    CHECK(fabs(vf_fade_gain(VF_CURVE_LINEAR, 0.25) - 0.25) < 1e-12, "linear");
    CHECK(fabs(vf_fade_gain(VF_CURVE_LOG, 0.5) - log10(5.5)) < 1e-12, "log");
    CHECK(fabs(vf_fade_gain(VF_CURVE_EXP, 0.5) - (sqrt(10) - 1) / 9) < 1e-12, "exp");
    for (int c = 0; c < VF_CURVE_COUNT; c++) {
        CHECK(vf_fade_gain(c, 0) == 0 && fabs(vf_fade_gain(c, 1) - 1) < 1e-12, "curve %d ends", c);
        CHECK(vf_fade_gain(c, -1) == 0 && fabs(vf_fade_gain(c, 2) - 1) < 1e-12, "curve %d clamps", c);
    }
    VfMixTrack t = { .fade_in = 2, .fade_out = 1, .fade_in_curve = VF_CURVE_LINEAR,
                     .fade_out_curve = VF_CURVE_EXP };
    CHECK(fabs(vf_fades_at(&t, 0.5, 10) - 0.25) < 1e-12, "fade in at 0.5 s");
    CHECK(fabs(vf_fades_at(&t, 5, 10) - 1) < 1e-12, "between the fades");
    CHECK(fabs(vf_fades_at(&t, 9.5, 10) - (sqrt(10) - 1) / 9) < 1e-12, "fade out half-way");
}

static void volume_keys(void)
{
    VfVolumeKey keys[] = { { 1, -20 }, { 3, 0 }, { 4, -6 } };
    VfMixTrack t = { .volume = 5, .keys = keys, .nb_keys = 3 };
    CHECK(vf_volume_db_at(&t, 0) == -20, "held before the first key");
    CHECK(fabs(vf_volume_db_at(&t, 2) + 10) < 1e-12, "linear in dB between keys");
    CHECK(fabs(vf_volume_db_at(&t, 3.5) + 3) < 1e-12, "second span");
    CHECK(vf_volume_db_at(&t, 9) == -6, "held after the last key");
    t.nb_keys = 0;
    CHECK(vf_volume_db_at(&t, 2) == 5, "constant");
}

static void ducking(void)
{
    VfDuckWindow w[] = { { 4, 6 }, { 6.5, 7 } };
    CHECK(vf_duck_amount(w, 2, 0.5, 1, 3.4) == 0, "before the attack");
    CHECK(fabs(vf_duck_amount(w, 2, 0.5, 1, 3.75) - 0.5) < 1e-12, "attack half-way");
    CHECK(vf_duck_amount(w, 2, 0.5, 1, 4) == 1, "full at the voice's start");
    CHECK(vf_duck_amount(w, 2, 0.5, 1, 5.99) == 1, "full inside");
    CHECK(fabs(vf_duck_amount(w, 2, 0.5, 1, 6.25) - 0.75) < 1e-12, "release and next attack: the deeper");
    CHECK(fabs(vf_duck_amount(w, 2, 0.5, 1, 7.5) - 0.5) < 1e-12, "release half-way");
    CHECK(vf_duck_amount(w, 2, 0, 0, 3.999) == 0 && vf_duck_amount(w, 2, 0, 0, 4) == 1, "steps");
}

/* Reads the whole mix of plan (duration seconds) into a new buffer. */
static float *mix_all(const VfMixPlan *plan, double duration, int64_t *n)
{
    VfMixer *m = NULL;
    if (vf_mixer_create(&m, plan, duration, 0) < 0)
        return NULL;
    *n = vf_mixer_length(m);
    float *buf = calloc((size_t)*n * 2 + 2, sizeof(float));
    int64_t got = 0;
    for (int r = 1; buf && r > 0 && got < *n; got += r)
        r = vf_mixer_read(m, buf + 2 * got, 1000);
    vf_mixer_free(&m);
    return buf;
}

static void placement(void)
{
    const char *d = vf_tmp_dir();
    vf_test_sh(FF "-f lavfi -i 'aevalsrc=if(eq(n\\,0)\\,0.8\\,0):d=1:s=48000' -ac 2 %s/click.wav", d);
    char path[600];
    snprintf(path, sizeof(path), "%s/click.wav", d);
    VfMixTrack t = { .id = "click", .path = path, .start = 3.0, .end = 5, .trim_end = -1,
                     .origin = NAN, .speed = 1 };
    VfMixPlan plan = { .active = 1, .tracks = &t, .nb_tracks = 1 };
    int64_t n = 0, peak = -1;
    float *buf = mix_all(&plan, 5, &n);
    CHECK(buf && n == 5 * RATE, "mix of %lld frames", (long long)n);
    for (int64_t i = 0; buf && i < n; i++)
        if (buf[2 * i] != 0 && peak < 0)
            peak = i;
    CHECK(peak == 144000, "click at frame %lld, want 144000", (long long)peak);
    CHECK(buf && fabsf(buf[2 * 144000] - 0.8f * (float)M_SQRT1_2) < 1e-3, "click at its level (mono to stereo: -3 dB)");
    free(buf);
    t.trim_start = 0.5; /* trimmed past the click: silence */
    buf = mix_all(&plan, 5, &n);
    float pk = 0;
    for (int64_t i = 0; buf && i < 2 * n; i++)
        pk = fabsf(buf[i]) > pk ? fabsf(buf[i]) : pk;
    CHECK(buf && pk == 0, "trim skips the click: peak %g", pk);
    free(buf);
}

/* A looped tone whose period does not divide the loop: no sample-to-sample
 * step larger than the tone's own (a seam without the crossfade jumps). */
static void loop_seams(void)
{
    const char *d = vf_tmp_dir();
    vf_test_sh(FF "-f lavfi -i 'sine=f=440:d=0.2513:r=48000' -af volume=4 -ac 2 %s/tone.wav", d);
    char path[600];
    snprintf(path, sizeof(path), "%s/tone.wav", d);
    VfMixTrack t = { .id = "tone", .path = path, .start = 0, .end = 2, .trim_end = -1,
                     .origin = NAN, .speed = 1, .loop = 1 };
    VfMixPlan plan = { .active = 1, .tracks = &t, .nb_tracks = 1 };
    int64_t n = 0;
    float *buf = mix_all(&plan, 2, &n);
    double step = 0, amp = 0;
    for (int64_t i = 1; buf && i < n; i++) {
        double s = fabs(buf[2 * i] - buf[2 * i - 2]);
        step = s > step ? s : step;
        amp = fabs(buf[2 * i]) > amp ? fabs(buf[2 * i]) : amp;
    }
    double max_step = amp * 2 * M_PI * 440 / RATE * 1.05;
    CHECK(buf && amp > 0.3, "the tone loops to the end (amplitude %.3f)", amp);
    CHECK(buf && step <= max_step, "largest step %.4f, a 440 Hz tone's is %.4f", step, max_step);
    double tail = 0;
    for (int64_t i = n - RATE / 10; buf && i < n; i++)
        tail = fabs(buf[2 * i]) > tail ? fabs(buf[2 * i]) : tail;
    CHECK(tail > 0.3, "still sounding in the last 0.1 s (%.3f)", tail);
    free(buf);
}

static void limiter(void)
{
    int n = 4 * RATE;
    float *x = malloc(sizeof(float) * 2 * n);
    unsigned seed = 1;
    for (int i = 0; x && i < n; i++) { /* noise with loud bursts and single-sample spikes */
        seed = seed * 1103515245u + 12345u;
        double v = ((seed >> 8) / 16777216.0 - 0.5) * 0.4;
        if (i % 12000 < 300)
            v *= 12;
        if (i % 7919 == 0)
            v = 6;
        x[2 * i] = (float)v;
        x[2 * i + 1] = (float)(-v * 0.9);
    }
    VfLimiter *l = NULL;
    VfLoudnessMeter *m = NULL;
    int ret = x ? vf_limiter_create(&l, -1.0) : -1;
    if (ret >= 0)
        ret = vf_loudness_meter_create(&m, 1);
    if (ret >= 0) {
        int lat = vf_limiter_latency(l);
        vf_limiter_process(l, x, x, n);
        vf_loudness_meter_add(m, x + 2 * lat, (size_t)(n - lat));
        VfLoudness lo;
        vf_loudness_meter_result(m, &lo);
        /* the limiter's 16-tap interpolation and libebur128's 49-tap one
         * disagree by a little on single-sample spikes */
        CHECK(lo.true_peak <= -1.0 + 0.2, "true peak %.2f dBTP over the -1 ceiling", lo.true_peak);
        CHECK(vf_limiter_min_gain_db(l) < -15, "the limiter worked (%.1f dB)",
              vf_limiter_min_gain_db(l));
    }
    CHECK(ret >= 0, "limiter and meter");
    vf_loudness_meter_free(&m);
    vf_limiter_free(&l);
    free(x);
}

int main(void)
{
    fades();
    volume_keys();
    ducking();
    placement();
    loop_seams();
    limiter();
    return vf_check_summary("audio_mix");
}
