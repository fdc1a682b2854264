#include "media/verify.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "media/formats.h"
#include "media/probe.h"
#include "vidforge/error.h"

static int check_video(const VfProbeStream *v, const VfPlan *p)
{
    const char *family = p->encoding.family ? p->encoding.family : "";
    if (strcmp(v->codec, family))
        return vf_error_set(VF_ERR_OUTPUT, "verification failed: video codec is %s, planned %s",
                            v->codec, family);
    if (v->width != p->width || v->height != p->height)
        return vf_error_set(VF_ERR_OUTPUT, "verification failed: frame size is %dx%d, planned %dx%d",
                            v->width, v->height, p->width, p->height);
    double fps = v->fps_num && v->fps_den ? (double)v->fps_num / v->fps_den : 0;
    double planned = (double)p->fps_num / p->fps_den;
    if (fabs(fps - planned) > 0.01)
        return vf_error_set(VF_ERR_OUTPUT, "verification failed: frame rate is %.3f, planned %.3f",
                            fps, planned);
    double frame = 1.0 / planned;
    double d = v->duration >= 0 ? v->duration : -1;
    if (d >= 0 && fabs(d - p->duration) > frame + 1e-6)
        return vf_error_set(VF_ERR_OUTPUT, "verification failed: video lasts %.3f s, planned %.3f s",
                            d, p->duration);
    if (v->nb_frames > 0 && llabs(v->nb_frames - p->nb_frames) > 1)
        return vf_error_set(VF_ERR_OUTPUT, "verification failed: %lld frames written, planned %lld",
                            (long long)v->nb_frames, (long long)p->nb_frames);
    return 0;
}

static int check_audio(const VfProbe *probe, const VfPlan *p)
{
    int has_audio = probe->audio >= 0;
    if (has_audio != (p->input_has_audio != 0))
        return vf_error_set(VF_ERR_OUTPUT, "verification failed: the output %s audio, planned %s",
                            has_audio ? "has" : "has no", has_audio ? "none" : "audio");
    const char *family = p->encoding.audio_family ? p->encoding.audio_family : "";
    if (has_audio && strcmp(probe->streams[probe->audio].codec, family))
        return vf_error_set(VF_ERR_OUTPUT, "verification failed: audio codec is %s, planned %s",
                            probe->streams[probe->audio].codec, family);
    return 0;
}

int vf_verify_probe(const VfProbe *probe, const VfPlan *plan)
{
    if (probe->video < 0)
        return vf_error_set(VF_ERR_OUTPUT, "verification failed: the output has no video stream");
    int ret = check_video(&probe->streams[probe->video], plan);
    return ret < 0 ? ret : check_audio(probe, plan);
}

int vf_verify_output(const char *path, const VfPlan *plan)
{
    VfProbe probe;
    const VfFormat *f = vf_format_find(plan->encoding.format);
    if (f && f->folder_file && f->own_checks) /* a frame pattern: nothing to probe as one */
        return f->verify(path, NULL, plan);
    if (vf_probe_file(path, 0, &probe) < 0) {
        vf_error_clear();
        return vf_error_set(VF_ERR_OUTPUT, "verification failed: the output cannot be read back");
    }
    /* then the format's own checks (frame count, alpha, GIF's loop) */
    int ret = f && f->own_checks ? 0 : vf_verify_probe(&probe, plan);
    return ret < 0 || !f || !f->verify ? ret : f->verify(path, &probe, plan);
}
