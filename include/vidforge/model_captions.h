/* The template model of a captions layer (`"type": "captions"`): plain data
 * owned by VfTemplate, like the rest of VfOverlay. Times in seconds, sizes
 * in output pixels, colours straight 8-bit RGBA. */
/* model.h includes this header after VfColor; included first, this header
 * lets model.h come first (outside the guard). */
#include "vidforge/model.h"

#ifndef VIDFORGE_MODEL_CAPTIONS_H
#define VIDFORGE_MODEL_CAPTIONS_H

/* How the spoken word is shown. Names in the template: the lower-case form. */
typedef enum VfHighlight {
    VF_HIGHLIGHT_NONE = 0,
    VF_HIGHLIGHT_WORD,      /* the spoken word gets highlight_style */
    VF_HIGHLIGHT_KARAOKE,   /* words fill with highlight colour, left to right, as spoken */
    VF_HIGHLIGHT_REVEAL,    /* words appear as spoken */
    VF_HIGHLIGHT_COUNT
} VfHighlight;

/* A word with its own timing in an inline cue. */
typedef struct VfInlineWord {
    char *text;
    double start, end;
} VfInlineWord;

/* An inline cue: `"cues": [{"start", "end", "text", "words"}]`. */
typedef struct VfInlineCue {
    double start, end;
    char *text;             /* UTF-8 after variables */
    VfInlineWord *words;    /* NULL: timings estimated from the text */
    int nb_words;
} VfInlineCue;

typedef struct VfOverlayCaptions {
    VfInlineCue *cues;      /* owned; NULL when the captions come from `source` */
    int nb_cues;
    int use_cue_settings;   /* 1: WebVTT line/position/size/align place the cue */
    int max_lines;          /* >= 1 */
    int words_per_caption;  /* 0: each cue as it is; N: captions of at most N words */
    int highlight;          /* VfHighlight */
    VfColor hl_color;       /* highlight_style.color */
    int hl_has_background;
    VfColor hl_background;
    double hl_pad_x, hl_pad_y, hl_radius;
    double hl_scale;        /* the spoken word drawn this much larger (pop), 1: not */
    double offset;          /* seconds added to every cue */
    int fit;                /* 1: shrink a caption that needs more than max_lines */
} VfOverlayCaptions;

#endif
