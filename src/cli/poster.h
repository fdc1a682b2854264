/* render --poster SECONDS[:FILE]: the frame the video shows at SECONDS,
 * written beside it as a picture (.png, .jpg, .webp by FILE's extension;
 * default: the output's name with .png). The picture is drawn before the
 * video is encoded, kept under a hidden temporary name, and moved in place
 * only after the video was committed: a failed render leaves neither. */
#ifndef VF_CLI_POSTER_H
#define VF_CLI_POSTER_H

#include "cli/args.h"
#include "vidforge/plan.h"
#include "vidforge/vidforge.h"

typedef struct VfCliPoster {
    char *path;        /* final; NULL: no poster asked for */
    char *temp;        /* written, waiting for the video */
} VfCliPoster;

/* Parses a->poster, checks it against plan and the file system, and writes
 * the frame to p->temp. Returns 0, or an exit code with the message printed
 * (2: bad time or extension; 4: exists without -y, cannot write). */
int vf_cli_poster_stage(const VfCliArgs *a, VfEngine *e, const VfPlan *plan, const char *out,
                        VfCliPoster *p);

/* Moves the staged picture in place (after the video's commit). Returns 0
 * or an exit code (4) with the message printed. */
int vf_cli_poster_commit(VfCliPoster *p, int overwrite);

/* Removes what is staged, frees p's strings. Accepts an empty p. */
void vf_cli_poster_clear(VfCliPoster *p);

#endif
