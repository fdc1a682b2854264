/* The formats table and the checks each format adds to verification. */
#include "media/formats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libavformat/avformat.h>
#include <libavutil/avstring.h>
#include <libavutil/pixdesc.h>

#include "media/formats_folder.h"
#include "media/formats_webp.h"
#include "vidforge/error.h"

#define VERIFY_FAILED(...) vf_error_set(VF_ERR_OUTPUT, "verification failed: " __VA_ARGS__)

int vf_format_read_back(const char *path, int64_t *packets, int *alpha)
{
    AVFormatContext *fmt = NULL;
    AVPacket *pkt = av_packet_alloc();
    int ret = pkt ? avformat_open_input(&fmt, path, NULL, NULL) : AVERROR(ENOMEM);
    if (ret >= 0)
        ret = avformat_find_stream_info(fmt, NULL);
    int v = ret >= 0 ? av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0) : -1;
    *alpha = 0;
    if (packets)
        *packets = 0;
    if (v >= 0) {
        const AVStream *st = fmt->streams[v];
        const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(st->codecpar->format);
        const AVDictionaryEntry *mode = av_dict_get(st->metadata, "alpha_mode", NULL, 0);
        *alpha = (d && (d->flags & AV_PIX_FMT_FLAG_ALPHA)) || (mode && !strcmp(mode->value, "1"));
        while (packets && (ret = av_read_frame(fmt, pkt)) >= 0) {
            *packets += pkt->stream_index == v;
            av_packet_unref(pkt);
        }
        ret = ret == AVERROR_EOF || !packets ? 0 : ret;
    }
    avformat_close_input(&fmt);
    av_packet_free(&pkt);
    return ret < 0 || v < 0 ? VERIFY_FAILED("the output cannot be read back") : 0;
}

/* Frame count (containers that do not store it: counted packets) and alpha. */
static int verify_frames_alpha(const char *path, const VfProbe *probe, const VfPlan *p)
{
    const VfProbeStream *v = probe->video >= 0 ? &probe->streams[probe->video] : NULL;
    int64_t packets = p->nb_frames;
    int alpha, count = !v || v->nb_frames <= 0; /* else the probe's count was checked */
    int ret = vf_format_read_back(path, count ? &packets : NULL, &alpha);
    if (ret < 0)
        return ret;
    if (packets != p->nb_frames)
        return VERIFY_FAILED("%lld frames written, planned %lld", (long long)packets,
                             (long long)p->nb_frames);
    if (alpha != (p->encoding.alpha != 0))
        return VERIFY_FAILED("the video %s alpha, planned %s", alpha ? "has" : "has no",
                             alpha ? "none" : "alpha");
    return 0;
}

/* The loop count of a GIF: the NETSCAPE2.0 application extension's, -1 when
 * there is none (plays once). */
static int gif_loop_count(const char *path)
{
    static const char tag[] = "NETSCAPE2.0";
    uint8_t buf[4096];
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(buf, 1, sizeof(buf), f) : 0;
    if (f)
        fclose(f);
    for (size_t i = 0; i + sizeof(tag) + 4 <= n; i++)
        if (!memcmp(buf + i, tag, sizeof(tag) - 1) && buf[i + 11] == 3 && buf[i + 12] == 1)
            return buf[i + 13] | buf[i + 14] << 8;
    return -1;
}

/* GIF delays are hundredths of a second, so its rate is not probed; the
 * frames, their total length, the size and the loop count are. */
