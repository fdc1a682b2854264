#include <math.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libavutil/bprint.h>
#include <libavutil/rational.h>
#include "image/image.h"
#include "plan/budget.h"
#include "plan/layout.h"
#include "plan/plan.h"
#include "plan/digest.h"
#include "util/clock.h"
#include "util/raster.h"
#include "plan/rastercache.h"
#include "plan/rasterkey.h"
#include "plan/timeline.h"
#include "template/presets.h"
#include "text/font.h"
#include "text/text.h"
#include "util/path.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"
#include "vidforge/policy.h"

#define DEFAULT_WIDTH 1920
#define DEFAULT_HEIGHT 1080
#define DEFAULT_FPS 30
#define DEFAULT_CRF 20
#define DEFAULT_AUDIO_BITRATE 192000

/* What a layer type contributes: its raster, box and ink offset. */
typedef struct LayerRaster {
    int box_w, box_h, ink_x, ink_y;
    VfRaster raster;
    uint16_t *clusters;   /* text only */
    int nb_clusters;
    char content_key[VF_DIGEST_HEX]; /* SHA-256 of the cache key; "" when uncached */
} LayerRaster;

/* What planning one template needs beside the template: the engine's
 * pieces and the text engine of this plan. */
typedef struct PlanCtx {
    const VfPlanEnv *env;
    VfTextEngine *te;
} PlanCtx;

typedef int (*RasterizeFn)(const PlanCtx *pc, const VfTemplate *t, const VfOverlay *ov,
                           LayerRaster *out);

/* A file a template names must lie in an allowed folder, be a regular file
 * within the size limit, and so must every file of an image sequence
 * (policy.h); checked before anything opens or hashes it. */
static int check_path(const PlanCtx *pc, const char *path, const char *template_dir,
                      const char *pointer, const char *what)
{
    return vf_policy_check_media(pc->env->policy, path, template_dir, pointer, what);
}

/* The digest of a file for a cache key, in hex (size VF_DIGEST_HEX), or NULL
 * when it cannot be read: the layer is then drawn without the cache. */
static const char *file_digest(const PlanCtx *pc, const char *path, char *hex)
{
    return path && vf_digest_file(pc->env->digests, path, hex) == 0 ? hex : NULL;
}

/* Records key's digest in out (the segment keys read it), then looks it up. */
static int from_cache(const PlanCtx *pc, const char *key, LayerRaster *out)
{
    if (key)
        vf_digest_bytes(key, strlen(key), out->content_key);
    VfCachedRaster c;
    if (!key || !vf_raster_cache_get(pc->env->rasters, key, &c))
        return 0;
    *out = (LayerRaster){ c.box_w, c.box_h, c.ink_x, c.ink_y, c.raster, c.clusters,
                          c.nb_clusters, "" };
    vf_digest_bytes(key, strlen(key), out->content_key);
    return 1;
}

static void to_cache(const PlanCtx *pc, const char *key, const LayerRaster *r)
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
                          .typewriter = ov->anim[VF_ANIM_IN].type == VF_ANIM_TYPEWRITER };
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

static int resolve_fonts(const PlanCtx *pc, const VfTemplate *t, const VfOverlay *ov, Fonts *f)
{
    char ptr[80];
    int ret = vf_font_resolve(pc->env->fonts, ov->font, t->dir, &f->path, &f->face);
    snprintf(ptr, sizeof(ptr), "/overlays/%d/style/font", ov->index);
    if (ret >= 0)
        ret = check_path(pc, f->path, t->dir, ptr, "font");
    for (int k = 0; ret >= 0 && k < ov->nb_fallback; k++) {
        snprintf(ptr, sizeof(ptr), "/overlays/%d/style/fallback/%d", ov->index, k);
        ret = vf_font_resolve(pc->env->fonts, ov->fallback[k], t->dir, &f->fallback[k],
                              &f->fallback_face[k]);
        if (ret >= 0)
            ret = check_path(pc, f->fallback[k], t->dir, ptr, "font");
    }
    return ret;
}

/* The text key's file fields: digests of the fonts and of the system's font
 * folders (fontconfig may pick fonts from them for characters the named ones
 * lack). 0, or -1 when a font cannot be read (no caching then). */
