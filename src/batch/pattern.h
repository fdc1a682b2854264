/* Batch name patterns (-o out/{{id}}.mp4, --poster 2:posters/{{id}}.jpg):
 * a row's variables expanded into a path that stays inside the folder the
 * pattern names before its first {{. */
#ifndef VF_BATCH_PATTERN_H
#define VF_BATCH_PATTERN_H

#include "template/vars.h"

/* The row's path for pattern (malloc'd), or NULL with *error (malloc'd, one
 * sentence) when a variable is missing or the value leads out of the
 * pattern's folder (symbolic links resolved once the folder exists). flag
 * names the option in messages ("-o", "--poster"), noun the path ("output",
 * "poster"). */
char *vf_batch_expand_pattern(const char *pattern, const VfVarSet *vars, const char *flag,
                              const char *noun, char **error);

#endif
