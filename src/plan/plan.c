#include <math.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libavutil/bprint.h>
#include <libavutil/rational.h>
#include "image/image.h"
#include "plan/layout.h"
#include "plan/plan.h"
#include "plan/digest.h"
#include "util/clock.h"
#include "plan/raster.h"
#include "plan/rastercache.h"
#include "template/presets.h"
#include "text/font.h"
#include "text/text.h"
#include "util/path.h"
#include "vidforge/error.h"
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
} LayerRaster;

typedef int (*RasterizeFn)(const VfTemplate *t, const VfOverlay *ov, VfTextEngine *te,
                           LayerRaster *out);

/* A file a template names must lie in an allowed folder (policy.h). */
static int check_path(const char *path, const char *template_dir, const char *pointer,
                      const char *what)
{
    char real[4096];
    int r = vf_policy_check_path(path, template_dir, real, sizeof(real));
    if (r == -1)
        return vf_error_set(VF_ERR_TEMPLATE, "%s: %s %s resolves to %s, outside the folders a "
                            "template may read (its folder, the current folder, the font "
                            "folders; add one with --allow-path DIR)", pointer, what, path, real);
    if (r == -2)
        return vf_error_set(VF_ERR_ASSET, "%s %s does not exist or is not readable", what, path);
    return 0;
}

/* A cache key: everything that decides the pixels, files by their contents'
 * digest. An empty key (the file is unreadable) means: do not cache. */
static void cache_key(char *key, size_t n, char kind, const char *path, const VfOverlay *ov,
                      int face, const char *content)
{
    char hex[VF_DIGEST_HEX];
    if (vf_digest_file(path, hex) < 0) {
        key[0] = '\0';
        return;
    }
    snprintf(key, n, "%c|%s|%d|%.9g|%.9g|%.9g|%02x%02x%02x%02x|%d|%.9g|%.9g|%.9g|%s",
             kind, hex, face, ov->size, ov->scale, ov->opacity, ov->color.r, ov->color.g,
             ov->color.b, ov->color.a, ov->align, ov->max_width, ov->line_height,
             ov->letter_spacing, content ? content : "");
}

static int from_cache(const char *key, LayerRaster *out)
{
    VfCachedRaster c;
    if (!key[0] || !vf_raster_cache_get(key, &c))
        return 0;
    *out = (LayerRaster){ c.box_w, c.box_h, c.ink_x, c.ink_y, c.raster, c.clusters,
                          c.nb_clusters };
    return 1;
}

static void to_cache(const char *key, const LayerRaster *r)
{
    if (!key[0])
        return;
    VfCachedRaster c = { r->box_w, r->box_h, r->ink_x, r->ink_y, r->raster, r->clusters,
                         r->nb_clusters };
    vf_raster_cache_put(key, &c);
}

/* The text style an overlay asks for, fonts not yet resolved. */
static void text_style(const VfOverlay *ov, VfTextStyle *st)
{
    *st = (VfTextStyle){ .size = ov->size * ov->scale, .color = ov->color, .opacity = ov->opacity,
                         .align = ov->align, .max_width = ov->max_width * ov->scale,
                         .line_height = ov->line_height,
                         .letter_spacing = ov->letter_spacing * ov->scale,
                         .outline_width = ov->has_outline ? ov->outline_width * ov->scale : 0,
                         .outline_color = ov->outline_color, .has_shadow = ov->has_shadow,
                         .shadow_color = ov->shadow_color, .shadow_x = ov->shadow_x * ov->scale,
                         .shadow_y = ov->shadow_y * ov->scale,
                         .shadow_blur = ov->shadow_blur * ov->scale,
                         .has_background = ov->has_background,
                         .background_color = ov->background_color,
                         .background_pad_x = ov->background_pad_x * ov->scale,
                         .background_pad_y = ov->background_pad_y * ov->scale,
                         .background_radius = ov->background_radius * ov->scale,
                         .gradient = ov->gradient, .nb_gradient = ov->nb_gradient,
                         .gradient_stops = ov->nb_stops ? ov->gradient_stops : NULL,
                         .gradient_angle = ov->gradient_angle,
                         .typewriter = ov->anim[VF_ANIM_IN].type == VF_ANIM_TYPEWRITER };
}

