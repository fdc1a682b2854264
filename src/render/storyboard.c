#include "render/storyboard.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libswscale/swscale.h>

#include "plan/motion.h"
#include "render/guides.h"
#include "render/mediagraph.h"
#include "render/preview.h"
#include "text/font.h"
#include "text/text.h"
#include "util/raster.h"
#include "vidforge/error.h"

int vf_storyboard_frames(const VfPlan *p, double every, int64_t *frames)
{
    int64_t wanted;
    return vf_storyboard_pick(p, every, VF_SHEET_MAX_TILES, frames, &wanted);
}

static void tile_size(const VfPlan *p, int *w, int *h)
{
    *w = VF_SHEET_TILE_W;
    *h = (int)lround((double)VF_SHEET_TILE_W * p->height / p->width) & ~1;
}

void vf_storyboard_size(const VfPlan *p, int nb, int *width, int *height)
{
    int tw, th, cols = nb < VF_SHEET_MAX_COLS ? nb : VF_SHEET_MAX_COLS;
    tile_size(p, &tw, &th);
    int rows = (nb + VF_SHEET_MAX_COLS - 1) / VF_SHEET_MAX_COLS;
    *width = VF_SHEET_MARGIN + cols * (tw + VF_SHEET_MARGIN);
    *height = VF_SHEET_MARGIN + rows * (th + VF_SHEET_LABEL_H + VF_SHEET_MARGIN);
}

static int scale_into(const AVFrame *f, uint8_t *dst, int linesize, int w, int h)
{
    struct SwsContext *sws = sws_getContext(f->width, f->height, AV_PIX_FMT_RGB24, w, h,
                                            AV_PIX_FMT_RGB24, SWS_AREA, NULL, NULL, NULL);
    if (!sws)
        return VF_ERR_INTERNAL;
    uint8_t *planes[4] = { dst };
    int lines[4] = { linesize };
    sws_scale(sws, (const uint8_t *const *)f->data, f->linesize, 0, f->height, planes, lines);
    sws_freeContext(sws);
    return 0;
}

static void draw_label(VfTextEngine *te, const char *font, const char *text, uint8_t *dst,
                       int linesize, int max_w)
{
    VfTextStyle st = { .font_path = font, .size = 17, .color = { 235, 235, 235, 255 }, .opacity = 1 };
    VfTextResult r;
    if (vf_text_render(te, text, &st, &r) < 0)
        return;
    for (int y = 0; y < r.raster.height; y++) {
        for (int x = 0; x < r.raster.width && x + r.ink_x < max_w; x++) {
            const uint8_t *s = &r.raster.pixels[((size_t)y * r.raster.width + x) * 4];
            int dy = 5 + r.ink_y + y, dx = r.ink_x + x;
            if (dy < 0 || dx < 0 || dy >= VF_SHEET_LABEL_H)
                continue;
            uint8_t *d = dst + (size_t)dy * linesize + dx * 3;
            for (int c = 0; c < 3; c++)
                d[c] = (uint8_t)((s[c] * s[3] + d[c] * (255 - s[3]) + 127) / 255);
        }
    }
    vf_raster_free(&r.raster);
    free(r.clusters);
}

static int draw_tile(VfFontLookup *fonts, const VfPlan *p, int64_t n, int guides, VfTextEngine *te,
                     const char *font,
                     uint8_t *at, int linesize)
{
    AVFrame *f = NULL;
    int tw, th;
    tile_size(p, &tw, &th);
    int ret = vf_preview_frame(p, n, &f);
    if (ret >= 0 && guides)
        ret = vf_guides_draw(fonts, p, n, f->data[0], f->width, f->height, f->linesize[0]);
    if (ret >= 0)
        ret = scale_into(f, at, linesize, tw, th);
    av_frame_free(&f);
    char text[96];
    snprintf(text, sizeof(text), "%.2f s  ·  frame %lld", (double)n * p->fps_den / p->fps_num,
             (long long)n);
    if (ret >= 0)
        draw_label(te, font, text, at + (size_t)th * linesize, linesize, tw);
    return ret;
}

int vf_storyboard_render(VfFontLookup *fonts, const VfPlan *p, const int64_t *frames, int nb, int guides,
                         uint8_t **rgb, int *width, int *height)
{
    int w, h, tw, th;
    vf_storyboard_size(p, nb, &w, &h);
    tile_size(p, &tw, &th);
    uint8_t *sheet = malloc((size_t)w * h * 3);
    char *font = NULL;
    int index;
    VfTextEngine *te = NULL;
    int ret = sheet ? vf_font_resolve(fonts, NULL, ".", &font, &index) : VF_ERR_INTERNAL;
    if (ret >= 0)
        ret = vf_text_engine_create(&te, fonts);
    if (sheet)
        memset(sheet, 28, (size_t)w * h * 3);
    for (int i = 0; ret >= 0 && i < nb; i++) {
        int col = i % VF_SHEET_MAX_COLS, row = i / VF_SHEET_MAX_COLS;
        int x = VF_SHEET_MARGIN + col * (tw + VF_SHEET_MARGIN);
        int y = VF_SHEET_MARGIN + row * (th + VF_SHEET_LABEL_H + VF_SHEET_MARGIN);
        ret = draw_tile(fonts, p, frames[i], guides, te, font, sheet + (size_t)y * w * 3 + x * 3, w * 3);
    }
    vf_text_engine_free(&te);
    free(font);
    if (ret < 0) {
        free(sheet);
        sheet = NULL;
    }
    *rgb = sheet;
    *width = w;
    *height = h;
    return ret;
}
