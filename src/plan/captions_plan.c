/* The captions layer on the plan: a text layer per caption in its own frame
 * window (so each is rasterized and cached as text is), and for the spoken
 * word one more layer per word, cut from the caption drawn in the highlight
 * colour: shown while the word is spoken (word), wiped in left to right over
 * the word's time and kept (karaoke), or the caption's own pixels appearing
 * at the word's start (reveal). */
#include "plan/captions_plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/budget.h"
#include "plan/rasterize.h"
#include "util/path.h"
#include "plan/captions_chunks.h"
#include "plan/captions_style.h"
#include "plan/captions_track.h"
#include "plan/captions_words.h"
#include "plan/rasterindex.h"
#include "plan/layout.h"
#include "util/raster.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"
#include "vidforge/log.h"

#define SAFE_MARGIN 0.05     /* title-safe area: the middle 90 % of the frame */
#define DEFAULT_WIDTH 0.8    /* of the frame: max_width when not given */
#define STACK_GAP 0.25       /* of the font size, between stacked captions */
#define MAX_FONTS 8

/* What every caption of the overlay shares. */
typedef struct Cap {
    const VfPlanCtx *pc;
    VfPlan *p;
    const VfTemplate *t;
    const VfOverlay *ov;
    VfTextStyle st;          /* fonts resolved: for measuring */
    char *font, *fallback[MAX_FONTS];
    int face, fallback_face[MAX_FONTS];
    double max_width;        /* pixels on the output */
    int align;
    double t0, t1;           /* the overlay's window */
    VfRasterIndex *rasters;  /* the plan's earlier rasters and ours, by pixels */
} Cap;

/* One caption laid out and placed. */
typedef struct Placed {
    int x, y;                /* the box's top-left on the output */
    double size, max_width;  /* the style's, on the output */
    VfTextExtent ext;
} Placed;

static void cap_clear(Cap *c)
{
    vf_raster_index_free(&c->rasters);
    free(c->font);
    for (int k = 0; k < MAX_FONTS; k++)
        free(c->fallback[k]);
}

static int resolve_fonts(Cap *c)
{
    const VfOverlay *ov = c->ov;
    char ptr[96];
    snprintf(ptr, sizeof(ptr), "/overlays/%d/style/font", ov->index);
    int ret = vf_font_resolve(c->pc->env->fonts, ov->font, c->t->dir, &c->font, &c->face);
    if (ret >= 0)
        ret = vf_plan_check_file(c->pc, c->font, c->t->dir, ptr, "font");
    for (int k = 0; ret >= 0 && k < ov->nb_fallback && k < MAX_FONTS; k++) {
        snprintf(ptr, sizeof(ptr), "/overlays/%d/style/fallback/%d", ov->index, k);
        ret = vf_font_resolve(c->pc->env->fonts, ov->fallback[k], c->t->dir, &c->fallback[k],
                              &c->fallback_face[k]);
        if (ret >= 0)
            ret = vf_plan_check_file(c->pc, c->fallback[k], c->t->dir, ptr, "font");
    }
    c->st = vf_plan_text_style(ov);
    c->st.font_path = c->font;
    c->st.face_index = c->face;
    c->st.fallback = (const char *const *)c->fallback;
    c->st.fallback_index = c->fallback_face;
    c->st.nb_fallback = ov->nb_fallback < MAX_FONTS ? ov->nb_fallback : MAX_FONTS;
    return ret;
}

/* Lines follow the preset's column unless style.align says otherwise. */
static int default_align(int anchor)
{
    static const int column[VF_ANCHOR_COUNT] = { 0, 1, 2, 0, 1, 2, 0, 1, 2, 1 };
    return anchor >= 0 && anchor < VF_ANCHOR_COUNT ? column[anchor] : 1;
}