static int verify_gif(const char *path, const VfProbe *probe, const VfPlan *p)
{
    const VfProbeStream *v = probe->video >= 0 ? &probe->streams[probe->video] : NULL;
    const VfPlanEncoding *e = &p->encoding;
    if (!v || strcmp(v->codec, "gif"))
        return VERIFY_FAILED("the output holds no GIF picture");
    if (v->width != e->width || v->height != e->height)
        return VERIFY_FAILED("frame size is %dx%d, planned %dx%d", v->width, v->height, e->width,
                             e->height);
    if (probe->audio >= 0)
        return VERIFY_FAILED("a GIF with an audio stream");
    double d = probe->duration;
    if (d >= 0 && (d - p->duration > 1.0 * p->fps_den / p->fps_num + 0.02 ||
                   p->duration - d > 1.0 * p->fps_den / p->fps_num + 0.02))
        return VERIFY_FAILED("the GIF lasts %.3f s, planned %.3f s", d, p->duration);
    int loop = gif_loop_count(path);
    if (loop != e->gif_loop)
        return VERIFY_FAILED("the GIF loops %d times, planned %d", loop, e->gif_loop);
    int64_t packets;
    int alpha; /* GIF decodes to BGRA whatever its palette: not a fact about the file */
    int ret = vf_format_read_back(path, &packets, &alpha);
    if (ret >= 0 && packets != p->nb_frames)
        ret = VERIFY_FAILED("%lld frames written, planned %lld", (long long)packets,
                            (long long)p->nb_frames);
    return ret;
}


/* A GIF has no metadata FFmpeg's muxer writes, so its content key (what
 * batch compares to skip a current row) goes in a comment extension right
 * after the header and global colour table: "vidforge_key=HEX", which
 * FFmpeg's GIF demuxer reads as the "comment" tag (media/probe.c). */
static int gif_finish(const char *path, const VfPlan *p)
{
    const char *key = p->timeline.key;
    FILE *f = key[0] ? fopen(path, "rb") : NULL;
    long n = f && fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    uint8_t *d = n > 13 && n < (1L << 30) ? malloc((size_t)n) : NULL;
    int ok = d && fseek(f, 0, SEEK_SET) == 0 && fread(d, 1, (size_t)n, f) == (size_t)n &&
             !memcmp(d, "GIF89a", 6);
    if (f)
        fclose(f);
    size_t at = ok ? 13 + (d[10] & 0x80 ? 3u * (2u << (d[10] & 7)) : 0) : 0;
    char text[100];
    int len = snprintf(text, sizeof(text), "vidforge_key=%s", key);
    if (!ok || at > (size_t)n || len > 255) {
        free(d); /* not a GIF: verification says so */
        return 0;
    }
    uint8_t ext[3 + 255 + 1] = { 0x21, 0xfe, (uint8_t)len };
    memcpy(ext + 3, text, (size_t)len);
    ext[3 + len] = 0; /* the block terminator */
    f = fopen(path, "wb");
    ok = f && fwrite(d, 1, at, f) == at && fwrite(ext, 1, (size_t)len + 4, f) == (size_t)len + 4 &&
         fwrite(d + at, 1, (size_t)n - at, f) == (size_t)n - at;
    ok = f && fclose(f) == 0 && ok;
    free(d);
    return ok ? 0 : vf_error_set(VF_ERR_OUTPUT, "cannot write %s", path);
}

/* The GIF muxer times a frame until the next one's timestamp (hundredths of
 * a second), and the last one like the one before it unless final_delay
 * says otherwise: it lasts to the planned end, so the delays add up to the
 * planned length (48 frames at 12 fps: 4.00 s, not 4.01). */
static int gif_mux_options(AVDictionary **opts, const VfPlan *p)
{
    int ret = av_dict_set_int(opts, "loop", p->encoding.gif_loop, 0);
    if (ret >= 0 && p->nb_frames > 0 && p->fps_num > 0 && p->fps_den > 0) {
        AVRational frame = { p->fps_den, p->fps_num }, cs = { 1, 100 };
        int64_t last = av_rescale_q(p->nb_frames - 1, frame, cs);
        int64_t end = av_rescale_q(p->nb_frames, frame, cs);
        ret = av_dict_set_int(opts, "final_delay", av_clip64(end - last, 0, 65535), 0);
    }
    return ret;
}

