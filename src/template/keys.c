/* The template format, version 1.x. */
#include "template/keys.h"

#include <math.h>

#include "template/presets.h"
#include "vidforge/model_clips.h"

#define NOLIMIT INFINITY
/* Positions past this many pixels could never be on screen, and beyond 2^31
 * they would wrap around when rounded to whole pixels. */
#define POSITION_MAX 100000
#define SPEC(keys) { keys, (int)(sizeof(keys) / sizeof(keys[0])), NULL }
#define SPEC_RULES(keys, rules) { keys, (int)(sizeof(keys) / sizeof(keys[0])), rules }
#define OV(field) offsetof(VfOverlay, field)
#define TP(field) offsetof(VfTemplate, field)

#define NUM(n, off, fl, lo, hi, d, text) \
    { .name = n, .kind = KK_NUMBER, .offset = off, .flags = fl, .min = lo, .max = hi, .def = d, \
      .doc = text }
#define INT(n, off, fl, lo, hi, d, text) \
    { .name = n, .kind = KK_INT, .offset = off, .flags = fl, .min = lo, .max = hi, .def = d, \
      .doc = text }
#define STR(n, off, fl, text) { .name = n, .kind = KK_STRING, .offset = off, .flags = fl, .doc = text }
#define CHOICE(n, off, list, noun, text) \
    { .name = n, .kind = KK_STRING, .offset = off, .choices = list, .what = noun, .doc = text }
#define ENUM(n, off, fl, list, noun, d, text) \
    { .name = n, .kind = KK_ENUM, .offset = off, .flags = fl, .choices = list, .what = noun, \
      .def = d, .doc = text }
#define COLOR(n, off, d, text) \
    { .name = n, .kind = KK_COLOR, .offset = off, .def_str = d, .doc = text }
#define BITRATE(n, off, lo, hi, text) \
    { .name = n, .kind = KK_BITRATE, .offset = off, .min = lo, .max = hi, .doc = text }
#define OBJ(n, fl, spec, text) \
    { .name = n, .kind = KK_OBJECT, .flags = fl, .object = &spec, .doc = text }
#define KEYED(n, off, key, fl, lo, hi, d, text) \
    { .name = n, .kind = KK_KEYFRAMED, .offset = off, .keys_offset = OV(motion.keys[key]), \
      .flags = fl, .min = lo, .max = hi, .def = d, .doc = text }
#define CUSTOM(n, fn, schema, text) \
    { .name = n, .kind = KK_CUSTOM, .custom = fn, .custom_schema = schema, .doc = text }

const char *const vf_anchor_names[] = {
    "TOP_LEFT", "TOP_CENTER", "TOP_RIGHT", "CENTER_LEFT", "CENTER", "CENTER_RIGHT",
    "BOTTOM_LEFT", "BOTTOM_CENTER", "BOTTOM_RIGHT", NULL,
};
const char *const vf_layer_type_names[] = { "text", "image", "shape", "captions", "video", NULL };
/* Indexed by VfAnimType and VfEasing. */
const char *const vf_anim_names[] = {
    "fade", "slide_up", "slide_down", "slide_left", "slide_right", "zoom", "wipe_left",
    "wipe_right", "typewriter", NULL,
};
const char *const vf_fit_names[] = { "contain", "cover", "stretch", "blur", NULL };
static const char *const extend_names[] = { "freeze", "background", NULL };
#define VIDEO_AUDIO_SCHEMA                                                                    \
    "{\"anyOf\": [{\"enum\": [\"keep\", \"mute\"]}, {\"type\": \"object\", "            \
    "\"properties\": {\"volume\": {\"type\": \"number\", \"minimum\": -100, \"maximum\": " \
    "24}, \"role\": {\"enum\": [\"music\", \"voice\", \"effect\"]}}, "                       \
    "\"additionalProperties\": false}]}"
const char *const vf_easing_names[] = { "linear", "ease_in", "ease_out", "ease_in_out", NULL };

static const VfKeySpec offset_keys[] = {
    KEYED("x", OV(offset_x), VF_MOTION_X, 0, -POSITION_MAX, POSITION_MAX, 0,
          "Pixels to the right (negative: left); or keyframes."),
    KEYED("y", OV(offset_y), VF_MOTION_Y, 0, -POSITION_MAX, POSITION_MAX, 0,
          "Pixels down (negative: up); or keyframes."),
};
static const VfObjectSpec offset_spec = SPEC(offset_keys);

