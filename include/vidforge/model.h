/* The template model: what a template says after parsing, variable
 * substitution and validation. Plain data, owned by VfTemplate.
 *
 * Units: times in seconds from the start of the output; positions and sizes in
 * output pixels; colours as straight (non-premultiplied) 8-bit RGBA. */
#ifndef VIDFORGE_MODEL_H
#define VIDFORGE_MODEL_H

#include <stdint.h>

#include "vidforge/color.h"
#include "vidforge/model_audio.h"
#include "vidforge/model_layers.h"
#include "vidforge/model_output.h"
#include "vidforge/model_video.h"
#include "vidforge/model_captions.h"
#include "vidforge/model_textbox.h"

typedef enum VfLayerType {
    VF_LAYER_TEXT = 0,
    VF_LAYER_IMAGE = 1,
    VF_LAYER_SHAPE = 2,
    VF_LAYER_CAPTIONS = 3,
    VF_LAYER_VIDEO = 4,   /* a video file (model_video.h) */
    VF_LAYER_TYPE_COUNT
} VfLayerType;

/* The nine box anchors, then CUSTOM (position.custom gives the top-left). */
typedef enum VfAnchor {
    VF_ANCHOR_TOP_LEFT = 0,
    VF_ANCHOR_TOP_CENTER,
    VF_ANCHOR_TOP_RIGHT,
    VF_ANCHOR_CENTER_LEFT,
    VF_ANCHOR_CENTER,
    VF_ANCHOR_CENTER_RIGHT,
    VF_ANCHOR_BOTTOM_LEFT,
    VF_ANCHOR_BOTTOM_CENTER,
    VF_ANCHOR_BOTTOM_RIGHT,
    VF_ANCHOR_CUSTOM,
    VF_ANCHOR_COUNT
} VfAnchor;

/* In/out animations. Names in the template: the lower-case form ("slide_up"). */
typedef enum VfAnimType {
    VF_ANIM_FADE = 0,
    VF_ANIM_SLIDE_UP,
    VF_ANIM_SLIDE_DOWN,
    VF_ANIM_SLIDE_LEFT,
    VF_ANIM_SLIDE_RIGHT,
    VF_ANIM_ZOOM,
    VF_ANIM_WIPE_LEFT,
    VF_ANIM_WIPE_RIGHT,
    VF_ANIM_TYPEWRITER,
    VF_ANIM_TYPE_COUNT
} VfAnimType;

typedef enum VfEasing {
    VF_EASE_LINEAR = 0,
    VF_EASE_IN,
    VF_EASE_OUT,
    VF_EASE_IN_OUT,
    VF_EASE_HOLD,         /* keyframes only: the value stays until the next key */
    VF_EASE_COUNT
} VfEasing;

#define VF_ANIM_OFFSCREEN (-1.0) /* distance: far enough to be fully outside the frame */

typedef struct VfAnimation {
    int type;         /* VfAnimType, -1: none */
    double duration;  /* seconds, > 0 */
    int easing;       /* VfEasing, -1: the default (ease_out in, ease_in out) */
    double distance;  /* pixels >= 0, or VF_ANIM_OFFSCREEN */
} VfAnimation;

enum { VF_ANIM_IN = 0, VF_ANIM_OUT = 1 };

