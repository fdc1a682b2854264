#include "audio/loudness.h"

#include <math.h>
#include <stdlib.h>

#include <ebur128.h>

#include "audio/source.h"
#include "vidforge/error.h"

struct VfLoudnessMeter {
    ebur128_state *st;
    int full;
};

int vf_loudness_meter_create(VfLoudnessMeter **out, int full)
{
    VfLoudnessMeter *m = calloc(1, sizeof(*m));
    int mode = EBUR128_MODE_I | (full ? EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK |
                                        EBUR128_MODE_SAMPLE_PEAK : 0);
    if (m && !(m->st = ebur128_init(2, VF_MIX_RATE, mode)))
        vf_loudness_meter_free(&m);
    *out = m;
    if (m)
        m->full = full;
    return m ? 0 : vf_error_set(VF_ERR_INTERNAL, "cannot start a loudness meter");
}

int vf_loudness_meter_add(VfLoudnessMeter *m, const float *frames, size_t n)
{
    return ebur128_add_frames_float(m->st, frames, n) == EBUR128_SUCCESS
         ? 0 : vf_error_set(VF_ERR_INTERNAL, "the loudness meter failed");
}

static double peak_db(ebur128_state *st, int (*fn)(ebur128_state *, unsigned, double *))
{
    double pk = 0;
    for (unsigned c = 0; c < 2; c++) {
        double v = 0;
        if (fn(st, c, &v) == EBUR128_SUCCESS && v > pk)
            pk = v;
    }
    return pk > 0 ? 20 * log10(pk) : -HUGE_VAL;
}

void vf_loudness_meter_result(const VfLoudnessMeter *m, VfLoudness *out)
{
    *out = (VfLoudness){ -HUGE_VAL, 0, -HUGE_VAL, -HUGE_VAL };
    ebur128_loudness_global(m->st, &out->integrated);
    if (!m->full)
        return;
    ebur128_loudness_range(m->st, &out->range);
    out->true_peak = peak_db(m->st, ebur128_true_peak);
    out->sample_peak = peak_db(m->st, ebur128_sample_peak);
}

void vf_loudness_meter_free(VfLoudnessMeter **pm)
{
    VfLoudnessMeter *m = pm ? *pm : NULL;
    if (!m)
        return;
    if (m->st)
        ebur128_destroy(&m->st);
    free(m);
    *pm = NULL;
}

int vf_loudness_measure_file(const char *path, double network_seconds, VfLoudness *out)
{
    VfAudioSourceSetup setup = { .path = path, .origin = NAN, .trim_end = -1, .speed = 1,
                                 .network_seconds = network_seconds };
    VfAudioSource *src = NULL;
    VfLoudnessMeter *m = NULL;
    float *buf = malloc(sizeof(float) * 2 * 4096);
    int ret = buf ? vf_audio_source_open(&src, &setup) : VF_ERR_INTERNAL;
    if (ret >= 0)
        ret = vf_loudness_meter_create(&m, 1);
    while (ret >= 0 && (ret = vf_audio_source_read(src, buf, 4096)) > 0)
        ret = vf_loudness_meter_add(m, buf, (size_t)ret);
    if (ret >= 0)
        vf_loudness_meter_result(m, out);
    vf_loudness_meter_free(&m);
    vf_audio_source_free(&src);
    free(buf);
    return ret < 0 ? ret : 0;
}
