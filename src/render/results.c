/* What a render reports: quality, loudness, progress; see render.h. */
#include "render/render.h"

#include <math.h>

#include "audio/loudness.h"
#include "media/encoder.h"
#include "media/output.h"
#include "util/clock.h"
#include "vidforge/error.h"

void vf_render_progress(const VfRenderOptions *o, const VfPlan *p, int64_t frame,
                        int64_t nb_frames, int64_t done, double t0)
{
    if (!o->progress)
        return;
    VfProgress pr = { .frame = frame, .nb_frames = nb_frames, .elapsed = vf_now() - t0 };
    double fps_out = (double)p->fps_num / p->fps_den;
    pr.fps = pr.elapsed > 0 ? done / pr.elapsed : 0;
    pr.speed = pr.elapsed > 0 ? done / fps_out / pr.elapsed : 0;
    pr.eta = pr.fps > 0 ? (nb_frames - frame) / pr.fps : -1;
    o->progress(o->progress_opaque, &pr);
}

int vf_render_check_quality(const struct VfEncoderQuality *q, double min, VfRenderResult *res)
{
    res->psnr_y = vf_encoder_quality_psnr(q, 0);
    res->psnr_u = vf_encoder_quality_psnr(q, 1);
    res->psnr_v = vf_encoder_quality_psnr(q, 2);
    res->psnr = vf_encoder_quality_psnr(q, 3);
    res->ssim = q->ssim;
    if (min <= 0)
        return 0;
    if (isnan(res->psnr))
        return vf_error_set(VF_ERR_OUTPUT, "--min-psnr: the %s encoder reported no PSNR",
                            res->encoder);
    if (res->psnr < min)
        return vf_error_set(VF_ERR_OUTPUT, "quality check failed: PSNR %.2f dB is below "
                            "--min-psnr %.2f", res->psnr, min);
    return 0;
}

/* The loudness the report gives is the written file's, decoded: what a
 * platform will measure, codec included (the mix's own is within a few
 * tenths of it). A failure here only leaves the mix's figures. */
double vf_render_measure_loudness(const struct VfOutput *out, VfRenderResult *res)
{
    VfLoudness lo;
    double t = vf_now();
    if (vf_loudness_measure_file(vf_output_temp_path(out), 0, &lo) >= 0) {
        res->audio_loudness = lo.integrated;
        res->audio_range = lo.range;
        res->audio_true_peak = lo.true_peak;
    } else {
        vf_error_clear();
    }
    return vf_now() - t;
}
