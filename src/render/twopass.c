#include "render/twopass.h"

#include <stdlib.h>
#include <string.h>

#include "vidforge/error.h"

int vf_twopass_collect(VfTwoPass *tp, const AVCodecContext *enc)
{
    if (!tp || tp->pass != 1 || !enc->stats_out || !enc->stats_out[0])
        return 0;
    size_t n = strlen(enc->stats_out);
    if (tp->len + n + 1 > tp->cap) {
        size_t cap = (tp->len + n + 1) * 2;
        char *s = realloc(tp->stats, cap);
        if (!s)
            return vf_error_set(VF_ERR_INTERNAL, "out of memory for two-pass statistics");
        tp->stats = s;
        tp->cap = cap;
    }
    memcpy(tp->stats + tp->len, enc->stats_out, n + 1);
    tp->len += n;
    return 0;
}

int vf_twopass_check(const VfTwoPass *tp, const char *encoder)
{
    if (tp->len > 0)
        return 0;
    return vf_error_set(VF_ERR_OUTPUT, "two-pass: the first pass of %s gave no statistics",
                        encoder);
}

void vf_twopass_free(VfTwoPass *tp)
{
    free(tp->stats);
    tp->stats = NULL;
    tp->len = tp->cap = 0;
}
