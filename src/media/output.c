#include "media/output.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libavutil/opt.h>

#include "storage/s3object.h"
#include "storage/s3url.h"
#include "media/formats.h"
#include "media/outfolder.h"
#include "util/path.h"
#include "vidforge/error.h"

struct VfOutput {
    char *path;          /* final */
    char *temp;          /* beside it, hidden */
    int overwrite;
    AVFormatContext *fmt;
    int started;         /* header written: trailer needed */
    int finished;
    int committed;
    char *content_key;   /* stored with an s3:// output, or NULL */
    AVDictionary *opts;  /* the format's muxer options (vf_output_use_plan) */
    char *folder;        /* a folder output's folder (outfolder.h); temp is then a folder */
    char *url;           /* what the muxer writes: temp, or a file in the temp folder */
    const VfPlan *plan;  /* vf_output_use_plan's, for the format's finish */
};

/* Where the temporary file goes: beside a local output, in $TMPDIR for an
 * s3:// one (uploaded from there once verified). */
static char *temp_folder(const char *path)
{
    const char *tmp = getenv("TMPDIR");
    if (vf_s3_is_url(path))
        return strdup(tmp && *tmp ? tmp : "/tmp");
    return vf_path_dirname(path);
}

static int output_error(const char *what, const char *path, int err)
{
    char msg[AV_ERROR_MAX_STRING_SIZE];
    return vf_error_set(VF_ERR_OUTPUT, "%s %s: %s", what, path,
                        av_make_error_string(msg, sizeof(msg), err));
}

/* FNV-1a of the output's file name: ties a temporary file to its output
 * without repeating the name, which may already be as long as a name can be. */
static unsigned name_hash(const char *path)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    unsigned h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)base; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

/* ".vf-HASH-PID-N.vidforge-tmp" beside path: hidden, short whatever the
 * output's name, unique per process (N) and per output (HASH). */
static char *temp_name(const char *path)
{
    static atomic_uint counter;
    char *dir = temp_folder(path);
    size_t n = dir ? strlen(dir) + 64 : 0;
    char *t = dir ? malloc(n) : NULL;
    if (t)
        snprintf(t, n, "%s/.vf-%08x-%ld-%u.vidforge-tmp", dir, name_hash(path), (long)getpid(),
                 atomic_fetch_add(&counter, 1));
    free(dir);
    return t;
}

/* 1 when name is a temporary file of this output left by a process that no
 * longer runs. */
static int is_stale_temp(const char *name, unsigned hash)
{
    unsigned h, seq;
    long pid;
    int end = 0;
    if (sscanf(name, ".vf-%8x-%ld-%u.vidforge-tmp%n", &h, &pid, &seq, &end) != 3 ||
        name[end] || h != hash || pid <= 0 || pid == (long)getpid())
        return 0;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Removes temporary files a killed vidforge left for the same output. */
static void remove_stale_temps(const char *path)
{
    char *dir = temp_folder(path);
    DIR *d = dir ? opendir(dir) : NULL;
    unsigned hash = name_hash(path);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (!is_stale_temp(e->d_name, hash))
            continue;
        char full[4096 + 256];
        snprintf(full, sizeof(full), "%s/%s", dir, e->d_name);
        if (unlink(full) < 0 && errno == EISDIR)
            vf_outfolder_remove(full); /* a folder output's */
    }
    if (d)
        closedir(d);
    free(dir);
}

/* Muxers that write files of their own beside (or instead of) the one file
 * vidforge commits: their extra files would escape the temporary-file-and-
 * rename scheme, be left behind on failure and overwrite files without -y. */
static const struct {
    const char *name, *writes;
} multi_file_muxers[] = {
    { "hls", "a playlist and a file per segment" },
    { "dash", "a manifest, init-stream and chunk files" },
    { "hds", "a manifest and a file per fragment" },
    { "smoothstreaming", "a manifest and a file per fragment" },
    { "segment", "a file per segment" },
    { "stream_segment", "a file per segment" },
    { "ssegment", "a file per segment" },
    { "webm_chunk", "a file per chunk" },
    { "image2", "a file per frame" },
    { "tee", "several outputs" },
    { "fifo", "through another muxer" },
};

static const char *multi_file_writes(const AVOutputFormat *f)
{
    for (size_t i = 0; i < sizeof(multi_file_muxers) / sizeof(multi_file_muxers[0]); i++)
        if (!strcmp(f->name, multi_file_muxers[i].name))
            return multi_file_muxers[i].writes;
    return f->flags & AVFMT_NOFILE ? "files of its own" : NULL;
}

/* The formats-table row of a folder output (HLS, PNG sequence), else NULL. */
static const VfFormat *folder_format(const char *path)
{
    const VfFormat *f = vf_s3_is_url(path) ? NULL : vf_format_for_path(path);
    return f && f->folder_file ? f : NULL;
}

int vf_output_is_folder(const char *path)
{
    return folder_format(path) != NULL;
}

