/* {{name}} substitution. Values are plain text: substitution happens inside
 * already-parsed JSON strings, so a value can never add keys or structure. */
#ifndef VF_TEMPLATE_VARS_H
#define VF_TEMPLATE_VARS_H

#include <cjson/cJSON.h>

/* name -> value, later vf_vars_set calls win. Owns its strings. */
typedef struct VfVarSet {
    char **names;
    char **values;
    int count;
} VfVarSet;

/* Sets (or replaces) name. Returns 0 or VF_ERR_INTERNAL. */
int vf_vars_set(VfVarSet *set, const char *name, const char *value);

/* The value of name, or NULL. Borrowed from set. */
const char *vf_vars_get(const VfVarSet *set, const char *name);

void vf_vars_clear(VfVarSet *set);

/* Adds every member of a JSON object of scalars (strings, numbers, booleans). */
int vf_vars_set_from_json(VfVarSet *set, const cJSON *obj);

/* Expands {{name}}, {{name|default}} and the escape \{{ in `in`.
 * On success returns 0 and *out (malloc'd, caller frees).
 * When a variable has no value and no default, returns 1, sets *out NULL and
 * *missing to its name (malloc'd, caller frees). VF_ERR_INTERNAL on OOM. */
int vf_vars_expand(const char *in, const VfVarSet *set, char **out, char **missing);

#endif
