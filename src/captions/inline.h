/* A template's inline cues as the captions model (VfCaptions), so the
 * captions layer reads one model whatever the cues came from. */
#ifndef VF_CAPTIONS_INLINE_H
#define VF_CAPTIONS_INLINE_H

#include "captions/captions.h"
#include "vidforge/model_captions.h"

/* Builds *out from the n cues (borrowed: every string of *out points into
 * them, so they must outlive it), sorted by start time, stable. Cue text is
 * plain: text and plain are the same string, one run, words as given.
 * 0 or VF_ERR_INTERNAL. Free with vf_captions_inline_free. */
int vf_captions_from_inline(const VfInlineCue *cues, int n, VfCaptions **out);

/* Frees what vf_captions_from_inline built (not the strings it borrows);
 * accepts NULL, NULLs the pointer. */
void vf_captions_inline_free(VfCaptions **c);

#endif
