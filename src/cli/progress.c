/* Progress on a terminal (one self-updating stderr line) or as JSON lines on
 * stdout, for scripts. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "vidforge/interrupt.h"
#include "vidforge/vidforge.h"

static void format_time(double s, char *buf, size_t n)
{
    if (s < 0) {
        snprintf(buf, n, "--:--");
        return;
    }
    long t = (long)(s + 0.5);
    snprintf(buf, n, "%ld:%02ld", t / 60, t % 60);
}

/* Rate limit: 1 when at least interval seconds passed since the last update
 * shown (or this is the first or the last frame). */
static int due(double *last_shown, const VfProgress *p, double interval)
{
    if (p->frame != p->nb_frames && *last_shown >= 0 && p->elapsed - *last_shown < interval)
        return 0;
    *last_shown = p->elapsed;
    return 1;
}

void vf_cli_progress_bar(void *opaque, const VfProgress *p)
{
    static double last_shown = -1;
    if (!due(&last_shown, p, 0.1))
        return;
    char eta[32];
    format_time(p->eta, eta, sizeof(eta));
    fprintf(stderr, "\r%3d%% | frame %lld/%lld | %.1f fps | %.2fx | ETA %s ",
            (int)(100 * p->frame / (p->nb_frames ? p->nb_frames : 1)), (long long)p->frame,
            (long long)p->nb_frames, p->fps, p->speed, eta);
    fflush(stderr);
}

void vf_cli_progress_json(void *opaque, const VfProgress *p)
{
    static double last_shown = -1;
    if (!due(&last_shown, p, 0.25))
        return;
    printf("{\"event\":\"progress\",\"frame\":%lld,\"frames\":%lld,\"fps\":%.2f,"
           "\"speed\":%.3f,\"eta\":%.2f}\n", (long long)p->frame, (long long)p->nb_frames,
           p->fps, p->speed, p->eta);
    /* the reader went away (| head -1): stop as on SIGTERM, even when SIGPIPE
     * is blocked and the write only failed with EPIPE */
    if (fflush(stdout) != 0 || ferror(stdout))
        vf_interrupt_request();
}

void vf_cli_progress_end(VfProgressMode mode)
{
    if (mode == VF_PROGRESS_BAR)
        fprintf(stderr, "\n");
}
