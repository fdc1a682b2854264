/* The render plan: everything the media stages need, as plain data.
 * Times in seconds and output frames; boxes in output pixels; rasters in
 * straight-alpha RGBA. Built by the plan stage, read-only afterwards.
 *
 * The plan is a timeline (VfTimeline below): tracks of clips on the output
 * timeline, each clip a source in a time window with properties that are
 * constant or keyframed; audio tracks beside video tracks; and segments, the
 * spans of frames where nothing changes structurally, each with a content
 * key. A template maps onto it as: the base (input video or background
 * colour) is the clip of video track 0, each overlay is the one clip of a
 * video track above it (in template order, later on top), and the input's
 * kept audio is the clip of audio track 0. The fields before `timeline` are
 * the same facts in the form the render stage's graph and encoders read. */
#ifndef VIDFORGE_PLAN_H
#define VIDFORGE_PLAN_H

#include <stdint.h>
#include "vidforge/mix.h"
#include "vidforge/model.h"
#include "vidforge/plan_layers.h"
#include "vidforge/plan_captions.h"
#include "vidforge/plan_media.h"
#include "vidforge/plan_output.h"

/* A straight-alpha RGBA8 image; rows are width * 4 bytes, no padding.
 * Owned by whoever holds it; freed with vf_raster_free. */
typedef struct VfRaster {
    int width, height;
    uint8_t *pixels;
} VfRaster;

/* An animation as planned: everything resolved to pixels and seconds. */
typedef struct VfPlanAnim {
    int type;          /* VfAnimType, -1: none */
    double duration;   /* seconds */
    int easing;        /* VfEasing, resolved */
    double distance;   /* pixels, resolved ("offscreen" computed from the box) */
} VfPlanAnim;

typedef struct VfPlanLayer {
    char *id;         /* owned by the plan */
    int type;         /* VfLayerType */
    int index;        /* overlay index in the template */
    /* The layout box (text: advances and line heights; image: scaled size). */
    int box_x, box_y, box_w, box_h;
    /* Where the raster's top-left lands; differs from the box when ink
     * (descenders, overhangs) spills outside the layout box. */
    int raster_x, raster_y;
    /* Visible on output frames first_frame <= n < end_frame. */
    int64_t first_frame, end_frame;
    double start, end;        /* seconds, end resolved to the output's end */
    VfPlanAnim anim[2];       /* [VF_ANIM_IN], [VF_ANIM_OUT] */
    /* Box centre relative to the raster's top-left (zoom pivots here). */
    double pivot_x, pivot_y;
    VfRaster raster;
    /* Text: for each raster pixel, the index (reading order) of the grapheme
     * cluster that drew it, for typewriter reveals; NULL otherwise. */
    uint16_t *clusters;
    int nb_clusters;
    /* SHA-256 (hex) of the raster's cache key, or of its pixels when it has
     * none: what the segment keys know of the layer's content. */
    char content_key[65];
    /* 1: raster and clusters belong to an earlier layer with the very same
     * pixels (the plan frees them once) */
    int raster_shared;
    /* Shapes: the style, to redraw at other sizes (keyframed width/height);
     * animated images: the frames. Owned; NULL otherwise (plan_layers.h). */
    VfShapeStyle *shape;
    VfFrameSeq *seq;
    /* Captions overlays: the one layer's items or ASS file (plan_captions.h);
     * owned, NULL otherwise. */
    struct VfCaptionTrack *captions;
} VfPlanLayer;

/* Encoder choice after presets, aliases and overrides (before NVENC probing):
 * everything the media stage needs to open the encoders and check the output,
 * resolved from the template's names. Strings are static. */
