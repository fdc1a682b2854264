/* libFuzzer target for the word-timings JSON reader; the checks are in fuzz_captions.h. */
#include "fuzz_captions.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_captions(data, size, VF_CAPTIONS_WORDS);
}
