#include "util/clock.h"

#include <time.h>

static double seconds(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

double vf_now(void)
{
    return seconds(CLOCK_MONOTONIC);
}

double vf_thread_cpu(void)
{
    return seconds(CLOCK_THREAD_CPUTIME_ID);
}