static const VfKeySpec custom_keys[] = {
    NUM("x", OV(custom_x), KF_REQUIRED, -POSITION_MAX, POSITION_MAX, 0,
        "Left edge of the box, pixels."),
    NUM("y", OV(custom_y), KF_REQUIRED, -POSITION_MAX, POSITION_MAX, 0,
        "Top edge of the box, pixels."),
};
static const VfObjectSpec custom_spec = SPEC(custom_keys);

static const VfKeySpec position_keys[] = {
    ENUM("preset", OV(anchor), 0, vf_anchor_names, "position preset", VF_ANCHOR_TOP_LEFT,
         "Anchors this point of the box to the same point of the frame."),
    OBJ("offset", 0, offset_spec, "Moves the box after anchoring."),
    OBJ("custom", 0, custom_spec, "Puts the box's top-left corner here instead of a preset."),
};
static const VfObjectSpec position_spec =
    SPEC_RULES(position_keys, "{\"not\": {\"required\": [\"preset\", \"custom\"]}}");

#define ANIM_KEYS(i)                                                                          \
    ENUM("type", OV(anim[i].type), KF_REQUIRED, vf_anim_names, "animation type", -1,            \
         "The animation."),                                                                     \
    NUM("duration", OV(anim[i].duration), KF_REQUIRED | KF_MIN_EXCL, 0, 3600, 0,                \
        "Seconds."),                                                                            \
    ENUM("easing", OV(anim[i].easing), 0, vf_easing_names, "easing", -1,                        \
         "Progress curve; default ease_out for in, ease_in for out."),                          \
    { .name = "distance", .kind = KK_DISTANCE, .offset = OV(anim[i].distance), .min = 0,        \
      .max = 100000, .def = 100,                                                                \
      .doc = "Slides: pixels travelled (default 100), or \"offscreen\"." }

static const VfKeySpec anim_in_keys[] = { ANIM_KEYS(VF_ANIM_IN) };
static const VfObjectSpec anim_in_spec = SPEC(anim_in_keys);
static const VfKeySpec anim_out_keys[] = { ANIM_KEYS(VF_ANIM_OUT) };
static const VfObjectSpec anim_out_spec = SPEC(anim_out_keys);

static const VfKeySpec animation_keys[] = {
    OBJ("in", 0, anim_in_spec, "Runs from start to start + duration."),
    OBJ("out", 0, anim_out_spec, "Ends exactly at end."),
};
static const VfObjectSpec animation_spec = SPEC(animation_keys);

static const VfKeySpec timeline_keys[] = {
    NUM("start", OV(start), 0, 0, NOLIMIT, 0, "First visible time, seconds."),
    NUM("end", OV(end), 0, 0, NOLIMIT, -1,
        "First invisible time, seconds (greater than start); default: the end of the video."),
    OBJ("animation", 0, animation_spec, "In and out animations."),
    STR("clip", OV(clip_anchor), 0,
        "The id of a clip of video.clips: start and end count from that clip's start."),
};
static const VfObjectSpec timeline_spec = SPEC(timeline_keys);

static const char *const align_names[] = { "left", "center", "right", NULL };

static const VfKeySpec outline_keys[] = {
    COLOR("color", OV(outline_color), "#000000", "Outline colour."),
    NUM("width", OV(outline_width), 0, 0, 100, 2, "Pixels outside the glyphs (round joins)."),
};
static const VfObjectSpec outline_spec = SPEC(outline_keys);

static const VfKeySpec shadow_offset_keys[] = {
    NUM("x", OV(shadow_x), 0, -1000, 1000, 4, "Pixels right."),
    NUM("y", OV(shadow_y), 0, -1000, 1000, 4, "Pixels down."),
};
static const VfObjectSpec shadow_offset_spec = SPEC(shadow_offset_keys);

static const VfKeySpec shadow_keys[] = {
    COLOR("color", OV(shadow_color), "#00000099", "Shadow colour (alpha sets its strength)."),
    OBJ("offset", 0, shadow_offset_spec, "Where the shadow falls."),
    NUM("blur", OV(shadow_blur), 0, 0, 200, 4, "Gaussian blur radius in pixels."),
};
static const VfObjectSpec shadow_spec = SPEC(shadow_keys);

