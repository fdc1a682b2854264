#include "template/presets.h"

#include <string.h>

#define MBPS(x) ((int64_t)((x) * 1000000))
#define KBPS(x) ((int64_t)(x) * 1000)

const VfOutputPreset vf_output_presets[] = {
    { "720p_web", 1280, 720, 30, "libx264", MBPS(2.5), -1, KBPS(128), "websites, landing pages, YouTube embeds; 16:9", NULL },
    { "1080p_social", 1920, 1080, 30, "libx264", MBPS(5), -1, KBPS(192), "YouTube, LinkedIn, X, Facebook landscape; 16:9", NULL },
    { "4k_archive", 3840, 2160, 30, "libx265", 0, 23, KBPS(256), "archive masters, HEVC CRF 23", NULL },
    { "1080x1920_vertical", 1080, 1920, 30, "libx264", MBPS(6), -1, KBPS(192), "Instagram Reels and Stories, TikTok, YouTube Shorts; 9:16", NULL },
    { "1080x1080_square", 1080, 1080, 30, "libx264", MBPS(4), -1, KBPS(192), "Instagram, Facebook, LinkedIn square posts; 1:1", NULL },
    { "720x1280_vertical", 720, 1280, 30, "libx264", MBPS(3), -1, KBPS(128), "light vertical clips, WhatsApp status; 9:16", NULL },
    { "1080x1350_portrait", 1080, 1350, 30, "libx264", MBPS(5), -1, KBPS(192), "Instagram and Facebook feed posts; 4:5", NULL },
    { "gif_email", 480, 270, 12, "gif", 0, -1, 0, "e-mail GIFs: 480 px wide, 12 fps, no audio", "gif" },
    { "webm_web", 1920, 1080, 30, "libvpx-vp9", 0, 32, KBPS(128), "web players: VP9 CRF 32 in .webm", "webm" },
    { "prores_edit", 1920, 1080, 30, "prores_4444", 0, -1, KBPS(192),
      "editors: ProRes 4444 in .mov, alpha with a transparent background", "mov" },
    { "av1_archive", 1920, 1080, 30, "libsvtav1", 0, 30, KBPS(128), "archives: AV1 CRF 30 (.webm, .mkv, .mp4)", NULL },
};
const int vf_nb_output_presets = sizeof(vf_output_presets) / sizeof(vf_output_presets[0]);
const char *const vf_output_preset_names[] = {
    "720p_web", "1080p_social", "4k_archive", "1080x1920_vertical", "1080x1080_square",
    "720x1280_vertical", "1080x1350_portrait", "gif_email", "webm_web", "prores_edit", "av1_archive", NULL,
};

const VfCodecEntry vf_codecs[] = {
    { "libx264", "libx264", NULL, "h264", NULL, NULL },
    { "h264", "libx264", NULL, "h264", NULL, NULL },
    { "h264_nvenc", "h264_nvenc", "libx264", "h264", NULL, NULL },
    { "libx265", "libx265", NULL, "hevc", NULL, NULL },
    { "h265", "libx265", NULL, "hevc", NULL, NULL },
    { "hevc", "libx265", NULL, "hevc", NULL, NULL },
    { "hevc_nvenc", "hevc_nvenc", "libx265", "hevc", NULL, NULL },
    { "h265_nvenc", "hevc_nvenc", "libx265", "hevc", NULL, NULL },
    { "libvpx-vp9", "libvpx-vp9", NULL, "vp9", NULL, "yuva420p" },
    { "vp9", "libvpx-vp9", NULL, "vp9", NULL, "yuva420p" },
    { "libsvtav1", "libsvtav1", NULL, "av1", NULL, NULL },
    { "av1", "libsvtav1", NULL, "av1", NULL, NULL },
    { "prores", "prores_ks", NULL, "prores", "yuv422p10le", "yuva444p10le" },
    { "prores_ks", "prores_ks", NULL, "prores", "yuv422p10le", "yuva444p10le" },
    { "prores_4444", "prores_ks", NULL, "prores", "yuv444p10le", "yuva444p10le" },
    { "gif", "gif", NULL, "gif", "pal8", NULL },
    { "libwebp_anim", "libwebp_anim", NULL, "webp", "bgra", "bgra" },
    { "webp", "libwebp_anim", NULL, "webp", "bgra", "bgra" },
    { "png", "png", NULL, "png", "rgb24", "rgba" },
};
const int vf_nb_codecs = sizeof(vf_codecs) / sizeof(vf_codecs[0]);
const char *const vf_codec_names[] = {
    "libx264", "h264", "h264_nvenc", "libx265", "h265", "hevc", "hevc_nvenc", "h265_nvenc",
    "libvpx-vp9", "vp9", "libsvtav1", "av1", "prores", "prores_ks", "prores_4444", "gif",
    "libwebp_anim", "webp", "png", NULL,
};

