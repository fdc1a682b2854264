/* `vidforge formats`: the formats table, and whether this FFmpeg has each
 * format's muxer and default encoders. Part of the engine. */
#include <stdio.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>

#include "cli/cli.h"
#include "media/formats.h"
#include "template/presets.h"
#include "vidforge/error.h"

/* "" when the format's muxer and default encoders are here, else what is missing. */
static const char *missing(const VfFormat *f, char *buf, size_t len)
{
    const VfCodecEntry *c = vf_codec_find(f->default_codec);
    const VfAudioCodecEntry *a = vf_audio_codec_find(f->default_audio);
    buf[0] = '\0';
    if (!av_guess_format(f->muxer, NULL, NULL))
        snprintf(buf, len, " (no %s muxer here)", f->muxer);
    else if (c && !avcodec_find_encoder_by_name(c->encoder))
        snprintf(buf, len, " (no %s encoder here)", c->encoder);
    else if (a && a->encoder && !avcodec_find_encoder_by_name(a->encoder))
        snprintf(buf, len, " (no %s encoder here)", a->encoder);
    return buf;
}

int vf_cmd_formats(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "vidforge: formats takes no arguments\n");
        return VF_EXIT_USAGE;
    }
    printf("%-6s %-9s %-26s %-12s %-28s %-9s %-12s %s\n", "NAME", "EXT", "VIDEO", "DEFAULT", "AUDIO",
           "DEFAULT", "ALPHA", "FOR");
    for (int i = 0; i < vf_nb_formats; i++) {
        const VfFormat *f = &vf_formats[i];
        char why[96];
        printf("%-6s %-9s %-26s %-12s %-28s %-9s %-12s %s%s\n", f->name, f->extensions,
               f->video_families, f->default_codec, f->audio_families[0] ? f->audio_families : "-",
               f->default_audio, f->alpha ? f->alpha_codec : "-", f->use,
               missing(f, why, sizeof(why)));
    }
    return 0;
}
