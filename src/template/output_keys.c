/* The output's own keys beyond the codec: encoding.hls (segment length) and
 * encoding.gif.palette's names. Rows as in keys.c. */
#include "template/keys.h"

#define TP(field) offsetof(VfTemplate, field)

const char *const vf_gif_palette_names[] = { "file", "scene", NULL };

static const VfKeySpec hls_keys[] = {
    { .name = "segment", .kind = KK_NUMBER, .offset = TP(outputs.hls.segment), .min = 1,
      .max = 60, .def = 4,
      .doc = "Target segment length in seconds (a keyframe starts each segment)." },
};
const VfObjectSpec vf_hls_spec = { hls_keys, 1, NULL };
