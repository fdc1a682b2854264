/* Two-pass encoding (encoding.two_pass, libvpx-vp9): the render runs once
 * with the encoder gathering statistics and no output, then again with
 * those statistics, writing the output. */
#ifndef VF_RENDER_TWOPASS_H
#define VF_RENDER_TWOPASS_H

#include <stddef.h>

#include <libavcodec/avcodec.h>

typedef struct VfTwoPass {
    int pass;          /* 1: statistics only, no output; 2: the real encode */
    char *stats;       /* pass 1's statistics: the encoder's stats_out texts, joined; owned */
    size_t len, cap;   /* bytes in stats (without the terminating NUL), allocated */
    double t0;         /* when pass 1 started (vf_now seconds): the render's time covers both */
} VfTwoPass;

/* In pass 1 (tp not NULL), appends enc->stats_out, if any, to tp->stats;
 * call after each avcodec_receive_packet that returned a packet or EOF.
 * Returns 0, or VF_ERR_INTERNAL when out of memory. */
int vf_twopass_collect(VfTwoPass *tp, const AVCodecContext *enc);

/* 0 when pass 1 left statistics for pass 2, else VF_ERR_OUTPUT. */
int vf_twopass_check(const VfTwoPass *tp, const char *encoder);

void vf_twopass_free(VfTwoPass *tp);

#endif
