/* The asset calls of the public API: the files a render reads, and checking
 * them before decoding (what `vidforge validate` and `vidforge deps` run). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "media/probe.h"
#include "plan/assets.h"
#include "template/locate.h"
#include "util/path.h"
#include "vidforge/error.h"

typedef struct Collect {
    const VfTemplate *t;
    char *text;          /* the template's text, to locate pointers; may be NULL */
    size_t len;
    VfDiagList *diags;
    int first_error;     /* the first refusal's code, 0: none */
} Collect;

static char *read_text(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n = f && fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (n >= 0 && n < (64 << 20) && fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)))
        *len = fread(buf, 1, (size_t)n, f);
    if (f)
        fclose(f);
    return buf;
}

static int collect(void *opaque, const VfAsset *a)
{
    Collect *c = opaque;
    if (!a->error)
        return 0;
    int line = 0, col = 0;
    if (c->text)
        vf_json_locate(c->text, c->len, a->pointer, 0, &line, &col);
    if (!c->first_error)
        c->first_error = a->error;
    return vf_diag_add(c->diags, VF_SEV_ERROR, c->t->path, line, col, a->pointer, "%s",
                       a->message);
}

int vf_engine_assets(VfEngine *e, const VfTemplate *t, VfAssetFn fn, void *opaque)
{
    const VfLogger *before = vf_engine_enter(e);
    VfPlanEnv env = vf_engine_plan_env(e);
    int ret = vf_plan_assets(&env, t, 0, fn, opaque);
    vf_log_bind(before);
    return ret;
}

/* The input's header, for its frame size (local files only; NULL when it
 * cannot be read: the asset check has said why). */
static const VfProbe *probe_input(const VfTemplate *t, VfProbe *probe)
{
    char *in = t->video.input ? vf_path_join(t->dir, t->video.input) : NULL;
    int ok = in && !vf_path_is_url(in) && vf_probe_file(in, 0, probe) >= 0;
    free(in);
    vf_error_clear();
    return ok ? probe : NULL;
}

int vf_engine_check_assets(VfEngine *e, const VfTemplate *t, VfDiagList *diags)
{
    const VfLogger *before = vf_engine_enter(e);
    VfPlanEnv env = vf_engine_plan_env(e);
    size_t len = 0;
    char *text = read_text(t->path, &len);
    Collect c = { t, text, text ? len : 0, diags, 0 };
    int ret = vf_plan_assets(&env, t, 1, collect, &c);
    if (ret >= 0 && !c.first_error) {
        VfProbe *probe = calloc(1, sizeof(*probe));
        int first = diags->count;
        ret = probe ? vf_plan_check_placement(&env, t, probe_input(t, probe), diags)
                    : VF_ERR_INTERNAL;
        for (int i = first; c.text && i < diags->count; i++)
            vf_json_locate(c.text, c.len, diags->items[i].pointer, 0, &diags->items[i].line,
                           &diags->items[i].column);
        free(probe);
    }
    free(c.text);
    vf_log_bind(before);
    return ret < 0 ? ret : c.first_error;
}