typedef struct VfOverlay {
    int type;         /* VfLayerType */
    char *id;         /* never NULL after loading ("overlay-N" if absent) */
    int index;        /* position in the template's overlays array */

    int anchor;       /* VfAnchor */
    double offset_x, offset_y; /* added after anchoring, pixels */
    double custom_x, custom_y; /* top-left when anchor == VF_ANCHOR_CUSTOM */

    double start, end; /* visible for start <= t < end; end < 0: to the end */
    VfAnimation anim[2]; /* [VF_ANIM_IN], [VF_ANIM_OUT] */

    /* text */
    char *content;    /* UTF-8 after substitution */
    char *font;       /* as written: path or family name; NULL: default font */
    double size;      /* pixels per em */
    VfColor color;
    int align;        /* 0 left, 1 center, 2 right */
    double max_width; /* pixels; 0: no wrapping */
    double line_height; /* multiple of size; 0: the font's */
    double letter_spacing; /* pixels */
    int has_outline;
    double outline_width;  /* pixels */
    VfColor outline_color;
    int has_shadow;
    VfColor shadow_color;
    double shadow_x, shadow_y, shadow_blur; /* pixels; blur: Gaussian radius */
    int has_background;
    VfColor background_color;
    double background_pad_x, background_pad_y, background_radius;
    VfColor gradient[8];   /* replaces color when nb_gradient >= 2 */
    int nb_gradient;
    double gradient_stops[8]; /* positions 0..1 of the colours; nb_stops 0: even */
    int nb_stops;
    double gradient_angle; /* degrees, 0: left to right, 90: top to bottom */
    char *fallback[8];     /* fonts tried, in order, for characters font lacks */
    int nb_fallback;
    int has_fit;           /* shrink size until the text fits fit_w x fit_h */
    double fit_w, fit_h, fit_min_size;

    /* image */
    char *source;     /* as written; resolved against the template folder */
    double scale;     /* > 0 */
    double opacity;   /* 0..1, multiplies the layer's alpha */

    VfShape shape;    /* shape layers (model_layers.h) */
    VfMotion motion;  /* keyframes, rotation, animated-image looping */
    int balance;      /* style.balance: 1 on, 0 off, -1 not given (text: off, captions: on) */
    VfOverlayCaptions cap; /* captions (source: the captions file, or cues) */
    char *clip_anchor;    /* timeline.clip: start/end count from this clip's start; NULL */
    VfOverlayVideo video; /* type video: trim, loop, speed, size, fit, audio */
    VfBoxShadow box_shadow; /* text: style.background.shadow (model_textbox.h) */
} VfOverlay;

typedef struct VfEncoding {
    char *codec;          /* encoder or alias as written; NULL: from the preset */
    char *preset;         /* x264 name or NVENC p1..p7; NULL: encoder default */
    int64_t bitrate;      /* bits/s; 0: unset */
    double crf;           /* < 0: unset */
    char *audio_codec;    /* NULL: aac */
    int64_t audio_bitrate; /* bits/s; 0: unset */
    int two_pass;         /* 1: encoding.two_pass (libvpx-vp9 only) */
} VfEncoding;

typedef enum VfFit {
    VF_FIT_CONTAIN = 0,   /* scale to fit inside, bands of background */
    VF_FIT_COVER,         /* scale to fill, crop around the focus */
    VF_FIT_STRETCH,       /* scale to the frame, aspect not kept */
    VF_FIT_BLUR,          /* contained, over a blurred cover of itself */
    VF_FIT_COUNT
} VfFit;

typedef struct VfVideo {
    char *input;          /* as written; NULL: solid background */
    double start;         /* seconds into the input where the output begins */
    int fit;              /* VfFit */
    double focus_x, focus_y; /* cover: the point kept in view, 0..1 */
    int extend;           /* input shorter than duration: 0 freeze the last frame, 1 background */
    int mute;             /* 1: drop the input's audio */
    char *output_preset;  /* NULL: none */
    double duration;      /* seconds; <= 0: the input's */
    VfColor background;
    int width, height;    /* 0: from the preset or the input */
    double fps;           /* 0: from the preset or the input */
    struct VfSeqClip *clips; /* video.clips (model_clips.h), owned; NULL: input or colour */
    int nb_clips;
} VfVideo;

typedef struct VfTemplate {
    char *path;       /* the template file as given */
    char *dir;        /* its folder: relative asset paths resolve against it */
    char *version;    /* template_version */
    VfVideo video;
    VfOverlay *overlays;
    int nb_overlays;
    VfEncoding encoding;
    char *output;     /* default output path, may be NULL */
    VfTemplateAudio audio; /* audio tracks, mix, audio encoding (model_audio.h) */
    VfOutputSettings outputs; /* the output's format and its settings */
    /* The variables it was loaded with: its `variables` defaults overridden
     * by the caller's (owned; a {{name|default}} default is per use, not here). */
    char **var_names, **var_values;
    int nb_vars;
} VfTemplate;

#endif