/* The rows of the formats table (src/media/formats.c), by name; a test
 * checks that the two agree. */
const char *const vf_output_format_names[] = {
    "mp4", "mov", "mkv", "webm", "gif", "webp", "hls", "png", NULL,
};
const char *const vf_gif_dither_names[] = {
    "bayer", "heckbert", "floyd_steinberg", "sierra2", "sierra2_4a", "none", NULL,
};

/* NVENC p1 (fastest) .. p7 (best) against the x264/x265 ladder. Several x26x
 * names share p7; the first row for a pN is the one used when falling back. */
const VfSpeedPreset vf_speed_presets[] = {
    { "ultrafast", "p1" }, { "superfast", "p2" }, { "veryfast", "p3" }, { "faster", "p4" },
    { "fast", "p5" },      { "medium", "p6" },    { "slow", "p7" },     { "slower", "p7" },
    { "veryslow", "p7" },
};
const int vf_nb_speed_presets = sizeof(vf_speed_presets) / sizeof(vf_speed_presets[0]);
const char *const vf_speed_preset_names[] = {
    "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower",
    "veryslow", "p1", "p2", "p3", "p4", "p5", "p6", "p7", NULL,
};

/* libopus takes interleaved floats only, and 48 kHz (the render's rate). */
const VfAudioCodecEntry vf_audio_codec_table[] = {
    { "aac", "aac", "aac", "fltp" },
    { "libopus", "libopus", "opus", "flt" },
    { "opus", "libopus", "opus", "flt" }, /* the name `vidforge formats` shows */
    { "none", NULL, NULL, NULL },
    /* uncompressed, for editors: .mov and .mkv; 24-bit samples travel in s32 */
    { "pcm_s16le", "pcm_s16le", "pcm_s16le", "s16" },
    { "pcm_s24le", "pcm_s24le", "pcm_s24le", "s32" },
};
const int vf_nb_audio_codecs = sizeof(vf_audio_codec_table) / sizeof(vf_audio_codec_table[0]);
const char *const vf_audio_codecs[] = { "aac", "libopus", "none", "opus", "pcm_s16le",
                                        "pcm_s24le", NULL };

const VfOutputPreset *vf_output_preset_find(const char *name)
{
    for (int i = 0; name && i < vf_nb_output_presets; i++)
        if (!strcmp(vf_output_presets[i].name, name))
            return &vf_output_presets[i];
    return NULL;
}

const VfCodecEntry *vf_codec_find(const char *name)
{
    for (int i = 0; name && i < vf_nb_codecs; i++)
        if (!strcmp(vf_codecs[i].name, name))
            return &vf_codecs[i];
    return NULL;
}

const VfAudioCodecEntry *vf_audio_codec_find(const char *name)
{
    for (int i = 0; name && i < vf_nb_audio_codecs; i++)
        if (!strcmp(vf_audio_codec_table[i].name, name))
            return &vf_audio_codec_table[i];
    return NULL;
}

int vf_encoder_is_nvenc(const char *encoder)
{
    return encoder && strstr(encoder, "_nvenc") != NULL;
}

const char *vf_speed_preset_for(const char *preset, int nvenc)
{
    if (!preset)
        return NULL;
    for (int i = 0; i < vf_nb_speed_presets; i++) {
        const VfSpeedPreset *p = &vf_speed_presets[i];
        if (!strcmp(p->x26x, preset) || !strcmp(p->nvenc, preset))
            return nvenc ? p->nvenc : p->x26x;
    }
    return NULL;
}
