/* Layers to rasters: text shaped and drawn, images decoded and scaled,
 * through the engine's raster cache under keys generated from the fields
 * that decide the pixels (rasterkey_fields.h). */
#include "plan/rasterize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/image.h"
#include "plan/digest.h"
#include "plan/rastercache.h"
#include "plan/rasterkey.h"
#include "plan/shape.h"
#include "text/font.h"
#include "util/path.h"
#include "vidforge/error.h"

typedef int (*RasterizeFn)(const VfPlanCtx *pc, const VfTemplate *t, const VfOverlay *ov,
                           VfLayerRaster *out);

/* A file a template names must lie in an allowed folder, be a regular file
 * within the size limit, and so must every file of an image sequence
 * (policy.h); checked before anything opens or hashes it. */
int vf_plan_check_file(const VfPlanCtx *pc, const char *path, const char *template_dir,
                      const char *pointer, const char *what)
{
    return vf_policy_check_media(pc->env->policy, path, template_dir, pointer, what);
}

/* The digest of a file for a cache key, in hex (size VF_DIGEST_HEX), or NULL
 * when it cannot be read: the layer is then drawn without the cache. */
static const char *file_digest(const VfPlanCtx *pc, const char *path, char *hex)
{
    return path && vf_digest_file(pc->env->digests, path, hex) == 0 ? hex : NULL;
}

/* Records key's digest in out (the segment keys read it), then looks it up. */
static int from_cache(const VfPlanCtx *pc, const char *key, VfLayerRaster *out)
{
    if (key)
        vf_digest_bytes(key, strlen(key), out->content_key);
    VfCachedRaster c;
    if (!key || !vf_raster_cache_get(pc->env->rasters, key, &c))
        return 0;
    *out = (VfLayerRaster){ c.box_w, c.box_h, c.ink_x, c.ink_y, c.raster, c.clusters,
                          c.nb_clusters, "" };
    vf_digest_bytes(key, strlen(key), out->content_key);
    return 1;
}

static void to_cache(const VfPlanCtx *pc, const char *key, const VfLayerRaster *r)
{
    if (!key)
        return;
    VfCachedRaster c = { r->box_w, r->box_h, r->ink_x, r->ink_y, r->raster, r->clusters,
                         r->nb_clusters };
    vf_raster_cache_put(pc->env->rasters, key, &c);
}

VfTextStyle vf_plan_text_style(const VfOverlay *ov)
{
    double k = ov->scale;
    return (VfTextStyle){ .size = ov->size * k, .color = ov->color, .opacity = ov->opacity,
                          .balance = ov->balance > 0,
                          .align = ov->align, .max_width = ov->max_width * k,
                          .line_height = ov->line_height, .letter_spacing = ov->letter_spacing * k,
                          .outline_width = ov->has_outline ? ov->outline_width * k : 0,
                          .outline_color = ov->outline_color, .has_shadow = ov->has_shadow,
                          .shadow_color = ov->shadow_color, .shadow_x = ov->shadow_x * k,
                          .shadow_y = ov->shadow_y * k, .shadow_blur = ov->shadow_blur * k,
                          .has_background = ov->has_background,
                          .background_color = ov->background_color,
                          .background_pad_x = ov->background_pad_x * k,
                          .background_pad_y = ov->background_pad_y * k,
                          .background_radius = ov->background_radius * k,
                          .gradient = ov->gradient, .nb_gradient = ov->nb_gradient,
                          .gradient_stops = ov->nb_stops ? ov->gradient_stops : NULL,
                          .gradient_angle = ov->gradient_angle,
                          .typewriter = ov->anim[VF_ANIM_IN].type == VF_ANIM_TYPEWRITER,
                          .box_shadow = { ov->box_shadow.on, ov->box_shadow.color,
                                          ov->box_shadow.x * k, ov->box_shadow.y * k,
                                          ov->box_shadow.blur * k } };
}

/* The font and fallback files of a text overlay, resolved and checked. */
typedef struct Fonts {
    char *path;
    int face;
    char *fallback[8];
    int fallback_face[8];
} Fonts;

