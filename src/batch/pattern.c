#include "batch/pattern.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/path.h"

/* The pattern's text before its first {{, up to the last slash ("" for none). */
static char *pattern_folder(const char *pattern)
{
    char *folder = strndup(pattern, strcspn(pattern, "{"));
    char *slash = folder ? strrchr(folder, '/') : NULL;
    if (folder)
        slash ? (void)(*slash = '\0') : (void)(folder[0] = '\0');
    return folder;
}

char *vf_batch_expand_pattern(const char *pattern, const VfVarSet *vars, const char *flag,
                              const char *noun, char **error)
{
    char *out = NULL, *missing = NULL;
    int ret = vf_vars_expand(pattern, vars, &out, &missing);
    char msg[1200];
    if (ret == 1) {
        snprintf(msg, sizeof(msg), "%s pattern uses {{%s}}, which this row does not have", flag,
                 missing);
        *error = strdup(msg);
    }
    free(missing);
    /* a row's values must not move its path out of the pattern's folder */
    char *folder = pattern_folder(pattern);
    char real[4096];
    if (out && folder &&
        (!vf_path_within(out, folder) || /* and through symbolic links, once it exists */
         (access(folder[0] ? folder : ".", F_OK) == 0 &&
          !vf_path_within_real(out, folder[0] ? folder : ".", real, sizeof(real))))) {
        snprintf(msg, sizeof(msg), "%s %s is outside the pattern's folder %s", noun, out,
                 folder[0] ? folder : ".");
        *error = strdup(msg);
        free(out);
        out = NULL;
    }
    free(folder);
    return out;
}