static int cap_init(Cap *c, const VfPlanCtx *pc, VfPlan *p, const VfTemplate *t,
                    const VfOverlay *ov)
{
    *c = (Cap){ .pc = pc, .p = p, .t = t, .ov = ov };
    c->max_width = ov->max_width > 0 ? ov->max_width * ov->scale : DEFAULT_WIDTH * p->width;
    c->align = ov->align ? ov->align : default_align(ov->anchor);
    c->t0 = ov->start;
    c->t1 = ov->end < 0 || ov->end > p->duration ? p->duration : ov->end;
    int ret = vf_raster_index_create(&c->rasters);
    /* the layers before this overlay stay until the plan is freed: the
     * captions may share their rasters (ours may go when the track folds) */
    for (int i = 0; ret >= 0 && i < p->nb_layers; i++)
        if (!p->layers[i].raster_shared)
            ret = vf_raster_index_share(c->rasters, &p->layers[i]);
    return ret < 0 ? ret : resolve_fonts(c);
}

/* Lays out text at size within width (balanced unless style.balance is false). */
static int measure(const Cap *c, const char *text, double size, double width, int align,
                   VfTextSpan *spans, int n, VfTextExtent *ext)
{
    VfTextStyle st = c->st;
    st.size = size;
    st.max_width = width;
    st.align = align;
    st.balance = c->ov->balance != 0;
    return vf_text_spans(c->pc->te, text, &st, spans, n, ext);
}

/* The size at which text takes at most max_lines (fit), or the style's. */
static int fit_size(const Cap *c, const VfCapChunk *ch, double *size)
{
    VfTextExtent e;
    int max = c->ov->cap.max_lines, ret = measure(c, ch->text, *size, c->max_width, 0, NULL, 0, &e);
    if (ret < 0 || e.lines <= max)
        return ret;
    if (!c->ov->cap.fit) {
        vf_log(VF_LOG_WARNING, "overlay \"%s\": the caption at %.3f s takes %d lines, over "
               "max_lines %d (\"fit\": true shrinks it)", c->ov->id, ch->start, e.lines, max);
        return 0;
    }
    double lo = fmax(4, *size / 4), hi = *size;
    while (hi - lo > 0.125 && ret >= 0) {
        double mid = (lo + hi) / 2;
        ret = measure(c, ch->text, mid, c->max_width, 0, NULL, 0, &e);
        if (e.lines <= max)
            lo = mid;
        else
            hi = mid;
    }
    *size = lo;
    return ret;
}

/* WebVTT cue settings (use_cue_settings): size narrows the lines, position
 * centres the box there, line puts it on a line or at a percentage. */
static void cue_settings(const Cap *c, const VfCue *cue, const Placed *pl, int *x, int *y)
{
    int w = c->p->width, h = c->p->height, bw = pl->ext.box_w, bh = pl->ext.box_h;
    if (!cue->position_auto)
        *x = (int)lround(cue->position / 100 * w - bw / 2.0);
    if (cue->line_auto)
        return;
    double lh = pl->ext.line_height;
    /* a line number may be as large as a double (WebVTT): keep it on the frame's scale */
    double line = cue->snap_to_lines ? fmax(-h - 1.0, fmin(cue->line, (double)h))
                                     : fmax(-100.0, fmin(cue->line, 200.0));
    if (cue->snap_to_lines)
        *y = (int)lround(line >= 0 ? line * lh : h + (line + 1) * lh - bh);
    else
        *y = (int)lround(line / 100 * h - (!strcmp(cue->line_align, "center") ? bh / 2.0
                                                : !strcmp(cue->line_align, "end") ? bh : 0));
}

/* The box's place: the preset in the title-safe area, or the cue's own. */
static void place(const Cap *c, const VfCapChunk *ch, Placed *pl)
{
    const VfOverlay *ov = c->ov;
    int sx = (int)lround(SAFE_MARGIN * c->p->width), sy = (int)lround(SAFE_MARGIN * c->p->height);
    vf_layout_place(ov->anchor, c->p->width - 2 * sx, c->p->height - 2 * sy, pl->ext.box_w,
                    pl->ext.box_h, ov->offset_x, ov->offset_y, ov->custom_x, ov->custom_y,
                    &pl->x, &pl->y);
    if (ov->anchor != VF_ANCHOR_CUSTOM)
        pl->x += sx, pl->y += sy;
    if (ov->cap.use_cue_settings)
        cue_settings(c, ch->cue, pl, &pl->x, &pl->y);
}

