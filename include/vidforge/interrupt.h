/* The process-wide stop request (SIGINT, SIGTERM, SIGHUP, a closed stdout).
 * Async-signal-safe to request. There is one flag per process: the
 * executable owns it and the engine module, which links its own copy of this
 * code, binds to it (vf_interrupt_bind) before it does anything else, so a
 * signal that arrives while the module loads is not lost. */
#ifndef VIDFORGE_INTERRUPT_H
#define VIDFORGE_INTERRUPT_H

#include <signal.h>

/* Asks every running render to stop at its next frame or blocking read. */
void vf_interrupt_request(void);

/* 1 after vf_interrupt_request, until vf_interrupt_reset. */
int vf_interrupt_requested(void);

void vf_interrupt_reset(void);

/* The flag this copy of the module reads and writes: its own, or the one
 * bound. The executable passes it to the engine module's entry point. */
volatile sig_atomic_t *vf_interrupt_flag(void);

/* Makes this copy read and write flag (owned by the caller, alive for the
 * whole process) instead of its own; NULL goes back to its own. A request
 * already made on either flag is kept. Call before any thread starts. */
void vf_interrupt_bind(volatile sig_atomic_t *flag);

#endif