const VfFormat vf_formats[] = {
    { .name = "mp4", .extensions = "mp4,m4v", .muxer = "mp4",
      .video_families = "h264,hevc,av1,vp9", .default_codec = "libx264",
      .audio_families = "aac,opus", .default_audio = "aac",
      .use = "players everywhere: H.264 (default), HEVC, AV1, VP9; AAC or Opus" },
    { .name = "mov", .extensions = "mov", .muxer = "mov",
      .video_families = "h264,hevc,prores", .default_codec = "libx264",
      .audio_families = "aac,pcm_s16le,pcm_s24le", .default_audio = "aac", .alpha = 1,
      .alpha_codec = "prores_4444", .verify = verify_frames_alpha,
      .use = "editors: H.264, HEVC, ProRes 422/4444 (alpha: 4444); AAC or PCM" },
    { .name = "mkv", .extensions = "mkv", .muxer = "matroska",
      .video_families = "h264,hevc,vp9,av1,prores", .default_codec = "libx264",
      .audio_families = "aac,opus,pcm_s16le,pcm_s24le", .default_audio = "aac", .alpha = 1,
      .alpha_codec = "libvpx-vp9", .verify = verify_frames_alpha,
      .use = "any codec above; alpha with VP9 (default) or ProRes 4444" },
    { .name = "webm", .extensions = "webm", .muxer = "webm",
      .video_families = "vp9,av1", .default_codec = "libvpx-vp9",
      .audio_families = "opus", .default_audio = "libopus", .alpha = 1,
      .alpha_codec = "libvpx-vp9", .verify = verify_frames_alpha,
      .use = "the web: VP9 (default, alpha) or AV1; Opus" },
    { .name = "gif", .extensions = "gif", .muxer = "gif",
      .video_families = "gif", .default_codec = "gif",
      .audio_families = "", .default_audio = "none",
      .mux_options = gif_mux_options, .finish = gif_finish, .verify = verify_gif,
      .own_checks = 1,
      .use = "e-mail, chat: two-pass palette, fps and width caps, loop; no audio" },
    { .name = "webp", .extensions = "webp", .muxer = "webp",
      .video_families = "webp", .default_codec = "libwebp_anim",
      .audio_families = "", .default_audio = "none", .alpha = 1, .alpha_codec = "libwebp_anim",
      .mux_options = vf_format_webp_options, .finish = vf_format_webp_finish,
      .verify = vf_format_verify_webp,
      .own_checks = 1,
      .use = "designers, the web: animated WebP (lossy, alpha), loops forever; no audio" },
    { .name = "hls", .extensions = "m3u8", .muxer = "hls",
      .video_families = "h264,hevc", .default_codec = "libx264",
      .audio_families = "aac", .default_audio = "aac",
      .mux_options = vf_format_hls_options, .verify = vf_format_verify_hls, .own_checks = 1,
      .folder_file = "index.m3u8", .folder_globs = "*.m3u8,*.m4s,init.mp4",
      .use = "web delivery: VOD playlist and fMP4 segments in a folder (-o out/index.m3u8)" },
    { .name = "png", .extensions = "png", .muxer = "image2",
      .video_families = "png", .default_codec = "png",
      .audio_families = "", .default_audio = "none", .alpha = 1, .alpha_codec = "png",
      .mux_options = vf_format_png_options, .verify = vf_format_verify_png, .own_checks = 1,
      .folder_file = "%05d.png", .folder_globs = "*.png",
      .use = "designers: one PNG per frame in a folder (-o frames/%05d.png), alpha; no audio" },
};
const int vf_nb_formats = sizeof(vf_formats) / sizeof(vf_formats[0]);

const VfFormat *vf_format_find(const char *name)
{
    for (int i = 0; name && i < vf_nb_formats; i++)
        if (!strcmp(vf_formats[i].name, name))
            return &vf_formats[i];
    return NULL;
}

const VfFormat *vf_format_for_path(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    const char *dot = path ? strrchr(slash ? slash : path, '.') : NULL;
    if (!dot || !dot[1])
        return NULL;
    for (int i = 0; i < vf_nb_formats; i++) {
        const char *e = vf_formats[i].extensions;
        for (size_t n; *e; e += n + (e[n] == ',')) {
            n = strcspn(e, ",");
            if (strlen(dot + 1) == n && !strncasecmp(dot + 1, e, n))
                return &vf_formats[i];
        }
    }
    return NULL;
}

int vf_format_has_family(const char *families, const char *family)
{
    return families && family && av_match_name(family, families);
}