/* Lays the caption out as it will be drawn: its size, its lines as wide as
 * the widest (so a background hugs the text) and its words' spans. */
static int lay_out(const Cap *c, const VfCapChunk *ch, const VfCapWord *words, VfTextSpan *spans,
                   Placed *pl)
{
    double size = c->st.size, width = c->max_width;
    if (c->ov->cap.use_cue_settings && ch->cue->size < 100)
        width = fmin(width, ch->cue->size / 100 * c->p->width);
    int ret = fit_size(c, ch, &size);
    VfTextExtent e;
    if (ret >= 0)
        ret = measure(c, ch->text, size, width, 0, NULL, 0, &e);
    for (int k = 0; k < ch->nb_words; k++)
        spans[k] = (VfTextSpan){ .from = words[k].from, .to = words[k].to };
    pl->size = size;
    pl->max_width = e.widest > 0 ? e.widest : width; /* the box hugs the lines */
    if (ret >= 0)
        ret = measure(c, ch->text, size, pl->max_width, c->align, spans, ch->nb_words, &pl->ext);
    if (ret >= 0)
        place(c, ch, pl);
    return ret;
}

/* Captions on screen together stack as WebVTT stacks them: a later one
 * moves clear of the earlier ones (up from the bottom, down from the top). */
static void stack(const Cap *c, const VfCapChunks *cs, int k, Placed *pl)
{
    int dir = c->ov->anchor >= VF_ANCHOR_BOTTOM_LEFT && c->ov->anchor <= VF_ANCHOR_BOTTOM_RIGHT
                  ? -1 : 1;
    double gap = STACK_GAP * c->st.size;
    for (int j = 0; j < k; j++)
        if (cs->chunks[j].end > cs->chunks[k].start && cs->chunks[j].start < cs->chunks[k].end)
            pl[k].y += dir * (int)lround(pl[j].ext.box_h + gap);
}

/* Shortens in and out animations in proportion so they fit len seconds. */
static void fit_anims(VfAnimation *a, double len)
{
    double in = a[0].type >= 0 ? a[0].duration : 0, out = a[1].type >= 0 ? a[1].duration : 0;
    if (in + out <= len || in + out <= 0)
        return;
    double k = len / (in + out) * 0.999;
    for (int d = 0; d < 2; d++)
        a[d].duration *= k;
    for (int d = 0; d < 2; d++)
        if (a[d].type >= 0 && a[d].duration <= 1e-6)
            a[d].type = -1;
}

/* The text overlay one caption is: the captions overlay's style, placed. */
static VfOverlay caption_overlay(const Cap *c, const VfCapChunk *ch, const Placed *pl, char *id)
{
    VfOverlay b = *c->ov;
    double k = c->ov->scale;
    b.type = VF_LAYER_TEXT;
    b.id = id;
    b.content = ch->text;
    b.size = pl->size / k;
    b.max_width = pl->max_width / k;
    b.align = c->align;
    b.balance = c->ov->balance != 0;
    b.has_fit = 0;
    b.anchor = VF_ANCHOR_CUSTOM;
    b.custom_x = pl->x;
    b.custom_y = pl->y;
    b.offset_x = b.offset_y = 0;
    b.start = ch->start;
    b.end = ch->end;
    fit_anims(b.anim, ch->end - ch->start);
    return b;
}

/* drawn (NULL: ov is rasterized) passes to the plan. */
static int add_layer(const Cap *c, const VfOverlay *ov, const VfLayerRaster *drawn)
{
    if (!drawn && vf_interrupt_requested())
        return VF_ERR_INTERRUPTED;
    int ret = vf_plan_add_layer(c->pc, c->p, c->t, ov, drawn);
    VfPlanLayer *l = ret >= 0 ? &c->p->layers[c->p->nb_layers - 1] : NULL;
    if (l && !l->raster_shared)
        ret = vf_raster_index_share(c->rasters, l);
    return ret < 0 ? ret : 0;
}