static int rasterize_text(const VfTemplate *t, const VfOverlay *ov, VfTextEngine *te,
                          LayerRaster *out)
{
    VfTextStyle st;
    text_style(ov, &st);
    char *path = NULL;
    int ret = vf_font_resolve(ov->font, t->dir, &path, &st.face_index);
    if (ret < 0)
        return ret;
    char pointer[64];
    snprintf(pointer, sizeof(pointer), "/overlays/%d/style/font", ov->index);
    if ((ret = check_path(path, t->dir, pointer, "font")) < 0) {
        free(path);
        return ret;
    }
    st.font_path = path;
    char *fallbacks[8] = { 0 };
    for (int k = 0; ret >= 0 && k < ov->nb_fallback; k++) {
        int fi;
        char fptr[80];
        snprintf(fptr, sizeof(fptr), "/overlays/%d/style/fallback/%d", ov->index, k);
        ret = vf_font_resolve(ov->fallback[k], t->dir, &fallbacks[k], &fi);
        if (ret >= 0)
            ret = check_path(fallbacks[k], t->dir, fptr, "font");
    }
    size_t klen = strlen(ov->content) + 1024 + 8 * 260;
    char *key = ret >= 0 ? malloc(klen) : NULL;
    if (!key) {
        free(path);
        for (int k = 0; k < 8; k++)
            free(fallbacks[k]);
        return ret < 0 ? ret : VF_ERR_INTERNAL;
    }
    cache_key(key, klen, 'T', path, ov, st.face_index, ov->content);
    size_t kl = strlen(key); /* effects: appended as numbers */
    snprintf(key + kl, klen - kl, "|%g|%02x%02x%02x%02x|%d|%02x%02x%02x%02x|%g|%g|%g|%d|%02x%02x%02x%02x|"
             "%g|%g|%g|%d|%g", ov->has_outline ? ov->outline_width : 0, ov->outline_color.r, ov->outline_color.g,
             ov->outline_color.b, ov->outline_color.a, ov->has_shadow, ov->shadow_color.r,
             ov->shadow_color.g, ov->shadow_color.b, ov->shadow_color.a, ov->shadow_x,
             ov->shadow_y, ov->shadow_blur, ov->has_background, ov->background_color.r,
             ov->background_color.g, ov->background_color.b, ov->background_color.a,
             ov->background_pad_x, ov->background_pad_y, ov->background_radius,
             ov->nb_gradient, ov->gradient_angle);
    for (int k = 0; k < ov->nb_fallback && key[0]; k++) {
        char hex[VF_DIGEST_HEX];
        kl = strlen(key);
        if (vf_digest_file(fallbacks[k], hex) == 0)
            snprintf(key + kl, klen - kl, "|fb %s", hex);
        else
            key[0] = '\0';
    }
    kl = strlen(key);
    if (ov->has_fit)
        snprintf(key + kl, klen - kl, "|fit %g %g %g", ov->fit_w, ov->fit_h, ov->fit_min_size);
    kl = strlen(key);
    if (key[0]) { /* fonts fontconfig may pick for characters the named fonts lack */
        char fc[VF_DIGEST_HEX];
        const char *sys = vf_font_system_stamp();
        vf_digest_bytes(sys, strlen(sys), fc);
        snprintf(key + kl, klen - kl, "|fc %s", fc);
    }
    kl = strlen(key);
    if (st.typewriter) /* the same pixels, a cluster map that covers the shadow */
        snprintf(key + kl, klen - kl, "|tw");
    for (int g = 0; g < ov->nb_stops; g++) {
        kl = strlen(key);
        snprintf(key + kl, klen - kl, "|s%.6g", ov->gradient_stops[g]);
    }
    for (int g = 0; g < ov->nb_gradient; g++) {
        kl = strlen(key);
        snprintf(key + kl, klen - kl, "|%02x%02x%02x%02x", ov->gradient[g].r, ov->gradient[g].g,
                 ov->gradient[g].b, ov->gradient[g].a);
    }
    if (from_cache(key, out)) {
        free(key);
        free(path);
        for (int k = 0; k < 8; k++)
            free(fallbacks[k]);
        return 0;
    }
    st.fallback = (const char *const *)fallbacks;
    st.nb_fallback = ov->nb_fallback;
    if (ret >= 0 && ov->has_fit) {
        double scale = ov->scale;
        ret = vf_text_fit(te, ov->content, &st, ov->fit_w * scale, ov->fit_h * scale,
                          ov->fit_min_size * scale, &st.size);
        if (st.max_width <= 0)
            st.max_width = ov->fit_w * scale;
    }
    VfTextResult r;
    if (ret >= 0)
        ret = vf_text_render(te, ov->content, &st, &r);
    free(path);
    for (int k = 0; k < 8; k++)
        free(fallbacks[k]);
    if (ret >= 0) {
        *out = (LayerRaster){ r.box_w, r.box_h, r.ink_x, r.ink_y, r.raster, r.clusters,
                              r.nb_clusters };
        to_cache(key, out);
    }
    free(key);
    return ret;
}