static int key_fonts(const PlanCtx *pc, const Fonts *f, int nb_fallback, VfTextKey *k,
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
static char *text_key(const PlanCtx *pc, const VfOverlay *ov, const Fonts *f)
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
                    .typewriter = ov->anim[VF_ANIM_IN].type == VF_ANIM_TYPEWRITER };
    memcpy(k.gradient, ov->gradient, sizeof(k.gradient));
    memcpy(k.fallback_face, f->fallback_face, sizeof(k.fallback_face));
    memcpy(k.gradient_stops, ov->gradient_stops, sizeof(k.gradient_stops));
    return key_fonts(pc, f, ov->nb_fallback, &k, hex) < 0 ? NULL : vf_text_key_text(&k);
}

static int draw_text(const PlanCtx *pc, const VfOverlay *ov, const Fonts *f, LayerRaster *out)
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

static int rasterize_text(const PlanCtx *pc, const VfTemplate *t, const VfOverlay *ov,
                          LayerRaster *out)
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

static int rasterize_image(const PlanCtx *pc, const VfTemplate *t, const VfOverlay *ov,
                           LayerRaster *out)
{
    char pointer[64], hex[VF_DIGEST_HEX];
    snprintf(pointer, sizeof(pointer), "/overlays/%d/source", ov->index);
    if (vf_path_is_url(ov->source))
        return vf_error_set(VF_ERR_TEMPLATE, "%s: images must be files, not URLs", pointer);
    char *path = vf_path_join(t->dir, ov->source);
    if (!path)
        return VF_ERR_INTERNAL;
    int ret = check_path(pc, path, t->dir, pointer, "image");
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

/* Indexed by VfLayerType. */
static const RasterizeFn rasterizers[VF_LAYER_TYPE_COUNT] = {
    [VF_LAYER_TEXT] = rasterize_text,
    [VF_LAYER_IMAGE] = rasterize_image,
};

static void set_fps(VfPlan *p, double fps)
{
    AVRational q = av_d2q(fps, 1001000);
    p->fps_num = q.num;
    p->fps_den = q.den;
}

/* The input's picture as shown: square pixels, turned upright, even. */
static void display_size(const VfProbeStream *vs, int *w, int *h)
{
    double dw = (double)vs->width * vs->sar_num / vs->sar_den, dh = vs->height;
    if (vs->rotation == 90 || vs->rotation == 270) {
        double t = dw;
        dw = dh;
        dh = t;
    }
    *w = ((int)lround(dw) + 1) & ~1;
    *h = ((int)lround(dh) + 1) & ~1;
}

static int plan_frame(const PlanCtx *pc, VfPlan *p, const VfTemplate *t, const VfProbe *in)
{
    const VfOutputPreset *preset = vf_output_preset_find(t->video.output_preset);
    const VfProbeStream *vs = in && in->video >= 0 ? &in->streams[in->video] : NULL;
    int dw = DEFAULT_WIDTH, dh = DEFAULT_HEIGHT;
    if (vs)
        display_size(vs, &dw, &dh);
    p->width = t->video.width ? t->video.width : preset ? preset->width : dw;
    p->height = t->video.height ? t->video.height : preset ? preset->height : dh;
    int max = pc->env->policy->limits.frame;
    if (p->width > max || p->height > max || (vs && (vs->width > max || vs->height > max)))
        return vf_error_set(vs && (vs->width > max || vs->height > max) ? VF_ERR_ASSET
                                                                        : VF_ERR_TEMPLATE,
                            "frame %dx%d is over the %d pixel limit (--limit frame=PIXELS)",
                            vs && (vs->width > max || vs->height > max) ? vs->width : p->width,
                            vs && (vs->width > max || vs->height > max) ? vs->height : p->height,
                            max);
    if (t->video.fps > 0)
        set_fps(p, t->video.fps);
    else if (preset)
        set_fps(p, preset->fps);
    else if (vs && vs->fps_num >= vs->fps_den && (double)vs->fps_num / vs->fps_den <= 240) {
        p->fps_num = vs->fps_num;
        p->fps_den = vs->fps_den;
    } else
        set_fps(p, DEFAULT_FPS);
    return 0;
}

static int plan_duration(const PlanCtx *pc, VfPlan *p, const VfTemplate *t, const VfProbe *in)
{
    double d = t->video.duration;
    if (in) {
        const VfProbeStream *vs = &in->streams[in->video];
        double len = vs->duration > 0 ? vs->duration : in->duration;
        if (len > 0 && t->video.start >= len)
            return vf_error_set(VF_ERR_TEMPLATE, "video.start (%g s) is past the end of %s "
                                "(%.3f s)", t->video.start, p->input, len);
        if (d <= 0 && len > 0)
            d = len - t->video.start;
    }
    if (d <= 0)
        return vf_error_set(VF_ERR_ASSET, "cannot tell how long %s is; set video.duration",
                            p->input);
    double max = pc->env->policy->limits.duration;
    if (d > max)
        return vf_error_set(VF_ERR_TEMPLATE, "the output would last %.3f s, over the %g s limit "
                            "(--limit duration=SECONDS)", d, max);
    p->nb_frames = llround(d * p->fps_num / p->fps_den);
    if (p->nb_frames < 1)
        p->nb_frames = 1;
    p->duration = (double)p->nb_frames * p->fps_den / p->fps_num;
    if (p->duration > max) /* one frame at a low rate is long */
        return vf_error_set(VF_ERR_TEMPLATE, "the output would last %.3f s (%lld frames at "
                            "%d/%d fps), over the %g s limit (--limit duration=SECONDS)",
                            p->duration, (long long)p->nb_frames, p->fps_num, p->fps_den, max);
    return 0;
}

static void plan_encoding(VfPlan *p, const VfTemplate *t)
{
    const VfOutputPreset *preset = vf_output_preset_find(t->video.output_preset);
    const VfEncoding *e = &t->encoding;
    const VfCodecEntry *codec = vf_codec_find(e->codec ? e->codec
                                              : preset ? preset->codec : "libx264");
    VfPlanEncoding *pe = &p->encoding;
    pe->codec = codec->encoder;
    pe->fallback = codec->fallback;
    pe->family = codec->family;
    /* the template names a speed in x264's or NVENC's words; each encoder gets its own */
    pe->preset = vf_speed_preset_for(e->preset, vf_encoder_is_nvenc(codec->encoder));
    pe->fallback_preset = vf_speed_preset_for(e->preset, vf_encoder_is_nvenc(codec->fallback));
    pe->bitrate = preset ? preset->bitrate : 0;
    pe->crf = preset ? preset->crf : DEFAULT_CRF;
    if (e->crf >= 0) { /* rate control is one choice: the template's wins */
        pe->crf = e->crf;
        pe->bitrate = 0;
    } else if (e->bitrate > 0) {
        pe->bitrate = e->bitrate;
        pe->crf = -1;
    }
    const VfAudioCodecEntry *audio = vf_audio_codec_find(e->audio_codec ? e->audio_codec : "aac");
    pe->audio_codec = audio->encoder;
    pe->audio_family = audio->family;
    pe->audio_sample_fmt = audio->sample_fmt;
    p->input_has_audio = p->input_has_audio && audio->encoder; /* "none": no audio track */
    pe->audio_bitrate = e->audio_bitrate > 0 ? e->audio_bitrate
                      : preset ? preset->audio_bitrate : DEFAULT_AUDIO_BITRATE;
}

/* Distance that takes the raster fully out of the frame when sliding the way
 * `type` moves: in-animations arrive from there, out-animations leave to it. */
static double offscreen_distance(const VfPlan *p, const VfPlanLayer *l, int type, int dir)
{
    double right = p->width - l->raster_x, left = l->raster_x + l->raster.width;
    double down = p->height - l->raster_y, up = l->raster_y + l->raster.height;
    switch (type) {
    case VF_ANIM_SLIDE_UP: return dir == VF_ANIM_IN ? down : up;
    case VF_ANIM_SLIDE_DOWN: return dir == VF_ANIM_IN ? up : down;
    case VF_ANIM_SLIDE_LEFT: return dir == VF_ANIM_IN ? right : left;
    case VF_ANIM_SLIDE_RIGHT: return dir == VF_ANIM_IN ? left : right;
    default: return 0;
    }
}

static int plan_animations(const VfPlan *p, const VfOverlay *ov, VfPlanLayer *l)
{
    static const int default_easing[2] = { VF_EASE_OUT, VF_EASE_IN };
    for (int dir = 0; dir < 2; dir++) {
        const VfAnimation *a = &ov->anim[dir];
        VfPlanAnim *pa = &l->anim[dir];
        *pa = (VfPlanAnim){ .type = a->type };
        if (a->type < 0)
            continue;
        pa->duration = a->duration;
        pa->easing = a->easing >= 0 ? a->easing : default_easing[dir];
        pa->distance = a->distance == VF_ANIM_OFFSCREEN ? offscreen_distance(p, l, a->type, dir)
                                                        : a->distance;
        if (a->type == VF_ANIM_TYPEWRITER && dir == VF_ANIM_OUT)
            pa->type = VF_ANIM_FADE; /* typewriter has no out form: it fades */
    }
    double in = l->anim[0].type >= 0 ? l->anim[0].duration : 0;
    double out = l->anim[1].type >= 0 ? l->anim[1].duration : 0;
    if (in + out > l->end - l->start + 1e-9)
        return vf_error_set(VF_ERR_TEMPLATE,
                            "overlay \"%s\": in (%g s) and out (%g s) animations overlap: "
                            "together longer than its %g s on screen", l->id, in, out,
                            l->end - l->start);
    return 0;
}

static int plan_layer(const PlanCtx *pc, VfPlan *p, const VfTemplate *t, int i)
{
    const VfOverlay *ov = &t->overlays[i];
    VfPlanLayer *l = &p->layers[p->nb_layers];
    const VfPlanLayer *twin = vf_plan_same_image_layer(p, t, ov);
    LayerRaster lr = { 0 };
    if (twin) { /* its raster, as kept (cropped), is this one's */
        lr = (LayerRaster){ twin->box_w, twin->box_h, twin->raster_x - twin->box_x,
                            twin->raster_y - twin->box_y, twin->raster, NULL, 0, "" };
        memcpy(lr.content_key, twin->content_key, sizeof(lr.content_key));
    }
    double t0 = vf_now();
    int ret = twin ? 0 : rasterizers[ov->type](pc, t, ov, &lr);
    p->rasterize_seconds += vf_now() - t0;
    if (ret < 0)
        return ret;
    p->nb_layers++;
    *l = (VfPlanLayer){ .id = strdup(ov->id), .type = ov->type, .index = i, .box_w = lr.box_w,
                        .box_h = lr.box_h, .raster = lr.raster, .clusters = lr.clusters,
                        .nb_clusters = lr.nb_clusters, .raster_shared = twin != NULL };
    vf_layout_place(ov->anchor, p->width, p->height, lr.box_w, lr.box_h, ov->offset_x,
                    ov->offset_y, ov->custom_x, ov->custom_y, &l->box_x, &l->box_y);
    if (!l->id)
        return VF_ERR_INTERNAL;
    memcpy(l->content_key, lr.content_key, sizeof(l->content_key));
    if (!l->content_key[0]) /* drawn without a cache key: its pixels name it */
        vf_digest_bytes(lr.raster.pixels, (size_t)lr.raster.width * lr.raster.height * 4,
                        l->content_key);
    l->raster_x = l->box_x + lr.ink_x;
    l->raster_y = l->box_y + lr.ink_y;
    l->first_frame = vf_layout_frame_at(ov->start, p->fps_num, p->fps_den);
    l->end_frame = ov->end < 0 ? p->nb_frames : vf_layout_frame_at(ov->end, p->fps_num,
                                                                    p->fps_den);
    if (l->end_frame > p->nb_frames)
        l->end_frame = p->nb_frames;
    if (l->first_frame > l->end_frame)
        l->first_frame = l->end_frame;
    l->start = ov->start;
    l->end = ov->end < 0 || ov->end > p->duration ? p->duration : ov->end;
    l->pivot_x = l->box_x + l->box_w / 2.0 - l->raster_x;
    l->pivot_y = l->box_y + l->box_h / 2.0 - l->raster_y;
    ret = plan_animations(p, ov, l);
    return ret < 0 || twin ? ret : vf_plan_crop_layer(p, l); /* a twin's is cropped already */
}

static int plan_layers(const VfPlanEnv *env, VfPlan *p, const VfTemplate *t)
{
    PlanCtx pc = { env, NULL };
    p->layers = calloc((size_t)(t->nb_overlays ? t->nb_overlays : 1), sizeof(*p->layers));
    int ret = p->layers ? vf_text_engine_create(&pc.te, env->fonts) : VF_ERR_INTERNAL;
    for (int i = 0; i < t->nb_overlays && ret >= 0; i++) { /* a stop ends hashing early too */
        ret = vf_interrupt_requested() ? VF_ERR_INTERRUPTED : plan_layer(&pc, p, t, i);
        if (ret >= 0 && !p->layers[p->nb_layers - 1].raster_shared)
            vf_plan_share_raster(p, p->nb_layers - 1);
    }
    vf_text_engine_free(&pc.te);
    return ret;
}

static int resolve_input(const PlanCtx *pc, VfPlan *p, const VfTemplate *t, VfProbe *probe,
                         int *have_probe)
{
    if (!t->video.input)
        return 0;
    if (!(p->input = vf_path_join(t->dir, t->video.input)))
        return VF_ERR_INTERNAL;
    if (vf_path_is_url(p->input) && !pc->env->policy->network)
        return vf_error_set(VF_ERR_TEMPLATE, "/video/input: network inputs are turned off "
                            "(--no-network): %s", p->input);
    /* an image sequence (img%03d.png) has each of its files checked */
    int ret = vf_path_is_url(p->input) ? 0 : check_path(pc, p->input, t->dir, "/video/input",
                                                         "input video");
    if (ret < 0)
        return ret;
    if (*have_probe)
        return 0;
    ret = vf_probe_file(p->input, p->network_seconds, probe);
    *have_probe = ret >= 0;
    return ret;
}

/* What names the input's contents in segment keys: the URL, or the file's
 * resolved path, size, modification time and inode (a changed file, a new
 * key), without reading it. */
static char *input_identity(const VfPlan *p)
{
    struct stat st;
    char buf[4400];
    if (!p->input)
        return NULL;
    if (vf_path_is_url(p->input) || stat(p->input, &st) != 0)
        snprintf(buf, sizeof(buf), "%s", p->input);
    else
        snprintf(buf, sizeof(buf), "%s %lld %lld.%09ld %llu", p->input, (long long)st.st_size,
                 (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, (unsigned long long)st.st_ino);
    return strdup(buf);
}

static int plan_timeline(VfPlan *p)
{
    char *id = input_identity(p);
    int ret = p->input && !id ? VF_ERR_INTERNAL : vf_timeline_build(p, id);
    free(id);
    return ret;
}

static int plan_build(const VfPlanEnv *env, const VfTemplate *t, VfProbe *probe, int have_probe,
                      VfPlan *p)
{
    PlanCtx pc = { env, NULL };
    p->background = t->video.background;
    p->network_seconds = env->policy->limits.network_seconds;
    int ret = resolve_input(&pc, p, t, probe, &have_probe);
    const VfProbe *in = p->input ? probe : NULL;
    if (ret >= 0 && in && in->video < 0)
        ret = vf_error_set(VF_ERR_ASSET, "input %s has no video stream", p->input);
    if (ret >= 0) {
        p->input_has_audio = in && in->audio >= 0 && !t->video.mute;
        p->input_start = in ? in->streams[in->video].start_time : 0;
        p->rotation = in ? in->streams[in->video].rotation : 0;
        p->trim_start = t->video.start;
        p->fit = t->video.fit;
        p->focus_x = t->video.focus_x;
        p->focus_y = t->video.focus_y;
        p->extend = t->video.extend;
        ret = plan_frame(&pc, p, t, in);
    }
    if (ret >= 0)
        ret = plan_duration(&pc, p, t, in);
    if (ret >= 0) {
        plan_encoding(p, t);
        ret = vf_plan_check_size(env, p, t, in, 0);
    }
    if (ret >= 0)
        ret = plan_layers(env, p, t);
    if (ret >= 0)
        ret = plan_timeline(p);
    return ret;
}

int vf_plan_create_probed(const VfPlanEnv *env, const VfTemplate *t, const VfProbe *input_probe,
                          VfPlan **out)
{
    VfPlan *p = calloc(1, sizeof(*p));
    VfProbe *probe = calloc(1, sizeof(*probe));
    int ret = p && probe ? 0 : VF_ERR_INTERNAL;
    if (ret >= 0 && input_probe)
        *probe = *input_probe;
    if (ret >= 0)
        ret = plan_build(env, t, probe, input_probe != NULL, p);
    free(probe);
    if (ret < 0)
        vf_plan_free(&p);
    *out = p;
    return ret;
}

int vf_plan_check(const VfPlanEnv *env, const VfTemplate *t)
{
    PlanCtx pc = { env, NULL };
    VfPlan p = { 0 };
    int ret = plan_frame(&pc, &p, t, NULL);
    if (ret >= 0) {
        plan_encoding(&p, t);
        ret = vf_plan_check_size(env, &p, t, NULL, 1);
    }
    return ret;
}

int vf_plan_create(const VfPlanEnv *env, const VfTemplate *t, VfPlan **out)
{
    return vf_plan_create_probed(env, t, NULL, out);
}

void vf_plan_free(VfPlan **pp)
{
    VfPlan *p = pp ? *pp : NULL;
    if (!p)
        return;
    for (int i = 0; i < p->nb_layers; i++) {
        if (!p->layers[i].raster_shared) {
            vf_raster_free(&p->layers[i].raster);
            free(p->layers[i].clusters);
        }
        free(p->layers[i].id);
    }
    vf_timeline_clear(&p->timeline);
    free(p->layers);
    free(p->input);
    free(p);
    *pp = NULL;
}

static void describe_timeline(AVBPrint *bp, const VfTimeline *tl)
{
    static const char *const kinds[VF_SOURCE_KIND_COUNT] = { "colour", "media", "raster" };
    for (int i = 0; i < tl->nb_tracks; i++) {
        const VfTrack *t = &tl->tracks[i];
        av_bprintf(bp, "track %d (%s):", i, t->kind == VF_TRACK_AUDIO ? "audio" : "video");
        for (int c = 0; c < t->nb_clips; c++)
            av_bprintf(bp, " %s %s [%lld, %lld)", t->clips[c].id, kinds[t->clips[c].source.kind],
                       (long long)t->clips[c].first_frame, (long long)t->clips[c].end_frame);
        av_bprintf(bp, "\n");
    }
    for (int i = 0; i < tl->nb_segments; i++)
        av_bprintf(bp, "segment %d: frames [%lld, %lld) key %.16s\n", i,
                   (long long)tl->segments[i].first_frame, (long long)tl->segments[i].end_frame,
                   tl->segments[i].key);
}

char *vf_plan_describe(const VfPlan *p)
{
    AVBPrint bp;
    av_bprint_init(&bp, 0, AV_BPRINT_SIZE_UNLIMITED);
    av_bprintf(&bp, "output: %dx%d @ %d/%d fps, %lld frames (%.3f s)\n", p->width, p->height,
               p->fps_num, p->fps_den, (long long)p->nb_frames, p->duration);
    av_bprintf(&bp, "input: %s%s\n", p->input ? p->input : "(background colour)",
               p->input_has_audio ? " (audio kept)" : "");
    if (p->input)
        av_bprintf(&bp, "fit: %s, from %.3f s, rotation %d, %s past its end\n",
                   (const char *const[]){ "contain", "cover", "stretch", "blur" }[p->fit],
                   p->trim_start, p->rotation, p->extend ? "background" : "last frame held");
    av_bprintf(&bp, "video: %s", p->encoding.codec);
    if (p->encoding.fallback)
        av_bprintf(&bp, " (falls back to %s)", p->encoding.fallback);
    av_bprintf(&bp, ", preset %s, ", p->encoding.preset ? p->encoding.preset : "default");
    if (p->encoding.crf >= 0)
        av_bprintf(&bp, "crf %g\n", p->encoding.crf);
    else
        av_bprintf(&bp, "%lld bit/s\n", (long long)p->encoding.bitrate);
    if (p->input_has_audio)
        av_bprintf(&bp, "audio: %s %lld bit/s\n", p->encoding.audio_codec,
                   (long long)p->encoding.audio_bitrate);
    for (int i = 0; i < p->nb_layers; i++) {
        const VfPlanLayer *l = &p->layers[i];
        av_bprintf(&bp, "layer %s: box %dx%d at (%d,%d), raster %dx%d at (%d,%d), "
                        "frames [%lld, %lld)\n", l->id, l->box_w, l->box_h, l->box_x, l->box_y,
                   l->raster.width, l->raster.height, l->raster_x, l->raster_y,
                   (long long)l->first_frame, (long long)l->end_frame);
    }
    describe_timeline(&bp, &p->timeline);
    char *out = NULL;
    av_bprint_finalize(&bp, &out);
    return out;
}
