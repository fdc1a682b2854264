/* Path helpers. Returned strings are malloc'd and owned by the caller. */
#ifndef VF_UTIL_PATH_H
#define VF_UTIL_PATH_H

#include <stddef.h>

/* Folder part of path ("." when it has none). NULL on out of memory. */
char *vf_path_dirname(const char *path);

/* File name without folder and without its last extension. */
char *vf_path_stem(const char *path);

/* rel resolved against dir; rel itself when absolute or a URL. */
char *vf_path_join(const char *dir, const char *rel);

/* path with "." and "x/.." folded and repeated slashes removed, lexically
 * (no file system access); leading ".." of a relative path are kept. */
char *vf_path_normalize(const char *path);

/* path with ".", repeated slashes and "x/.." folded where that names the
 * same file: x an existing folder, not a symbolic link (the file system is
 * asked). What messages show and what is opened. URLs are returned as they
 * are. NULL on out of memory. */
char *vf_path_fold(const char *path);

/* 1 when the normalized path lies inside the normalized folder dir (a
 * relative dir "" or "." means the current folder: path must be relative and
 * not climb out of it). */
int vf_path_within(const char *path, const char *dir);

/* 1 when a file created at path would land inside dir: path's existing
 * folders and dir are resolved (symbolic links, ".."), folders that do not
 * exist yet are taken as written. real receives where path lands (n bytes);
 * 0 also when a folder cannot be resolved. For outputs. */
int vf_path_within_real(const char *path, const char *dir, char *real, size_t n);

/* 1 when path names a readable regular file. */
int vf_path_is_readable_file(const char *path);

/* 1 when s looks like a URL ("scheme://..."). */
int vf_path_is_url(const char *s);

/* The file name FFmpeg's image2 demuxer makes of pattern for number, as
 * av_get_frame_filename does: "%d", "%Nd" and "%0Nd" become the number
 * zero-padded to N digits, "%%" becomes "%"; exactly one number, no other
 * conversion. Writes at most size bytes (as FFmpeg, a longer name is cut).
 * Returns 0, or -1 when pattern is not a numbered pattern (image2 then reads
 * it as one file). */
int vf_path_frame_name(char *buf, size_t size, const char *pattern, int number);

/* 1 when image2's default pattern type would expand pattern as a glob: a "%"
 * followed by one of * ? [ ] { } ("img%*.png"). */
int vf_path_is_glob(const char *pattern);

/* mkdir -p: creates dir and its missing parents (mode 0755). Returns 0 when
 * dir exists as a folder afterwards, else -1 with errno set. */
int vf_path_mkdirs(const char *dir);

#endif
