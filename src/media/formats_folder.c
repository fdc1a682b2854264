#include "media/formats_folder.h"

#include <dirent.h>
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libavformat/avformat.h>

#include "media/formats.h"
#include "util/path.h"
#include "vidforge/error.h"

#define VERIFY_FAILED(...) vf_error_set(VF_ERR_OUTPUT, "verification failed: " __VA_ARGS__)
#define PLAYLIST_MAX (4 << 20)

int vf_format_hls_options(AVDictionary **opts, const VfPlan *p)
{
    int ret = av_dict_set(opts, "hls_segment_type", "fmp4", 0);
    if (ret >= 0)
        ret = av_dict_set(opts, "hls_playlist_type", "vod", 0);
    if (ret >= 0)
        ret = av_dict_set(opts, "hls_flags", "independent_segments", 0);
    if (ret >= 0)
        ret = av_dict_set_int(opts, "hls_list_size", 0, 0);
    char t[32];
    snprintf(t, sizeof(t), "%g", p->encoding.outputs.hls_segment);
    return ret >= 0 ? av_dict_set(opts, "hls_time", t, 0) : ret;
}

int vf_format_png_options(AVDictionary **opts, const VfPlan *p)
{
    (void)p;
    return av_dict_set_int(opts, "start_number", 0, 0);
}

/* ---- HLS ---------------------------------------------------------------- */

/* The size of the file `name` in dir, -1 when it is not a regular file. */
static long long file_size(const char *dir, const char *name, int len)
{
    char path[4400];
    struct stat st;
    if (len <= 0 || memchr(name, '/', (size_t)len) || (len == 2 && !strncmp(name, "..", 2)))
        return -1; /* a segment of this playlist lives beside it */
    snprintf(path, sizeof(path), "%s/%.*s", dir, len, name);
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) ? (long long)st.st_size : -1;
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = f ? malloc(PLAYLIST_MAX + 1) : NULL;
    size_t n = buf ? fread(buf, 1, PLAYLIST_MAX, f) : 0;
    if (f)
        fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

typedef struct Playlist {
    int extm3u, vod, endlist, map_ok, segments, missing;
    double total, longest, target;
    char bad[256];             /* the first missing file */
} Playlist;

static void note_missing(Playlist *pl, const char *name, int len)
{
    if (!pl->missing++)
        snprintf(pl->bad, sizeof(pl->bad), "%.*s", len, name);
}

/* One line of the playlist; `after_inf`: the previous tag was #EXTINF. */
static void parse_line(Playlist *pl, const char *dir, const char *l, int len, int *after_inf)
{
    if (!strncmp(l, "#EXTM3U", 7))
        pl->extm3u = 1;
    else if (!strncmp(l, "#EXT-X-PLAYLIST-TYPE:VOD", 24))
        pl->vod = 1;
    else if (!strncmp(l, "#EXT-X-ENDLIST", 14))
        pl->endlist = 1;
    else if (!strncmp(l, "#EXT-X-TARGETDURATION:", 22))
        pl->target = atof(l + 22);
    else if (!strncmp(l, "#EXT-X-MAP:URI=\"", 16)) {
        const char *q = memchr(l + 16, '"', (size_t)(len - 16));
        pl->map_ok = q && file_size(dir, l + 16, (int)(q - l - 16)) > 0;
        if (!pl->map_ok)
            note_missing(pl, l + 16, q ? (int)(q - l - 16) : len - 16);
    } else if (!strncmp(l, "#EXTINF:", 8)) {
        double d = atof(l + 8);
        pl->total += d;
        pl->longest = d > pl->longest ? d : pl->longest;
        *after_inf = 1;
        return;
    } else if (*after_inf && len > 0 && l[0] != '#') {
        pl->segments++;
        if (file_size(dir, l, len) <= 0)
            note_missing(pl, l, len);
    }
    if (len > 0 && l[0] != '#')
        *after_inf = 0;
}

static int parse_playlist(const char *path, Playlist *pl)
{
    char *text = read_text(path), *dir = vf_path_dirname(path);
    int after_inf = 0;
    *pl = (Playlist){ 0 };
    for (const char *l = text; text && dir && *l;) {
        int len = (int)strcspn(l, "\r\n");
        parse_line(pl, dir, l, len, &after_inf);
        l += len;
        l += strspn(l, "\r\n");
    }
    int ok = text && dir;
    free(text);
    free(dir);
    return ok ? 0 : VERIFY_FAILED("the playlist cannot be read");
}

/* The streams as a player finds them through the playlist (local files
 * only): video codec, size and rate, audio when planned and its codec. */
static int check_streams(const AVFormatContext *fmt, int v, const VfPlan *p)
{
    const VfPlanEncoding *e = &p->encoding;
    const AVStream *st = v >= 0 ? fmt->streams[v] : NULL;
    int a = av_find_best_stream((AVFormatContext *)fmt, AVMEDIA_TYPE_AUDIO, -1, -1, NULL, 0);
    if (!st || strcmp(avcodec_get_name(st->codecpar->codec_id), e->family))
        return VERIFY_FAILED("the segments hold no %s video", e->family);
    if (st->codecpar->width != e->width || st->codecpar->height != e->height)
        return VERIFY_FAILED("frame size is %dx%d, planned %dx%d", st->codecpar->width,
                             st->codecpar->height, e->width, e->height);
    AVRational r = st->avg_frame_rate.num ? st->avg_frame_rate : st->r_frame_rate;
    if (av_cmp_q(r, (AVRational){ p->fps_num, p->fps_den }))
        return VERIFY_FAILED("frame rate is %d/%d, planned %d/%d", r.num, r.den, p->fps_num,
                             p->fps_den);
    if ((a >= 0) != (p->input_has_audio != 0))
        return VERIFY_FAILED("the segments %s audio, planned %s", a >= 0 ? "have" : "have no",
                             a >= 0 ? "none" : "audio");
    if (a >= 0 && strcmp(avcodec_get_name(fmt->streams[a]->codecpar->codec_id), e->audio_family))
        return VERIFY_FAILED("audio codec is %s, planned %s",
                             avcodec_get_name(fmt->streams[a]->codecpar->codec_id), e->audio_family);
    return 0;
}

