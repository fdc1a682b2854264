/* Every file a render reads, and render's refusals checked on each before
 * decoding. See assets.h. */
#include "plan/assets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libavformat/avformat.h>

#include "media/open.h"
#include "media/probe.h"
#include "plan/budget.h"
#include "storage/s3object.h"
#include "storage/s3url.h"
#include "text/font.h"
#include "util/path.h"
#include "vidforge/error.h"
#include "vidforge/model_audio.h"
#include "vidforge/model_clips.h"
#include "vidforge/policy.h"

typedef struct Walk {
    const VfPlanEnv *env;
    const VfTemplate *t;
    int deep;
    VfAssetFn fn;
    void *opaque;
} Walk;

/* The schemes a URL input may use (the others: exit 3, as render). */
static const char *const schemes[] = { "http://", "https://" };

/* s3:// names any kind of asset; the policy says which prefixes a template
 * may read (its own S3 folder, --allow-path s3://bucket/prefix/). */
static int check_s3(const Walk *w, const VfAsset *a)
{
    /* the message starts with the pointer, as the policy's do (without_pointer) */
    int ret = vf_policy_check_url(w->env->policy, a->path, w->t->dir, a->pointer, a->what);
    VfS3Object info = { 1, -1, "", "" };
    if (ret >= 0) /* a HEAD: validate downloads nothing */
        ret = vf_s3_head(a->path, VF_ERR_ASSET, &info);
    if (ret >= 0 && !info.exists)
        ret = vf_error_set(VF_ERR_ASSET, "%s %s does not exist", a->what, a->path);
    return ret < 0 ? ret : 0;
}

static int check_url(const Walk *w, const VfAsset *a)
{
    if (!strncmp(a->path, "s3://", 5))
        return check_s3(w, a);
    int known = 0;
    for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
        known |= !strncmp(a->path, schemes[i], strlen(schemes[i]));
    int media = a->kind == VF_ASSET_MEDIA || a->kind == VF_ASSET_AUDIO;
    if (!media || !known)
        return vf_error_set(VF_ERR_ASSET, "%s %s: unsupported scheme (%s reads local files%s)",
                            a->what, a->path, a->what,
                            media ? " and http(s) URLs" : "");
    if (!w->env->policy->network)
        return vf_error_set(VF_ERR_TEMPLATE, "network inputs are turned off (--no-network): %s",
                            a->path);
    return 0; /* not fetched: validate reads nothing from the network */
}

/* 1 when the file's first bytes are a format FFmpeg knows by content alone
 * (not by its name: "logo.png" holding text is no picture); 1 also when
 * path is no file of its own (an image-sequence pattern). */
static int known_by_content(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 1;
    uint8_t buf[4096 + AVPROBE_PADDING_SIZE] = { 0 };
    size_t n = fread(buf, 1, 4096, f);
    fclose(f);
    AVProbeData pd = { "", buf, (int)n, NULL };
    int score = 0;
    return n > 0 && av_probe_input_format2(&pd, 1, &score) != NULL;
}

/* Opens path's header the way render's demuxing starts, decoding nothing;
 * it must hold a video stream (an audio stream for an audio source). */
static int check_media_header(const VfAsset *a)
{
    int want = a->kind == VF_ASSET_AUDIO ? AVMEDIA_TYPE_AUDIO : AVMEDIA_TYPE_VIDEO;
    AVFormatContext *fmt = NULL;
    if (!known_by_content(a->path))
        return vf_error_set(VF_ERR_ASSET, "%s %s is not a %s FFmpeg can read (its first bytes "
                            "are no format it knows)", a->what, a->path,
                            a->kind == VF_ASSET_IMAGE ? "picture" : "media file");
    int ret = vf_media_open(&fmt, a->path);
    if (ret == VF_ERR_INTERRUPTED)
        return ret;
    if (ret < 0)
        return vf_error_set(VF_ERR_ASSET, "%s %s is not a %s FFmpeg can read (%s)", a->what,
                            a->path, a->kind == VF_ASSET_IMAGE ? "picture" : "media file",
                            av_err2str(ret));
    int found = fmt->nb_streams == 0; /* streams found only by decoding: not judged here */
    for (unsigned i = 0; i < fmt->nb_streams; i++)
        found |= (int)fmt->streams[i]->codecpar->codec_type == want;
    avformat_close_input(&fmt);
    return found ? 0 : vf_error_set(VF_ERR_ASSET, "%s %s has no %s stream", a->what, a->path,
                                    want == AVMEDIA_TYPE_AUDIO ? "audio" : "video");
}

