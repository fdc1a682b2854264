/* What a media file holds, read with libavformat. Used for inputs (planning),
 * outputs (verification) and `vidforge probe`. */
#ifndef VF_MEDIA_PROBE_H
#define VF_MEDIA_PROBE_H

#include <stdint.h>

#define VF_PROBE_MAX_STREAMS 32

typedef enum VfStreamKind {
    VF_STREAM_VIDEO,
    VF_STREAM_AUDIO,
    VF_STREAM_OTHER,
} VfStreamKind;

typedef struct VfProbeStream {
    int index;
    int kind;                 /* VfStreamKind */
    char codec[32];           /* FFmpeg codec name, "h264", "aac" */
    int width, height;        /* video */
    int fps_num, fps_den;     /* video: average rate (0/1 when unknown) */
    int rotation;             /* video: display rotation, degrees clockwise (0/90/180/270) */
    int sar_num, sar_den;     /* video: sample aspect ratio (1:1 when unknown) */
    int sample_rate, channels; /* audio */
    double duration;          /* seconds, < 0 when unknown */
    double start_time;        /* seconds */
    int64_t nb_frames;        /* 0 when the container does not say */
} VfProbeStream;

typedef struct VfProbe {
    char format[64];          /* demuxer name(s), "mov,mp4,m4a,3gp,3g2,mj2" */
    double duration;          /* seconds, < 0 when unknown */
    double start_time;        /* seconds */
    int64_t bit_rate;
    int nb_streams;           /* entries used in streams[] */
    VfProbeStream streams[VF_PROBE_MAX_STREAMS];
    int video, audio;         /* index into streams[] of the default video/audio, -1 if none */
    char key[65];             /* the "vidforge_key" tag of a vidforge output, "" if none */
} VfProbe;

/* Probes path (file or URL). A URL may take network_seconds in all (0: no
 * budget). Returns 0, or VF_ERR_ASSET with a message
 * naming the file and what is wrong. */
int vf_probe_file(const char *path, double network_seconds, VfProbe *out);

struct AVStream;
/* Display rotation of a video stream in degrees clockwise, snapped to 0, 90,
 * 180 or 270 (from its display matrix). */
int vf_probe_rotation(const struct AVStream *st);

/* The probe as a JSON document (malloc'd, caller frees), or NULL on OOM. */
char *vf_probe_to_json(const VfProbe *p, const char *path);

#endif
