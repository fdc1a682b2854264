/* Two engines in one process with different policies, limits and loggers:
 * each sees only its own, also when both work at once on two threads. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "image/png.h"
#include "tmpfile.h"
#include "vidforge/error.h"
#include "vidforge/vidforge.h"

typedef struct Sink {
    int warnings;
    char last[512];
} Sink;

static void sink_fn(void *opaque, VfLogLevel level, const char *msg)
{
    Sink *s = opaque;
    if (level == VF_LOG_WARNING)
        s->warnings++;
    snprintf(s->last, sizeof(s->last), "%s", msg);
}

static char outside[] = "/tmp/vidforge-engine-outside-XXXXXX";
static char image_tpl[1024], big_tpl[1024];

static void make_fixtures(void)
{
    uint8_t rgb[16 * 16 * 3];
    char logo[512];
    memset(rgb, 200, sizeof(rgb));
    CHECK(mkdtemp(outside) != NULL, "outside folder");
    snprintf(logo, sizeof(logo), "%s/logo.png", outside);
    CHECK(vf_png_write_rgb(logo, rgb, 16, 16, 48, 1) == 0, "logo: %s", vf_error_message());
    snprintf(image_tpl, sizeof(image_tpl),
             "{\"template_version\": \"1.0\", \"video\": {\"duration\": 0.2, \"width\": 64, "
             "\"height\": 48}, \"overlays\": [{\"type\": \"image\", \"source\": \"%s\"}]}", logo);
    snprintf(big_tpl, sizeof(big_tpl),
             "{\"template_version\": \"1.0\", \"video\": {\"duration\": 0.2, \"width\": 320, "
             "\"height\": 240}, \"overlays\": [{\"type\": \"text\", \"content\": \"{{who}}\"}]}");
}

static VfEngine *engine(Sink *sink, const char *allow, int frame_limit, const char *cache_dir)
{
    VfEngineSettings s;
    vf_engine_default_settings(&s);
    const char *paths[1] = { allow };
    s.allow_paths = paths;
    s.nb_allow_paths = allow != NULL;
    s.limits.frame = frame_limit;
    s.cache_dir = cache_dir;
    s.log = sink_fn;
    s.log_opaque = sink;
    s.log_level = VF_LOG_NOTICE;
    VfEngine *e = NULL;
    CHECK(vf_engine_create(&e, &s) == 0 && e, "engine: %s", vf_error_message());
    return e;
}

/* Loads json from memory and plans it with e: the return code of the first failure. */
static int plan(VfEngine *e, const char *json, int *layers)
{
    VfTemplate *t = NULL;
    VfPlan *p = NULL;
    VfVariable who = { "who", "Ada" };
    char name[600];
    snprintf(name, sizeof(name), "%s/t.json", vf_tmp_dir());
    vf_error_clear();
    int ret = vf_engine_load_memory(e, json, strlen(json), name, &who, 1, NULL, &t);
    if (ret >= 0)
        ret = vf_engine_plan(e, t, &p);
    if (layers)
        *layers = p ? p->nb_layers : -1;
    vf_plan_free(&p);
    vf_template_free(&t);
    return ret;
}

typedef struct Run {
    VfEngine *e;
    const char *json;
    int expect, mismatches;
} Run;

static void *worker(void *arg)
{
    Run *r = arg;
    for (int i = 0; i < 20; i++)
        r->mismatches += plan(r->e, r->json, NULL) != r->expect;
    return NULL;
}

int main(void)
{
    Sink sa = { 0 }, sb = { 0 };
    make_fixtures();
    /* A may read `outside`, frames up to 8192; B may not, frames up to 100. A
     * cache folder B cannot use is a warning in B's sink only. */
    VfEngine *a = engine(&sa, outside, 8192, NULL);
    VfEngine *b = engine(&sb, NULL, 100, "/dev/null/cache");
    CHECK(sa.warnings == 0 && sb.warnings == 1, "warnings A %d B %d", sa.warnings, sb.warnings);
    CHECK(strstr(sb.last, "raster cache off") != NULL, "B's sink: %s", sb.last);

    int layers = 0;
    CHECK(plan(a, image_tpl, &layers) == 0 && layers == 1, "A reads the outside image: %s",
          vf_error_message());
    CHECK(plan(b, image_tpl, NULL) == VF_ERR_TEMPLATE, "B refuses it");
    CHECK(strstr(vf_error_message(), "outside the folders") != NULL, "why: %s",
          vf_error_message());
    CHECK(plan(a, big_tpl, &layers) == 0 && layers == 1, "A plans 320x240: %s",
          vf_error_message());
    CHECK(plan(b, big_tpl, NULL) == VF_ERR_TEMPLATE, "B's frame limit is 100");
    CHECK(strstr(vf_error_message(), "over the 100 pixel limit") != NULL, "why: %s",
          vf_error_message());

    /* both at once, on two threads */
    Run ra = { a, image_tpl, 0, 0 }, rb = { b, image_tpl, VF_ERR_TEMPLATE, 0 };
    pthread_t ta, tb;
    CHECK(pthread_create(&ta, NULL, worker, &ra) == 0 && pthread_create(&tb, NULL, worker, &rb) == 0,
          "threads");
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    CHECK(ra.mismatches == 0 && rb.mismatches == 0, "concurrent: %d and %d unexpected results",
          ra.mismatches, rb.mismatches);
    CHECK(sa.warnings == 0, "A's sink stayed quiet: %s", sa.last);

    /* the stats are per engine too: B refused every plan before rasterizing */
    long ha, ma, hb, mb;
    vf_engine_cache_stats(a, &ha, &ma);
    vf_engine_cache_stats(b, &hb, &mb);
    CHECK(ha + ma == 22 && hb + mb == 0, "A %ld/%ld, B %ld/%ld", ha, ma, hb, mb);

    vf_engine_free(&a);
    vf_engine_free(&b);
    CHECK(a == NULL && b == NULL, "free NULLs the pointer");
    vf_engine_free(&a); /* accepts NULL */
    char logo[512];
    snprintf(logo, sizeof(logo), "%s/logo.png", outside);
    unlink(logo);
    rmdir(outside);
    vf_tmp_cleanup();
    return vf_check_summary("engine");
}