/* The word's layer: its pixels cut from r (the caption drawn in the
 * highlight colour, or as itself for reveal) and its window: while spoken
 * (word), or from its start to the caption's end, wiped in over the word's
 * time (karaoke) or at once (reveal). */
static int add_word(const Cap *c, const VfOverlay *b, const VfLayerRaster *r,
                    const VfCapWord *w, const VfTextSpan *s, const Placed *pl, const char *id)
{
    const VfOverlayCaptions *cap = &c->ov->cap;
    int word = cap->highlight == VF_HIGHLIGHT_WORD, x, y;
    double lh = pl->ext.line_height;
    if (s->line < 0 || w->end <= w->start)
        return 0;
    VfCapCut cut = { s->cluster_from, s->cluster_to, s->x0 - r->ink_x, s->line * lh - r->ink_y,
                     s->x1 - r->ink_x, (s->line + 1) * lh - r->ink_y,
                     word && cap->hl_has_background, cap->hl_background, cap->hl_pad_x,
                     cap->hl_radius, word ? cap->hl_scale : 1 };
    VfLayerRaster d = { 0 };
    int ret = vf_interrupt_requested() ? VF_ERR_INTERRUPTED
                                       : vf_cap_cut_word(r, &cut, &d.raster, &x, &y);
    if (ret != 0)
        return ret > 0 ? 0 : ret; /* 1: the word drew nothing */
    d.box_w = d.raster.width;
    d.box_h = d.raster.height;
    VfOverlay wv = *b;
    wv.id = (char *)id;
    wv.custom_x = pl->x + r->ink_x + x;
    wv.custom_y = pl->y + r->ink_y + y;
    wv.start = w->start;
    wv.end = word ? w->end : b->end;
    wv.anim[0].type = -1;
    if (wv.end < b->end)
        wv.anim[1].type = -1;
    if (cap->highlight == VF_HIGHLIGHT_KARAOKE) {
        wv.anim[0] = (VfAnimation){ VF_ANIM_WIPE_RIGHT, w->end - w->start, VF_EASE_LINEAR, 0 };
        if (wv.anim[1].type >= 0 && wv.anim[0].duration + wv.anim[1].duration > wv.end - w->start)
            wv.anim[1].type = -1; /* the fill keeps the word's pace */
    }
    fit_anims(wv.anim, wv.end - wv.start);
    return add_layer(c, &wv, &d);
}

/* The raster the words of caption b are cut from. */
static int word_source(const Cap *c, const VfOverlay *b, VfLayerRaster *r)
{
    VfOverlay src = *b;
    if (c->ov->cap.highlight == VF_HIGHLIGHT_REVEAL) {
        src.has_background = 0; /* shown whole from the start (the box layer) */
        src.anim[VF_ANIM_IN].type = VF_ANIM_TYPEWRITER; /* the shadow follows its letters */
    } else {
        src.color = c->ov->cap.hl_color;
        src.nb_gradient = 0;
        src.has_shadow = 0;
        src.has_background = 0;
    }
    return vf_plan_rasterize(c->pc, c->t, &src, r);
}

/* The styled words (bold, italic, underline, colour) of a caption drawn
 * into r, laid out as spans say; keep_color 0 drops their colours (the
 * highlight's raster keeps the highlight colour). */
