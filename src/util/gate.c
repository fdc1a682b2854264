/* A counting gate; see gate.h. */
#include "util/gate.h"

#include <pthread.h>
#include <stdlib.h>

#include "util/clock.h"

struct VfGate {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    int slots, used;
    int waits, peak;
    double waited;
};

VfGate *vf_gate_create(int slots)
{
    VfGate *g = slots >= 1 ? calloc(1, sizeof(*g)) : NULL;
    if (!g)
        return NULL;
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->freed, NULL);
    g->slots = slots;
    return g;
}

void vf_gate_free(VfGate **pg)
{
    VfGate *g = pg ? *pg : NULL;
    if (!g)
        return;
    pthread_cond_destroy(&g->freed);
    pthread_mutex_destroy(&g->lock);
    free(g);
    *pg = NULL;
}

void vf_gate_enter(VfGate *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&g->lock);
    if (g->used >= g->slots) {
        double t = vf_now();
        while (g->used >= g->slots)
            pthread_cond_wait(&g->freed, &g->lock);
        g->waits++;
        g->waited += vf_now() - t;
    }
    g->used++;
    g->peak = g->used > g->peak ? g->used : g->peak;
    pthread_mutex_unlock(&g->lock);
}

void vf_gate_leave(VfGate *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&g->lock);
    g->used--;
    pthread_cond_signal(&g->freed);
    pthread_mutex_unlock(&g->lock);
}

void vf_gate_stats(VfGate *g, int *waits, double *seconds, int *peak)
{
    *waits = *peak = 0;
    *seconds = 0;
    if (!g)
        return;
    pthread_mutex_lock(&g->lock);
    *waits = g->waits;
    *seconds = g->waited;
    *peak = g->peak;
    pthread_mutex_unlock(&g->lock);
}
