/* Content identity of a source: bytes for files, ETag for S3 objects. */
#include "plan/identity.h"

#include <stdio.h>
#include <sys/stat.h>

#include "storage/s3object.h"
#include "storage/s3url.h"
#include "util/path.h"
#include "vidforge/error.h"

static int s3_identity(const char *path, const char *what, char *buf, size_t size)
{
    VfS3Object info;
    int ret = vf_s3_head(path, VF_ERR_ASSET, &info);
    if (ret < 0)
        return ret;
    if (!info.exists)
        return vf_error_set(VF_ERR_ASSET, "%s %s does not exist", what, path);
    snprintf(buf, size, "s3 %s etag %s size %lld", path, info.etag, (long long)info.size);
    return 0;
}

int vf_source_identity(VfDigestMemo *memo, const char *path, const char *what, char *buf,
                       size_t size)
{
    char hex[VF_DIGEST_HEX];
    struct stat st;
    if (vf_s3_is_url(path))
        return s3_identity(path, what, buf, size);
    if (vf_path_is_url(path) || stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(buf, size, "name %s", path);
        return 0;
    }
    int ret = vf_digest_file(memo, path, hex);
    if (ret == VF_ERR_INTERRUPTED)
        return ret;
    if (ret < 0)
        return vf_error_set(VF_ERR_ASSET, "cannot read %s %s", what, path);
    snprintf(buf, size, "sha256 %s", hex);
    return 0;
}
