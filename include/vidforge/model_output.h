/* The template's choices about the output file: its format and each
 * format's own settings (encoding.format, encoding.gif). Plain data owned by
 * VfTemplate (its `outputs` field). */
#ifndef VIDFORGE_MODEL_OUTPUT_H
#define VIDFORGE_MODEL_OUTPUT_H

/* encoding.gif: the two-pass palette GIF. */
typedef struct VfGifSettings {
    double fps;           /* frames per second at most; 0: the video's rate */
    int max_width;        /* pixels at most (height follows, even); 0: the video's width */
    char *dither;         /* paletteuse dither name; NULL: sierra2_4a */
    int loop;             /* times the animation repeats: 0 forever, -1 plays once */
    char *palette;        /* "file" (one palette) or "scene"; NULL: file */
} VfGifSettings;

/* encoding.hls: the VOD playlist and its fMP4 segments. */
typedef struct VfHlsSettings {
    double segment;       /* target segment length, seconds; 0: the default (4) */
} VfHlsSettings;

/* output.poster: a picture of the frame shown at `time`, written with the
 * video. `time_at`/`file_at` are "FILE:LINE:COL: POINTER" of the keys, for
 * the messages that can only be given once the video's length is known. */
typedef struct VfPosterSettings {
    int given;            /* 1: output.poster is in the template */
    double time;          /* seconds from the start of the output */
    char *file;           /* relative to the output's folder; NULL: the output's name with .png */
    char *time_at, *file_at; /* owned; NULL when not located */
} VfPosterSettings;

typedef struct VfOutputSettings {
    char *format;         /* encoding.format as written ("webm"); NULL: from the target */
    /* The path the render will write (borrowed; set by the caller before
     * planning): its extension picks the format when `format` is NULL.
     * NULL: mp4. */
    const char *target;
    VfGifSettings gif;
    VfHlsSettings hls;
    VfPosterSettings poster; /* output.poster */
} VfOutputSettings;

#endif
