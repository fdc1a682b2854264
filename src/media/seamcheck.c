/* Decoding across the joins of an output assembled from segments; see
 * seamcheck.h. */
#include "media/seamcheck.h"

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>

#include "vidforge/error.h"

typedef struct Seams {
    AVFormatContext *fmt;
    AVCodecContext *dec;
    AVPacket *pkt;
    AVFrame *frame;
    int stream;
    AVRational fps;
    int64_t seen;          /* bit k: frame b - 1 + k came out */
} Seams;

static int open_seams(Seams *s, const char *path)
{
    if (avformat_open_input(&s->fmt, path, NULL, NULL) < 0 ||
        avformat_find_stream_info(s->fmt, NULL) < 0)
        return -1;
    const AVCodec *codec = NULL;
    s->stream = av_find_best_stream(s->fmt, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
    if (s->stream < 0 || !(s->dec = avcodec_alloc_context3(codec)) ||
        avcodec_parameters_to_context(s->dec, s->fmt->streams[s->stream]->codecpar) < 0)
        return -1;
    s->dec->err_recognition = AV_EF_EXPLODE | AV_EF_BITSTREAM;
    s->dec->skip_loop_filter = AVDISCARD_ALL; /* errors show without it, at half the cost */
    s->dec->thread_count = 1;
    s->pkt = av_packet_alloc();
    s->frame = av_frame_alloc();
    return s->pkt && s->frame && avcodec_open2(s->dec, codec, NULL) >= 0 ? 0 : -1;
}

/* Matroska shifts every timestamp by the B-frame delay: frame 0 is here. */
static int64_t first_pts(const Seams *s)
{
    int64_t t = s->fmt->streams[s->stream]->start_time;
    return t == AV_NOPTS_VALUE ? 0 : t;
}

static int64_t frame_index(const Seams *s, const AVFrame *f)
{
    AVRational tb = s->fmt->streams[s->stream]->time_base;
    int64_t pts = f->best_effort_timestamp;
    return pts == AV_NOPTS_VALUE ? -1 : av_rescale_q_rnd(pts - first_pts(s), tb,
                                                         av_inv_q(s->fps), AV_ROUND_NEAR_INF);
}

/* Takes decoded frames; 1 once frame b + 1 came out. */
static int take(Seams *s, int64_t b)
{
    int ret;
    while ((ret = avcodec_receive_frame(s->dec, s->frame)) >= 0) {
        int64_t n = frame_index(s, s->frame);
        int bad = s->frame->decode_error_flags || (s->frame->flags & AV_FRAME_FLAG_CORRUPT);
        av_frame_unref(s->frame);
        if (bad)
            return -1;
        if (n >= b - 1 && n <= b + 1)
            s->seen |= (int64_t)1 << (n - b + 1);
        if (n >= b + 1)
            return 1;
    }
    return ret == AVERROR(EAGAIN) || ret == AVERROR_EOF ? 0 : -1;
}

/* Decodes from the keyframe at or before frame b - 1 through frame b + 1. */
static int check_one(Seams *s, int64_t b)
{
    AVRational tb = s->fmt->streams[s->stream]->time_base;
    int64_t ts = first_pts(s) + av_rescale_q(b - 1, av_inv_q(s->fps), tb);
    avcodec_flush_buffers(s->dec);
    s->seen = 0;
    if (av_seek_frame(s->fmt, s->stream, ts, AVSEEK_FLAG_BACKWARD) < 0)
        return -1;
    int done = 0, ret = 0;
    /* half a frame early: container timestamps are rounded (Matroska: ms) */
    int64_t keep = first_pts(s) + av_rescale_q(2 * b - 3, av_inv_q(av_mul_q(s->fps,
                                                                  (AVRational){ 2, 1 })), tb);
    while (!done && (ret = av_read_frame(s->fmt, s->pkt)) >= 0) {
        /* frames before b - 1 matter only as references of the join's */
        s->dec->skip_frame = s->pkt->pts != AV_NOPTS_VALUE && s->pkt->pts < keep
                           ? AVDISCARD_NONREF : AVDISCARD_DEFAULT;
        if (s->pkt->stream_index == s->stream)
            ret = avcodec_send_packet(s->dec, s->pkt);
        av_packet_unref(s->pkt);
        if (ret < 0)
            return -1;
        done = take(s, b);
        if (done < 0)
            return -1;
    }
    if (!done && avcodec_send_packet(s->dec, NULL) >= 0)
        done = take(s, b);
    return done > 0 && s->seen == 7 ? 0 : -1;
}

int vf_verify_seams(const char *path, const int64_t *bounds, int n, AVRational fps)
{
    Seams s = { .fps = fps };
    int ret = n > 0 ? open_seams(&s, path) : 0;
    if (ret < 0)
        ret = vf_error_set(VF_ERR_OUTPUT, "verification failed: the output cannot be decoded");
    for (int i = 0; ret >= 0 && i < n; i++) {
        if (check_one(&s, bounds[i]) < 0)
            ret = vf_error_set(VF_ERR_OUTPUT, "verification failed: the video does not decode "
                               "across the segment boundary at frame %lld", (long long)bounds[i]);
    }
    av_frame_free(&s.frame);
    av_packet_free(&s.pkt);
    avcodec_free_context(&s.dec);
    avformat_close_input(&s.fmt);
    return ret;
}