static int rasterize_image(const VfTemplate *t, const VfOverlay *ov, VfTextEngine *te,
                           LayerRaster *out)
{
    char pointer[64];
    snprintf(pointer, sizeof(pointer), "/overlays/%d/source", ov->index);
    if (vf_path_is_url(ov->source))
        return vf_error_set(VF_ERR_TEMPLATE, "%s: images must be files, not URLs", pointer);
    char *path = vf_path_join(t->dir, ov->source);
    if (!path)
        return VF_ERR_INTERNAL;
    int checked = check_path(path, t->dir, pointer, "image");
    if (checked < 0) {
        free(path);
        return checked;
    }
    char key[4400];
    cache_key(key, sizeof(key), 'I', path, ov, 0, NULL);
    if (from_cache(key, out)) {
        free(path);
        return 0;
    }
    int ret = vf_image_load(path, ov->scale, ov->opacity, &out->raster);
    free(path);
    if (ret < 0)
        return ret;
    out->box_w = out->raster.width;
    out->box_h = out->raster.height;
    out->ink_x = out->ink_y = 0;
    to_cache(key, out);
    return 0;
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

static int plan_frame(VfPlan *p, const VfTemplate *t, const VfProbe *in)
{
    const VfOutputPreset *preset = vf_output_preset_find(t->video.output_preset);
    const VfProbeStream *vs = in && in->video >= 0 ? &in->streams[in->video] : NULL;
    int dw = DEFAULT_WIDTH, dh = DEFAULT_HEIGHT;
    if (vs)
        display_size(vs, &dw, &dh);
    p->width = t->video.width ? t->video.width : preset ? preset->width : dw;
    p->height = t->video.height ? t->video.height : preset ? preset->height : dh;
    int max = vf_limits()->frame;
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
    else if (vs && vs->fps_num > 0 && (double)vs->fps_num / vs->fps_den <= 240) {
        p->fps_num = vs->fps_num;
        p->fps_den = vs->fps_den;
    } else
        set_fps(p, DEFAULT_FPS);
    return 0;
}

static int plan_duration(VfPlan *p, const VfTemplate *t, const VfProbe *in)
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
    if (d > vf_limits()->duration)
        return vf_error_set(VF_ERR_TEMPLATE, "the output would last %.3f s, over the %g s limit "
                            "(--limit duration=SECONDS)", d, vf_limits()->duration);
    p->nb_frames = llround(d * p->fps_num / p->fps_den);
    if (p->nb_frames < 1)
        p->nb_frames = 1;
    p->duration = (double)p->nb_frames * p->fps_den / p->fps_num;
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
    pe->preset = e->preset;
    pe->bitrate = preset ? preset->bitrate : 0;
    pe->crf = preset ? preset->crf : DEFAULT_CRF;
    if (e->crf >= 0) { /* rate control is one choice: the template's wins */
        pe->crf = e->crf;
        pe->bitrate = 0;
    } else if (e->bitrate > 0) {
        pe->bitrate = e->bitrate;
        pe->crf = -1;
    }
    pe->audio_codec = "aac";
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

/* ---- sizes and memory, measured before anything is drawn --------------------- */

/* The most pixels a side a layer's raster may have (vf_raster_alloc's bound). */
#define LAYER_SIDE_MAX 16384
#define MIB (1024.0 * 1024.0)

/* A layer as laid out but not drawn: its box, and its raster (the box and
 * the effects around it) at (x, y) in the frame. */
typedef struct LayerSize {
    int box_w, box_h;
    int w, h, x, y;
    double source_px;  /* images: pixels decoded before scaling */
} LayerSize;

typedef int (*MeasureFn)(const VfTemplate *t, const VfOverlay *ov, VfTextEngine *te,
                         LayerSize *out);

static int same_string(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* 1 when b lays out exactly as a: the same text, font and size (effects aside). */
static int same_layout(const VfOverlay *a, const VfOverlay *b)
{
    return a->type == b->type && same_string(a->content, b->content) &&
           same_string(a->font, b->font) && same_string(a->source, b->source) &&
           a->size == b->size && a->scale == b->scale && a->max_width == b->max_width &&
           a->line_height == b->line_height && a->letter_spacing == b->letter_spacing &&
           a->has_fit == b->has_fit && a->fit_w == b->fit_w && a->fit_h == b->fit_h &&
           a->fit_min_size == b->fit_min_size && !a->nb_fallback && !b->nb_fallback;
}

/* Pixels the outline, shadow and background may reach outside the box. */
static int effects_margin(const VfTextStyle *st)
{
    double m = st->outline_width + fmax(fabs(st->shadow_x), fabs(st->shadow_y)) +
               3 * st->shadow_blur + fmax(st->background_pad_x, st->background_pad_y);
    return (int)ceil(m) + 2;
}

static int measure_text(const VfTemplate *t, const VfOverlay *ov, VfTextEngine *te,
                        LayerSize *out)
{
    VfTextStyle st;
    text_style(ov, &st);
    char *path = NULL, pointer[64];
    snprintf(pointer, sizeof(pointer), "/overlays/%d/style/font", ov->index);
    int ret = vf_font_resolve(ov->font, t->dir, &path, &st.face_index);
    if (ret >= 0)
        ret = check_path(path, t->dir, pointer, "font");
    st.font_path = path;
    int known = out->box_w > 0; /* from an earlier overlay laid out the same */
    if (ret >= 0 && ov->has_fit && !known) {
        ret = vf_text_fit(te, ov->content, &st, ov->fit_w * ov->scale, ov->fit_h * ov->scale,
                          ov->fit_min_size * ov->scale, &st.size);
        if (st.max_width <= 0)
            st.max_width = ov->fit_w * ov->scale;
    }
    if (ret >= 0 && !known)
        ret = vf_text_measure(te, ov->content, &st, &out->box_w, &out->box_h);
    free(path);
    int m = effects_margin(&st);
    out->w = out->box_w + 2 * m;
    out->h = out->box_h + 2 * m;
    out->x = out->y = -m; /* from the box, until it is placed */
    return ret;
}

static int measure_image(const VfTemplate *t, const VfOverlay *ov, VfTextEngine *te,
                         LayerSize *out)
{
    char pointer[64];
    snprintf(pointer, sizeof(pointer), "/overlays/%d/source", ov->index);
    if (vf_path_is_url(ov->source))
        return vf_error_set(VF_ERR_TEMPLATE, "%s: images must be files, not URLs", pointer);
    char *path = vf_path_join(t->dir, ov->source);
    int w = 0, h = 0, ret = path ? check_path(path, t->dir, pointer, "image") : VF_ERR_INTERNAL;
    if (ret >= 0)
        ret = vf_image_size(path, &w, &h);
    free(path);
    double sw = fmax(1, round(w * ov->scale)), sh = fmax(1, round(h * ov->scale));
    out->source_px = (double)w * h;
    out->box_w = out->w = (int)fmin(sw, INT32_MAX / 2);
    out->box_h = out->h = (int)fmin(sh, INT32_MAX / 2);
    return ret;
}

/* Indexed by VfLayerType. */
static const MeasureFn measurers[VF_LAYER_TYPE_COUNT] = {
    [VF_LAYER_TEXT] = measure_text,
    [VF_LAYER_IMAGE] = measure_image,
};

typedef struct Rect {
    int x, y, w, h;
} Rect;

/* The part of a w x h raster at (x, y) that can ever be on screen: the frame,
 * widened along the path of a slide by its distance; all of it when the layer
 * zooms (any pixel may come into view) or wipes (measured in raster widths).
 * A raster never on screen keeps one pixel. */
static Rect visible_part(const VfPlan *p, const int type[2], const double distance[2], int x,
                         int y, int w, int h)
{
    double grow_x = 0, grow_y = 0;
    for (int d = 0; d < 2; d++) {
        if (type[d] == VF_ANIM_ZOOM || type[d] == VF_ANIM_WIPE_LEFT ||
            type[d] == VF_ANIM_WIPE_RIGHT)
            return (Rect){ 0, 0, w, h };
        if (type[d] == VF_ANIM_SLIDE_UP || type[d] == VF_ANIM_SLIDE_DOWN)
            grow_y += distance[d];
        else if (type[d] == VF_ANIM_SLIDE_LEFT || type[d] == VF_ANIM_SLIDE_RIGHT)
            grow_x += distance[d];
    }
    double x0 = fmax(0, -(double)x - grow_x), y0 = fmax(0, -(double)y - grow_y);
    double x1 = fmin(w, (double)p->width - x + grow_x);
    double y1 = fmin(h, (double)p->height - y + grow_y);
    if (x1 <= x0 || y1 <= y0)
        return (Rect){ 0, 0, 1, 1 };
    return (Rect){ (int)x0, (int)y0, (int)ceil(x1) - (int)x0, (int)ceil(y1) - (int)y0 };
}

/* Frames x264 keeps in flight by speed preset (its rc-lookahead; references,
 * B-frames and frame threads add ENCODER_EXTRA_FRAMES). Other presets: medium. */
static const struct {
    const char *preset;
    int lookahead;
} encoder_lookahead[] = {
    { "ultrafast", 0 }, { "superfast", 0 }, { "veryfast", 10 }, { "faster", 20 },
    { "fast", 30 },     { "medium", 40 },   { "slow", 50 },     { "slower", 60 },
    { "veryslow", 60 },
};
#define ENCODER_EXTRA_FRAMES 16
#define ENCODER_BYTES_PER_PX 3.5  /* a 4:2:0 frame and the encoder's own planes */
#define GRAPH_FRAMES 8            /* output-sized frames in the filter graph */
#define LAYER_FRAME_BYTES_PER_PX 10 /* a layer's RGBA frame, its 4:2:0 copy, one in flight */
#define DECODED_FRAMES 26         /* the decoded queue (at most 10) and the decoder's references */
#define BASE_BYTES (48 * MIB)     /* code, fonts, FFmpeg's tables */
#define RASTER_CACHE_BYTES (256 * MIB)

typedef struct Budget {
    double fixed, encoder, rasters, layer_frames, drawing;
} Budget;

static double encoder_bytes(const VfPlan *p)
{
    int lookahead = 40;
    for (size_t i = 0; i < sizeof(encoder_lookahead) / sizeof(encoder_lookahead[0]); i++)
        if (p->encoding.preset && !strcmp(p->encoding.preset, encoder_lookahead[i].preset))
            lookahead = encoder_lookahead[i].lookahead;
    return (lookahead + ENCODER_EXTRA_FRAMES) * ENCODER_BYTES_PER_PX * p->width * p->height;
}

/* What overlay i adds: its layer frames, its raster unless an earlier overlay
 * draws the same one, and the peak while drawing it (before cropping). */
static void budget_layer(Budget *b, const VfPlan *p, const VfTemplate *t, const LayerSize *ls,
                         int i)
{
    const VfOverlay *ov = &t->overlays[i];
    int type[2] = { ov->anim[0].type, ov->anim[1].type };
    double distance[2];
    for (int d = 0; d < 2; d++)
        distance[d] = ov->anim[d].distance != VF_ANIM_OFFSCREEN ? ov->anim[d].distance
                    : (double)p->width + p->height + ls[i].w + ls[i].h;
    Rect v = visible_part(p, type, distance, ls[i].x, ls[i].y, ls[i].w, ls[i].h);
    double kept = (double)v.w * v.h, full = (double)ls[i].w * ls[i].h;
    int per_px = ov->type == VF_LAYER_TEXT ? 6 : 4; /* text: RGBA and the cluster map */
    b->layer_frames += LAYER_FRAME_BYTES_PER_PX * kept;
    int shared = 0;
    for (int j = 0; j < i && !shared; j++)
        shared = same_layout(&t->overlays[j], ov) && ov->opacity == t->overlays[j].opacity &&
                 ls[j].x == ls[i].x && ls[j].y == ls[i].y && !memcmp(&ov->color,
                 &t->overlays[j].color, sizeof(ov->color));
    if (!shared)
        b->rasters += per_px * kept;
    double drawing = per_px * full + 8 * ls[i].source_px; /* decoded + converted source */
    b->drawing = fmax(b->drawing, drawing + fmin(RASTER_CACHE_BYTES, per_px * full));
}

static int check_memory(const VfPlan *p, const VfTemplate *t, const VfProbe *in,
                        const LayerSize *ls)
{
    Budget b = { .fixed = BASE_BYTES + GRAPH_FRAMES * 4.0 * p->width * p->height,
                 .encoder = encoder_bytes(p) };
    if (in && in->video >= 0)
        b.fixed += DECODED_FRAMES * 1.5 * in->streams[in->video].width *
                   in->streams[in->video].height;
    for (int i = 0; i < t->nb_overlays; i++)
        budget_layer(&b, p, t, ls, i);
    double total = b.fixed + b.encoder + b.rasters + b.layer_frames + b.drawing;
    if (total <= vf_limits()->memory_mb * MIB)
        return 0;
    return vf_error_set(VF_ERR_TEMPLATE, "the render would need about %.0f MB of memory "
                        "(encoder %.0f, frames %.0f, layer rasters %.0f, layer frames %.0f, "
                        "drawing %.0f), over the %g MB limit (--limit memory=SIZE)",
                        total / MIB, b.encoder / MIB, b.fixed / MIB, b.rasters / MIB,
                        b.layer_frames / MIB, b.drawing / MIB, vf_limits()->memory_mb);
}

static int measure_layer(const VfPlan *p, const VfTemplate *t, int i, VfTextEngine *te,
                         LayerSize *ls)
{
    const VfOverlay *ov = &t->overlays[i];
    for (int j = 0; j < i && ls[i].box_w <= 0; j++)
        if (same_layout(&t->overlays[j], ov) && ov->type == VF_LAYER_TEXT)
            ls[i].box_w = ls[j].box_w, ls[i].box_h = ls[j].box_h;
    int ret = measurers[ov->type](t, ov, te, &ls[i]);
    if (ret < 0)
        return ret;
    if (ls[i].w > LAYER_SIDE_MAX || ls[i].h > LAYER_SIDE_MAX)
        return vf_error_set(VF_ERR_TEMPLATE, "/overlays/%d/%s: the %s would be %dx%d pixels, "
                            "over the %d a layer may measure a side", i,
                            ov->type == VF_LAYER_TEXT ? "content" : "source",
                            ov->type == VF_LAYER_TEXT ? "text" : "scaled image", ls[i].w,
                            ls[i].h, LAYER_SIDE_MAX);
    int bx, by;
    vf_layout_place(ov->anchor, p->width, p->height, ls[i].box_w, ls[i].box_h, ov->offset_x,
                    ov->offset_y, ov->custom_x, ov->custom_y, &bx, &by);
    ls[i].x += bx;
    ls[i].y += by;
    return 0;
}

/* Lays out every overlay without drawing it: each within the layer size, the
 * whole render within the memory limit. lenient: an overlay whose font or
 * image is missing counts for nothing instead of failing. */
static int check_plan_size(const VfPlan *p, const VfTemplate *t, const VfProbe *in, int lenient)
{
    LayerSize *ls = calloc((size_t)t->nb_overlays + 1, sizeof(*ls));
    VfTextEngine *te = NULL;
    int text = 0;
    for (int i = 0; i < t->nb_overlays; i++)
        text |= t->overlays[i].type == VF_LAYER_TEXT;
    int ret = !ls ? VF_ERR_INTERNAL : text ? vf_text_engine_create(&te) : 0;
    for (int i = 0; i < t->nb_overlays && ret >= 0; i++)
        if ((ret = measure_layer(p, t, i, te, ls)) == VF_ERR_ASSET && lenient)
            ls[i] = (LayerSize){ 0 }, ret = 0;
    if (ret >= 0)
        ret = check_memory(p, t, in, ls);
    vf_text_engine_free(&te);
    free(ls);
    return ret;
}

/* Keeps only the part of the layer's raster (and cluster map) that can ever
 * be on screen. */
static int crop_layer(const VfPlan *p, VfPlanLayer *l)
{
    int type[2] = { l->anim[0].type, l->anim[1].type };
    double distance[2] = { l->anim[0].distance, l->anim[1].distance };
    int w = l->raster.width;
    Rect r = visible_part(p, type, distance, l->raster_x, l->raster_y, w, l->raster.height);
    if (r.w == w && r.h == l->raster.height)
        return 0;
    VfRaster c;
    uint16_t *cl = l->clusters ? malloc((size_t)r.w * r.h * sizeof(*cl)) : NULL;
    if (vf_raster_alloc(&c, r.w, r.h) < 0 || (l->clusters && !cl)) {
        vf_raster_free(&c);
        free(cl);
        return VF_ERR_INTERNAL;
    }
    for (int y = 0; y < r.h; y++) {
        size_t from = (size_t)(y + r.y) * w + r.x;
        memcpy(c.pixels + (size_t)y * r.w * 4, l->raster.pixels + from * 4, (size_t)r.w * 4);
        if (cl)
            memcpy(cl + (size_t)y * r.w, l->clusters + from, (size_t)r.w * sizeof(*cl));
    }
    vf_raster_free(&l->raster);
    free(l->clusters);
    l->raster = c;
    l->clusters = cl;
    l->raster_x += r.x;
    l->raster_y += r.y;
    l->pivot_x -= r.x;
    l->pivot_y -= r.y;
    return 0;
}

/* Makes layer i use the pixels of an earlier layer that has the very same
 * ones (one raster for identical layers). */
static void share_raster(VfPlan *p, int i)
{
    VfPlanLayer *l = &p->layers[i];
    size_t px = (size_t)l->raster.width * l->raster.height;
    for (int j = 0; j < i; j++) {
        const VfPlanLayer *o = &p->layers[j];
        if (o->raster.width != l->raster.width || o->raster.height != l->raster.height ||
            !o->clusters != !l->clusters || o->nb_clusters != l->nb_clusters ||
            memcmp(o->raster.pixels, l->raster.pixels, px * 4) ||
            (l->clusters && memcmp(o->clusters, l->clusters, px * sizeof(*l->clusters))))
            continue;
        vf_raster_free(&l->raster);
        free(l->clusters);
        l->raster = o->raster;
        l->clusters = o->clusters;
        l->raster_shared = 1;
        return;
    }
}

/* Equal, or both unset (NAN). */
static int same_number(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

/* An earlier layer of the same image, scaled, faded, placed and moving the
 * same way (slides by given distances only): its raster, as kept, is this
 * one's, without decoding the image or reading the cache again. */
static const VfPlanLayer *same_image_layer(const VfPlan *p, const VfTemplate *t,
                                           const VfOverlay *ov)
{
    for (int j = 0; j < p->nb_layers && ov->type == VF_LAYER_IMAGE; j++) {
        const VfOverlay *o = &t->overlays[p->layers[j].index];
        int same = o->type == ov->type && !strcmp(o->source, ov->source) &&
                   o->scale == ov->scale && o->opacity == ov->opacity &&
                   o->anchor == ov->anchor && o->offset_x == ov->offset_x &&
                   o->offset_y == ov->offset_y && same_number(o->custom_x, ov->custom_x) &&
                   same_number(o->custom_y, ov->custom_y);
        for (int d = 0; d < 2 && same; d++)
            same = o->anim[d].type == ov->anim[d].type &&
                   o->anim[d].distance == ov->anim[d].distance &&
                   (ov->anim[d].type < VF_ANIM_SLIDE_UP || ov->anim[d].type > VF_ANIM_SLIDE_RIGHT ||
                    ov->anim[d].distance != VF_ANIM_OFFSCREEN);
        if (same)
            return &p->layers[j];
    }
    return NULL;
}

static int plan_layer(VfPlan *p, const VfTemplate *t, int i, VfTextEngine *te)
{
    const VfOverlay *ov = &t->overlays[i];
    VfPlanLayer *l = &p->layers[p->nb_layers];
    const VfPlanLayer *twin = same_image_layer(p, t, ov);
    LayerRaster lr = { 0 };
    if (twin)
        lr = (LayerRaster){ twin->box_w, twin->box_h, twin->raster_x - twin->box_x,
                            twin->raster_y - twin->box_y, twin->raster, NULL, 0 };
    double t0 = vf_now();
    int ret = twin ? 0 : rasterizers[ov->type](t, ov, te, &lr);
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
    return ret < 0 || twin ? ret : crop_layer(p, l); /* a twin's raster is cropped already */
}

static int plan_layers(VfPlan *p, const VfTemplate *t)
{
    VfTextEngine *te = NULL;
    p->layers = calloc((size_t)(t->nb_overlays ? t->nb_overlays : 1), sizeof(*p->layers));
    int ret = p->layers ? vf_text_engine_create(&te) : VF_ERR_INTERNAL;
    for (int i = 0; i < t->nb_overlays && ret >= 0; i++)
        if ((ret = plan_layer(p, t, i, te)) >= 0 && !p->layers[p->nb_layers - 1].raster_shared)
            share_raster(p, p->nb_layers - 1);
    vf_text_engine_free(&te);
    return ret;
}

static int resolve_input(VfPlan *p, const VfTemplate *t, VfProbe *probe, int *have_probe)
{
    if (!t->video.input)
        return 0;
    if (!(p->input = vf_path_join(t->dir, t->video.input)))
        return VF_ERR_INTERNAL;
    if (vf_path_is_url(p->input) && !vf_policy_network())
        return vf_error_set(VF_ERR_TEMPLATE, "/video/input: network inputs are turned off "
                            "(--no-network): %s", p->input);
    /* an image sequence names its files with a pattern: img%03d.png */
    int local = !vf_path_is_url(p->input);
    if (local && !strchr(p->input, '%') && !vf_path_is_readable_file(p->input))
        return vf_error_set(VF_ERR_ASSET, "input video %s does not exist or is not readable",
                            p->input);
    if (local && !strchr(p->input, '%')) {
        int ret = check_path(p->input, t->dir, "/video/input", "input");
        struct stat st;
        if (ret < 0)
            return ret;
        if (stat(p->input, &st) == 0 && st.st_size > vf_limits()->input_size_mb * 1e6)
            return vf_error_set(VF_ERR_ASSET, "input %s is %.1f MB, over the %g MB limit "
                                "(--limit input_size=MB)", p->input, st.st_size / 1e6,
                                vf_limits()->input_size_mb);
    }
    if (*have_probe)
        return 0;
    int ret = vf_probe_file(p->input, probe);
    *have_probe = ret >= 0;
    return ret;
}

static int plan_build(const VfTemplate *t, VfProbe *probe, int have_probe, VfPlan *p)
{
    p->background = t->video.background;
    int ret = resolve_input(p, t, probe, &have_probe);
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
        ret = plan_frame(p, t, in);
    }
    if (ret >= 0)
        ret = plan_duration(p, t, in);
    if (ret >= 0) {
        plan_encoding(p, t);
        ret = check_plan_size(p, t, in, 0);
    }
    if (ret >= 0)
        ret = plan_layers(p, t);
    return ret;
}

int vf_plan_create_probed(const VfTemplate *t, const VfProbe *input_probe, VfPlan **out)
{
    VfPlan *p = calloc(1, sizeof(*p));
    VfProbe *probe = calloc(1, sizeof(*probe));
    int ret = p && probe ? 0 : VF_ERR_INTERNAL;
    if (ret >= 0 && input_probe)
        *probe = *input_probe;
    if (ret >= 0)
        ret = plan_build(t, probe, input_probe != NULL, p);
    free(probe);
    if (ret < 0)
        vf_plan_free(&p);
    *out = p;
    return ret;
}

int vf_plan_check(const VfTemplate *t)
{
    VfPlan p = { 0 };
    int ret = plan_frame(&p, t, NULL);
    if (ret >= 0) {
        plan_encoding(&p, t);
        ret = check_plan_size(&p, t, NULL, 1);
    }
    return ret;
}

int vf_plan_create(const VfTemplate *t, VfPlan **out)
{
    return vf_plan_create_probed(t, NULL, out);
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
    free(p->layers);
    free(p->input);
    free(p);
    *pp = NULL;
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
    char *out = NULL;
    av_bprint_finalize(&bp, &out);
    return out;
}
