/* VfEngine: settings in, policy, caches and logger owned. */
#include "engine/engine.h"

#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "media/avlog.h"
#include "plan/diskcache.h"
#include "storage/scratch.h"
#include "vidforge/error.h"

#define DEFAULT_CACHE_BYTES ((int64_t)256 << 20)

void vf_engine_default_settings(VfEngineSettings *s)
{
    *s = (VfEngineSettings){ .network = 1, .cache_bytes = DEFAULT_CACHE_BYTES,
                             .memory_cache_bytes = DEFAULT_CACHE_BYTES,
                             .log_level = VF_LOG_NOTICE };
    vf_limits_default(&s->limits);
}

const VfLogger *vf_engine_enter(const VfEngine *e)
{
    return vf_log_bind(&e->logger);
}

VfPlanEnv vf_engine_plan_env(VfEngine *e)
{
    return (VfPlanEnv){ &e->policy, e->rasters, e->digests, e->fonts };
}

static int set_policy(VfPolicy *p, const VfEngineSettings *s)
{
    vf_policy_init(p);
    p->limits = s->limits;
    p->network = s->network;
    for (int i = 0; i < s->nb_allow_paths; i++) {
        int ret = vf_policy_allow_path(p, s->allow_paths[i]);
        if (ret < 0)
            return ret;
    }
    return 0;
}

/* A folder that cannot be used leaves the engine without a disk cache. */
static VfDiskCache *open_disk(const VfEngineSettings *s)
{
    VfDiskCache *disk = NULL;
    if (!s->cache_dir)
        return NULL;
    vf_error_clear();
    if (vf_disk_cache_open(&disk, s->cache_dir, s->cache_bytes, s->limits.frame * 4) < 0)
        vf_log(VF_LOG_WARNING, "raster cache off: %s", vf_error_message());
    vf_error_clear();
    return disk;
}

/* The private folder of S3 copies: readable like the template's folder. It
 * is listed as named (it is made on the first copy; the policy resolves its
 * folders when it checks a file). */
static int allow_scratch(VfEngine *e)
{
    curl_global_init(CURL_GLOBAL_DEFAULT); /* before any thread makes a request */
    int ret = vf_scratch_create(&e->scratch);
    VfPolicy *p = &e->policy;
    if (ret >= 0 && p->nb_allowed >= VF_POLICY_MAX_ALLOWED)
        return vf_error_set(VF_ERR_USAGE, "too many --allow-path folders");
    if (ret >= 0 && !(p->allowed[p->nb_allowed] = strdup(vf_scratch_dir(e->scratch))))
        ret = VF_ERR_INTERNAL;
    if (ret >= 0)
        p->nb_allowed++;
    return ret;
}

int vf_engine_create(VfEngine **out, const VfEngineSettings *s)
{
    VfEngine *e = calloc(1, sizeof(*e));
    *out = NULL;
    if (!e)
        return VF_ERR_INTERNAL;
    e->logger = (VfLogger){ s->log, s->log_opaque, s->log_level };
    const VfLogger *before = vf_engine_enter(e);
    vf_media_log_init();
    int ret = set_policy(&e->policy, s);
    if (ret >= 0)
        ret = vf_raster_cache_create(&e->rasters, (size_t)s->memory_cache_bytes, open_disk(s));
    if (ret >= 0)
        ret = vf_digest_memo_create(&e->digests);
    if (ret >= 0)
        ret = vf_font_lookup_create(&e->fonts);
    if (ret >= 0)
        ret = allow_scratch(e);
    vf_log_bind(before);
    if (ret < 0)
        vf_engine_free(&e);
    *out = e;
    return ret;
}

void vf_engine_free(VfEngine **pe)
{
    VfEngine *e = pe ? *pe : NULL;
    if (!e)
        return;
    vf_raster_cache_free(&e->rasters);
    vf_digest_memo_free(&e->digests);
    vf_font_lookup_free(&e->fonts);
    vf_scratch_free(&e->scratch);
    vf_policy_clear(&e->policy);
    free(e);
    *pe = NULL;
}

void vf_engine_cache_stats(VfEngine *e, long *hits, long *misses)
{
    vf_raster_cache_stats(e->rasters, hits, misses);
}