#define PADDING_SCHEMA                                                                        \
    "{\"anyOf\": [{\"type\": \"number\", \"minimum\": 0, \"maximum\": 1000}, "             \
    "{\"type\": \"object\", \"properties\": {\"x\": {\"type\": \"number\", \"minimum\": 0, " \
    "\"maximum\": 1000}, \"y\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 1000}}, " \
    "\"additionalProperties\": false}]}"

static const VfKeySpec box_shadow_offset_keys[] = {
    NUM("x", OV(box_shadow.x), 0, -1000, 1000, 4, "Pixels right."),
    NUM("y", OV(box_shadow.y), 0, -1000, 1000, 4, "Pixels down."),
};
static const VfObjectSpec box_shadow_offset_spec = SPEC(box_shadow_offset_keys);

static const VfKeySpec box_shadow_keys[] = {
    COLOR("color", OV(box_shadow.color), "#00000099", "Shadow colour (alpha sets its strength)."),
    OBJ("offset", 0, box_shadow_offset_spec, "Where the shadow falls."),
    NUM("blur", OV(box_shadow.blur), 0, 0, 200, 4, "Gaussian blur radius in pixels."),
};
static const VfObjectSpec box_shadow_spec = SPEC(box_shadow_keys);

static const VfKeySpec background_keys[] = {
    COLOR("color", OV(background_color), "#000000AA", "Box colour."),
    CUSTOM("padding", vf_schema_read_padding, PADDING_SCHEMA,
           "Pixels around the text box: a number, or {x, y}."),
    NUM("radius", OV(background_radius), 0, 0, 1000, 0, "Corner radius in pixels."),
    { .name = "shadow", .kind = KK_OBJECT, .flags = KF_PRESENCE, .offset = OV(box_shadow.on),
      .object = &box_shadow_spec, .doc = "A drop shadow under the box (style.shadow falls on "
      "the letters)." },
};
static const VfObjectSpec background_spec = SPEC(background_keys);

#define GRADIENT_COLORS_SCHEMA                                                                \
    "{\"type\": \"array\", \"minItems\": 2, \"maxItems\": 8, \"items\": "                    \
    "{\"$ref\": \"#/$defs/color\"}}"

static const VfKeySpec gradient_keys[] = {
    { .name = "colors", .kind = KK_CUSTOM, .flags = KF_REQUIRED,
      .custom = vf_schema_read_gradient_colors, .custom_schema = GRADIENT_COLORS_SCHEMA,
      .doc = "Two to eight colours, spread evenly." },
    NUM("angle", OV(gradient_angle), 0, -360, 360, 0,
        "Degrees: 0 runs left to right, 90 top to bottom."),
    CUSTOM("stops", vf_schema_read_gradient_stops,
           "{\"type\": \"array\", \"minItems\": 2, \"maxItems\": 8, \"items\": "
           "{\"type\": \"number\", \"minimum\": 0, \"maximum\": 1}}",
           "Where each colour sits, 0..1 ascending, one per colour; default: evenly."),
};
static const VfObjectSpec gradient_spec = SPEC(gradient_keys);

static const VfKeySpec fit_keys[] = {
    NUM("width", OV(fit_w), KF_REQUIRED | KF_MIN_EXCL, 0, 16384, 0, "Pixels the text may take across."),
    NUM("height", OV(fit_h), KF_REQUIRED | KF_MIN_EXCL, 0, 16384, 0, "Pixels the text may take down."),
    NUM("min_size", OV(fit_min_size), KF_MIN_EXCL, 0, 500, 8, "The smallest size tried."),
};
static const VfObjectSpec fit_spec = SPEC(fit_keys);

#define OBJP(n, spec, presence, text) \
    { .name = n, .kind = KK_OBJECT, .flags = KF_PRESENCE, .offset = presence, .object = &spec, \
      .doc = text }

#define FALLBACK_SCHEMA \
    "{\"type\": \"array\", \"maxItems\": 8, \"items\": {\"type\": \"string\"}}"

