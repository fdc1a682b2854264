/* What the captions parsers share (internal to src/captions): building a
 * VfCaptions, cleaning text, cue runs, timestamps. Not for other stages. */
#ifndef VF_CAPTIONS_CAPINT_H
#define VF_CAPTIONS_CAPINT_H

#include <stddef.h>

#include "captions/captions.h"
#include "util/strbuf.h"

/* A cue with the VTTCue defaults (line and position "auto", size 100, align
 * "center", snap-to-lines) and no strings. */
void vf_cue_init(VfCue *cue);

/* Frees what cue owns and zeroes it. */
void vf_cue_clear(VfCue *cue);

/* Moves *cue (its strings included) to the end of c->cues; *cue is zeroed
 * either way. Returns 0 or VF_ERR_INTERNAL (out of memory: the cue is freed). */
int vf_captions_add_cue(VfCaptions *c, VfCue *cue);

/* Same for a region (moved) and a style sheet (css, owned from now on). */
int vf_captions_add_region(VfCaptions *c, VfCueRegion *r);
int vf_captions_add_style(VfCaptions *c, char *css);

/* Sorts c->cues in HTML's text track cue order: by start time, then the
 * later end first, then file order. */
int vf_captions_sort(VfCaptions *c);

/* The parsers, one per format: data is size bytes as read (BOM and all);
 * name is what messages call the file. Fill c (allocated, empty, format set)
 * or return a negative code with the message set. */
int vf_webvtt_parse(const char *data, size_t size, const char *name, VfCaptions *c);
int vf_srt_parse(const char *data, size_t size, const char *name, VfCaptions *c);
int vf_words_parse(const char *data, size_t size, const char *name, VfCaptions *c);
int vf_ass_parse(const char *data, size_t size, const char *name, VfCaptions *c);

/* Cue text of a WebVTT cue (cue->text, start and end set) into plain, runs
 * and words, by the WebVTT cue text parsing rules. 0 or VF_ERR_INTERNAL. */
int vf_webvtt_cue_text(VfCue *cue);

/* Reads the file at path (at most max_bytes) into *data (NUL-terminated,
 * caller frees) and *size. 0 or VF_ERR_ASSET naming the file. */
int vf_captions_read_file(const char *path, size_t max_bytes, char **data, size_t *size);

/* A libass library whose messages go to vf_log (errors as warnings, the
 * rest at debug level). NULL: out of memory. Free with ass_library_done. */
struct ass_library *vf_ass_library_new(void);

/* Cue text of an SRT cue (cue->text) into plain and runs: <b> <i> <u> and
 * <font color> tags, ASS override blocks "{\...}" dropped. 0 or VF_ERR_INTERNAL. */
int vf_srt_cue_text(VfCue *cue);

/* The WebVTT cue settings in s (n bytes) applied to cue; regions are those
 * parsed so far (a "region:" names the last of them with that id). Invalid
 * settings are ignored as the spec says. */
void vf_webvtt_cue_settings(const char *s, size_t n, const VfCaptions *regions, VfCue *cue);

/* The WebVTT region settings in s (n bytes) into r (defaults first). */
void vf_webvtt_region_settings(const char *s, size_t n, VfCueRegion *r);

/* "parse a percentage string" of the spec: 0 and *out in [0, 100], or -1. */
int vf_webvtt_percentage(const char *s, size_t n, double *out);

/* Text as a parser reads it: a leading UTF-8 BOM dropped, CRLF and CR made
 * LF, invalid UTF-8 (and NUL when nul_fffd) made U+FFFD. Returns the new
 * NUL-terminated text (caller frees) and its length in *len, or NULL (out of
 * memory). Line numbers are unchanged: each line break stays one LF. */
char *vf_captions_clean(const char *data, size_t size, int nul_fffd, size_t *len);

/* Appends code point cp as UTF-8. */
void vf_utf8_put(VfStrBuf *sb, unsigned cp);

/* The style in effect for a stretch of cue text. */
typedef struct VfRunStyle {
    int flags;              /* VF_CUE_* */
    int has_color;
    VfColor color;
    const char *classes, *voice, *lang;  /* NULL: none; copied into runs */
    double time;            /* < 0: none */
} VfRunStyle;

/* Builds cue->runs: text in a style joins the last run when the style is the
 * same (in time linear in the text), else starts a new run. */
typedef struct VfRunBuilder {
    VfCue *cue;
    VfStrBuf tail;      /* the last run's text until the run ends */
    int err;
} VfRunBuilder;

/* Appends len bytes of text in style st (its strings are copied). */
void vf_runs_add(VfRunBuilder *b, const char *text, size_t len, const VfRunStyle *st);

/* Ends the last run. Returns 0, or VF_ERR_INTERNAL when an append ran out of
 * memory. The builder is empty again either way. */
int vf_runs_finish(VfRunBuilder *b);

/* Words of the cue split at ASCII whitespace, each with the time it starts:
 * the builder the text parsers share. */
typedef struct VfWordBuilder {
    VfStrBuf word;
    int in_word;
    int seg;                /* timestamps before the word's first character */
    int nb_ts;              /* timestamps seen so far */
    double *ts;             /* their times */
    int cap_ts;
    int *word_seg;          /* per word in cue->words: its seg */
    int oom;
} VfWordBuilder;

void vf_words_text(VfWordBuilder *wb, VfCue *cue, const char *text, size_t len);
void vf_words_timestamp(VfWordBuilder *wb, VfCue *cue, double t);
/* Finishes: words start at their timestamp (the cue's start before the first)
 * and end at the next one (or the cue's end). No timestamps: no words.
 * Returns 0 or VF_ERR_INTERNAL; frees the builder either way. */
int vf_words_finish(VfWordBuilder *wb, VfCue *cue);

/* Appends a word (text copied) to cue->words. 0 or VF_ERR_INTERNAL. */
int vf_cue_add_word(VfCue *cue, const char *text, size_t len, double start, double end);

/* WebVTT's "collect a WebVTT timestamp" at s[*pos] (n bytes in all): 0 with
 * *out seconds and *pos past it, or -1 (*pos then somewhere inside). */
int vf_webvtt_timestamp(const char *s, size_t n, size_t *pos, double *out);

/* An SRT time "H:MM:SS,mmm" (or '.'; 1 to 3 fraction digits) at s[*pos]:
 * 0 with *out seconds and *pos past it, or -1. */
int vf_srt_timestamp(const char *s, size_t n, size_t *pos, double *out);

/* Warnings about one file: the first VF_CAP_MAX_WARNINGS are logged, the
 * others counted, so a long damaged file cannot flood the log. */
#define VF_CAP_MAX_WARNINGS 20
typedef struct VfCapWarn {
    const char *name;   /* the file, as messages call it */
    int count;
} VfCapWarn;

/* Logs "NAME:" + the formatted rest as a warning (fmt starts after the name,
 * e.g. ":12: skipped cue: ..."), or counts it past the limit. */
void vf_cap_warn(VfCapWarn *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Logs how many warnings were not shown, if any. */
void vf_cap_warn_end(const VfCapWarn *w);

/* 1 for the spec's ASCII whitespace: space, tab, LF, FF, CR. */
int vf_cap_space(int c);

/* A growable array step: when n items are in *arr (elements of size), makes
 * room for one more. Returns 0 or -1. Capacity is implicit (powers of two). */
int vf_cap_grow(void **arr, int n, size_t size);

/* Out of memory: sets the message and returns VF_ERR_INTERNAL. */
int vf_cap_oom(void);

#endif
