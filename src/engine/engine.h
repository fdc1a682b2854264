/* The engine's insides, for the stages above it (batch, the CLI) and its own
 * calls: what it owns and how a call borrows it. Library callers see only
 * the opaque VfEngine of vidforge.h. */
#ifndef VF_ENGINE_ENGINE_H
#define VF_ENGINE_ENGINE_H

#include "plan/digest.h"
#include "plan/plan.h"
#include "plan/rastercache.h"
#include "text/font.h"
#include "vidforge/log.h"
#include "vidforge/policy.h"
#include "vidforge/vidforge.h"

struct VfEngine {
    VfPolicy policy;           /* folders, network, limits: read only after create */
    VfLogger logger;           /* bound to the threads that work for a call */
    VfRasterCache *rasters;    /* memory, backed by the disk folder when one was given */
    VfDigestMemo *digests;     /* file digests for cache keys */
    VfFontLookup *fonts;       /* fontconfig with the shipped fonts */
    struct VfScratch *scratch; /* local copies of S3 images and fonts (its folder is in
                                * the policy's readable folders) */
};

/* What planning borrows from e. */
VfPlanEnv vf_engine_plan_env(VfEngine *e);

/* Binds e's logger to the calling thread for the length of a call; returns
 * the logger to restore with vf_log_bind when the call returns. */
const VfLogger *vf_engine_enter(const VfEngine *e);

#endif