static const VfKeySpec text_style_keys[] = {
    STR("font", OV(font), 0,
        "A font file relative to the template, or a family with optional style (\"Inter Bold\")."),
    CUSTOM("fallback", vf_schema_read_fallback, FALLBACK_SCHEMA,
           "Fonts (files or families) tried in order for characters font lacks, before "
           "fontconfig's choice."),
    NUM("size", OV(size), KF_MIN_EXCL, 0, 500, 48, "Font size in pixels per em."),
    COLOR("color", OV(color), "#FFFFFF", "Fill colour: #RRGGBB, #RRGGBBAA, #RGB, #RGBA or a CSS name."),
    ENUM("align", OV(align), 0, align_names, "alignment", 0,
         "Lines within the box: left, center or right."),
    NUM("max_width", OV(max_width), KF_MIN_EXCL, 0, 16384, 0,
        "Wrap lines to this width in pixels, where Unicode line breaking (UAX #14) allows."),
    { .name = "balance", .kind = KK_BOOL, .offset = OV(balance), .def = -1,
      .doc = "Wrapped lines as equal in width as the same line count allows (no orphan word); "
             "default: false for text, true for captions." },
    NUM("line_height", OV(line_height), KF_MIN_EXCL, 0, 10, 0,
        "Line spacing as a multiple of size; default: the font's own."),
    NUM("letter_spacing", OV(letter_spacing), 0, -100, 1000, 0,
        "Pixels added after each character."),
    OBJP("outline", outline_spec, OV(has_outline), "A stroked outline around the glyphs."),
    OBJP("shadow", shadow_spec, OV(has_shadow), "A drop shadow under the fill and outline."),
    OBJP("background", background_spec, OV(has_background), "A (rounded) box behind the text."),
    OBJ("gradient", 0, gradient_spec, "Fill with a linear gradient instead of color."),
    OBJP("fit", fit_spec, OV(has_fit),
         "Shrink the size (down to min_size) until the wrapped text fits width x height."),
};
static const VfObjectSpec text_style_spec = SPEC(text_style_keys);

static const VfKeySpec transform_keys[] = {
    KEYED("scale", OV(scale), VF_MOTION_SCALE, KF_MIN_EXCL, 0, 100, 1,
          "Scale factor (images: pixels; text: multiplies the font size); keyframes scale "
          "the drawn layer about its box centre."),
    KEYED("opacity", OV(opacity), VF_MOTION_OPACITY, 0, 0, 1, 1,
          "Multiplies the layer's alpha; or keyframes."),
    KEYED("rotation", OV(motion.rotation), VF_MOTION_ROTATION, 0, -36000, 36000, 0,
          "Degrees clockwise about the box centre; or keyframes."),
};
static const VfObjectSpec transform_spec = SPEC(transform_keys);

#define COMMON_OVERLAY_KEYS                                                                   \
    ENUM("type", OV(type), KF_REQUIRED, vf_layer_type_names, "overlay type", 0,               \
         "The layer type."),                                                                  \
    STR("id", OV(id), 0, "A unique name for messages and plans."),                            \
    OBJ("position", 0, position_spec, "Where the overlay's box goes."),                       \
    OBJ("timeline", 0, timeline_spec, "When the overlay is visible: start <= t < end."),      \
    OBJ("transform", 0, transform_spec, "Scale and opacity.")

static const VfKeySpec text_overlay_keys[] = {
    COMMON_OVERLAY_KEYS,
    STR("content", OV(content), KF_REQUIRED, "The text (UTF-8); \"\\n\" starts a new line."),
    OBJ("style", 0, text_style_spec, "Font, size and colour."),
};
static const VfKeySpec image_overlay_keys[] = {
    COMMON_OVERLAY_KEYS,
    STR("source", OV(source), KF_REQUIRED,
        "The image file (PNG, JPEG, WebP; GIF, APNG, WebP animate), relative to the template."),
    CUSTOM("loop", vf_schema_read_loop, "{\"type\": \"boolean\"}",
           "Animated images: repeat (true, the default) or hold the last frame (false)."),
};

static const VfKeySpec stroke_keys[] = {
    NUM("width", OV(shape.stroke_width), 0, 0, 1000, 2,
        "Pixels inside the shape's edge (line: its thickness)."),
    COLOR("color", OV(shape.stroke_color), "#000000", "Stroke colour."),
};
static const VfObjectSpec stroke_spec = SPEC(stroke_keys);

