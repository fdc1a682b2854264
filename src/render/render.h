/* The render stage's entry: a plan to a verified file. The public call is
 * vf_engine_render (vidforge.h), which binds the engine's logger and calls
 * this. */
#ifndef VF_RENDER_RENDER_H
#define VF_RENDER_RENDER_H

#include "vidforge/vidforge.h"

/* Renders plan to o->output: decode, composite, encode, mux to a temporary
 * file, verify by probing, then rename. result may be NULL. The threads it
 * starts log to the logger bound to the calling thread.
 * Returns 0, or VF_ERR_ASSET (input unreadable), VF_ERR_OUTPUT (encode, write
 * or verification), VF_ERR_USAGE (unknown container; min_psnr with an encoder
 * that measures none), VF_ERR_INTERRUPTED, VF_ERR_INTERNAL; the sentence is
 * in vf_error_message(). On failure no file is left at o->output or beside it. */
int vf_render(const VfPlan *plan, const VfRenderOptions *o, VfRenderResult *result);

/* Measures the loudness of the written (not yet committed) output into
 * result's audio_loudness, audio_range and audio_true_peak; a failure leaves
 * them as they were. Returns the seconds it took. */
struct VfOutput;
double vf_render_measure_loudness(const struct VfOutput *out, VfRenderResult *result);

/* The encoder's PSNR and SSIM (q, as it closed) into res; with min > 0 a
 * PSNR below it, or none measured, is VF_ERR_OUTPUT (--min-psnr). */
struct VfEncoderQuality;
int vf_render_check_quality(const struct VfEncoderQuality *q, double min, VfRenderResult *res);

/* Calls o->progress (if any) with frame of nb_frames done, speed and ETA
 * from the done frames this run made since t0 (vf_now seconds). */
void vf_render_progress(const VfRenderOptions *o, const VfPlan *p, int64_t frame,
                        int64_t nb_frames, int64_t done, double t0);

#endif