static int style_words(const Cap *c, const VfCapChunks *cs, const VfCapChunk *ch,
                       const VfTextSpan *spans, const Placed *pl, VfLayerRaster *r,
                       VfColor fill, int keep_color)
{
    VfCapStyled *st = calloc((size_t)ch->nb_words + 1, sizeof(*st));
    int n = 0;
    if (!st)
        return VF_ERR_INTERNAL;
    double lh = pl->ext.line_height;
    for (int w = 0; w < ch->nb_words; w++) {
        const VfCapWord *cw = &cs->words[ch->first_word + w];
        const VfTextSpan *sp = &spans[w];
        if (sp->line < 0 || !(cw->flags || (keep_color && cw->has_color)))
            continue;
        st[n++] = (VfCapStyled){ sp->cluster_from, sp->cluster_to, sp->x0 - r->ink_x,
                                 sp->line * lh - r->ink_y, sp->x1 - r->ink_x,
                                 (sp->line + 1) * lh - r->ink_y, cw->flags,
                                 keep_color && cw->has_color, cw->color };
    }
    const VfOverlay *ov = c->ov;
    int ret = n ? vf_cap_style_apply(r, st, n, fill, ov->has_outline ? &ov->outline_color : NULL,
                                     pl->size)
                : 0;
    free(st);
    return ret;
}

static int has_styles(const VfCapChunks *cs, const VfCapChunk *ch)
{
    for (int w = 0; w < ch->nb_words; w++)
        if (cs->words[ch->first_word + w].flags || cs->words[ch->first_word + w].has_color)
            return 1;
    return 0;
}

/* The caption's own layer: as a text layer, or drawn here when cue-text
 * styles mark some of its words. */
static int add_base(const Cap *c, const VfCapChunks *cs, const VfCapChunk *ch, const VfOverlay *b,
                    const Placed *pl, const VfTextSpan *spans)
{
    if (!has_styles(cs, ch))
        return add_layer(c, b, NULL);
    VfLayerRaster r = { 0 };
    int ret = vf_plan_rasterize(c->pc, c->t, b, &r);
    if (ret >= 0)
        ret = style_words(c, cs, ch, spans, pl, &r, b->color, 1);
    if (ret >= 0)
        return add_layer(c, b, &r); /* the plan owns r now */
    vf_raster_free(&r.raster);
    free(r.clusters);
    return ret;
}

/* The layers of caption k: the caption (reveal: its box alone), then its words. */
static int add_caption(const Cap *c, const VfCapChunks *cs, int k, const Placed *pl,
                       const VfTextSpan *spans)
{
    const VfCapChunk *ch = &cs->chunks[k];
    int mode = c->ov->cap.highlight, ret = 0;
    char id[256], wid[280];
    snprintf(id, sizeof(id), "%s.%d", c->ov->id, k);
    VfOverlay b = caption_overlay(c, ch, pl, id);
    if (mode != VF_HIGHLIGHT_REVEAL) {
        ret = add_base(c, cs, ch, &b, pl, spans);
    } else if (b.has_background) {
        VfOverlay box = b;
        box.color.a = 0;
        box.nb_gradient = box.has_outline = box.has_shadow = 0;
        snprintf(wid, sizeof(wid), "%s.box", id);
        box.id = wid;
        ret = add_layer(c, &box, NULL);
    }
    if (ret < 0 || mode == VF_HIGHLIGHT_NONE)
        return ret;
    VfLayerRaster r = { 0 };
    ret = word_source(c, &b, &r);
    if (ret >= 0 && has_styles(cs, ch))
        ret = style_words(c, cs, ch, spans, pl, &r, mode == VF_HIGHLIGHT_REVEAL ? b.color
                          : c->ov->cap.hl_color, mode == VF_HIGHLIGHT_REVEAL);
    for (int w = 0; ret >= 0 && w < ch->nb_words; w++) {
        snprintf(wid, sizeof(wid), "%s.w%d", id, w);
        ret = add_word(c, &b, &r, &cs->words[ch->first_word + w], &spans[w], pl, wid);
    }
    vf_raster_free(&r.raster);
    free(r.clusters);
    return ret;
}