#define FILL_SCHEMA                                                                           \
    "{\"anyOf\": [{\"$ref\": \"#/$defs/color\"}, {\"type\": \"object\", \"required\": "     \
    "[\"colors\"], \"additionalProperties\": false, \"properties\": {\"colors\": "             \
    GRADIENT_COLORS_SCHEMA ", \"angle\": {\"type\": \"number\", \"minimum\": -360, "          \
    "\"maximum\": 360}, \"stops\": {\"type\": \"array\", \"minItems\": 2, \"maxItems\": 8, " \
    "\"items\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 1}}}}]}"

static const VfKeySpec shape_overlay_keys[] = {
    COMMON_OVERLAY_KEYS,
    ENUM("shape", OV(shape.kind), KF_REQUIRED, vf_shape_names, "shape", VF_SHAPE_RECT,
         "rect, ellipse, or line (top-left to bottom-right of the box)."),
    KEYED("width", OV(shape.width), VF_MOTION_WIDTH, KF_REQUIRED, 0, 16384, 0,
          "Box width in pixels; or keyframes (it grows from the position's anchor)."),
    KEYED("height", OV(shape.height), VF_MOTION_HEIGHT, KF_REQUIRED, 0, 16384, 0,
          "Box height in pixels; or keyframes."),
    NUM("radius", OV(shape.radius), 0, 0, 8192, 0, "rect: corner radius in pixels."),
    CUSTOM("fill", vf_schema_read_fill, FILL_SCHEMA,
           "A colour (default white), or a gradient {colors, angle, stops} as text's."),
    OBJP("stroke", stroke_spec, OV(shape.has_stroke),
         "An edge drawn inside the box (line: its thickness and colour)."),
    OBJP("shadow", shadow_spec, OV(has_shadow), "A drop shadow under the shape."),
};

#include "template/keys_captions.inc"

/* ---- video layers and clip sequences (model_video.h, model_clips.h) ---- */

#define VL(field) offsetof(VfOverlay, video.field)
#define CL(field) offsetof(VfSeqClip, field)
#define LOOP_SCHEMA "{\"type\": \"boolean\"}"
#define LAYER_AUDIO_SCHEMA                                                                    \
    "{\"anyOf\": [{\"enum\": [\"mute\"]}, {\"type\": \"object\", \"properties\": "         \
    "{\"volume\": {\"type\": \"number\", \"minimum\": -60, \"maximum\": 20}}, "              \
    "\"additionalProperties\": false}]}"
#define CLIP_AUDIO_SCHEMA                                                                     \
    "{\"anyOf\": [{\"enum\": [\"keep\", \"mute\"]}, {\"type\": \"object\", \"properties\": " \
    "{\"volume\": {\"type\": \"number\", \"minimum\": -60, \"maximum\": 20}}, "              \
    "\"additionalProperties\": false}]}"

static const char *const box_fit_names[] = { "contain", "cover", "stretch", NULL };
const char *const vf_transition_names[] = {
    "fade", "fadeblack", "fadewhite", "dissolve", "wipeleft", "wiperight", "slideleft",
    "slideright", "slideup", "slidedown", "circleopen", "zoomin", NULL,
};

static const VfKeySpec layer_trim_keys[] = {
    NUM("start", VL(trim_start), 0, 0, NOLIMIT, 0, "Source seconds shown at the layer's start."),
    NUM("end", VL(trim_end), 0, 0, NOLIMIT, -1,
        "Source seconds where it stops (greater than start); default: the source's end."),
};
static const VfObjectSpec layer_trim_spec = SPEC(layer_trim_keys);

static const VfKeySpec layer_size_keys[] = {
    NUM("width", VL(width), KF_REQUIRED | KF_MIN_EXCL, 0, 16384, 0, "Box width, pixels."),
    NUM("height", VL(height), KF_REQUIRED | KF_MIN_EXCL, 0, 16384, 0, "Box height, pixels."),
};
static const VfObjectSpec layer_size_spec = SPEC(layer_size_keys);

static const VfKeySpec layer_border_keys[] = {
    NUM("width", VL(border_width), KF_REQUIRED | KF_MIN_EXCL, 0, 200, 0, "Pixels around the picture."),
    COLOR("color", VL(border_color), "#FFFFFF", "Border colour."),
};
static const VfObjectSpec layer_border_spec = SPEC(layer_border_keys);

