#include "media/open.h"

#include <strings.h>

#include "media/s3avio.h"
#include "storage/s3url.h"
#include "util/clock.h"
#include "util/path.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"
#include "vidforge/policy.h"

/* Demuxers for media files. Left out on purpose: hls, dash, concat, ffconcat
 * and the like, which open further files or URLs named inside them. */
static const char local_formats[] =
    "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,mpegts,mpeg,mpegvideo,avi,flv,ogg,wav,mp3,aac,"
    "flac,h264,hevc,m4v,ivf,obu,mxf,gif,apng,image2,png_pipe,jpeg_pipe,webp_pipe,bmp_pipe,"
    "tiff_pipe,yuv4mpegpipe,nut,asf,rm,dv,w64,aiff,caf,amr,ac3,eac3,truehd,dts,opus";

/* The schemes a template's URL may start with. tcp, tls and crypto are on
 * libavformat's whitelist only because http(s) open them underneath. */
static const char *const url_schemes[] = { "http://", "https://" };

static int url_allowed(const char *url)
{
    for (size_t i = 0; i < sizeof(url_schemes) / sizeof(url_schemes[0]); i++)
        if (!strncasecmp(url, url_schemes[i], strlen(url_schemes[i])))
            return 1;
    return 0;
}

static int guard_cb(void *opaque)
{
    VfMediaGuard *g = opaque;
    if (vf_interrupt_requested() || (g->cancelled && atomic_load(g->cancelled)))
        return 1;
    if (g->budget > 0 && g->since > 0 && g->spent + (vf_now() - g->since) > g->budget)
        g->expired = 1;
    return g->expired;
}

static int signal_cb(void *opaque)
{
    (void)opaque;
    return vf_interrupt_requested();
}

void vf_media_guard_begin(VfMediaGuard *g)
{
    if (g->since <= 0)
        g->since = vf_now();
}

void vf_media_guard_end(VfMediaGuard *g)
{
    if (g->since > 0)
        g->spent += vf_now() - g->since;
    g->since = 0;
}

int vf_media_guard_failure(const VfMediaGuard *g, const char *path)
{
    if (vf_interrupt_requested() || (g->cancelled && atomic_load(g->cancelled)))
        return VF_ERR_INTERRUPTED;
    if (g->expired)
        return vf_error_set(VF_ERR_ASSET, "network input %s took more than %g s in total "
                            "(--limit network_seconds=SECONDS)", path, g->budget);
    return 0;
}

/* An s3:// input: read through range requests (s3avio.c), by the demuxers
 * of media files only. The I/O context is ours: vf_media_close frees it. */
static int open_s3(AVFormatContext **fmt, const char *path, AVIOInterruptCB cb)
{
    AVIOContext *pb = NULL;
    AVDictionary *opts = NULL;
    if (!*fmt && !(*fmt = avformat_alloc_context()))
        return AVERROR(ENOMEM);
    int ret = vf_s3_avio_open(&pb, path, cb);
    if (ret < 0) {
        avformat_free_context(*fmt);
        *fmt = NULL;
        return ret;
    }
    (*fmt)->interrupt_callback = cb;
    (*fmt)->pb = pb;
    (*fmt)->flags |= AVFMT_FLAG_CUSTOM_IO;
    av_dict_set(&opts, "format_whitelist", local_formats, 0);
    ret = avformat_open_input(fmt, path, NULL, &opts);
    av_dict_free(&opts);
    if (ret < 0)
        vf_s3_avio_free(&pb); /* avformat_open_input freed *fmt, not a custom pb */
    return ret;
}

static int open_restricted(AVFormatContext **fmt, const char *path, AVIOInterruptCB cb)
{
    AVDictionary *opts = NULL;
    if (vf_s3_is_url(path))
        return open_s3(fmt, path, cb);
    int url = vf_path_is_url(path);
    if (url && !url_allowed(path)) {
        avformat_close_input(fmt); /* as avformat_open_input does on failure */
        return AVERROR_PROTOCOL_NOT_FOUND;
    }
    if (!*fmt && !(*fmt = avformat_alloc_context()))
        return AVERROR(ENOMEM);
    (*fmt)->interrupt_callback = cb;
    if (url) {
        av_dict_set(&opts, "protocol_whitelist", "http,https,tcp,tls,crypto", 0);
        av_dict_set(&opts, "rw_timeout", "15000000", 0); /* microseconds */
        av_dict_set(&opts, "reconnect", "1", 0);
    } else {
        av_dict_set(&opts, "protocol_whitelist", "file", 0);
        av_dict_set(&opts, "format_whitelist", local_formats, 0);
    }
    int ret = avformat_open_input(fmt, path, NULL, &opts);
    av_dict_free(&opts);
    return ret;
}

int vf_media_open_guarded(AVFormatContext **fmt, const char *path, VfMediaGuard *guard)
{
    if (!vf_path_is_url(path))
        guard->budget = 0;
    guard->expired = 0;
    vf_media_guard_begin(guard);
    return open_restricted(fmt, path, (AVIOInterruptCB){ guard_cb, guard });
}

int vf_media_open(AVFormatContext **fmt, const char *path)
{
    if (vf_path_is_url(path))
        return AVERROR_PROTOCOL_NOT_FOUND;
    return open_restricted(fmt, path, (AVIOInterruptCB){ signal_cb, NULL });
}

void vf_media_close(AVFormatContext **fmt)
{
    AVIOContext *pb = *fmt && ((*fmt)->flags & AVFMT_FLAG_CUSTOM_IO) ? (*fmt)->pb : NULL;
    avformat_close_input(fmt);
    vf_s3_avio_free(&pb);
}
