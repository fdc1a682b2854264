/* The text engine's public face: a face cache per engine, and layout
 * (textlayout.c: shaping.c, faces.c, font.c) followed by rasterizing
 * (textraster.c: glyphs.c, effects.c). Glyphs are unhinted outlines at their
 * exact (sub-pixel) pen positions, so boxes and ink agree at every size. */
#include "text/text.h"

#include <stdlib.h>

#include "text/faces.h"
#include "text/textlayout.h"
#include "text/textraster.h"
#include "util/raster.h"
#include "vidforge/error.h"

struct VfTextEngine {
    VfFaceCache faces;
};

int vf_text_engine_create(VfTextEngine **out, VfFontLookup *fonts)
{
    VfTextEngine *e = calloc(1, sizeof(*e));
    if (!e)
        return VF_ERR_INTERNAL;
    int ret = vf_face_cache_init(&e->faces);
    if (ret < 0) {
        free(e);
        return ret;
    }
    e->faces.fonts = fonts;
    *out = e;
    return 0;
}

void vf_text_engine_free(VfTextEngine **pe)
{
    if (!pe || !*pe)
        return;
    vf_face_cache_done(&(*pe)->faces);
    free(*pe);
    *pe = NULL;
}

int vf_text_render(VfTextEngine *e, const char *utf8, const VfTextStyle *st, VfTextResult *out)
{
    VfLayout l;
    *out = (VfTextResult){ 0 };
    int ret = vf_layout_text(&l, &e->faces, utf8, st);
    if (ret >= 0)
        ret = vf_text_rasterize(&l, st, out);
    if (ret < 0) {
        vf_raster_free(&out->raster);
        free(out->clusters);
        out->clusters = NULL;
    }
    vf_layout_free(&l);
    return ret;
}

int vf_text_measure(VfTextEngine *e, const char *utf8, const VfTextStyle *st, int *box_w,
                    int *box_h)
{
    VfLayout l;
    int ret = vf_layout_text(&l, &e->faces, utf8, st);
    if (l.fonts.nb) /* the font opened: the box as far as it was laid out */
        vf_layout_box(&l, box_w, box_h);
    vf_layout_free(&l);
    return ret;
}

int vf_text_fit(VfTextEngine *e, const char *utf8, const VfTextStyle *st, double fit_w,
                double fit_h, double min_size, double *size)
{
    VfTextStyle probe = *st;
    if (probe.max_width <= 0)
        probe.max_width = fit_w;
    double lo = min_size, hi = st->size;
    int ret = 0, w, h;
    probe.size = hi;
    if ((ret = vf_text_measure(e, utf8, &probe, &w, &h)) < 0)
        return ret;
    if (w <= fit_w && h <= fit_h) {
        *size = hi;
        return 0;
    }
    while (hi - lo > 0.125 && ret >= 0) {
        probe.size = (lo + hi) / 2;
        ret = vf_text_measure(e, utf8, &probe, &w, &h);
        if (w <= fit_w && h <= fit_h)
            lo = probe.size;
        else
            hi = probe.size;
    }
    *size = lo;
    return ret;
}

int vf_text_dump(VfTextEngine *e, const char *utf8, const VfTextStyle *st,
                 void (*cb)(void *opaque, const VfGlyphInfo *g), void *opaque)
{
    VfLayout l;
    int ret = vf_layout_text(&l, &e->faces, utf8, st);
    for (int i = 0; ret >= 0 && i < l.count; i++) {
        const VfGlyph *g = &l.glyphs[i];
        VfGlyphInfo info = { g->index, vf_fontset_path(&l.fonts, g->font), g->x / 64.0,
                             g->y / 64.0, g->line, l.fonts.index[g->font] };
        cb(opaque, &info);
    }
    vf_layout_free(&l);
    return ret;
}

static void span_add(VfTextSpan *s, const VfGlyph *g)
{
    double x0 = g->x / 64.0, x1 = (g->x + g->adv) / 64.0;
    int c = (int)g->cluster;
    if (s->line < 0) {
        *s = (VfTextSpan){ s->from, s->to, g->line, x0, x1, c, c + 1 };
        return;
    }
    if (g->line != s->line)
        return; /* a span broken over lines is known by its first line */
    s->x0 = x0 < s->x0 ? x0 : s->x0;
    s->x1 = x1 > s->x1 ? x1 : s->x1;
    s->cluster_from = c < s->cluster_from ? c : s->cluster_from;
    s->cluster_to = c + 1 > s->cluster_to ? c + 1 : s->cluster_to;
}

int vf_text_spans(VfTextEngine *e, const char *utf8, const VfTextStyle *st, VfTextSpan *spans,
                  int n, VfTextExtent *ext)
{
    VfLayout l;
    int ret = vf_layout_text(&l, &e->faces, utf8, st);
    for (int k = 0; k < n; k++)
        spans[k].line = -1;
    for (int i = 0; ret >= 0 && i < l.count; i++)
        for (int k = 0; k < n; k++)
            if (l.glyphs[i].byte >= spans[k].from && l.glyphs[i].byte < spans[k].to)
                span_add(&spans[k], &l.glyphs[i]);
    *ext = (VfTextExtent){ l.lines, l.line_height / 64.0, 0, 0, 0 };
    for (int k = 0; k < l.lines; k++)
        ext->widest = l.line_widths[k] / 64.0 > ext->widest ? l.line_widths[k] / 64.0 : ext->widest;
    if (l.fonts.nb)
        vf_layout_box(&l, &ext->box_w, &ext->box_h);
    vf_layout_free(&l);
    return ret;
}
