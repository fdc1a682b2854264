/* Parsed captions: WebVTT (the W3C file-parsing algorithm), SRT, word
 * timings as JSON (whisper-style) and ASS/SSA events, in one model that
 * render and `vidforge probe` both read.
 *
 * Times are seconds on the captions' own clock (before any `offset`).
 * Strings are UTF-8, owned by the VfCaptions that holds them; character
 * references are decoded; line breaks inside a cue are "\n". */
#ifndef VF_CAPTIONS_CAPTIONS_H
#define VF_CAPTIONS_CAPTIONS_H

#include <stddef.h>

#include "vidforge/model.h"
#include "vidforge/model_captions.h"

typedef enum VfCaptionsFormat {
    VF_CAPTIONS_AUTO = 0,   /* from the extension, then the contents */
    VF_CAPTIONS_WEBVTT,
    VF_CAPTIONS_SRT,
    VF_CAPTIONS_WORDS,      /* {"words": [{"text", "start", "end"}, ...]} */
    VF_CAPTIONS_ASS,        /* .ass / .ssa: events listed; rendering is libass's */
    VF_CAPTIONS_INLINE,     /* the template's "cues" list */
} VfCaptionsFormat;

enum {
    VF_CUE_BOLD = 1,
    VF_CUE_ITALIC = 2,
    VF_CUE_UNDERLINE = 4,
    VF_CUE_RUBY_TEXT = 8,   /* inside <rt>: annotation, not base text */
    VF_CUE_RUBY_BASE = 16,  /* inside <ruby> but not <rt>: the annotated base text */
};

/* A piece of cue text with one style: the cue text's tags flattened in
 * reading order. */
typedef struct VfCueRun {
    char *text;
    int flags;              /* VF_CUE_* */
    int has_color;          /* SRT <font color="...">: color is set */
    VfColor color;
    char *classes;          /* WebVTT <c.a.b> and classes on other tags: "a b"; NULL: none */
    char *voice;            /* <v Speaker>: "Speaker"; NULL: none */
    char *lang;             /* <lang xx> in effect; NULL: none */
    double time;            /* the inner timestamp in effect at this run, seconds; < 0: none */
} VfCueRun;

/* A word with its own timing: from inner timestamps (a word starts at the
 * timestamp before it and ends at the next one, or the cue's end), or from a
 * word-timings file. */
typedef struct VfCueWord {
    char *text;
    double start, end;
} VfCueWord;

typedef struct VfCue {
    char *id;               /* "" when absent */
    double start, end;      /* seconds */
    char *text;             /* the cue text as written (tags kept) */
    char *plain;            /* the text without tags, references decoded */
    VfCueRun *runs;
    int nb_runs;
    VfCueWord *words;       /* NULL, nb_words 0: no timings inside the cue */
    int nb_words;
    /* WebVTT cue settings, as the VTTCue interface reports them (defaults
     * when absent; SRT, JSON and inline cues carry the defaults). */
    char vertical[3];       /* "", "rl", "lr" */
    int snap_to_lines;      /* 1 (default) */
    int line_auto;          /* 1: line is "auto" (default) */
    double line;            /* lines when snap_to_lines, else percent */
    char line_align[8];     /* "start" (default), "center", "end" */
    int position_auto;      /* 1: "auto" (default) */
    double position;        /* percent */
    char position_align[12];/* "auto" (default), "line-left", "center", "line-right" */
    double size;            /* percent, 100 default */
    char align[8];          /* "center" (default), "start", "end", "left", "right" */
    char *region;           /* region id, NULL: none */
    int source_line;        /* 1-based line of the timing line in the file (0: not from a file) */
} VfCue;

/* A WebVTT REGION block, with the spec's defaults for absent settings. */
typedef struct VfCueRegion {
    char *id;
    double width;           /* percent, 100 */
    double lines;           /* 3; an integer, possibly past INT_MAX */
    double anchor_x, anchor_y;          /* percent, 0 100 */
    double viewport_x, viewport_y;      /* percent, 0 100 */
    int scroll_up;          /* 1: "up", 0: none */
} VfCueRegion;

typedef struct VfCaptions {
    int format;             /* VfCaptionsFormat */
    VfCue *cues;            /* in text track cue order (start, later end, file order), owned */
    int nb_cues;
    VfCueRegion *regions;
    int nb_regions;
    char **styles;          /* WebVTT STYLE blocks' CSS text, in file order */
    int nb_styles;
} VfCaptions;

/* Parses size bytes of data (no NUL needed) as format; name is what
 * messages call the file. Malformed cues are skipped with a warning naming
 * the line, as the WebVTT parser skips them; the file fails only where its
 * format says a parser fails (e.g. a missing WEBVTT signature). Returns 0 and
 * *out (free with vf_captions_free), VF_ERR_ASSET (not captions of that
 * format: the message names the file) or VF_ERR_INTERNAL (out of memory). */
int vf_captions_parse(const char *data, size_t size, int format, const char *name,
                      VfCaptions **out);

/* Reads path (format VF_CAPTIONS_AUTO: by extension, then contents) and
 * parses it. Same returns; a missing or unreadable file is VF_ERR_ASSET. */
int vf_captions_load(const char *path, int format, VfCaptions **out);

/* Accepts NULL; NULLs the pointer. */
void vf_captions_free(VfCaptions **c);

/* vf_captions_load reading at most max_bytes (a larger file is VF_ERR_ASSET);
 * vf_captions_load itself allows 500 MB. */
int vf_captions_load_max(const char *path, int format, size_t max_bytes, VfCaptions **out);

/* The format path's extension names (.vtt .webvtt .srt .json .ass .ssa, any
 * case), or VF_CAPTIONS_AUTO (0) when it names none. */
int vf_captions_format_of_path(const char *path);

/* "webvtt", "srt", "words", "ass", "inline" (probe's "format"). */
const char *vf_captions_format_name(int format);

/* Captions (format VF_CAPTIONS_INLINE) from nb inline cues; each text is read
 * as WebVTT cue text (tags, character references, inner timestamps give
 * words; a cue's own `words` list, when given, times them instead). The
 * captions layer reads inline cues through here, as probe reads files. Returns 0 and *out, VF_ERR_TEMPLATE (cue i has no text or not
 * 0 <= start <= end: the message says "cue I ...") or VF_ERR_INTERNAL. */
int vf_captions_inline(const VfInlineCue *cues, int nb, VfCaptions **out);

/* c as `vidforge probe` prints it: {"format", "cues": [VTTCue attributes,
 * "words" when timed], "regions": [VTTRegion attributes], "styleSheets"}.
 * Returns 0 and *json (caller frees), or VF_ERR_INTERNAL. */
int vf_captions_to_json(const VfCaptions *c, char **json);

#endif
