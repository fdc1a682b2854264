/* Process-wide stop request (SIGINT/SIGTERM). Async-signal-safe to request. */
#ifndef VIDFORGE_INTERRUPT_H
#define VIDFORGE_INTERRUPT_H

/* Asks every running render to stop at its next frame or blocking read. */
void vf_interrupt_request(void);

/* 1 after vf_interrupt_request, until vf_interrupt_reset. */
int vf_interrupt_requested(void);

void vf_interrupt_reset(void);

#endif
