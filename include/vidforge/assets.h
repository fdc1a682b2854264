/* The files a template makes a render read, and checking them before
 * anything is decoded (`vidforge validate`, `vidforge deps`). */
#ifndef VIDFORGE_ASSETS_H
#define VIDFORGE_ASSETS_H

typedef enum VfAssetKind {
    VF_ASSET_TEMPLATE = 0, /* the template file itself */
    VF_ASSET_MEDIA,        /* a video (or image sequence) libavformat opens */
    VF_ASSET_IMAGE,        /* a still image */
    VF_ASSET_FONT,         /* a font file (a family name resolved through fontconfig) */
    VF_ASSET_AUDIO,        /* an audio track's source */
    VF_ASSET_CAPTIONS,     /* a captions file (vtt, srt, json, ass) */
    VF_ASSET_KIND_COUNT
} VfAssetKind;

/* One file a render reads. Strings are owned by the caller of the callback
 * and valid only during the call. */
typedef struct VfAsset {
    int kind;             /* VfAssetKind */
    const char *pointer;  /* JSON pointer of the key naming it ("" for the template) */
    const char *what;     /* "input video", "video", "image", "font", "audio source",
                           * "captions": for messages */
    const char *path;     /* resolved path or URL; NULL when it could not be resolved */
    int error;            /* 0, or why the render would refuse it (error.h code) */
    const char *message;  /* the sentence for error, without the pointer; "" when 0 */
} VfAsset;

/* Called once per asset in the order the render opens them; a negative
 * return stops the walk and is returned. */
typedef int (*VfAssetFn)(void *opaque, const VfAsset *asset);

#endif