/* Opens the playlist as a player does and counts its video packets. */
static int read_playlist_back(const char *path, const VfPlan *p)
{
    AVFormatContext *fmt = NULL;
    AVDictionary *opts = NULL;
    AVPacket *pkt = av_packet_alloc();
    av_dict_set(&opts, "protocol_whitelist", "file", 0);
    int ret = pkt ? avformat_open_input(&fmt, path, av_find_input_format("hls"), &opts)
                  : AVERROR(ENOMEM);
    av_dict_free(&opts);
    if (ret >= 0)
        ret = avformat_find_stream_info(fmt, NULL);
    int v = ret >= 0 ? av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0) : -1;
    ret = ret < 0 ? VERIFY_FAILED("the playlist cannot be read back") : check_streams(fmt, v, p);
    int64_t packets = 0;
    while (ret >= 0 && av_read_frame(fmt, pkt) >= 0) {
        packets += pkt->stream_index == v;
        av_packet_unref(pkt);
    }
    if (ret >= 0 && packets != p->nb_frames)
        ret = VERIFY_FAILED("%lld frames in the segments, planned %lld", (long long)packets,
                            (long long)p->nb_frames);
    avformat_close_input(&fmt);
    av_packet_free(&pkt);
    return ret;
}

int vf_format_verify_hls(const char *path, const VfProbe *probe, const VfPlan *p)
{
    Playlist pl;
    double frame = (double)p->fps_den / p->fps_num;
    (void)probe;
    int ret = parse_playlist(path, &pl);
    if (ret < 0)
        return ret;
    if (!pl.extm3u || !pl.vod || !pl.endlist)
        return VERIFY_FAILED("the playlist lacks %s", !pl.extm3u ? "#EXTM3U"
                             : !pl.vod ? "#EXT-X-PLAYLIST-TYPE:VOD" : "#EXT-X-ENDLIST");
    if (!pl.map_ok || pl.missing || !pl.segments)
        return VERIFY_FAILED("the playlist names %s, which is missing or empty",
                             pl.missing ? pl.bad : pl.segments ? "its init segment" : "no segment");
    if (fabs(pl.total - p->duration) > frame + 1e-3)
        return VERIFY_FAILED("the segments last %.3f s, planned %.3f s", pl.total, p->duration);
    if (pl.longest > pl.target + 0.5)
        return VERIFY_FAILED("a segment lasts %.3f s, longer than the playlist's target %g s",
                             pl.longest, pl.target);
    return read_playlist_back(path, p);
}

/* ---- PNG sequence ------------------------------------------------------- */

static uint32_t be32(const uint8_t *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* A complete 8-bit PNG (signature, IHDR first, IEND last): its size and
 * colour type (2 RGB, 6 RGBA); -1 otherwise. */
static int png_facts(const char *path, int *w, int *h)
{
    static const uint8_t sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    uint8_t head[33], tail[12];
    FILE *f = fopen(path, "rb");
    int ok = f && fread(head, 1, 33, f) == 33 && !memcmp(head, sig, 8) &&
             !memcmp(head + 12, "IHDR", 4) && head[24] == 8 && fseek(f, -12, SEEK_END) == 0 &&
             fread(tail, 1, 12, f) == 12 && !memcmp(tail + 4, "IEND", 4);
    if (f)
        fclose(f);
    *w = ok ? (int)be32(head + 16) : 0;
    *h = ok ? (int)be32(head + 20) : 0;
    return ok ? head[25] : -1;
}

static int count_pngs(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += fnmatch("*.png", e->d_name, FNM_PERIOD) == 0;
    if (d)
        closedir(d);
    return n;
}

int vf_format_verify_png(const char *path, const VfProbe *probe, const VfPlan *p)
{
    char name[4400];
    const VfPlanEncoding *e = &p->encoding;
    int want = e->alpha ? 6 : 2, w, h;
    (void)probe;
    for (int64_t i = 0; i < p->nb_frames; i++) {
        if (vf_path_frame_name(name, sizeof(name), path, (int)i) < 0)
            return VERIFY_FAILED("%s is not a frame pattern", path);
        int type = png_facts(name, &w, &h);
        const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
        if (type < 0)
            return VERIFY_FAILED("frame %lld (%s) is missing or incomplete", (long long)i, base);
        if (w != e->width || h != e->height)
            return VERIFY_FAILED("frame %lld is %dx%d, planned %dx%d", (long long)i, w, h,
                                 e->width, e->height);
        if (type != want)
            return VERIFY_FAILED("frame %lld is %s, planned %s", (long long)i,
                                 type == 6 ? "RGBA" : "RGB", want == 6 ? "RGBA" : "RGB");
    }
    char *dir = vf_path_dirname(path);
    int n = dir ? count_pngs(dir) : -1;
    free(dir);
    return n == p->nb_frames ? 0 : VERIFY_FAILED("%d pictures written, planned %lld", n,
                                                 (long long)p->nb_frames);
}
