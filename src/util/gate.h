/* A gate: at most `slots` holders at once (a counting semaphore).
 *
 * A batch runs several rows at once; each row's encoder (x264 at 1080p holds
 * 180 to 270 MB of frames) passes the batch's gate, so the batch's peak
 * memory stays near one render's while the other rows plan, assemble and
 * verify. Every function accepts NULL: no gate, nothing waits. Thread-safe;
 * vf_gate_enter blocks until a slot is free. */
#ifndef VF_UTIL_GATE_H
#define VF_UTIL_GATE_H

typedef struct VfGate VfGate;

/* NULL when slots < 1 or memory is short. */
VfGate *vf_gate_create(int slots);
void vf_gate_free(VfGate **g);

void vf_gate_enter(VfGate *g);
void vf_gate_leave(VfGate *g);

/* So far: the times a holder had to wait for a slot, the seconds waited,
 * and the most holders at once. All 0 for NULL. */
void vf_gate_stats(VfGate *g, int *waits, double *seconds, int *peak);

#endif
