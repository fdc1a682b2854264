/* Wall-clock seconds from a monotonic clock, for durations. */
#ifndef VF_UTIL_CLOCK_H
#define VF_UTIL_CLOCK_H

double vf_now(void);

#endif
