/* libFuzzer target for the template loader: JSON parsing, variable
 * substitution, the key-table walker, locations and the rules across keys.
 * Any input must give a template or findings, never a crash or a leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "template/locate.h"
#include "template/template.h"
#include "vidforge/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > VF_TEMPLATE_MAX_BYTES)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    VfVarSet vars = { 0 };
    vf_vars_set(&vars, "name", "{{name}} \"quoted\" \\{{x}}");
    vf_vars_set(&vars, "size", "72");
    VfDiagList diags = { 0 };
    VfTemplate *t = NULL;
    VfLimits lim;
    vf_limits_default(&lim);
    vf_template_parse(&lim, text, size, "fuzz/t.json", &vars, &diags, &t);
    vf_template_free(&t);
    vf_diag_list_clear(&diags);
    vf_vars_clear(&vars);

    /* the locator on arbitrary text and a pointer taken from the input */
    int line, col;
    const char *ptr = size && text[0] == '/' ? text : "/overlays/0/style/size";
    vf_json_locate(text, size, ptr, (int)(size & 1), &line, &col);

    char *out = NULL, *missing = NULL;
    VfVarSet none = { 0 };
    vf_vars_expand(text, &none, &out, &missing);
    free(out);
    free(missing);
    vf_error_clear();
    free(text);
    return 0;
}
