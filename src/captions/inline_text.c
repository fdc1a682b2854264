/* Cues written in the template ("cues": [{"start", "end", "text"}]), after
 * variables: each text is read as WebVTT cue text, so tags, character
 * references and inner timestamps (word timings) work as in a .vtt file.
 * The captions layer reads its inline cues through here too: one parser. */
#include <stdlib.h>
#include <string.h>

#include "captions/capint.h"
#include "vidforge/error.h"

/* The cue's "words" list, when the template gives one, times its words
 * instead of any inner timestamps. */
static int given_words(VfCue *cue, const VfInlineCue *in)
{
    if (!in->nb_words)
        return 0;
    for (int k = 0; k < cue->nb_words; k++)
        free(cue->words[k].text);
    free(cue->words);
    cue->nb_words = 0;
    if (!(cue->words = calloc((size_t)in->nb_words, sizeof(*cue->words))))
        return vf_cap_oom();
    for (int k = 0; k < in->nb_words; k++, cue->nb_words++) {
        cue->words[k] = (VfCueWord){ strdup(in->words[k].text ? in->words[k].text : ""),
                                     in->words[k].start, in->words[k].end };
        if (!cue->words[k].text)
            return vf_cap_oom();
    }
    return 0;
}

static int add_inline(VfCaptions *c, const VfInlineCue *in, int i)
{
    if (!in->text || !(in->start >= 0) || !(in->end >= in->start))
        return vf_error_set(VF_ERR_TEMPLATE, "cue %d needs a text and 0 <= start <= end "
                            "(start %g, end %g)", i, in->start, in->end);
    VfCue cue;
    vf_cue_init(&cue);
    cue.start = in->start;
    cue.end = in->end;
    cue.id = strdup("");
    cue.text = strdup(in->text);
    int ret = cue.id && cue.text ? vf_webvtt_cue_text(&cue) : vf_cap_oom();
    if (ret >= 0)
        ret = given_words(&cue, in);
    if (ret >= 0)
        return vf_captions_add_cue(c, &cue);
    vf_cue_clear(&cue);
    return ret;
}

int vf_captions_inline(const VfInlineCue *cues, int nb, VfCaptions **out)
{
    VfCaptions *c = calloc(1, sizeof(*c));
    int ret = c ? 0 : vf_cap_oom();
    *out = NULL;
    if (c)
        c->format = VF_CAPTIONS_INLINE;
    for (int i = 0; i < nb && ret >= 0; i++)
        ret = add_inline(c, &cues[i], i);
    if (ret >= 0)
        ret = vf_captions_sort(c);
    if (ret < 0)
        vf_captions_free(&c);
    *out = c;
    return ret;
}