int vf_output_check_format(const char *path)
{
    char *folder = NULL;
    const VfFormat *ff = folder_format(path);
    int fret = ff ? vf_outfolder_name(path, ff, &folder) : 0;
    free(folder);
    if (ff)
        return fret;
    const AVOutputFormat *ofmt = av_guess_format(NULL, path, NULL);
    if (!ofmt)
        return vf_error_set(VF_ERR_USAGE,
                            "cannot tell the container from %s; use a .mp4, .mov or .mkv name",
                            path);
    const char *writes = multi_file_writes(ofmt);
    if (writes)
        return vf_error_set(VF_ERR_USAGE, "%s: the %s muxer writes %s, and vidforge writes "
                            "single-file outputs only; use a .mp4, .mov, .mkv or .webm name",
                            path, ofmt->name, writes);
    return 0;
}

/* The folder the temporary file (or folder) goes in: there, a folder, and
 * writable; the error names it, not the hidden temporary name. */
static int check_parent(const char *path)
{
    char *dir = vf_path_dirname(path);
    struct stat st;
    int found = dir && stat(dir, &st) == 0;
    int ok = found && S_ISDIR(st.st_mode) && access(dir, W_OK) == 0;
    int err = !dir ? ENOMEM : !found ? errno : !S_ISDIR(st.st_mode) ? ENOTDIR : errno;
    int ret = ok ? 0 : vf_error_set(VF_ERR_OUTPUT, "cannot write to folder %s: %s",
                                    dir ? dir : "?", strerror(err));
    free(dir);
    return ret;
}

static int check_target(const VfOutput *o)
{
    VfS3Object info;
    if (vf_s3_is_url(o->path) && !o->overwrite) {
        int ret = vf_s3_head(o->path, VF_ERR_OUTPUT, &info);
        return ret < 0 || !info.exists ? ret : vf_error_set(VF_ERR_OUTPUT, "%s already "
                                                            "exists (use -y to overwrite)", o->path);
    }
    if (vf_s3_is_url(o->path))
        return 0;
    if (o->folder) {
        int ret = vf_outfolder_check(o->folder, folder_format(o->path), o->overwrite);
        return ret < 0 ? ret : check_parent(o->folder);
    }
    if (!o->overwrite && access(o->path, F_OK) == 0)
        return vf_error_set(VF_ERR_OUTPUT, "%s already exists (use -y to overwrite)", o->path);
    return check_parent(o->path);
}

/* What the muxer writes: the temporary file, or a folder output's file in
 * the temporary folder (the playlist, the frame pattern). */
static char *folder_url(const char *temp, const char *path)
{
    const char *base = strrchr(path, '/');
    size_t n = strlen(temp) + strlen(path) + 2;
    char *url = folder_format(path) ? malloc(n) : strdup(temp);
    if (url && folder_format(path))
        snprintf(url, n, "%s/%s", temp, base + 1);
    return url;
}

int vf_output_open(VfOutput **out, const char *path, int overwrite)
{
    *out = NULL;
    int ret = vf_output_check_format(path);
    if (ret < 0)
        return ret;
    const VfFormat *ff = folder_format(path);
    const AVOutputFormat *ofmt = ff ? av_guess_format(ff->muxer, NULL, NULL)
                                    : av_guess_format(NULL, path, NULL);
    VfOutput *o = calloc(1, sizeof(*o));
    if (!o || !(o->path = strdup(path)) || (ff && vf_outfolder_name(path, ff, &o->folder) < 0) ||
        !(o->temp = temp_name(ff ? o->folder : path)) || !(o->url = folder_url(o->temp, path))) {
        vf_output_free(&o);
        return VF_ERR_INTERNAL;
    }
    o->overwrite = overwrite;
    remove_stale_temps(ff ? o->folder : path);
    ret = check_target(o);
    if (ret >= 0 && avformat_alloc_output_context2(&o->fmt, ofmt, NULL, o->url) < 0)
        ret = VF_ERR_INTERNAL;
    if (ret < 0)
        vf_output_free(&o);
    *out = o;
    return ret;
}

int vf_output_use_plan(VfOutput *o, const VfPlan *p)
{
    const VfFormat *f = vf_format_find(p->encoding.format);
    int ret = f && f->mux_options ? f->mux_options(&o->opts, p) : 0;
    o->plan = p;
    return ret < 0 ? VF_ERR_INTERNAL : 0;
}

int vf_output_wants_global_header(const VfOutput *o)
{
    return (o->fmt->oformat->flags & AVFMT_GLOBALHEADER) != 0;
}

int vf_output_add_stream(VfOutput *o, const AVCodecContext *enc)
{
    AVStream *st = avformat_new_stream(o->fmt, NULL);
    if (!st)
        return VF_ERR_INTERNAL;
    int ret = avcodec_parameters_from_context(st->codecpar, enc);
    if (ret < 0)
        return VF_ERR_INTERNAL;
    st->time_base = enc->time_base;
    /* HEVC in MP4, MOV and HLS's fMP4 as hvc1 (parameter sets in the sample
     * description), not FFmpeg's default hev1: Apple's players (Safari,
     * iOS, QuickTime) and its HLS rules take hvc1 only. */
    const char *muxer = o->fmt->oformat->name;
    if (enc->codec_id == AV_CODEC_ID_HEVC &&
        (!strcmp(muxer, "mp4") || !strcmp(muxer, "mov") || !strcmp(muxer, "hls")))
        st->codecpar->codec_tag = MKTAG('h', 'v', 'c', '1');
    if (enc->codec_type == AVMEDIA_TYPE_VIDEO) {
        st->avg_frame_rate = enc->framerate;
        st->sample_aspect_ratio = enc->sample_aspect_ratio;
    }
    return st->index;
}

