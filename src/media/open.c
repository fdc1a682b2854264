#include "media/open.h"
#include "util/path.h"

/* Demuxers for media files. Left out on purpose: hls, dash, concat, ffconcat
 * and the like, which open further files or URLs named inside them. */
static const char local_formats[] =
    "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,mpegts,mpeg,mpegvideo,avi,flv,ogg,wav,mp3,aac,"
    "flac,h264,hevc,m4v,ivf,obu,mxf,gif,apng,image2,png_pipe,jpeg_pipe,webp_pipe,bmp_pipe,"
    "tiff_pipe,yuv4mpegpipe,nut,asf,rm,dv,w64,aiff,caf,amr,ac3,eac3,truehd,dts,opus";

int vf_media_open(AVFormatContext **fmt, const char *path)
{
    AVDictionary *opts = NULL;
    if (vf_path_is_url(path)) {
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
