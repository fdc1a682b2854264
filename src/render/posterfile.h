/* A poster picture that appears whole or not at all: vf_poster_file_write
 * draws it into a hidden temporary file (beside its final path; in $TMPDIR
 * for an s3:// name), vf_poster_file_commit moves it in place (or uploads
 * it), vf_poster_file_clear removes whatever is still temporary. Used by
 * render --poster, batch --poster and the template's output.poster. */
#ifndef VF_RENDER_POSTERFILE_H
#define VF_RENDER_POSTERFILE_H

#include <stdint.h>

typedef struct VfPosterFile {
    char *path;   /* final name (file or s3://bucket/key); owned */
    char *temp;   /* written, waiting for the commit; owned; NULL: none */
} VfPosterFile;

/* Writes the RGB24 picture (rows `stride` bytes apart) under a temporary
 * name for path, in the format path's extension names (render/poster.h).
 * The picture is read back (its codec and size probed) before it counts as
 * written. p must be zeroed or cleared; it takes a copy of path. Returns 0,
 * VF_ERR_USAGE (unknown extension) or VF_ERR_OUTPUT with a message; on
 * failure nothing is left on disk. */
int vf_poster_file_write(VfPosterFile *p, const char *path, const uint8_t *rgb, int width,
                         int height, int stride);

/* Reads the picture in file back (probed): one video stream of the codec
 * the extension of file names (png, mjpeg, webp), width x height. path names
 * it in messages. Returns 0 or VF_ERR_OUTPUT with a message. */
int vf_poster_file_verify(const char *file, const char *path, int width, int height);

/* Moves the written picture to p->path: rename (overwrite), link (never
 * replacing a file that appeared meanwhile), or an S3 upload. Returns 0 or
 * VF_ERR_OUTPUT / VF_ERR_INTERRUPTED with a message; the temporary file is
 * gone either way. A p with nothing written commits nothing (0). */
int vf_poster_file_commit(VfPosterFile *p, int overwrite);

/* Removes the temporary file if any and frees p's strings. Accepts a zeroed p. */
void vf_poster_file_clear(VfPosterFile *p);

/* 1 when path (a file or an s3:// object) exists, 0 when not, or
 * VF_ERR_OUTPUT when an object cannot be checked (message set). */
int vf_poster_file_exists(const char *path);

#endif