static void fonts_clear(Fonts *f)
{
    free(f->path);
    for (int k = 0; k < 8; k++)
        free(f->fallback[k]);
}

static int resolve_fonts(const VfPlanCtx *pc, const VfTemplate *t, const VfOverlay *ov, Fonts *f)
{
    char ptr[80];
    int ret = vf_font_resolve(pc->env->fonts, ov->font, t->dir, &f->path, &f->face);
    snprintf(ptr, sizeof(ptr), "/overlays/%d/style/font", ov->index);
    if (ret >= 0)
        ret = vf_plan_check_file(pc, f->path, t->dir, ptr, "font");
    for (int k = 0; ret >= 0 && k < ov->nb_fallback; k++) {
        snprintf(ptr, sizeof(ptr), "/overlays/%d/style/fallback/%d", ov->index, k);
        ret = vf_font_resolve(pc->env->fonts, ov->fallback[k], t->dir, &f->fallback[k],
                              &f->fallback_face[k]);
        if (ret >= 0)
            ret = vf_plan_check_file(pc, f->fallback[k], t->dir, ptr, "font");
    }
    return ret;
}

/* The text key's file fields: digests of the fonts and of the system's font
 * folders (fontconfig may pick fonts from them for characters the named ones
 * lack). 0, or -1 when a font cannot be read (no caching then). */
static int key_fonts(const VfPlanCtx *pc, const Fonts *f, int nb_fallback, VfTextKey *k,
                     char hex[][VF_DIGEST_HEX])
{
    const char *sys = vf_font_system_stamp(pc->env->fonts);
    vf_digest_bytes(sys, strlen(sys), hex[9]);
    k->system_fonts = hex[9];
    k->font = file_digest(pc, f->path, hex[8]);
    for (int i = 0; i < nb_fallback; i++)
        if (!(k->fallback[i] = file_digest(pc, f->fallback[i], hex[i])))
            return -1;
    return k->font ? 0 : -1;
}

/* The cache key of a text overlay (malloc'd), or NULL: do not cache. */
static char *text_key(const VfPlanCtx *pc, const VfOverlay *ov, const Fonts *f)
{
    char hex[10][VF_DIGEST_HEX];
    VfTextKey k = { .content = ov->content, .face = f->face, .size = ov->size,
                    .scale = ov->scale, .opacity = ov->opacity, .color = ov->color,
                    .align = ov->align, .max_width = ov->max_width,
                    .line_height = ov->line_height, .letter_spacing = ov->letter_spacing,
                    .outline_width = ov->has_outline ? ov->outline_width : 0,
                    .outline_color = ov->outline_color, .has_shadow = ov->has_shadow,
                    .shadow_color = ov->shadow_color, .shadow_x = ov->shadow_x,
                    .shadow_y = ov->shadow_y, .shadow_blur = ov->shadow_blur,
                    .has_background = ov->has_background,
                    .background_color = ov->background_color,
                    .background_pad_x = ov->background_pad_x,
                    .background_pad_y = ov->background_pad_y,
                    .background_radius = ov->background_radius,
                    .nb_gradient = ov->nb_gradient, .nb_stops = ov->nb_stops,
                    .gradient_angle = ov->gradient_angle, .has_fit = ov->has_fit,
                    .fit_w = ov->fit_w, .fit_h = ov->fit_h, .fit_min_size = ov->fit_min_size,
                    .typewriter = ov->anim[VF_ANIM_IN].type == VF_ANIM_TYPEWRITER,
                    .balance = ov->balance > 0, .box_shadow = ov->box_shadow.on,
                    .box_shadow_color = ov->box_shadow.color, .box_shadow_x = ov->box_shadow.x,
                    .box_shadow_y = ov->box_shadow.y, .box_shadow_blur = ov->box_shadow.blur };
    memcpy(k.gradient, ov->gradient, sizeof(k.gradient));
    memcpy(k.fallback_face, f->fallback_face, sizeof(k.fallback_face));
    memcpy(k.gradient_stops, ov->gradient_stops, sizeof(k.gradient_stops));
    return key_fonts(pc, f, ov->nb_fallback, &k, hex) < 0 ? NULL : vf_text_key_text(&k);
}

