/* libFuzzer target for the WebVTT parser (file parsing, cue settings, cue text); the checks are in fuzz_captions.h. */
#include "fuzz_captions.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_captions(data, size, VF_CAPTIONS_WEBVTT);
}