static int check_asset(const Walk *w, const VfAsset *a, int face)
{
    if (vf_path_is_url(a->path))
        return check_url(w, a);
    const VfPolicy *pol = w->env->policy;
    int ret = a->kind == VF_ASSET_FONT
                  ? vf_policy_check_file(pol, a->path, w->t->dir, a->pointer, a->what)
                  : vf_policy_check_media(pol, a->path, w->t->dir, a->pointer, a->what);
    if (ret < 0)
        return ret;
    if (a->kind == VF_ASSET_FONT)
        return vf_font_check_file(a->path, face);
    if (a->kind == VF_ASSET_CAPTIONS)
        return 0; /* there and readable; parsed by the render */
    return check_media_header(a);
}

/* "POINTER: message" -> "message" (policy messages start with the pointer). */
static const char *without_pointer(const char *msg, const char *pointer)
{
    size_t n = strlen(pointer);
    return n && !strncmp(msg, pointer, n) && !strncmp(msg + n, ": ", 2) ? msg + n + 2 : msg;
}

/* Hands one asset to fn; path is owned (freed here). resolve_err: the
 * resolution failed (its message set). */
static int visit(const Walk *w, int kind, const char *pointer, const char *what, char *path,
                 int face, int resolve_err)
{
    VfAsset a = { kind, pointer, what, path, resolve_err, "" };
    char msg[1024] = "";
    if (!a.error && path && w->deep && kind != VF_ASSET_TEMPLATE) {
        vf_error_clear();
        a.error = check_asset(w, &a, face);
    }
    if (a.error) {
        snprintf(msg, sizeof(msg), "%s", without_pointer(vf_error_message(), pointer));
        a.message = msg;
    }
    int ret = a.error == VF_ERR_INTERRUPTED ? a.error : w->fn(w->opaque, &a);
    free(path);
    return ret;
}

/* A font file in S3 (named so, or a file name in an S3 template's folder):
 * its URL, else NULL. */
static char *s3_font(const Walk *w, const char *font)
{
    static const char *const exts[] = { ".ttf", ".otf", ".ttc", ".otc" };
    const char *dot = font ? strrchr(font, '.') : NULL;
    int file = font && strchr(font, '/');
    for (size_t i = 0; dot && i < sizeof(exts) / sizeof(exts[0]); i++)
        file |= !strcasecmp(dot, exts[i]);
    char *path = file ? vf_path_join(w->t->dir, font) : NULL;
    if (path && !vf_s3_is_url(path)) {
        free(path);
        path = NULL;
    }
    return path;
}

static int visit_font(const Walk *w, const char *font, const char *pointer)
{
    char *path = s3_font(w, font);
    int face = 0;
    VfS3Object info = { 1, -1, "", "" };
    if (path && (!w->deep || vf_s3_head(path, VF_ERR_ASSET, &info) < 0 || info.exists))
        return visit(w, VF_ASSET_FONT, pointer, "font", path, 0, 0);
    free(path); /* no such object: a shipped font of that name stands in, as for render */
    path = NULL;
    vf_error_clear();
    int ret = vf_font_resolve(w->env->fonts, font, w->t->dir, &path, &face);
    return visit(w, VF_ASSET_FONT, pointer, "font", path, face, ret < 0 ? ret : 0);
}

static int visit_overlay(const Walk *w, const VfOverlay *ov)
{
    char ptr[96];
    if (ov->type == VF_LAYER_IMAGE) {
        snprintf(ptr, sizeof(ptr), "/overlays/%d/source", ov->index);
        char *path = vf_path_join(w->t->dir, ov->source);
        return path ? visit(w, VF_ASSET_IMAGE, ptr, "image", path, 0, 0) : VF_ERR_INTERNAL;
    }
    if ((ov->type == VF_LAYER_CAPTIONS || ov->type == VF_LAYER_VIDEO) && ov->source) {
        int cap = ov->type == VF_LAYER_CAPTIONS;
        snprintf(ptr, sizeof(ptr), "/overlays/%d/source", ov->index);
        char *path = vf_path_join(w->t->dir, ov->source);
        return path ? visit(w, cap ? VF_ASSET_CAPTIONS : VF_ASSET_MEDIA, ptr,
                            cap ? "captions" : "video", path, 0, 0) : VF_ERR_INTERNAL;
    }
    if (ov->type != VF_LAYER_TEXT)
        return 0;
    if (ov->font)
        snprintf(ptr, sizeof(ptr), "/overlays/%d/style/font", ov->index);
    else
        snprintf(ptr, sizeof(ptr), "/overlays/%d", ov->index); /* the default font */
    int ret = visit_font(w, ov->font, ptr);
    for (int k = 0; ret >= 0 && k < ov->nb_fallback; k++) {
        snprintf(ptr, sizeof(ptr), "/overlays/%d/style/fallback/%d", ov->index, k);
        ret = visit_font(w, ov->fallback[k], ptr);
    }
    return ret;
}

