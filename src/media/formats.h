/* The output formats vidforge writes: one row per format, chosen by the
 * output's extension or by encoding.format (`vidforge formats` prints the
 * table). A row names its extensions, muxer, the codec families it carries
 * (video and audio) with the codecs used when the template names none,
 * whether it can carry alpha, and how a finished file of it is checked. */
#ifndef VF_MEDIA_FORMATS_H
#define VF_MEDIA_FORMATS_H

#include <libavutil/dict.h>

#include "media/probe.h"
#include "vidforge/plan.h"

typedef struct VfFormat {
    const char *name;            /* "mp4", "webm", "gif": the key of encoding.format */
    const char *extensions;      /* comma-separated, without dots; the first is the default */
    const char *muxer;           /* FFmpeg muxer */
    const char *video_families;  /* video codecs it carries, comma-separated ("vp9,av1") */
    const char *default_codec;   /* codec table name used when the template names none */
    const char *audio_families;  /* audio codecs it carries; "": none (no audio track) */
    const char *default_audio;   /* audio table name used when the template names none */
    int alpha;                   /* 1: carries alpha (with a codec that has an alpha pix_fmt) */
    const char *alpha_codec;     /* codec for a transparent video when the template names none */
    /* Muxer options for plan p (into *opts, which the caller frees); NULL: none. */
    int (*mux_options)(AVDictionary **opts, const VfPlan *p);
    /* After the trailer, before verification: the format's own touch to the
     * written file at path (a WebP still made the planned animation); NULL:
     * none. Returns 0 or VF_ERR_OUTPUT with a sentence. */
    int (*finish)(const char *path, const VfPlan *p);
    /* The format's own checks of a finished file, after the probe's (codec,
     * size, rate, duration, audio): 0 or VF_ERR_OUTPUT with a sentence. */
    int (*verify)(const char *path, const VfProbe *probe, const VfPlan *p);
    int own_checks;              /* 1: verify replaces the probe's generic checks */
    /* Folder formats (HLS, PNG sequences): the target names a file inside a
     * folder of the format's own, written as a whole (media/outfolder.c);
     * this is the default name in it ("index.m3u8", "%05d.png"). NULL: one file. */
    const char *folder_file;
    const char *folder_globs;    /* names the format writes in its folder, comma-separated */
    const char *use;             /* one line for `vidforge formats` */
} VfFormat;

extern const VfFormat vf_formats[];
extern const int vf_nb_formats;

/* The row named name, or NULL. */
const VfFormat *vf_format_find(const char *name);

/* The row whose extensions include path's (case-insensitive), or NULL. */
const VfFormat *vf_format_for_path(const char *path);

/* 1 when family is one of the comma-separated families. */
int vf_format_has_family(const char *families, const char *family);

/* Whether the best video stream of path carries alpha (a pixel format with
 * alpha, or Matroska's alpha_mode), and its packets, counted when packets is
 * not NULL. Returns 0, or VF_ERR_OUTPUT when path cannot be read back. */
int vf_format_read_back(const char *path, int64_t *packets, int *alpha);

#endif
