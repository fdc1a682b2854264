/* vf_engine_loudness: `vidforge probe --loudness`. */
#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "audio/loudness.h"
#include "engine/engine.h"
#include "util/path.h"
#include "vidforge/error.h"
#include "vidforge/vidforge.h"

static void add_level(cJSON *o, const char *name, double v)
{
    if (isfinite(v))
        cJSON_AddNumberToObject(o, name, round(v * 100) / 100);
    else
        cJSON_AddNullToObject(o, name);
}

static char *to_json(const char *path, const VfLoudness *lo)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "file", path);
    add_level(o, "integrated_lufs", lo->integrated);
    add_level(o, "loudness_range_lu", lo->range);
    add_level(o, "true_peak_dbtp", lo->true_peak);
    add_level(o, "sample_peak_dbfs", lo->sample_peak);
    char *s = cJSON_Print(o);
    cJSON_Delete(o);
    return s;
}

int vf_engine_loudness(VfEngine *e, const char *path, char **json)
{
    const VfLogger *before = vf_engine_enter(e);
    struct stat st;
    VfLoudness lo;
    *json = NULL;
    int ret = vf_path_is_url(path) && !e->policy.network
            ? vf_error_set(VF_ERR_TEMPLATE, "network inputs are turned off: %s", path)
            : !vf_path_is_url(path) && stat(path, &st) == 0 && !S_ISREG(st.st_mode)
            ? vf_error_set(VF_ERR_ASSET, "%s is not a regular file (a FIFO, device or folder)",
                           path)
            : 0;
    if (ret >= 0)
        ret = vf_loudness_measure_file(path, e->policy.limits.network_seconds, &lo);
    if (ret >= 0 && !(*json = to_json(path, &lo)))
        ret = VF_ERR_INTERNAL;
    vf_log_bind(before);
    return ret;
}
