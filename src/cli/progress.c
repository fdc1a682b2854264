/* Progress on a terminal (one self-updating stderr line) or as JSON lines on
 * stdout, for scripts. */
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
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

void vf_cli_progress_bar(void *opaque, const VfProgress *p)
{
    static double last_shown = -1;
    int last = p->frame == p->nb_frames;
    if (!last && p->elapsed - last_shown < 0.1 && last_shown >= 0)
        return;
    last_shown = p->elapsed;
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
    int last = p->frame == p->nb_frames;
    if (!last && p->elapsed - last_shown < 0.25 && last_shown >= 0)
        return;
    last_shown = p->elapsed;
    printf("{\"event\":\"progress\",\"frame\":%lld,\"frames\":%lld,\"fps\":%.2f,"
           "\"speed\":%.3f,\"eta\":%.2f}\n", (long long)p->frame, (long long)p->nb_frames,
           p->fps, p->speed, p->eta);
    fflush(stdout);
}

void vf_cli_progress_end(VfProgressMode mode)
{
    if (mode == VF_PROGRESS_BAR)
        fprintf(stderr, "\n");
}