static const VfKeySpec video_overlay_keys[] = {
    COMMON_OVERLAY_KEYS,
    STR("source", OV(source), KF_REQUIRED, "The video file, relative to the template."),
    OBJ("trim", 0, layer_trim_spec, "The part of the source played, source seconds."),
    CUSTOM("loop", vf_schema_read_layer_loop, LOOP_SCHEMA,
           "Repeat the trimmed part to fill the layer's time; default false: hold its last "
           "frame."),
    NUM("speed", VL(speed), 0, 0.25, 4, 1, "Source seconds per output second, 0.25 to 4."),
    { .name = "size", .kind = KK_OBJECT, .flags = KF_PRESENCE, .offset = VL(has_size),
      .object = &layer_size_spec,
      .doc = "The box the picture is fitted into; default: the source's display size." },
    ENUM("fit", VL(fit), 0, box_fit_names, "fit mode", VF_FIT_CONTAIN,
         "Into the size box: contain, cover or stretch."),
    CUSTOM("audio", vf_schema_read_layer_audio, LAYER_AUDIO_SCHEMA,
           "\"mute\" (default), or {\"volume\": dB}: the layer's sound in the output."),
    NUM("radius", VL(radius), 0, 0, 4096, 0,
        "Rounded corners of the picture (and its border), pixels."),
    { .name = "border", .kind = KK_OBJECT, .flags = KF_PRESENCE, .offset = VL(has_border),
      .object = &layer_border_spec, .doc = "A solid border around the picture." },
    OBJP("shadow", shadow_spec, OV(has_shadow), "A drop shadow under the picture and border."),
};

const VfObjectSpec vf_overlay_specs[VF_LAYER_TYPE_COUNT] = {
    [VF_LAYER_TEXT] = SPEC(text_overlay_keys),
    [VF_LAYER_IMAGE] = SPEC(image_overlay_keys),
    [VF_LAYER_SHAPE] = SPEC(shape_overlay_keys),
    [VF_LAYER_CAPTIONS] = SPEC_RULES(captions_overlay_keys, CAPTIONS_RULES),
    [VF_LAYER_VIDEO] = SPEC(video_overlay_keys),
};

static const VfKeySpec clip_trim_keys[] = {
    NUM("start", CL(trim_start), 0, 0, NOLIMIT, 0, "Source seconds where the clip starts."),
    NUM("end", CL(trim_end), 0, 0, NOLIMIT, -1,
        "Source seconds where it stops (greater than start); default: the source's end."),
};
static const VfObjectSpec clip_trim_spec = SPEC(clip_trim_keys);

static const VfKeySpec transition_keys[] = {
    ENUM("type", CL(transition), KF_REQUIRED, vf_transition_names, "transition type", -1,
         "How this clip turns into the next."),
    NUM("duration", CL(transition_duration), KF_REQUIRED | KF_MIN_EXCL, 0, 60, 0,
        "Seconds; the two clips overlap this long."),
};
static const VfObjectSpec transition_spec = SPEC(transition_keys);

static const VfKeySpec clip_keys[] = {
    STR("id", CL(id), 0, "A unique name: overlays anchor to it with timeline.clip."),
    STR("input", CL(input), 0, "A video or still image, relative to the template."),
    { .name = "color", .kind = KK_COLOR, .offset = CL(color), .def_str = "#000000",
      .doc = "A colour clip instead of an input (needs duration)." },
    OBJ("trim", 0, clip_trim_spec, "The part of the input played, source seconds."),
    NUM("duration", CL(duration), KF_MIN_EXCL, 0, 36000, 0,
        "Seconds on the output; default: the trimmed input's length."),
    ENUM("fit", CL(fit), 0, vf_fit_names, "fit mode", VF_FIT_CONTAIN,
         "When the input's shape differs: contain, cover, stretch or blur."),
    CUSTOM("audio", vf_schema_read_clip_audio, CLIP_AUDIO_SCHEMA,
           "keep (default), mute, or {\"volume\": dB}."),
    OBJ("transition", 0, transition_spec, "Into the next clip; default: a cut."),
};
const VfObjectSpec vf_clip_spec =
    SPEC_RULES(clip_keys, "{\"oneOf\": [{\"required\": [\"input\"]}, {\"required\": [\"color\"]}]}");

