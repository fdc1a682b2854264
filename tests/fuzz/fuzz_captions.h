/* Shared by the captions parsers' libFuzzer targets (fuzz_vtt, fuzz_srt,
 * fuzz_words): any bytes must parse or fail cleanly, and what parses must
 * hold the model's promises (cues sorted, every string set, words inside
 * their numbers) and print as probe JSON. */
#ifndef VF_FUZZ_CAPTIONS_H
#define VF_FUZZ_CAPTIONS_H

#include <stdint.h>
#include <stdlib.h>

#include "captions/captions.h"
#include "vidforge/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const VfCaptions *c)
{
    for (int i = 0; i < c->nb_cues; i++) {
        const VfCue *q = &c->cues[i];
        if (!q->id || !q->text || !q->plain || (i && q->start < c->cues[i - 1].start))
            abort();
        if ((q->nb_words > 0) != (q->words != NULL))
            abort();
        for (int k = 0; k < q->nb_words; k++)
            if (!q->words[k].text[0] || !(q->words[k].end >= q->words[k].start))
                abort();
        for (int k = 0; k < q->nb_runs; k++)
            if (!q->runs[k].text || !q->runs[k].text[0])
                abort();
    }
}

static int fuzz_captions(const uint8_t *data, size_t size, int format)
{
    VfCaptions *c = NULL;
    if (vf_captions_parse((const char *)data, size, format, "fuzz", &c) == 0) {
        char *json = NULL;
        check(c);
        if (vf_captions_to_json(c, &json) == 0)
            free(json);
    }
    vf_captions_free(&c);
    vf_error_clear();
    return 0;
}

#endif
