/* The output file: muxing into a temporary file beside the final path, which
 * appears only when the render succeeded (atomic rename). An s3://bucket/key
 * output is muxed into a temporary file in $TMPDIR and uploaded once
 * verified. A folder output (HLS "out/index.m3u8", PNG sequence
 * "frames/%05d.png": formats with folder_file) is muxed into a temporary
 * folder beside its folder, which replaces the folder as a whole
 * (media/outfolder.h). */
#ifndef VF_MEDIA_OUTPUT_H
#define VF_MEDIA_OUTPUT_H

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>

typedef struct VfOutput VfOutput;

/* Checks that path names a container vidforge can write as one file, or a
 * folder output of its own folder: 0, or VF_ERR_USAGE when the extension
 * names no muxer, a muxer that writes more than one file (dash, segment,
 * tee, any AVFMT_NOFILE muxer) outside the formats table's folder outputs,
 * or a folder output without a folder of its own (vf_outfolder_name). */
int vf_output_check_format(const char *path);

/* 1 when path names a folder output (HLS playlist, PNG frame pattern). */
int vf_output_is_folder(const char *path);

/* Prepares to write path (checking it with vf_output_check_format first). Fails with VF_ERR_OUTPUT when path exists and
 * overwrite is 0, or its folder is not writable; VF_ERR_USAGE when the
 * container cannot be told from the extension. */
int vf_output_open(VfOutput **out, const char *path, int overwrite);

struct VfPlan;
/* Takes the muxer options plan p's format asks for (GIF's loop count), used
 * when the header is written, and p for the format's touch to the finished
 * file (vf_output_finish): p must outlive that. Returns 0 or VF_ERR_INTERNAL. */
int vf_output_use_plan(VfOutput *o, const struct VfPlan *p);

/* 1 when encoders must put codec headers in extradata (AV_CODEC_FLAG_GLOBAL_HEADER). */
int vf_output_wants_global_header(const VfOutput *o);

/* Adds a stream for an opened encoder; returns its index or a negative code. */
int vf_output_add_stream(VfOutput *o, const AVCodecContext *enc);

/* Stores a metadata tag (name = value) in the container's header, e.g. the
 * render's content key as "vidforge_key"; MP4/MOV write it as an `mdta`
 * key. Call before vf_output_start. Returns 0 or VF_ERR_INTERNAL. */
int vf_output_set_tag(VfOutput *o, const char *name, const char *value);

/* Creates the temporary file and writes the header (moov at the front for
 * MP4/MOV once finished). */
int vf_output_start(VfOutput *o);

/* Writes one packet of stream idx, timestamps in enc_tb. Takes the packet's
 * reference. */
int vf_output_write(VfOutput *o, int idx, AVPacket *pkt, AVRational enc_tb);

/* Writes the trailer and closes the temporary file. */
int vf_output_finish(VfOutput *o);

/* The temporary file's path (valid until free), for verification; for a
 * folder output, the playlist or frame pattern inside the temporary folder. */
const char *vf_output_temp_path(const VfOutput *o);

/* The render's content key (hex), stored with an s3:// output as
 * x-amz-meta-vidforge-key; copied. Returns 0 or VF_ERR_INTERNAL. */
int vf_output_set_content_key(VfOutput *o, const char *key);

/* Moves the finished temporary file to the final path; an s3:// output is
 * uploaded instead (vf_s3_upload: not replacing an object without overwrite,
 * multipart above 64 MB, nothing left on failure). Without overwrite it
 * never replaces a file that appeared meanwhile. */
int vf_output_commit(VfOutput *o);

/* Frees o; removes the temporary file unless committed. Accepts NULL. */
void vf_output_free(VfOutput **o);

#endif