static const VfKeySpec focus_keys[] = {
    NUM("x", TP(video.focus_x), 0, 0, 1, 0.5, "0 left edge .. 1 right edge."),
    NUM("y", TP(video.focus_y), 0, 0, 1, 0.5, "0 top edge .. 1 bottom edge."),
};
static const VfObjectSpec focus_spec = SPEC(focus_keys);

#define CLIPS_SCHEMA \
    "{\"type\": \"array\", \"minItems\": 1, \"items\": {\"$ref\": \"#/$defs/clip\"}}"

static const VfKeySpec video_keys[] = {
    STR("input", TP(video.input), 0,
        "Base video, still image or URL, relative to the template; without it, a solid "
        "background."),
    NUM("start", TP(video.start), 0, 0, NOLIMIT, 0, "Seconds into the input where the output begins."),
    ENUM("fit", TP(video.fit), 0, vf_fit_names, "fit mode", VF_FIT_CONTAIN,
         "When the input's shape differs: contain, cover, stretch or blur."),
    OBJ("focus", 0, focus_spec, "cover: the point of the input kept in view."),
    ENUM("extend", TP(video.extend), 0, extend_names, "extend mode", 0,
         "Input shorter than duration: freeze its last frame, or show the background."),
    CUSTOM("audio", vf_schema_read_video_audio, VIDEO_AUDIO_SCHEMA,
           "keep the input's audio, mute it, or mix it as a track: {\"volume\": dB, \"role\": ...}."),
    CHOICE("output_preset", TP(video.output_preset), vf_output_preset_names, "output preset",
           "Frame size, rate and encoding defaults (see `vidforge presets`)."),
    NUM("duration", TP(video.duration), KF_MIN_EXCL, 0, 36000, 0,
        "Output length in seconds; required without input; default: the input's."),
    COLOR("background", TP(video.background), "#000000",
          "Fills the frame without input, and the bands when the input is letterboxed."),
    INT("width", TP(video.width), KF_EVEN, 16, 8192, 0, "Output width in pixels (even)."),
    INT("height", TP(video.height), KF_EVEN, 16, 8192, 0, "Output height in pixels (even)."),
    NUM("fps", TP(video.fps), 0, 1, 240, 0, "Output frame rate, 1 to 240."),
    CUSTOM("clips", vf_schema_read_clips, CLIPS_SCHEMA,
           "Clips played one after another as the base, instead of input."),
};
static const VfObjectSpec video_spec = SPEC_RULES(
    video_keys,
    "{\"if\": {\"not\": {\"anyOf\": [{\"required\": [\"input\"]}, {\"required\": [\"clips\"]}]}}, "
    "\"then\": {\"required\": [\"duration\"]}}");

static const VfKeySpec gif_keys[] = {
    NUM("fps", TP(outputs.gif.fps), 0, 1, 50, 15, "Frames per second at most (GIF delays are "
        "in hundredths of a second)."),
    INT("max_width", TP(outputs.gif.max_width), 0, 16, 8192, 0,
        "Width at most, pixels; the height follows. Default: the video's width."),
    CHOICE("dither", TP(outputs.gif.dither), vf_gif_dither_names, "dither",
           "How paletteuse spreads the error: bayer, heckbert, floyd_steinberg, sierra2, "
           "sierra2_4a (default) or none."),
    INT("loop", TP(outputs.gif.loop), 0, -1, 65535, 0,
        "Times the animation repeats: 0 forever (default), -1 plays once."),
    CHOICE("palette", TP(outputs.gif.palette), vf_gif_palette_names, "palette",
           "file: one palette for the GIF (default); scene: one per scene."),
};
static const VfObjectSpec gif_spec = SPEC(gif_keys);