typedef struct VfPlanEncoding {
    const char *codec;        /* FFmpeg encoder name, e.g. "libx264", "h264_nvenc" */
    const char *fallback;     /* CPU encoder if codec does not open, or NULL */
    const char *preset;       /* speed preset in codec's terms (x264 name or p1..p7), or NULL */
    int64_t bitrate;          /* bits/s, 0 when crf rules */
    double crf;               /* < 0 when bitrate rules */
    const char *audio_codec;  /* FFmpeg encoder name ("aac", "libopus"), NULL: no audio */
    int64_t audio_bitrate;    /* bits/s */
    const char *fallback_preset;  /* preset in the fallback's terms, or NULL */
    const char *family;       /* codec the output's video must be: "h264" or "hevc" */
    const char *audio_family; /* codec the output's audio must be: "aac", "opus"; NULL: none */
    const char *audio_sample_fmt; /* samples the audio encoder takes: "fltp", "flt" */
    int audio_sample_rate;    /* Hz of the output's audio (48000 by default) */
    int audio_channels;       /* 2 stereo, 1 mono */
    /* The output format and what it asks of the graph (`vidforge formats`). */
    const char *format;       /* its row's name: "mp4", "webm", "gif", ... */
    const char *pix_fmt;      /* pixels the video encoder takes, the graph's last format */
    int alpha;                /* 1: transparent output (no input, background alpha 0) */
    const char *blend_fmt;    /* pixels the layers are drawn onto: "yuv420p", "yuva420p", "yuva444p" */
    int width, height;        /* encoded frame size: the plan's, or less (GIF max_width) */
    int gif_loop;             /* GIF: repeats, 0 forever, -1 once */
    const char *gif_dither;   /* GIF: paletteuse dither */
    VfPlanOutputs outputs;    /* HLS segments, GIF palette scope (plan_output.h) */
    int two_pass;             /* 1: encode twice, statistics then output (libvpx-vp9) */
} VfPlanEncoding;

/* ---- the timeline ------------------------------------------------------- */

/* What a clip shows. A kind is a row in the render stage's source table
 * (src/render/graph.c); new kinds (animated images, shapes, nested
 * sequences, captions) are new rows. */
typedef enum VfSourceKind {
    VF_SOURCE_COLOR = 0,   /* a solid colour filling the frame */
    VF_SOURCE_MEDIA,       /* a media file's pictures (or sound, on an audio track) */
    VF_SOURCE_RASTER,      /* a still raster of the plan: a text or image layer */
    VF_SOURCE_KIND_COUNT
} VfSourceKind;

typedef struct VfSource {
    int kind;              /* VfSourceKind */
    VfColor color;         /* COLOR */
    const char *path;      /* MEDIA: resolved path or URL (the plan's `input`) */
    double trim_start;     /* MEDIA: source seconds shown at the clip's start */
    double trim_end;       /* MEDIA: source seconds where it stops; < 0: its end */
    int loop;              /* MEDIA: repeat to fill the window (0: hold the last frame) */
    double speed;          /* MEDIA: source seconds per output second */
    int layer;             /* RASTER: index into VfPlan.layers */
    const VfPlanMedia *media; /* MEDIA of a video layer or sequence clip (and its sound on an
                                 audio track): its plan; NULL for the base input */
    double gain_db;        /* audio tracks: the clip's gain */
    double fade_in, fade_out; /* audio tracks: seconds of linear fade at the window's start
                                 and end (a transition's crossfade) */
} VfSource;

/* Clip properties that can change over time. */
typedef enum VfPropertyId {
    VF_PROP_X = 0,         /* left edge of the clip's picture, output pixels */
    VF_PROP_Y,             /* top edge, output pixels */
    VF_PROP_SCALE,         /* 1: the planned size */
    VF_PROP_ROTATION,      /* degrees clockwise about the centre */
    VF_PROP_OPACITY,       /* 0..1, multiplies the picture's alpha */
    VF_PROP_WIDTH,         /* shapes: box width, pixels (0: as planned) */
    VF_PROP_HEIGHT,        /* shapes: box height, pixels (0: as planned) */
    VF_PROP_COUNT
} VfPropertyId;

/* A property's value at `time` (seconds from the clip's start); the easing
 * (VfEasing) shapes the way from this key to the next. */
typedef struct VfKeyframe {
    double time;
    double value;
    int easing;
} VfKeyframe;

/* Constant (nb_keys == 0: `value`) or keyframed: before the first key its
 * value, after the last key its value, eased in between. Keys are owned by
 * the plan, in ascending time. */
