/* A template as the plan stage reads it when some of its files live in S3:
 * every s3:// name it reads is checked against the engine's policy
 * (--allow-path s3://bucket/prefix/, the template's own S3 folder,
 * --no-network); images and font files are fetched whole (within --limit
 * input_size) into the engine's private folder and named by their local
 * copies; the input video stays an s3:// name, read by range requests. */
#ifndef VF_ENGINE_LOCALIZE_H
#define VF_ENGINE_LOCALIZE_H

#include "template/template.h"

struct VfEngine;

typedef struct VfLocalTemplate {
    VfTemplate t;          /* a shallow copy of the source: its strings are the source's
                            * or the engine's (local copies), never freed through it */
    VfOverlay *overlays;   /* owned: t.overlays when a name was replaced, else NULL */
} VfLocalTemplate;

/* Fills out from src (which must outlive out). Returns 0, VF_ERR_TEMPLATE (a
 * name outside the policy), VF_ERR_ASSET (missing, denied, over the limit) or
 * VF_ERR_INTERRUPTED; out is then cleared. */
int vf_engine_localize(struct VfEngine *e, const VfTemplate *src, VfLocalTemplate *out);

void vf_local_template_clear(VfLocalTemplate *l);

#endif