static const VfKeySpec encoding_keys[] = {
    CHOICE("codec", TP(encoding.codec), vf_codec_names, "codec",
           "Video encoder; NVENC is used only when it opens, else libx264/libx265."),
    CHOICE("preset", TP(encoding.preset), vf_speed_preset_names, "encoder preset",
           "Speed preset: x264/x265 names or NVENC p1..p7 (mapped when falling back)."),
    BITRATE("bitrate", TP(encoding.bitrate), 10000, 1e9,
            "Average video bitrate: bits/s or with a k/M/G suffix (\"5M\"); replaces crf."),
    NUM("crf", TP(encoding.crf), 0, 0, 51, -1, "Constant quality (lower is better); replaces bitrate."),
    { .name = "two_pass", .kind = KK_BOOL, .offset = TP(encoding.two_pass), .def = 0,
      .doc = "libvpx-vp9 only: encode twice, the first pass measuring the video, so the "
             "bitrate is spent where it is needed (default false)." },
    CHOICE("audio_codec", TP(encoding.audio_codec), vf_audio_codecs, "audio codec",
           "Audio encoder: aac, libopus or opus (MP4, Matroska and WebM outputs), pcm_s16le or "
           "pcm_s24le (MOV and Matroska), or none (no audio)."),
    BITRATE("audio_bitrate", TP(encoding.audio_bitrate), 8000, 1e6,
            "Audio bitrate: bits/s or with a k suffix (\"192k\")."),
    INT("audio_sample_rate", TP(audio.sample_rate), 0, 8000, 96000, 48000,
        "Audio sample rate in Hz (48000; libopus: 8000, 12000, 16000, 24000 or 48000)."),
    ENUM("audio_channels", TP(audio.channels), 0, vf_audio_channel_names, "audio channels", 0,
         "stereo or mono."),
    CHOICE("format", TP(outputs.format), vf_output_format_names, "output format",
           "Output format (see `vidforge formats`); default: from the output's extension."),
    OBJ("gif", 0, gif_spec, "GIF output: frame rate and width caps, dither, loop count."),
    OBJ("hls", 0, vf_hls_spec, "HLS output (.m3u8): the fMP4 segments' length."),
};
static const VfObjectSpec encoding_spec = SPEC(encoding_keys);


#define OVERLAYS_SCHEMA "{\"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/overlay\"}}"
#define VARIABLES_SCHEMA                                                                      \
    "{\"type\": \"object\", \"additionalProperties\": {\"anyOf\": [{\"type\": \"string\"}, " \
    "{\"type\": \"number\"}, {\"type\": \"boolean\"}]}}"

/* relative, no ".." segment, no URL: see vf_schema_read_output */
#define OUTPUT_SCHEMA                                                                          \
    "{\"type\": \"string\", \"minLength\": 1, "                                              \
    "\"pattern\": \"^(?!/)(?!.*://)(?!(.*/)?\\\\.\\\\.(/|$))\"}"

#define OUTPUT_ANY_SCHEMA \
    "{\"anyOf\": [" OUTPUT_SCHEMA ", {\"$ref\": \"#/$defs/output\"}]}"

#define AUDIO_SCHEMA \
    "{\"type\": \"array\", \"maxItems\": 64, \"items\": {\"$ref\": \"#/$defs/audio_track\"}}"

static const VfKeySpec root_keys[] = {
    STR("$schema", 0, KF_NOSTORE, "The JSON Schema this template follows (for editors)."),
    { .name = "template_version", .kind = KK_STRING, .offset = TP(version),
      .flags = KF_REQUIRED, .pattern = "^1(\\.[0-9]+)*$",
      .doc = "Format version: \"1.0\"; any 1.x is read." },
    OBJ("video", KF_REQUIRED, video_spec, "The base video or background."),
    CUSTOM("overlays", vf_schema_read_overlays, OVERLAYS_SCHEMA,
           "Text, image and shape layers, drawn in order (later on top)."),
    CUSTOM("variables", vf_schema_read_variables, VARIABLES_SCHEMA,
           "Default values for {{name}} references."),
    OBJ("encoding", 0, encoding_spec, "Codec and rate control; overrides the output preset."),
    CUSTOM("audio", vf_schema_read_audio, AUDIO_SCHEMA,
           "Sound tracks mixed under the video: music, voice-over, effects."),
    OBJP("mix", vf_mix_spec, TP(audio.has_mix), "Ducking and loudness of the mix."),
    CUSTOM("output", vf_schema_read_output_any, OUTPUT_ANY_SCHEMA,
           "Default output path when -o is not given (inside the template's folder), or "
           "{\"file\": path, \"poster\": {\"time\": s, \"file\": picture}}."),
};
const VfObjectSpec vf_root_spec = SPEC(root_keys);
