#include "audio/envelope.h"

#include <math.h>

double vf_fade_gain(int curve, double x)
{
    x = x < 0 ? 0 : x > 1 ? 1 : x;
    switch (curve) {
    case VF_CURVE_LOG: return log10(1 + 9 * x);
    case VF_CURVE_EXP: return (pow(10, x) - 1) / 9;
    default: return x;
    }
}

double vf_volume_db_at(const VfMixTrack *t, double tt)
{
    if (t->nb_keys == 0)
        return t->volume;
    const VfVolumeKey *k = t->keys;
    if (tt <= k[0].time)
        return k[0].db;
    for (int i = 1; i < t->nb_keys; i++) {
        if (tt < k[i].time) {
            double span = k[i].time - k[i - 1].time;
            double x = span > 0 ? (tt - k[i - 1].time) / span : 1;
            return k[i - 1].db + (k[i].db - k[i - 1].db) * x;
        }
    }
    return k[t->nb_keys - 1].db;
}

double vf_fades_at(const VfMixTrack *t, double tt, double len)
{
    double g = 1;
    if (t->fade_in > 0 && tt < t->fade_in)
        g *= vf_fade_gain(t->fade_in_curve, tt / t->fade_in);
    if (t->fade_out > 0 && tt > len - t->fade_out)
        g *= vf_fade_gain(t->fade_out_curve, (len - tt) / t->fade_out);
    return g;
}

static double window_amount(const VfDuckWindow *w, double attack, double release, double t)
{
    if (t >= w->start && t < w->end)
        return 1;
    if (t < w->start)
        return attack > 0 && t > w->start - attack ? 1 - (w->start - t) / attack : 0;
    return release > 0 && t < w->end + release ? 1 - (t - w->end) / release : 0;
}

double vf_duck_amount(const VfDuckWindow *w, int nb, double attack, double release, double t)
{
    double a = 0;
    for (int i = 0; i < nb && a < 1; i++) {
        double v = window_amount(&w[i], attack, release, t);
        if (v > a)
            a = v;
    }
    return a;
}
