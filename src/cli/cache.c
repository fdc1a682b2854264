/* The engine a command runs with: the arguments' policy, the CLI's logger,
 * and where rasterized layers are kept between runs. Part of the engine
 * module. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/args.h"
#include "vidforge/error.h"
#include "vidforge/vidforge.h"

/* --cache-dir, else $XDG_CACHE_HOME/vidforge, else ~/.cache/vidforge; 0 when
 * none can be named. */
static int cache_dir(const VfCliArgs *a, char *dir, size_t n)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if (a->no_cache)
        return 0;
    if (a->cache_dir)
        snprintf(dir, n, "%s", a->cache_dir);
    else if (xdg && xdg[0] == '/')
        snprintf(dir, n, "%s/vidforge", xdg);
    else if (home && home[0] == '/')
        snprintf(dir, n, "%s/.cache/vidforge", home);
    else
        return 0;
    return 1;
}

int vf_cli_engine_create(const VfCliArgs *a, VfEngine **e)
{
    VfEngineSettings s;
    char dir[4096];
    vf_engine_default_settings(&s);
    s.limits = a->policy.limits;
    s.network = a->policy.network;
    s.allow_paths = (const char *const *)a->policy.allowed;
    s.nb_allow_paths = a->policy.nb_allowed;
    s.cache_dir = cache_dir(a, dir, sizeof(dir)) ? dir : NULL;
    if (a->cache_size > 0)
        s.cache_bytes = a->cache_size;
    s.log = vf_cli_log_sink;
    s.log_level = a->log_level;
    int ret = vf_engine_create(e, &s);
    return ret < 0 ? vf_cli_fail(ret) : 0;
}
