/* Fault injection: every allocation the template loader makes fails in turn
 * (ours through --wrap, cJSON's through its hooks); each time the loader must
 * return an error without crashing, and (under ASan) without leaking. */
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "check.h"
#include "template/template.h"
#include "tmpfile.h"
#include "vidforge/error.h"

/* Default limits, made before any allocation is made to fail. */
static const VfLimits *fault_limits(void)
{
    static VfLimits l;
    vf_limits_default(&l);
    return &l;
}

static long countdown = -1; /* allocations left before one fails; -1: none fails */
static int injected;

static int fail_now(void)
{
    if (countdown < 0)
        return 0;
    if (countdown-- == 0) {
        injected = 1;
        return 1;
    }
    return 0;
}

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

void *__wrap_malloc(size_t n) { return fail_now() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t m) { return fail_now() ? NULL : __real_calloc(n, m); }
void *__wrap_realloc(void *p, size_t n) { return fail_now() ? NULL : __real_realloc(p, n); }
char *__wrap_strdup(const char *s) { return fail_now() ? NULL : __real_strdup(s); }
char *__wrap_strndup(const char *s, size_t n) { return fail_now() ? NULL : __real_strndup(s, n); }

static void *hook_malloc(size_t n) { return __wrap_malloc(n); }

static const char *text =
    "{\"template_version\": \"1.0\",\n"
    " \"video\": {\"duration\": 5, \"output_preset\": \"720p_web\", \"background\": \"#102040\"},\n"
    " \"overlays\": [\n"
    "  {\"type\": \"text\", \"id\": \"a\", \"content\": \"Hi {{name|you}} {{who}}\",\n"
    "   \"style\": {\"size\": 40, \"colour\": \"#FFF\"},\n"
    "   \"timeline\": {\"start\": 1, \"end\": 4, \"animation\": {\"in\": {\"type\": \"fade\", \"duration\": 1}}}},\n"
    "  {\"type\": \"image\", \"id\": \"a\", \"source\": \"x.png\", \"position\": {\"preset\": \"CENTRE\"}}],\n"
    " \"variables\": {\"who\": \"there\", \"n\": 3},\n"
    " \"encoding\": {\"codec\": \"libx264\", \"bitrate\": \"5M\"}}\n";

int main(void)
{
    const char *path = vf_tmp_write("faults.json", text);
    cJSON_InitHooks(&(cJSON_Hooks){ hook_malloc, free });
    VfVarSet vars = { 0 };
    vf_vars_set(&vars, "who", "you");
    int runs = 0, errors = 0;
    for (long k = 0; k < 100000; k++) {
        VfDiagList d = { 0 };
        VfTemplate *t = NULL;
        injected = 0;
        countdown = k;
        int ret = vf_template_load(fault_limits(), path, &vars, &d, &t);
        countdown = -1;
        runs++;
        if (ret < 0 && ret != VF_ERR_INTERNAL && ret != VF_ERR_TEMPLATE)
            errors++;
        if (ret >= 0 && !t)
            errors++;
        vf_template_free(&t);
        vf_diag_list_clear(&d);
        vf_error_clear();
        if (!injected)
            break; /* every allocation site has failed once */
    }
    CHECK(runs > 50, "allocations exercised: %d", runs);
    CHECK(errors == 0, "%d runs returned something other than an error or a template", errors);
    /* and without injected failures the template still finds its 3 errors */
    VfDiagList d = { 0 };
    VfTemplate *t = NULL;
    CHECK(vf_template_load(fault_limits(), path, &vars, &d, &t) == VF_ERR_TEMPLATE && d.nb_errors == 3,
          "3 findings, got %d", d.nb_errors);
    vf_diag_list_clear(&d);
    vf_vars_clear(&vars);
    vf_tmp_cleanup();
    return vf_check_summary("faults");
}
