/* The output format's settings as planned, beyond the codec: HLS segment
 * length, GIF palette scope. Plain data inside VfPlanEncoding (its
 * `outputs` field). */
#ifndef VIDFORGE_PLAN_OUTPUT_H
#define VIDFORGE_PLAN_OUTPUT_H

/* encoding.gif.palette: which frames one palette is computed from. */
typedef enum VfGifPalette {
    VF_GIF_PALETTE_FILE = 0, /* one palette for the whole GIF (default) */
    VF_GIF_PALETTE_SCENE,    /* a palette per scene: timeline segments and picture cuts */
} VfGifPalette;

typedef struct VfPlanOutputs {
    double hls_segment;      /* HLS: target segment length in seconds; 0 when not HLS */
    int gif_palette;         /* VfGifPalette */
} VfPlanOutputs;

#endif
