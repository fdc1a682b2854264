#include "plan/outputplan.h"

#include <stdio.h>
#include <string.h>

#include <libavutil/rational.h>

#include "template/presets.h"
#include "vidforge/error.h"

const VfFormat *vf_plan_format(const VfTemplate *t)
{
    const char *target = t->outputs.target ? t->outputs.target : t->output;
    const VfFormat *f = vf_format_find(t->outputs.format);
    if (!f)
        f = vf_format_for_path(target);
    /* nothing named: the output preset's destination (gif_email: .gif), else
     * (also for preview, thumbnails) a transparent template is drawn as its
     * default alpha format, .mov (ProRes 4444), would show it */
    const VfOutputPreset *preset = vf_output_preset_find(t->video.output_preset);
    if (!f && !target && preset && preset->format)
        f = vf_format_find(preset->format);
    int transparent = !t->video.input && t->video.background.a == 0;
    return f ? f : vf_format_find(transparent && !target ? "mov" : "mp4");
}

void vf_plan_output_rate(VfPlan *p, const VfTemplate *t)
{
    double cap = t->outputs.gif.fps;
    if (strcmp(vf_plan_format(t)->name, "gif") || cap <= 0 ||
        (double)p->fps_num / p->fps_den <= cap)
        return;
    AVRational q = av_d2q(cap, 1001000);
    p->fps_num = q.num;
    p->fps_den = q.den;
}

/* The JSON pointer that chose the video codec. */
static const char *codec_pointer(const VfTemplate *t)
{
    return t->encoding.codec ? "/encoding/codec"
         : t->video.output_preset ? "/video/output_preset" : "/encoding/format";
}

static int check_names(const VfTemplate *t, const VfFormat *f)
{
    const char *target = t->outputs.target ? t->outputs.target : t->output;
    const VfFormat *by_ext = vf_format_for_path(target);
    if (t->outputs.format && by_ext && by_ext != f)
        return vf_error_set(VF_ERR_TEMPLATE, "/encoding/format: the format is %s, but the "
                            "output %s names %s; make them agree", f->name, target, by_ext->name);
    return 0;
}

static int check_codecs(const VfPlan *p, const VfTemplate *t, const VfFormat *f)
{
    const VfPlanEncoding *e = &p->encoding;
    if (!vf_format_has_family(f->video_families, e->family))
        return vf_error_set(VF_ERR_TEMPLATE, "%s: a .%s file cannot carry %s video (%s); it "
                            "carries %s", codec_pointer(t), f->name, e->family, e->codec,
                            f->video_families);
    const VfAudioCodecEntry *a = vf_audio_codec_find(t->encoding.audio_codec);
    if (a && a->family && !vf_format_has_family(f->audio_families, a->family))
        return vf_error_set(VF_ERR_TEMPLATE, "/encoding/audio_codec: a .%s file cannot carry %s "
                            "audio; %s%s", f->name, a->encoder,
                            f->audio_families[0] ? "it carries " : "it has no audio: remove it or "
                            "set it to none", f->audio_families);
    return 0;
}

/* Transparent: no input, and a background with alpha 0 ("transparent"). */
static int plan_alpha(VfPlan *p, const VfTemplate *t, const VfFormat *f,
                      const VfCodecEntry *c)
{
    VfPlanEncoding *e = &p->encoding;
    e->alpha = !t->video.input && t->video.background.a == 0;
    if (e->alpha && (!f->alpha || !c->alpha_pix_fmt))
        return vf_error_set(VF_ERR_TEMPLATE, "/video/background: a transparent background "
                            "needs a format with alpha: .mov (ProRes 4444), .webm or .mkv "
                            "(VP9); %s in a .%s file has none", e->codec, f->name);
    e->pix_fmt = e->alpha ? c->alpha_pix_fmt : c->pix_fmt ? c->pix_fmt : "yuv420p";
    /* with an input the base is yuv420p whatever the codec takes */
    e->blend_fmt = !e->alpha ? "yuv420p" : strstr(e->pix_fmt, "444") ? "yuva444p" : "yuva420p";
    return 0;
}

static void plan_gif(VfPlan *p, const VfTemplate *t)
{
    VfPlanEncoding *e = &p->encoding;
    const VfGifSettings *g = &t->outputs.gif;
    e->width = p->width;
    e->height = p->height;
    if (strcmp(e->format, "gif"))
        return;
    if (g->max_width > 0 && g->max_width < p->width) {
        e->width = g->max_width & ~1;
        e->height = ((int)((double)p->height * e->width / p->width + 0.5) + 1) & ~1;
    }
    e->gif_loop = g->loop;
    e->outputs.gif_palette = g->palette && !strcmp(g->palette, "scene") ? VF_GIF_PALETTE_SCENE
                                                                       : VF_GIF_PALETTE_FILE;
    e->gif_dither = "sierra2_4a";
    for (int i = 0; g->dither && vf_gif_dither_names[i]; i++)
        if (!strcmp(g->dither, vf_gif_dither_names[i]))
            e->gif_dither = vf_gif_dither_names[i];
}

const char *vf_plan_codec_name(const VfTemplate *t)
{
    const VfOutputPreset *preset = vf_output_preset_find(t->video.output_preset);
    const VfFormat *f = vf_plan_format(t);
    int transparent = !t->video.input && t->video.background.a == 0;
    return t->encoding.codec ? t->encoding.codec
         : preset ? preset->codec
         : transparent && f->alpha_codec ? f->alpha_codec : f->default_codec;
}

int vf_plan_output(VfPlan *p, const VfTemplate *t)
{
    const VfFormat *f = vf_plan_format(t);
    const VfCodecEntry *c = vf_codec_find(vf_plan_codec_name(t));
    p->encoding.format = f->name;
    int ret = c ? check_names(t, f) : vf_error_set(VF_ERR_INTERNAL, "no codec row");
    if (ret >= 0)
        ret = check_codecs(p, t, f);
    /* preview and thumbnails name no output and encode nothing */
    if (ret >= 0 && t->encoding.two_pass && (t->outputs.target || t->output) &&
        strcmp(p->encoding.codec, "libvpx-vp9"))
        ret = vf_error_set(VF_ERR_TEMPLATE, "/encoding/two_pass: two-pass encoding is for "
                           "libvpx-vp9 (.webm, .mkv); this render uses %s", p->encoding.codec);
    /* the input's own sound is dropped from a silent format; tracks asked
     * for are an impossible combination (preview names no output) */
    if (ret >= 0 && !f->audio_families[0] && t->audio.nb_tracks > 0 &&
        (t->outputs.target || t->output))
        ret = vf_error_set(VF_ERR_TEMPLATE, "/audio: a .%s file has no audio, and the template "
                           "mixes %d audio track%s into it: remove %s, or write a format with "
                           "sound (.mp4, .webm)", f->name, t->audio.nb_tracks,
                           t->audio.nb_tracks > 1 ? "s" : "", t->audio.nb_tracks > 1 ? "them" : "it");
    if (ret >= 0)
        ret = plan_alpha(p, t, f, c);
    if (ret >= 0)
        plan_gif(p, t);
    if (ret >= 0 && f->folder_file && !strcmp(f->muxer, "hls"))
        p->encoding.outputs.hls_segment = t->outputs.hls.segment > 0 ? t->outputs.hls.segment : 4;
    return ret;
}