static int draw_text(const VfPlanCtx *pc, const VfOverlay *ov, const Fonts *f, VfLayerRaster *out)
{
    VfTextStyle st = vf_plan_text_style(ov);
    st.font_path = f->path;
    st.face_index = f->face;
    st.fallback = (const char *const *)f->fallback;
    st.fallback_index = f->fallback_face;
    st.nb_fallback = ov->nb_fallback;
    int ret = 0;
    if (ov->has_fit) {
        double scale = ov->scale;
        ret = vf_text_fit(pc->te, ov->content, &st, ov->fit_w * scale, ov->fit_h * scale,
                          ov->fit_min_size * scale, &st.size);
        if (st.max_width <= 0)
            st.max_width = ov->fit_w * scale;
    }
    VfTextResult r;
    if (ret >= 0)
        ret = vf_text_render(pc->te, ov->content, &st, &r);
    if (ret >= 0) {
        out->box_w = r.box_w;
        out->box_h = r.box_h;
        out->ink_x = r.ink_x;
        out->ink_y = r.ink_y;
        out->raster = r.raster;
        out->clusters = r.clusters;
        out->nb_clusters = r.nb_clusters;
    }
    return ret;
}

static int rasterize_text(const VfPlanCtx *pc, const VfTemplate *t, const VfOverlay *ov,
                          VfLayerRaster *out)
{
    Fonts f = { 0 };
    char *key = NULL;
    int ret = resolve_fonts(pc, t, ov, &f);
    if (ret >= 0)
        key = text_key(pc, ov, &f);
    if (ret >= 0 && !from_cache(pc, key, out) && (ret = draw_text(pc, ov, &f, out)) >= 0)
        to_cache(pc, key, out);
    free(key);
    fonts_clear(&f);
    return ret;
}

static int rasterize_image(const VfPlanCtx *pc, const VfTemplate *t, const VfOverlay *ov,
                           VfLayerRaster *out)
{
    char pointer[64], hex[VF_DIGEST_HEX];
    snprintf(pointer, sizeof(pointer), "/overlays/%d/source", ov->index);
    if (vf_path_is_url(ov->source))
        return vf_error_set(VF_ERR_TEMPLATE, "%s: images must be files, not URLs", pointer);
    char *path = vf_path_join(t->dir, ov->source);
    if (!path)
        return VF_ERR_INTERNAL;
    int ret = vf_plan_check_file(pc, path, t->dir, pointer, "image");
    VfImageKey k = { ret >= 0 ? file_digest(pc, path, hex) : NULL, ov->scale, ov->opacity };
    char *key = ret >= 0 && k.file ? vf_image_key_text(&k) : NULL;
    if (ret >= 0 && !from_cache(pc, key, out)) {
        ret = vf_image_load(path, ov->scale, ov->opacity, &out->raster);
        if (ret >= 0) {
            out->box_w = out->raster.width;
            out->box_h = out->raster.height;
            to_cache(pc, key, out);
        }
    }
    free(key);
    free(path);
    return ret;
}

int vf_plan_cache_get(const VfPlanCtx *pc, const char *key, VfLayerRaster *out)
{
    return from_cache(pc, key, out);
}

void vf_plan_cache_put(const VfPlanCtx *pc, const char *key, const VfLayerRaster *r)
{
    to_cache(pc, key, r);
}

/* Indexed by VfLayerType. */
static const RasterizeFn rasterizers[VF_LAYER_TYPE_COUNT] = {
    [VF_LAYER_TEXT] = rasterize_text,
    [VF_LAYER_IMAGE] = rasterize_image,
    [VF_LAYER_SHAPE] = vf_plan_rasterize_shape,
};

int vf_plan_rasterize(const VfPlanCtx *pc, const VfTemplate *t, const VfOverlay *ov,
                      VfLayerRaster *out)
{
    return rasterizers[ov->type](pc, t, ov, out);
}
