/* Drawing one overlay: the plan stage's rasterizers, a table indexed by
 * VfLayerType (a layer type is a row). */
#ifndef VF_PLAN_RASTERIZE_H
#define VF_PLAN_RASTERIZE_H

#include <stdint.h>

#include "plan/digest.h"
#include "plan/plan.h"
#include "text/text.h"
#include "vidforge/model.h"
#include "vidforge/plan.h"

/* What a layer type contributes: its raster (straight alpha, owned by the
 * caller), box and ink offset, and the digest of its cache key. */
typedef struct VfLayerRaster {
    int box_w, box_h, ink_x, ink_y;
    VfRaster raster;
    uint16_t *clusters;   /* text only: the typewriter's cluster map */
    int nb_clusters;
    char content_key[VF_DIGEST_HEX]; /* SHA-256 of the cache key; "" when uncached */
} VfLayerRaster;

/* What planning one template needs beside the template: the engine's pieces
 * (borrowed) and the text engine of this plan. */
typedef struct VfPlanCtx {
    const VfPlanEnv *env;
    VfTextEngine *te;
} VfPlanCtx;

/* A file a template names (at pointer, what: "font", "image", "input video")
 * must lie in an allowed folder, be a regular file within the size limit, and
 * so must every file of an image sequence; checked before anything opens or
 * hashes it. 0, VF_ERR_TEMPLATE (outside), VF_ERR_ASSET, VF_ERR_INTERRUPTED. */
int vf_plan_check_file(const VfPlanCtx *pc, const char *path, const char *template_dir,
                       const char *pointer, const char *what);

/* Draws overlay ov of t (from the cache when its key is there) into *out.
 * 0, VF_ERR_TEMPLATE, VF_ERR_ASSET, VF_ERR_INTERRUPTED, VF_ERR_INTERNAL. */
int vf_plan_rasterize(const VfPlanCtx *pc, const VfTemplate *t, const VfOverlay *ov,
                      VfLayerRaster *out);

/* The engine's raster cache under key (NULL: none): get records the key's
 * digest in out->content_key and returns 1 when found (out filled, owned by
 * the caller); put stores a copy of r. */
int vf_plan_cache_get(const VfPlanCtx *pc, const char *key, VfLayerRaster *out);
void vf_plan_cache_put(const VfPlanCtx *pc, const char *key, const VfLayerRaster *r);
/* Appends the layer of overlay ov (t's, or one a captions overlay expands
 * into) to p->layers, which has room for it: drawn (NULL: ov rasterized,
 * or an earlier twin's raster shared) gives its raster, box and ink offset,
 * whose ownership passes to the plan. Placed, timed, animated and cropped
 * as ov says. Defined in plan.c. Same returns as vf_plan_rasterize. */
int vf_plan_add_layer(const VfPlanCtx *pc, VfPlan *p, const VfTemplate *t, const VfOverlay *ov,
                      const VfLayerRaster *drawn);

/* The text style an overlay asks for, fonts not yet resolved. */
VfTextStyle vf_plan_text_style(const VfOverlay *ov);

#endif
