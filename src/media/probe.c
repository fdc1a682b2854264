#include "media/probe.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <libavformat/avformat.h>
#include <libavutil/display.h>

#include "media/formats_webp.h"
#include "media/open.h"
#include "vidforge/error.h"

static double ts_seconds(int64_t ts, AVRational tb)
{
    return ts == AV_NOPTS_VALUE ? -1 : ts * av_q2d(tb);
}

int vf_probe_rotation(const AVStream *st)
{
    const uint8_t *m = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, NULL);
    if (!m)
        return 0;
    /* the matrix rotates counter-clockwise; players turn the picture back */
    int deg = (int)lround(-av_display_rotation_get((const int32_t *)m));
    deg = ((deg % 360) + 360) % 360;
    return (deg + 45) / 90 * 90 % 360;
}

static void fill_stream(VfProbeStream *s, const AVStream *st, int index)
{
    const AVCodecParameters *par = st->codecpar;
    *s = (VfProbeStream){ .index = index, .fps_den = 1 };
    s->kind = par->codec_type == AVMEDIA_TYPE_VIDEO   ? VF_STREAM_VIDEO
            : par->codec_type == AVMEDIA_TYPE_AUDIO ? VF_STREAM_AUDIO
                                                    : VF_STREAM_OTHER;
    snprintf(s->codec, sizeof(s->codec), "%s", avcodec_get_name(par->codec_id));
    s->duration = ts_seconds(st->duration, st->time_base);
    s->start_time = ts_seconds(st->start_time, st->time_base);
    s->nb_frames = st->nb_frames;
    if (s->kind == VF_STREAM_VIDEO) {
        s->width = par->width;
        s->height = par->height;
        s->rotation = vf_probe_rotation(st);
        AVRational sar = par->sample_aspect_ratio;
        s->sar_num = sar.num > 0 && sar.den > 0 ? sar.num : 1;
        s->sar_den = sar.num > 0 && sar.den > 0 ? sar.den : 1;
        AVRational r = st->avg_frame_rate.num ? st->avg_frame_rate : st->r_frame_rate;
        if (r.num > 0 && r.den > 0) {
            s->fps_num = r.num;
            s->fps_den = r.den;
        }
    } else if (s->kind == VF_STREAM_AUDIO) {
        s->sample_rate = par->sample_rate;
        s->channels = par->ch_layout.nb_channels;
    }
}

int vf_probe_file(const char *path, double network_seconds, VfProbe *out)
{
    AVFormatContext *fmt = NULL;
    VfMediaGuard guard = { .budget = network_seconds };
    char err[AV_ERROR_MAX_STRING_SIZE];
    memset(out, 0, sizeof(*out));
    int ret = vf_media_open_guarded(&fmt, path, &guard);
    if (ret >= 0)
        ret = avformat_find_stream_info(fmt, NULL);
    vf_media_guard_end(&guard);
    if (ret < 0) {
        vf_media_close(&fmt);
        int why = vf_media_guard_failure(&guard, path);
        return why ? why : vf_error_set(VF_ERR_ASSET, "cannot read media %s: %s", path,
                                        av_make_error_string(err, sizeof(err), ret));
    }
    snprintf(out->format, sizeof(out->format), "%s", fmt->iformat->name);
    out->duration = fmt->duration == AV_NOPTS_VALUE ? -1 : fmt->duration / (double)AV_TIME_BASE;
    out->start_time = fmt->start_time == AV_NOPTS_VALUE ? 0
                                                        : fmt->start_time / (double)AV_TIME_BASE;
    out->bit_rate = fmt->bit_rate;
    out->nb_streams = fmt->nb_streams < VF_PROBE_MAX_STREAMS ? (int)fmt->nb_streams
                                                             : VF_PROBE_MAX_STREAMS;
    for (int i = 0; i < out->nb_streams; i++)
        fill_stream(&out->streams[i], fmt->streams[i], i);
    int v = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
    int a = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, NULL, 0);
    out->video = v >= 0 && v < out->nb_streams ? v : -1;
    out->audio = a >= 0 && a < out->nb_streams ? a : -1;
    const AVDictionaryEntry *key = av_dict_get(fmt->metadata, "vidforge_key", NULL, 0);
    const AVDictionaryEntry *note = av_dict_get(fmt->metadata, "comment", NULL, 0);
    const char *value = key ? key->value /* a GIF's is in a comment (media/formats.c) */
                      : note && !strncmp(note->value, "vidforge_key=", 13) ? note->value + 13
                      : NULL;
    if (value && strlen(value) < sizeof(out->key))
        snprintf(out->key, sizeof(out->key), "%s", value);
    else if (strstr(out->format, "webp") && !strstr(path, "://"))
        vf_format_webp_key(path, out->key); /* FFmpeg reads no WebP metadata */
    vf_media_close(&fmt);
    return 0;
}

static cJSON *stream_json(const VfProbeStream *s)
{
    static const char *const kinds[] = { "video", "audio", "other" };
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "index", s->index);
    cJSON_AddStringToObject(o, "type", kinds[s->kind]);
    cJSON_AddStringToObject(o, "codec", s->codec);
    if (s->kind == VF_STREAM_VIDEO) {
        cJSON_AddNumberToObject(o, "width", s->width);
        cJSON_AddNumberToObject(o, "height", s->height);
        cJSON_AddNumberToObject(o, "fps", s->fps_num ? (double)s->fps_num / s->fps_den : 0);
        cJSON_AddNumberToObject(o, "rotation", s->rotation);
    } else if (s->kind == VF_STREAM_AUDIO) {
        cJSON_AddNumberToObject(o, "sample_rate", s->sample_rate);
        cJSON_AddNumberToObject(o, "channels", s->channels);
    }
    if (s->duration >= 0)
        cJSON_AddNumberToObject(o, "duration", s->duration);
    if (s->nb_frames > 0)
        cJSON_AddNumberToObject(o, "frames", (double)s->nb_frames);
    return o;
}

char *vf_probe_to_json(const VfProbe *p, const char *path)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON_AddStringToObject(root, "file", path);
    cJSON_AddStringToObject(root, "format", p->format);
    if (p->duration >= 0)
        cJSON_AddNumberToObject(root, "duration", p->duration);
    cJSON_AddNumberToObject(root, "bit_rate", (double)p->bit_rate);
    if (p->key[0])
        cJSON_AddStringToObject(root, "vidforge_key", p->key);
    cJSON *streams = cJSON_AddArrayToObject(root, "streams");
    for (int i = 0; streams && i < p->nb_streams; i++)
        cJSON_AddItemToArray(streams, stream_json(&p->streams[i]));
    char *out = cJSON_Print(root);
    cJSON_Delete(root);
    return out;
}
