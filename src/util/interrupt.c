#include "vidforge/interrupt.h"

static volatile sig_atomic_t own_flag;
static volatile sig_atomic_t *stop_flag = &own_flag;

void vf_interrupt_request(void)
{
    *stop_flag = 1;
}

int vf_interrupt_requested(void)
{
    return *stop_flag != 0;
}

void vf_interrupt_reset(void)
{
    *stop_flag = 0;
}

volatile sig_atomic_t *vf_interrupt_flag(void)
{
    return stop_flag;
}

void vf_interrupt_bind(volatile sig_atomic_t *flag)
{
    volatile sig_atomic_t *to = flag ? flag : &own_flag;
    if (*stop_flag)
        *to = 1;
    stop_flag = to;
}
