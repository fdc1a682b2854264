/* Each batch row's poster: `batch --poster SECONDS[:PATTERN]` (the pattern
 * takes the row's variables like -o; default: the row's output with .png)
 * or the template's output.poster (its file relative to the row's output's
 * folder). The flag replaces the template's poster. */
#ifndef VF_BATCH_POSTER_H
#define VF_BATCH_POSTER_H

#include "template/vars.h"
#include "vidforge/plan.h"
#include "vidforge/vidforge.h"

typedef struct VfRowPoster {
    char *path;          /* the picture to write (file or s3://); owned; NULL: none */
    double time;         /* seconds */
    const char *time_at; /* "FILE:LINE:COL: POINTER" of output.poster.time (borrowed from
                          * the template), or NULL when the flag gave the time */
} VfRowPoster;

/* Checks the --poster argument (NULL: none) before any row is prepared:
 * SECONDS >= 0, and the pattern's extension when it is written out. Returns 0
 * or VF_ERR_USAGE with a message. */
int vf_batch_poster_check_arg(const char *arg);

/* path with its extension replaced by .png (malloc'd; NULL when out of memory):
 * the poster's name when none is given, for render and batch alike. */
char *vf_poster_default_name(const char *path);

/* The row's poster, from arg (the --poster argument, NULL: none) or t's
 * output.poster, for the row's output; out->path NULL when the row has none.
 * Returns 0, or -1 with *error (malloc'd, one sentence) when the path cannot
 * be made (a missing variable, outside its folder, no picture extension). */
int vf_batch_poster_resolve(const char *arg, const VfVarSet *vars, const VfTemplate *t,
                            const char *output, VfRowPoster *out, char **error);

/* VF_ERR_TEMPLATE (with the location of output.poster.time) or VF_ERR_USAGE
 * when the poster's time is not inside plan's video; else 0. */
int vf_batch_poster_check_time(const VfRowPoster *p, const VfPlan *plan);

/* Draws the frame at p->time with e (as `preview` does) and writes it under
 * a temporary name (render/posterfile.h) into *file. Returns 0 or the error. */
struct VfPosterFile;
int vf_batch_poster_draw(VfEngine *e, const VfPlan *plan, const VfRowPoster *p,
                         struct VfPosterFile *file);

void vf_row_poster_clear(VfRowPoster *p);

#endif
