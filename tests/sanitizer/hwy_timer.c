/* Preloaded under valgrind on hosts without RDTSCP (see test_valgrind.sh).
 * Replaces hwy::platform::TimerResolution(), which libhwy calls through its
 * PLT from a load-time constructor: valgrind's emulated CPUID claims RDTSCP,
 * the function then executes it, and valgrind (which decodes RDTSCP only when
 * the host has it) stops the process with SIGILL. The value only calibrates
 * Highway's benchmark timers; nothing vidforge uses depends on it. */
#include <stdint.h>

uint64_t _ZN3hwy8platform15TimerResolutionEv(void);

uint64_t _ZN3hwy8platform15TimerResolutionEv(void)
{
    return 1;
}
