/* --shard I/N and --shard auto (Kubernetes indexed Jobs, Slurm arrays,
 * VIDFORGE_SHARD_*): vf_batch_parse_shard, declared in batch/batch.h. */
#include "batch/batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vidforge/error.h"

static int env_int(const char *name, int *v)
{
    const char *s = getenv(name);
    char *end;
    if (!s || !*s)
        return 0;
    long x = strtol(s, &end, 10);
    if (*end || x < 0 || x > 1000000)
        return 0;
    *v = (int)x;
    return 1;
}

static int shard_from_env(int *index, int *count)
{
    int min = 0;
    if (env_int("JOB_COMPLETION_INDEX", index))
        return env_int("VIDFORGE_SHARD_COUNT", count) || env_int("JOB_COMPLETIONS", count);
    if (env_int("SLURM_ARRAY_TASK_ID", index)) {
        env_int("SLURM_ARRAY_TASK_MIN", &min);
        *index -= min;
        return env_int("SLURM_ARRAY_TASK_COUNT", count) || env_int("VIDFORGE_SHARD_COUNT", count);
    }
    return env_int("VIDFORGE_SHARD_INDEX", index) && env_int("VIDFORGE_SHARD_COUNT", count);
}

int vf_batch_parse_shard(const char *s, int *index, int *count)
{
    if (!strcmp(s, "auto")) {
        if (!shard_from_env(index, count) || *count < 1 || *index >= *count)
            return vf_error_set(VF_ERR_USAGE, "--shard auto needs JOB_COMPLETION_INDEX with "
                                "JOB_COMPLETIONS or VIDFORGE_SHARD_COUNT, SLURM_ARRAY_TASK_ID "
                                "with SLURM_ARRAY_TASK_COUNT, or VIDFORGE_SHARD_INDEX with "
                                "VIDFORGE_SHARD_COUNT");
        return 0;
    }
    char extra;
    if (sscanf(s, "%d/%d%c", index, count, &extra) != 2 || *count < 1 || *index < 0 ||
        *index >= *count)
        return vf_error_set(VF_ERR_USAGE, "--shard needs I/N with 0 <= I < N (or auto), not \"%s\"",
                            s);
    return 0;
}
