/* A private folder (0700, in $TMPDIR) for copies of remote files that are
 * read whole: images, fonts, rows, variables. Its name is chosen at create
 * (so a policy can list it), the folder made on first use; everything in it
 * is removed at free. Thread-safe. */
#ifndef VF_STORAGE_SCRATCH_H
#define VF_STORAGE_SCRATCH_H

#include <stddef.h>
#include <stdint.h>

typedef struct VfScratch VfScratch;

/* Returns 0 with *out, or VF_ERR_INTERNAL. */
int vf_scratch_create(VfScratch **out);

/* The folder's path (it may not exist yet). */
const char *vf_scratch_dir(const VfScratch *s);

/* A local copy of the s3:// object url, downloaded on the first call and
 * shared by later ones (its file name keeps url's extension). max bytes and
 * limit_hint as vf_s3_download. Returns 0 with *local (owned by s, valid
 * until free), or VF_ERR_ASSET / VF_ERR_INTERRUPTED. */
int vf_scratch_fetch(VfScratch *s, const char *url, int64_t max, const char *limit_hint,
                     const char **local);

/* A fresh file name in the folder (made now) ending like name; into out
 * (size n). Returns 0 or VF_ERR_INTERNAL. */
int vf_scratch_file(VfScratch *s, const char *name, char *out, size_t n);

/* Removes the copies and the folder, frees *s, NULLs it. Accepts NULL. */
void vf_scratch_free(VfScratch **s);

#endif
