/* Captions cut into what shows at once: each cue, or runs of at most N of
 * its words, with every word's time (its own, or estimated from its length
 * when the cue has none) and its bytes in the caption's text. Internal to
 * the captions layer (captions_plan.c). */
#ifndef VF_PLAN_CAPTIONS_CHUNKS_H
#define VF_PLAN_CAPTIONS_CHUNKS_H

#include "captions/captions.h"

typedef struct VfCapWord {
    double start, end;       /* seconds on the output, offset applied */
    int from, to;            /* bytes of the word in its chunk's text */
    int flags;               /* VF_CUE_BOLD, _ITALIC, _UNDERLINE of the run its first byte is in */
    int has_color;           /* 1: color is the run's (<font color>, <c.red>) */
    VfColor color;
} VfCapWord;

typedef struct VfCapChunk {
    double start, end;       /* seconds on the output: shown start <= t < end */
    char *text;              /* the words joined by spaces, owned */
    int first_word, nb_words; /* in VfCapChunks.words */
    const VfCue *cue;        /* the cue it came from (borrowed from the captions) */
} VfCapChunk;

typedef struct VfCapChunks {
    VfCapChunk *chunks;
    int nb;
    VfCapWord *words;
    int nb_words;
} VfCapChunks;

/* Cuts caps (borrowed; cues sorted by start) into chunks: cue times shifted
 * by offset and kept within [t0, t1); per_caption 0: a chunk per cue, else
 * at most per_caption words each (a chunk lasts until the next one starts,
 * the last until its cue ends). Cues without words are skipped.
 * 0 or VF_ERR_INTERNAL; free with vf_cap_chunks_free in every case. */
int vf_cap_chunks_build(const VfCaptions *caps, double offset, int per_caption, double t0,
                        double t1, VfCapChunks *out);

void vf_cap_chunks_free(VfCapChunks *c);

#endif