static int caption_layers(const Cap *c, const VfCapChunks *cs)
{
    Placed *pl = calloc((size_t)cs->nb + 1, sizeof(*pl));
    int most = 0, ret = pl ? 0 : VF_ERR_INTERNAL;
    for (int k = 0; k < cs->nb; k++)
        most = cs->chunks[k].nb_words > most ? cs->chunks[k].nb_words : most;
    VfTextSpan *spans = calloc((size_t)most * (size_t)(cs->nb + 1) + 1, sizeof(*spans));
    if (!spans)
        ret = VF_ERR_INTERNAL;
    for (int k = 0; k < cs->nb && ret >= 0; k++) {
        const VfCapChunk *ch = &cs->chunks[k];
        ret = lay_out(c, ch, &cs->words[ch->first_word], &spans[(size_t)k * most], &pl[k]);
        stack(c, cs, k, pl);
    }
    for (int k = 0; k < cs->nb && ret >= 0; k++)
        ret = add_caption(c, cs, k, &pl[k], &spans[(size_t)k * most]);
    free(spans);
    free(pl);
    return ret;
}

/* Room in p->layers for n more layers and the overlays of t after ov. */
static int reserve(const Cap *c, int n)
{
    size_t want = (size_t)c->p->nb_layers + n + (c->t->nb_overlays - c->ov->index) + 1;
    VfPlanLayer *l = realloc(c->p->layers, want * sizeof(*l));
    if (!l)
        return VF_ERR_INTERNAL;
    c->p->layers = l;
    return 0;
}

int vf_captions_plan_from(const VfPlanCtx *pc, VfPlan *p, const VfTemplate *t,
                          const VfOverlay *ov, const VfCaptions *caps)
{
    Cap c;
    VfCapChunks cs = { 0 };
    int ret = cap_init(&c, pc, p, t, ov);
    if (ret >= 0)
        ret = vf_cap_chunks_build(caps, ov->cap.offset, ov->cap.words_per_caption, c.t0, c.t1,
                                  &cs);
    if (ret >= 0)
        ret = reserve(&c, 2 * cs.nb + cs.nb_words);
    int first = p->nb_layers;
    if (ret >= 0)
        ret = caption_layers(&c, &cs);
    if (ret >= 0) /* one graph input for them all */
        ret = vf_caption_track_fold(p, first, ov);
    vf_cap_chunks_free(&cs);
    cap_clear(&c);
    return ret;
}

/* The captions file named by `source`, inside the allowed folders: parsed
 * into *caps, its path in *path (caller frees). */
static int load_source(const VfPlanCtx *pc, const VfTemplate *t, const VfOverlay *ov,
                       VfCaptions **caps, char **path)
{
    char ptr[64];
    snprintf(ptr, sizeof(ptr), "/overlays/%d/source", ov->index);
    *path = ov->source ? vf_path_join(t->dir, ov->source) : NULL;
    int ret = *path ? vf_plan_check_file(pc, *path, t->dir, ptr, "captions")
                    : vf_error_set(VF_ERR_TEMPLATE, "/overlays/%d: captions need \"source\" or "
                                   "\"cues\"", ov->index);
    if (ret >= 0)
        ret = vf_captions_load(*path, VF_CAPTIONS_AUTO, caps);
    return ret;
}

int vf_captions_plan(const VfPlanCtx *pc, VfPlan *p, const VfTemplate *t, const VfOverlay *ov)
{
    VfCaptions *caps = NULL;
    if (!ov->cap.cues) {
        char *path = NULL;
        int ret = load_source(pc, t, ov, &caps, &path);
        if (ret >= 0 && caps->format == VF_CAPTIONS_ASS) /* libass draws it, styles and all */
            ret = vf_captions_plan_ass(pc, p, t, ov, path);
        else if (ret >= 0)
            ret = vf_captions_plan_from(pc, p, t, ov, caps);
        vf_captions_free(&caps);
        free(path);
        return ret;
    }
    int ret = vf_captions_inline(ov->cap.cues, ov->cap.nb_cues, &caps); /* the WebVTT cue text parser */
    if (ret >= 0)
        ret = vf_captions_plan_from(pc, p, t, ov, caps);
    vf_captions_free(&caps);
    return ret;
}
