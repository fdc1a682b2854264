/* Opening media with what a template may reach: local inputs through the
 * file protocol and the demuxers of real media files only (no playlists or
 * concat lists that could name other files); URLs through http(s) only, with
 * a bounded wait for a stalled server. */
#ifndef VF_MEDIA_OPEN_H
#define VF_MEDIA_OPEN_H

#include <libavformat/avformat.h>

/* avformat_open_input with those restrictions. Same returns. */
int vf_media_open(AVFormatContext **fmt, const char *path);

#endif
