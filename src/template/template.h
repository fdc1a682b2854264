/* Loading a template: read, parse, substitute variables, check, build the
 * model. The one entry point of the template stage. */
#ifndef VF_TEMPLATE_TEMPLATE_H
#define VF_TEMPLATE_TEMPLATE_H

#include <stddef.h>

#include "template/vars.h"
#include "vidforge/diag.h"
#include "vidforge/model.h"
#include "vidforge/policy.h"

#define VF_TEMPLATE_MAX_BYTES (1 << 20)

/* Loads path within the limits lim (the engine's policy; read only). vars
 * (may be NULL) override the template's own `variables`.
 * Every finding is appended to diags. Returns:
 *   0 and *out (caller frees with vf_template_free) when there is no error
 *     (warnings may be in diags);
 *   VF_ERR_TEMPLATE when diags holds at least one error (*out NULL);
 *   VF_ERR_USAGE when the file cannot be read (message in vf_error_message);
 *   VF_ERR_INTERNAL on out of memory. */
int vf_template_load(const VfLimits *lim, const char *path, const VfVarSet *vars,
                     VfDiagList *diags, VfTemplate **out);

/* Same as vf_template_load for text already in memory: text must be
 * NUL-terminated at text[len]; path names it in messages and anchors
 * relative paths. */
int vf_template_parse(const VfLimits *lim, const char *text, size_t len, const char *path,
                      const VfVarSet *vars, VfDiagList *diags, VfTemplate **out);

/* Frees t and everything it owns; accepts NULL; sets *t to NULL. */
void vf_template_free(VfTemplate **t);

#endif
