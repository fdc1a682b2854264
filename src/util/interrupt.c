#include <signal.h>
#include "vidforge/interrupt.h"

static volatile sig_atomic_t stop_requested;

void vf_interrupt_request(void)
{
    stop_requested = 1;
}

int vf_interrupt_requested(void)
{
    return stop_requested != 0;
}

void vf_interrupt_reset(void)
{
    stop_requested = 0;
}
