/* Where the CLI keeps rasterized layers between runs. Part of the engine. */
#include <stdio.h>
#include <stdlib.h>
#include "cli/args.h"
#include "plan/diskcache.h"
#include "vidforge/error.h"
#include "vidforge/log.h"

#define DEFAULT_CACHE_BYTES ((int64_t)256 << 20)

void vf_cli_open_cache(const VfCliArgs *a)
{
    if (a->no_cache)
        return;
    char dir[4096];
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if (a->cache_dir)
        snprintf(dir, sizeof(dir), "%s", a->cache_dir);
    else if (xdg && xdg[0] == '/')
        snprintf(dir, sizeof(dir), "%s/vidforge", xdg);
    else if (home && home[0] == '/')
        snprintf(dir, sizeof(dir), "%s/.cache/vidforge", home);
    else
        return;
    vf_error_clear();
    if (vf_disk_cache_open(dir, a->cache_size > 0 ? a->cache_size : DEFAULT_CACHE_BYTES) < 0)
        vf_log(VF_LOG_WARNING, "raster cache off: %s", vf_error_message());
    vf_error_clear();
}
