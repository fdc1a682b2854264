#include "render/guides.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/animate.h"
#include "plan/motion.h"
#include "text/font.h"
#include "text/text.h"
#include "util/raster.h"
#include "vidforge/error.h"

typedef struct Canvas {
    uint8_t *rgb;
    int w, h, linesize;
} Canvas;

static void put(Canvas *c, int x, int y, const uint8_t col[3], int alpha);

/* A box turned deg clockwise about its centre (cx, cy): its four edges, 2 px. */
static void turned_rect(Canvas *c, double cx, double cy, double w, double h, double deg,
                        const uint8_t col[3])
{
    double a = deg * M_PI / 180, co = cos(a), si = sin(a);
    double xs[4] = { -w / 2, w / 2, w / 2, -w / 2 }, ys[4] = { -h / 2, -h / 2, h / 2, h / 2 };
    for (int e = 0; e < 4; e++) {
        double x0 = xs[e], y0 = ys[e], x1 = xs[(e + 1) % 4], y1 = ys[(e + 1) % 4];
        int steps = (int)ceil(hypot(x1 - x0, y1 - y0) * 2) + 1;
        for (int k = 0; k <= steps; k++) {
            double x = x0 + (x1 - x0) * k / steps, y = y0 + (y1 - y0) * k / steps;
            double X = cx + x * co - y * si, Y = cy + x * si + y * co;
            for (int d = 0; d < 4; d++)
                put(c, (int)floor(X) - (d & 1), (int)floor(Y) - (d >> 1), col, 255);
        }
    }
}

static void put(Canvas *c, int x, int y, const uint8_t col[3], int alpha)
{
    if (x < 0 || y < 0 || x >= c->w || y >= c->h)
        return;
    uint8_t *p = c->rgb + (size_t)y * c->linesize + x * 3;
    for (int i = 0; i < 3; i++)
        p[i] = (uint8_t)((col[i] * alpha + p[i] * (255 - alpha) + 127) / 255);
}

static void rect(Canvas *c, int x0, int y0, int x1, int y1, const uint8_t col[3], int dashed)
{
    for (int t = 0; t < 2; t++) { /* 2 px lines */
        for (int x = x0; x <= x1; x++) {
            if (dashed && (x / 8) % 2)
                continue;
            put(c, x, y0 + t, col, 255);
            put(c, x, y1 - t, col, 255);
        }
        for (int y = y0; y <= y1; y++) {
            if (dashed && (y / 8) % 2)
                continue;
            put(c, x0 + t, y, col, 255);
            put(c, x1 - t, y, col, 255);
        }
    }
}

/* The id on a dark tab at the box's top-left. */
static void label(Canvas *c, VfTextEngine *te, const char *font, const char *text, int x, int y)
{
    VfTextStyle st = { .font_path = font, .size = 16, .color = { 255, 255, 255, 255 }, .opacity = 1 };
    VfTextResult r;
    if (vf_text_render(te, text, &st, &r) < 0)
        return;
    static const uint8_t dark[3] = { 20, 20, 20 };
    int top = y - r.box_h - 4 < 0 ? y : y - r.box_h - 4;
    for (int j = 0; j < r.box_h + 4; j++)
        for (int i = 0; i < r.box_w + 8; i++)
            put(c, x + i, top + j, dark, 200);
    for (int j = 0; j < r.raster.height; j++)
        for (int i = 0; i < r.raster.width; i++) {
            const uint8_t *p = &r.raster.pixels[((size_t)j * r.raster.width + i) * 4];
            put(c, x + 4 + r.ink_x + i, top + 2 + r.ink_y + j, p, p[3]);
        }
    vf_raster_free(&r.raster);
    free(r.clusters);
}

static void safe_areas(Canvas *c)
{
    static const uint8_t action[3] = { 255, 210, 0 }, title[3] = { 0, 220, 255 };
    int ax = c->w / 20, ay = c->h / 20, tx = c->w / 10, ty = c->h / 10;
    rect(c, ax, ay, c->w - 1 - ax, c->h - 1 - ay, action, 1);
    rect(c, tx, ty, c->w - 1 - tx, c->h - 1 - ty, title, 1);
}

/* Video layers in magenta like other layers; the clips of a sequence under
 * them, in green, one label for those on screen ("a > b" in a transition). */
static void media_boxes(Canvas *c, VfTextEngine *te, const char *font, const VfPlan *p, int64_t n,
                        const uint8_t magenta[3])
{
    static const uint8_t green[3] = { 0, 230, 110 };
    char names[256] = "";
    for (int i = 0; i < p->nb_clips; i++) {
        const VfPlanMedia *m = &p->clips[i];
        if (n < m->first_frame || n >= m->end_frame)
            continue;
        rect(c, m->box_x, m->box_y, m->box_x + m->box_w - 1, m->box_y + m->box_h - 1, green, 0);
        size_t k = strlen(names);
        snprintf(names + k, sizeof(names) - k, "%s%s", k ? " > " : "", m->id);
    }
    if (names[0])
        label(c, te, font, names, 0, 0);
    for (int i = 0; i < p->nb_videos; i++) {
        const VfPlanMedia *m = &p->videos[i];
        if (n < m->first_frame || n >= m->end_frame)
            continue;
        rect(c, m->box_x, m->box_y, m->box_x + m->box_w - 1, m->box_y + m->box_h - 1, magenta, 0);
        label(c, te, font, m->id, m->box_x, m->box_y);
    }
}

int vf_guides_draw(VfFontLookup *fonts, const VfPlan *p, int64_t n, uint8_t *rgb, int width, int height,
                   int linesize)
{
    Canvas c = { rgb, width, height, linesize };
    safe_areas(&c);
    char *font = NULL;
    int index;
    VfTextEngine *te = NULL;
    int ret = vf_font_resolve(fonts, NULL, ".", &font, &index);
    if (ret >= 0)
        ret = vf_text_engine_create(&te, fonts);
    static const uint8_t magenta[3] = { 255, 0, 200 };
    double t = (double)n * p->fps_den / p->fps_num;
    if (ret >= 0)
        media_boxes(&c, te, font, p, n, magenta);
    for (int i = 0; ret >= 0 && i < p->nb_layers; i++) {
        const VfPlanLayer *l = &p->layers[i];
        if (n < l->first_frame || n >= l->end_frame)
            continue;
        VfAnimState s;
        vf_anim_state(l, t, &s);
        double cx = l->box_x + l->box_w / 2.0 + s.dx, cy = l->box_y + l->box_h / 2.0 + s.dy;
        double bw = l->box_w * s.scale, bh = l->box_h * s.scale, turn = 0;
        const VfClip *clip = vf_motion_clip_of(p, i);
        if (clip && clip->canvas_w) { /* keyframes, rotation: the box where it is now */
            VfPose q;
            vf_motion_pose(p, clip, l, n, &q);
            cx = q.box_x + q.box_w / 2, cy = q.box_y + q.box_h / 2;
            bw = q.box_w * q.scale, bh = q.box_h * q.scale, turn = q.rotation;
        }
        int x0 = (int)lround(cx - bw / 2), y0 = (int)lround(cy - bh / 2);
        int x1 = (int)lround(cx + bw / 2) - 1;
        int y1 = (int)lround(cy + bh / 2) - 1;
        if (fmod(turn, 360) != 0)
            turned_rect(&c, cx, cy, bw, bh, turn, magenta);
        else
            rect(&c, x0, y0, x1, y1, magenta, 0);
        label(&c, te, font, l->id, x0, y0);
    }
    vf_text_engine_free(&te);
    free(font);
    return ret;
}
