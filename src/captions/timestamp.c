/* Cue times: WebVTT's "collect a WebVTT timestamp", step by step, and the
 * looser SRT form. */
#include "captions/capint.h"

/* Collects ASCII digits at s[*pos]: their value (a double: hours may be
 * long) and count. */
static int digits(const char *s, size_t n, size_t *pos, double *value)
{
    int count = 0;
    *value = 0;
    while (*pos < n && s[*pos] >= '0' && s[*pos] <= '9') {
        *value = *value * 10 + (s[*pos] - '0');
        (*pos)++;
        count++;
    }
    return count;
}

static int at(const char *s, size_t n, size_t pos, char c)
{
    return pos < n && s[pos] == c;
}

/* Seconds from whole hours, minutes, seconds and milliseconds: one division
 * of an exact count, so "59.999" is the double nearest 59.999 (as a script
 * reading the same text gets), not 59 + 0.999 rounded twice. */
static double milliseconds(double h, double m, double s, double ms)
{
    return (((h * 60 + m) * 60 + s) * 1000 + ms) / 1000;
}

int vf_webvtt_timestamp(const char *s, size_t n, size_t *pos, double *out)
{
    double v1, v2, v3, v4;
    int hours = 0;
    if (*pos >= n || s[*pos] < '0' || s[*pos] > '9')
        return -1;
    int len = digits(s, n, pos, &v1);
    if (len != 2 || v1 > 59)
        hours = 1; /* more than two digits or over 59: the first field is hours */
    if (!at(s, n, *pos, ':'))
        return -1;
    (*pos)++;
    if (digits(s, n, pos, &v2) != 2)
        return -1;
    if (hours || at(s, n, *pos, ':')) {
        if (!at(s, n, *pos, ':'))
            return -1;
        (*pos)++;
        if (digits(s, n, pos, &v3) != 2)
            return -1;
    } else {
        v3 = v2;
        v2 = v1;
        v1 = 0;
    }
    if (!at(s, n, *pos, '.'))
        return -1;
    (*pos)++;
    if (digits(s, n, pos, &v4) != 3)
        return -1;
    if (v2 > 59 || v3 > 59)
        return -1;
    *out = milliseconds(v1, v2, v3, v4);
    return 0;
}

int vf_srt_timestamp(const char *s, size_t n, size_t *pos, double *out)
{
    double h, m, sec, frac = 0;
    int nf;
    if (!digits(s, n, pos, &h) || !at(s, n, *pos, ':'))
        return -1;
    (*pos)++;
    if (!digits(s, n, pos, &m) || m > 59 || !at(s, n, *pos, ':'))
        return -1;
    (*pos)++;
    if (!digits(s, n, pos, &sec) || sec > 59)
        return -1;
    if (at(s, n, *pos, ',') || at(s, n, *pos, '.')) {
        (*pos)++;
        nf = digits(s, n, pos, &frac);
        if (nf < 1 || nf > 3)
            return -1;
        for (; nf < 3; nf++)
            frac *= 10; /* ",5" is 500 ms */
    }
    *out = milliseconds(h, m, sec, frac);
    return 0;
}
