/* Clocks for durations, in seconds. */
#ifndef VF_UTIL_CLOCK_H
#define VF_UTIL_CLOCK_H

/* Wall-clock seconds from a monotonic clock. */
double vf_now(void);

/* CPU seconds the calling thread has used since it started. */
double vf_thread_cpu(void);

#endif