/* The file name (relative to the template's folder; NULL: none) at the
 * pointer fmt with index i. */
static int visit_named(const Walk *w, int kind, const char *fmt, int i, const char *what,
                       const char *name)
{
    char ptr[64];
    if (!name)
        return 0;
    snprintf(ptr, sizeof(ptr), fmt, i);
    char *path = vf_path_join(w->t->dir, name);
    return path ? visit(w, kind, ptr, what, path, 0, 0) : VF_ERR_INTERNAL;
}

int vf_plan_assets(const VfPlanEnv *env, const VfTemplate *t, int deep, VfAssetFn fn,
                   void *opaque)
{
    Walk w = { env, t, deep, fn, opaque };
    char *self = strdup(t->path);
    int ret = self ? visit(&w, VF_ASSET_TEMPLATE, "", "template", self, 0, 0) : VF_ERR_INTERNAL;
    if (ret >= 0 && t->video.input) {
        char *in = vf_path_join(t->dir, t->video.input);
        ret = in ? visit(&w, VF_ASSET_MEDIA, "/video/input", "input video", in, 0, 0)
                 : VF_ERR_INTERNAL;
    }
    for (int i = 0; ret >= 0 && i < t->video.nb_clips; i++)
        ret = visit_named(&w, VF_ASSET_MEDIA, "/video/clips/%d/input", i, "video",
                          t->video.clips[i].input);
    for (int i = 0; ret >= 0 && i < t->nb_overlays; i++)
        ret = visit_overlay(&w, &t->overlays[i]);
    for (int i = 0; ret >= 0 && i < t->audio.nb_tracks; i++)
        ret = visit_named(&w, VF_ASSET_AUDIO, "/audio/%d/source", i, "audio source",
                          t->audio.tracks[i].source);
    return ret;
}

/* The title-safe area: the middle 80% of each side, as --guides draws it. */
#define SAFE_MARGIN 0.10

static void placement_finding(const VfTemplate *t, const VfOverlay *ov, const int *b, int w,
                              int h, VfDiagList *diags)
{
    char ptr[64];
    snprintf(ptr, sizeof(ptr), "/overlays/%d/position", ov->index);
    int mx = (int)(w * SAFE_MARGIN), my = (int)(h * SAFE_MARGIN);
    if (b[0] >= w || b[1] >= h || b[0] + b[2] <= 0 || b[1] + b[3] <= 0)
        vf_diag_add(diags, VF_SEV_WARNING, t->path, 0, 0, ptr,
                    "overlay \"%s\" lies entirely outside the %dx%d frame (its box: %dx%d at "
                    "%d,%d): it is never seen", ov->id, w, h, b[2], b[3], b[0], b[1]);
    else if (b[0] < mx || b[1] < my || b[0] + b[2] > w - mx || b[1] + b[3] > h - my)
        vf_diag_add(diags, VF_SEV_WARNING, t->path, 0, 0, ptr,
                    "overlay \"%s\" is partly outside the title-safe area (%d,%d to %d,%d; its "
                    "box: %dx%d at %d,%d): screens and apps may cut it", ov->id, mx, my, w - mx,
                    h - my, b[2], b[3], b[0], b[1]);
}

int vf_plan_check_placement(const VfPlanEnv *env, const VfTemplate *t, const VfProbe *in,
                            VfDiagList *diags)
{
    VfPlan p = { 0 };
    if (vf_plan_frame_only(env, t, in, &p) < 0) {
        vf_error_clear(); /* a frame the template cannot have: validate says so elsewhere */
        return 0;
    }
    int *boxes = calloc((size_t)t->nb_overlays * 4 + 4, sizeof(*boxes));
    int ret = boxes ? vf_plan_overlay_boxes(env, &p, t, boxes) : VF_ERR_INTERNAL;
    for (int i = 0; ret >= 0 && i < t->nb_overlays; i++)
        if (boxes[4 * i + 2] > 0 && boxes[4 * i + 3] > 0)
            placement_finding(t, &t->overlays[i], &boxes[4 * i], p.width, p.height, diags);
    free(boxes);
    return ret;
}