int vf_output_set_tag(VfOutput *o, const char *name, const char *value)
{
    return av_dict_set(&o->fmt->metadata, name, value, 0) < 0 ? VF_ERR_INTERNAL : 0;
}

int vf_output_start(VfOutput *o)
{
    int ret = o->folder ? (mkdir(o->temp, 0755) < 0 ? AVERROR(errno) : 0)
                        : avio_open(&o->fmt->pb, o->temp, AVIO_FLAG_WRITE);
    if (ret < 0)
        return output_error("cannot create", o->temp, ret);
    AVDictionary *opts = o->opts;
    o->opts = NULL;
    if (o->fmt->priv_data && av_opt_find(o->fmt->priv_data, "movflags", NULL, 0, 0))
        av_dict_set(&opts, "movflags",
                    o->fmt->metadata ? "+faststart+use_metadata_tags" : "+faststart", 0);
    ret = avformat_write_header(o->fmt, &opts);
    av_dict_free(&opts);
    if (ret < 0)
        return output_error("cannot write the header of", o->path, ret);
    o->started = 1;
    return 0;
}

int vf_output_write(VfOutput *o, int idx, AVPacket *pkt, AVRational enc_tb)
{
    pkt->stream_index = idx;
    av_packet_rescale_ts(pkt, enc_tb, o->fmt->streams[idx]->time_base);
    int ret = av_interleaved_write_frame(o->fmt, pkt);
    return ret < 0 ? output_error("cannot write", o->path, ret) : 0;
}

int vf_output_finish(VfOutput *o)
{
    int ret = av_write_trailer(o->fmt);
    o->started = 0;
    int cret = o->fmt->pb ? avio_closep(&o->fmt->pb) : 0;
    if (ret < 0)
        return output_error("cannot finish", o->path, ret);
    if (cret < 0)
        return output_error("cannot close", o->path, cret);
    const VfFormat *f = o->plan ? vf_format_find(o->plan->encoding.format) : NULL;
    if (f && f->finish && !o->folder && (ret = f->finish(o->url, o->plan)) < 0)
        return ret;
    o->finished = 1;
    return 0;
}

const char *vf_output_temp_path(const VfOutput *o)
{
    return o->url;
}

int vf_output_set_content_key(VfOutput *o, const char *key)
{
    free(o->content_key);
    o->content_key = key ? strdup(key) : NULL;
    return !key || o->content_key ? 0 : VF_ERR_INTERNAL;
}

/* An s3:// output: the verified temporary file becomes the object. */
static int upload(VfOutput *o)
{
    int ret = vf_s3_upload(o->temp, o->path, o->overwrite, o->content_key);
    if (ret >= 0) {
        unlink(o->temp);
        o->committed = 1;
    }
    return ret;
}

int vf_output_commit(VfOutput *o)
{
    int ret;
    if (vf_s3_is_url(o->path))
        return upload(o);
    if (o->folder) {
        ret = vf_outfolder_commit(o->temp, o->folder, o->overwrite);
        o->committed = ret >= 0;
        return ret;
    }
    if (o->overwrite) {
        ret = rename(o->temp, o->path);
    } else {
        /* link() refuses to replace an existing file, unlike rename() */
        ret = link(o->temp, o->path);
        if (ret < 0 && (errno == EPERM || errno == ENOTSUP || errno == EXDEV) &&
            access(o->path, F_OK) != 0)
            ret = rename(o->temp, o->path); /* no hard links here: best effort */
        else if (ret == 0)
            unlink(o->temp);
    }
    if (ret < 0)
        return vf_error_set(VF_ERR_OUTPUT, "cannot move the finished file to %s: %s", o->path,
                            errno == EEXIST ? "it appeared during the render (use -y)"
                                            : strerror(errno));
    o->committed = 1;
    return 0;
}

void vf_output_free(VfOutput **po)
{
    VfOutput *o = po ? *po : NULL;
    if (!o)
        return;
    if (o->fmt) {
        /* A folder muxer (HLS) holds its open segment's I/O itself, closed
         * only by the trailer; what it writes is removed below. */
        if (o->started && o->folder)
            av_write_trailer(o->fmt);
        if (o->fmt->pb)
            avio_closep(&o->fmt->pb);
        avformat_free_context(o->fmt);
    }
    av_dict_free(&o->opts);
    if (!o->committed && o->temp && o->folder)
        vf_outfolder_remove(o->temp);
    else if (!o->committed && o->temp)
        unlink(o->temp);
    free(o->path);
    free(o->temp);
    free(o->folder);
    free(o->url);
    free(o->content_key);
    free(o);
    *po = NULL;
}
