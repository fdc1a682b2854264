/* libass rendering into a straight-alpha RGBA picture. */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ass/ass.h>

#include "captions/assrender.h"
#include "captions/capint.h"
#include "util/path.h"
#include "vidforge/error.h"
#include "vidforge/log.h"

struct VfAssRenderer {
    ASS_Library *lib;
    ASS_Renderer *renderer;
    ASS_Track *track;
    int width, height;  /* the frame libass lays out */
    int wx, wy, ww, wh; /* the part of it drawn into the caller's pictures */
    int drawn;          /* a picture was drawn: later calls may report no change */
};

int vf_ass_is_font_file(const char *name)
{
    static const char *const exts[] = { ".ttf", ".otf", ".ttc", ".otc" };
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
        if (n > 4 && !strcasecmp(name + n - 4, exts[i]))
            return 1;
    return 0;
}

/* Hands every font file of dir to libass (which copies it). A file that
 * cannot be read is skipped with a warning: other fonts may serve. */
static void add_fonts(ASS_Library *lib, const char *dir, size_t max_bytes)
{
    DIR *d = opendir(dir);
    if (!d) {
        vf_log(VF_LOG_WARNING, "cannot list font folder %s for ASS captions", dir);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!vf_ass_is_font_file(e->d_name))
            continue;
        char *path = vf_path_join(dir, e->d_name), *data = NULL;
        size_t size = 0;
        if (path && vf_captions_read_file(path, max_bytes, &data, &size) == 0)
            ass_add_font(lib, e->d_name, data, (int)size);
        else
            vf_log(VF_LOG_WARNING, "skipped font %s/%s for ASS captions", dir, e->d_name);
        vf_error_clear();
        free(data);
        free(path);
    }
    closedir(d);
}

static int open_track(VfAssRenderer *r, const char *path, size_t max_bytes)
{
    char *data;
    size_t size;
    int ret = vf_captions_read_file(path, max_bytes, &data, &size);
    if (ret < 0)
        return ret;
    if (memchr(data, '\0', size))
        ret = vf_error_set(VF_ERR_ASSET, "%s is not an ASS/SSA file: it holds binary data", path);
    else if (!(r->track = ass_read_memory(r->lib, data, size, NULL)))
        ret = vf_error_set(VF_ERR_ASSET, "%s is not an ASS/SSA file: libass finds no "
                           "[Script Info] and styles in it", path);
    free(data);
    return ret;
}

int vf_ass_renderer_create(VfAssRenderer **out, const char *path, int width, int height,
                           const VfAssFonts *fonts)
{
    static const VfAssFonts none = { 0 };
    fonts = fonts ? fonts : &none;
    size_t max = fonts->max_file_bytes ? fonts->max_file_bytes : (size_t)500 << 20;
    VfAssRenderer *r = calloc(1, sizeof(*r));
    *out = NULL;
    if (!r || !(r->lib = vf_ass_library_new()) || !(r->renderer = ass_renderer_init(r->lib))) {
        vf_ass_renderer_free(&r);
        return vf_cap_oom();
    }
    r->width = r->ww = width;
    r->height = r->wh = height;
    ass_set_extract_fonts(r->lib, 1); /* fonts embedded in the script itself */
    int ret = open_track(r, path, max);
    if (ret < 0) {
        vf_ass_renderer_free(&r);
        return ret;
    }
    for (int i = 0; i < fonts->nb_dirs; i++)
        add_fonts(r->lib, fonts->dirs[i], max);
    ass_set_frame_size(r->renderer, width, height);
    ass_set_storage_size(r->renderer, width, height);
    ass_set_shaper(r->renderer, ASS_SHAPING_COMPLEX);
    ass_set_fonts(r->renderer, fonts->default_font,
                  fonts->default_family ? fonts->default_family : "sans-serif",
                  fonts->fontconfig ? ASS_FONTPROVIDER_AUTODETECT : ASS_FONTPROVIDER_NONE, NULL, 1);
    *out = r;
    return 0;
}

/* Straight-alpha "over" of one libass bitmap in its colour, onto the
 * window's picture. */
static void blend(const ASS_Image *img, uint8_t *rgba, int stride, const VfAssRenderer *r)
{
    unsigned cr = img->color >> 24, cg = img->color >> 16 & 0xFF, cb = img->color >> 8 & 0xFF;
    unsigned opacity = 255 - (img->color & 0xFF);
    for (int y = 0; y < img->h; y++) {
        int dy = img->dst_y + y - r->wy;
        if (dy < 0 || dy >= r->wh)
            continue;
        const uint8_t *src = img->bitmap + (size_t)y * img->stride;
        for (int x = 0; x < img->w; x++) {
            int dx = img->dst_x + x - r->wx;
            unsigned a = src[x] * opacity; /* 0..255*255 */
            if (dx < 0 || dx >= r->ww || !a)
                continue;
            uint8_t *p = rgba + (size_t)dy * stride + (size_t)dx * 4;
            double sa = a / 65025.0, da = p[3] / 255.0, oa = sa + da * (1 - sa);
            double k = da * (1 - sa);
            p[0] = (uint8_t)lround((cr * sa + p[0] * k) / oa);
            p[1] = (uint8_t)lround((cg * sa + p[1] * k) / oa);
            p[2] = (uint8_t)lround((cb * sa + p[2] * k) / oa);
            p[3] = (uint8_t)lround(oa * 255);
        }
    }
}

int vf_ass_renderer_render(VfAssRenderer *r, double t, uint8_t *rgba, int stride, int *changed)
{
    int change = 0;
    ASS_Image *img = ass_render_frame(r->renderer, r->track, llround(t * 1000), &change);
    *changed = change || !r->drawn;
    if (!*changed)
        return 0;
    for (int y = 0; y < r->wh; y++)
        memset(rgba + (size_t)y * stride, 0, (size_t)r->ww * 4);
    for (; img; img = img->next)
        blend(img, rgba, stride, r);
    r->drawn = 1;
    return 0;
}

void vf_ass_renderer_window(VfAssRenderer *r, int x, int y, int width, int height)
{
    r->wx = x, r->wy = y, r->ww = width, r->wh = height;
    r->drawn = 0;
}

void vf_ass_renderer_extent(VfAssRenderer *r, double t, int rect[4])
{
    int change = 0;
    for (ASS_Image *img = ass_render_frame(r->renderer, r->track, llround(t * 1000), &change);
         img; img = img->next) {
        int x0 = img->dst_x > 0 ? img->dst_x : 0, y0 = img->dst_y > 0 ? img->dst_y : 0;
        int x1 = img->dst_x + img->w, y1 = img->dst_y + img->h;
        x1 = x1 < r->width ? x1 : r->width, y1 = y1 < r->height ? y1 : r->height;
        if (x1 <= x0 || y1 <= y0)
            continue;
        rect[0] = x0 < rect[0] ? x0 : rect[0], rect[1] = y0 < rect[1] ? y0 : rect[1];
        rect[2] = x1 > rect[2] ? x1 : rect[2], rect[3] = y1 > rect[3] ? y1 : rect[3];
    }
    r->drawn = 0;
}

void vf_ass_renderer_free(VfAssRenderer **pr)
{
    VfAssRenderer *r = pr ? *pr : NULL;
    if (!r)
        return;
    if (r->track)
        ass_free_track(r->track);
    if (r->renderer)
        ass_renderer_done(r->renderer);
    if (r->lib)
        ass_library_done(r->lib);
    free(r);
    *pr = NULL;
}
