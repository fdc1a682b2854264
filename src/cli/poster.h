/* render --poster SECONDS[:FILE], or the template's output.poster (which
 * the flag replaces): the frame the video shows at SECONDS, written as a
 * picture (.png, .jpg, .webp by FILE's extension; default: the output's name
 * with .png; the template's file is relative to the output's folder). The
 * picture is drawn before the video is encoded, kept under a hidden
 * temporary name (render/posterfile.h), and moved in place (or uploaded)
 * only after the video was committed: a failed render leaves neither. */
#ifndef VF_CLI_POSTER_H
#define VF_CLI_POSTER_H

#include "cli/args.h"
#include "render/posterfile.h"
#include "vidforge/plan.h"
#include "vidforge/vidforge.h"

typedef struct VfCliPoster {
    VfPosterFile file;  /* written, waiting for the video; path NULL: no poster */
} VfCliPoster;

/* Reads a->poster (else t's output.poster), checks it against plan and the
 * file system, and writes the frame under a temporary name. Returns 0, or an
 * exit code with the message printed (2: bad time, extension or place; 4:
 * exists without -y, cannot write). */
int vf_cli_poster_stage(const VfCliArgs *a, VfEngine *e, const VfTemplate *t,
                        const VfPlan *plan, const char *out, VfCliPoster *p);

/* Moves the staged picture in place (after the video's commit). Returns 0
 * or an exit code (4) with the message printed. */
int vf_cli_poster_commit(VfCliPoster *p, int overwrite);

/* Removes what is staged, frees p's strings. Accepts an empty p. */
void vf_cli_poster_clear(VfCliPoster *p);

#endif
