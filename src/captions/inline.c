/* Inline cues into the captions model: the defaults of a WebVTT cue without
 * settings, strings borrowed from the template. */
#include "captions/inline.h"

#include <stdlib.h>
#include <string.h>

#include "vidforge/error.h"

static void cue_defaults(VfCue *c)
{
    c->snap_to_lines = 1;
    c->line_auto = 1;
    c->position_auto = 1;
    c->size = 100;
    strcpy(c->line_align, "start");
    strcpy(c->position_align, "auto");
    strcpy(c->align, "center");
}

static int by_start(const void *a, const void *b)
{
    const VfCue *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->source_line - y->source_line; /* stable: template order */
}

static int fill_cue(VfCue *c, const VfInlineCue *in, int order)
{
    cue_defaults(c);
    c->id = "";
    c->start = in->start;
    c->end = in->end;
    c->text = c->plain = in->text;
    c->source_line = order; /* keeps the sort stable; inline cues have no file line */
    c->runs = calloc(1, sizeof(*c->runs));
    c->words = in->nb_words ? calloc((size_t)in->nb_words, sizeof(*c->words)) : NULL;
    if (!c->runs || (in->nb_words && !c->words))
        return VF_ERR_INTERNAL;
    c->runs[0] = (VfCueRun){ .text = in->text, .time = -1 };
    c->nb_runs = 1;
    for (int k = 0; k < in->nb_words; k++)
        c->words[k] = (VfCueWord){ in->words[k].text, in->words[k].start, in->words[k].end };
    c->nb_words = in->nb_words;
    return 0;
}

int vf_captions_from_inline(const VfInlineCue *cues, int n, VfCaptions **out)
{
    VfCaptions *c = calloc(1, sizeof(*c));
    int ret = c && (c->cues = calloc((size_t)(n ? n : 1), sizeof(*c->cues))) ? 0
                                                                              : VF_ERR_INTERNAL;
    if (c)
        c->format = VF_CAPTIONS_INLINE;
    for (int i = 0; i < n && ret >= 0; i++, c->nb_cues++)
        ret = fill_cue(&c->cues[i], &cues[i], i);
    if (ret >= 0)
        qsort(c->cues, (size_t)c->nb_cues, sizeof(*c->cues), by_start);
    for (int i = 0; ret >= 0 && i < c->nb_cues; i++)
        c->cues[i].source_line = 0; /* not from a file */
    if (ret < 0)
        vf_captions_inline_free(&c);
    *out = c;
    return ret;
}

void vf_captions_inline_free(VfCaptions **pc)
{
    VfCaptions *c = pc ? *pc : NULL;
    if (!c)
        return;
    for (int i = 0; c->cues && i < c->nb_cues; i++) {
        free(c->cues[i].runs);
        free(c->cues[i].words);
    }
    free(c->cues);
    free(c);
    *pc = NULL;
}
