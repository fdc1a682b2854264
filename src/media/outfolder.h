/* Folder outputs (HLS, PNG sequences): the target names a file inside a
 * folder of the format's own ("out/index.m3u8", "frames/%05d.png"). The
 * muxer writes into a hidden temporary folder beside that folder, which
 * replaces it as a whole once verified: a failed or interrupted render
 * leaves nothing, a reader never sees half a folder. */
#ifndef VF_MEDIA_OUTFOLDER_H
#define VF_MEDIA_OUTFOLDER_H

#include "media/formats.h"

/* The folder of path, a folder output of format f: 0 and *folder (malloc'd),
 * or VF_ERR_USAGE when path has no folder of its own ("index.m3u8", "/x.png")
 * or, for a PNG sequence, its file name holds no frame number. */
int vf_outfolder_name(const char *path, const VfFormat *f, char **folder);

/* Whether folder may be written: 0 when it does not exist; when it does,
 * VF_ERR_OUTPUT without overwrite ("exists (use -y ...)"), and with
 * overwrite unless it holds only regular files named as f writes them
 * (f->folder_globs): -y never deletes files vidforge did not write. */
int vf_outfolder_check(const char *folder, const VfFormat *f, int overwrite);

/* Moves the finished temporary folder temp to folder. Without overwrite it
 * never replaces a folder that appeared meanwhile; with overwrite an
 * existing folder is exchanged with temp in one step (renameat2) and then
 * removed. Returns 0 or VF_ERR_OUTPUT with a message. */
int vf_outfolder_commit(const char *temp, const char *folder, int overwrite);

/* Removes dir and the files in it (one level: folder outputs are flat).
 * Accepts NULL and a folder that does not exist. */
void vf_outfolder_remove(const char *dir);

#endif