typedef struct VfProperty {
    double value;
    VfKeyframe *keys;
    int nb_keys;
} VfProperty;

typedef struct VfClip {
    const char *id;                 /* the overlay's id, "base", or "audio" (the plan's) */
    double start, end;              /* window on the output, seconds: start <= t < end */
    int64_t first_frame, end_frame; /* the same window in output frames */
    VfSource source;
    VfProperty props[VF_PROP_COUNT];
    int fit;                        /* VfFit of the source into the frame (MEDIA) */
    VfPlanAnim anim[2];             /* in/out transitions ([VF_ANIM_IN], [VF_ANIM_OUT]) */
    /* RASTER clips drawn per frame (keyframes, rotation, animated images;
     * src/plan/motion.c): the part of the frame the picture can ever cover,
     * even-aligned, which its layer frames fill; canvas_w 0: the raster is
     * pushed as is at X, Y. anchor_x/y: the point of the box (0..1) that
     * stays put when WIDTH/HEIGHT change its size. */
    int canvas_x, canvas_y, canvas_w, canvas_h;
    double anchor_x, anchor_y;
} VfClip;

typedef enum VfTrackKind {
    VF_TRACK_VIDEO = 0,
    VF_TRACK_AUDIO,
} VfTrackKind;

typedef struct VfTrack {
    int kind;                       /* VfTrackKind */
    VfClip *clips;                  /* owned; in time order, overlapping only by a transition */
    int nb_clips;
} VfTrack;

/* Frames first_frame <= n < end_frame, over which the set of visible clips
 * and each one's motion stay the same. key is the SHA-256 (hex) of
 * everything that decides the segment's encoded pictures: sources (input
 * identity and frame range, rasters' cache keys), positions, transitions
 * relative to the segment, frame size and rate, encoder and settings,
 * vidforge's version. Equal keys, equal pictures. */
typedef struct VfSegment {
    int64_t first_frame, end_frame;
    char key[65];
} VfSegment;

typedef struct VfTimeline {
    VfTrack *tracks;                /* owned; video tracks bottom to top, then audio */
    int nb_tracks;
    VfSegment *segments;            /* owned; cover [0, nb_frames) in order */
    int nb_segments;
    /* The whole render's content key: SHA-256 (hex) of every segment key,
     * the audio plan and the frame count. Stored in the output as the
     * "vidforge_key" tag; batch skips an output only when its tag equals
     * the key its row would render now. "" when not built. */
    char key[65];
    /* SHA-256 (hex) of what decides the encoded audio track (input or mix,
     * codec and settings): the segment cache keeps one audio track per
     * audio plan under it. "" without audio. */
    char audio_key[65];
} VfTimeline;

typedef struct VfPlan {
    int width, height;            /* output frame size, even */
    int fps_num, fps_den;         /* output frame rate */
    int64_t nb_frames;            /* frames to write */
    double duration;              /* nb_frames / fps, seconds */
    char *input;                  /* resolved input path, NULL: background only */
    int input_has_audio;          /* audio planned in the output */
    double input_start;           /* first displayed timestamp of the input, s */
    double trim_start;            /* seconds of the input skipped (video.start) */
    double network_seconds;       /* a URL input's calls may take this long in all (policy) */
    int rotation;                 /* input display rotation, degrees clockwise: 0/90/180/270 */
    int fit;                      /* VfFit */
    double focus_x, focus_y;      /* cover focus, 0..1 */
    int extend;                   /* 0 freeze, 1 background */
    VfColor background;
    VfPlanEncoding encoding;
    VfPlanLayer *layers;
    int nb_layers;
    double rasterize_seconds;     /* spent producing layer rasters (drawn or from the cache) */
    VfTimeline timeline;          /* the same plan as tracks, clips and segments */
    VfMixPlan mix;                /* the audio tracks and mix (mix.h); input_has_audio: any audio out */
    VfPlanMedia *videos;          /* video layers (overlays of type video), template order */
    int nb_videos;
    VfPlanMedia *clips;           /* video.clips: the base as a sequence, in order */
    int nb_clips;
    double sequence_duration;     /* seconds the clips last together (minus transitions) */
} VfPlan;

#endif
