#include "vf_config.h"
#include "vidforge/vidforge.h"

const char *vf_version(void)
{
    return VF_VERSION;
}
