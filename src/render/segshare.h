/* Segments that several renders need (the rows of a batch), encoded ahead of
 * them and, when long, in chunks that several jobs encode at once. A chunk
 * is frames [from, to) of one segment, cut at multiples of the encoders' GOP
 * counted from the segment's first frame: there every segment encoder puts
 * an IDR frame anyway, so the chunks, encoded with the same parameters and
 * joined, are one valid stream, as the segments of a render are (the joins
 * are checked the same way: decoded across, PSNR against a whole render). */
#ifndef VF_RENDER_SEGSHARE_H
#define VF_RENDER_SEGSHARE_H

#include <stdint.h>

#include "media/encoder.h"
#include "render/segstore.h"
#include "vidforge/plan.h"
#include "vidforge/vidforge.h"

struct VfDiskCache;

/* Encodes frames [from, to) of segment seg of p into out (filled; the
 * caller clears it), its timing counted from `from`. from must be the
 * segment's first frame or that plus a multiple of vf_encoder_gop_frames.
 * times receives the stage seconds (added); gate: as VfSegPassSetup's.
 * Returns 0 or as vf_seg_pass_run. */
struct VfGate;
int vf_seg_chunk_encode(const VfPlan *p, int seg, int64_t from, int64_t to,
                        const VfVideoEncoderSetup *es, struct VfGate *gate, VfSegEntry *out,
                        VfStageTimes *times);

/* Writes chunks[0..n) (in order, covering segment seg of p exactly) to the
 * cache as that segment's entry: packets shifted to the segment's start,
 * measures and encode seconds summed. Returns 0, or VF_ERR_OUTPUT when
 * they do not join (other codec headers) or cannot be written; nothing is
 * stored then. The chunks are left as they were. */
int vf_seg_chunks_store(struct VfDiskCache *c, const VfPlan *p, int seg,
                        const VfSegEntry *chunks, const int64_t *from, int n);

/* Where to cut a segment of `frames` frames into chunks of about `want`
 * frames: multiples of gop, the last chunk at least one GOP (a shorter tail
 * joins the one before). Writes the chunks' first frames, relative to the
 * segment, to starts (room for max) and returns how many (>= 1). */
int vf_seg_chunk_plan(int64_t frames, int64_t want, int gop, int64_t *starts, int max);

#endif
