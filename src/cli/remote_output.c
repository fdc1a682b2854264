/* preview and storyboard writing their PNG to S3: rendered into a private
 * file, checked, then uploaded, so an object appears only whole. */
#include <stdio.h>

#include "cli/remote.h"
#include "media/probe.h"
#include "storage/s3object.h"
#include "storage/s3url.h"
#include "storage/scratch.h"
#include "vidforge/error.h"

int vf_cli_remote_output(VfCliArgs *a, VfCliRemote *r)
{
    if (!vf_s3_is_url(a->output))
        return 0;
    if (!a->policy.network) {
        fprintf(stderr, "vidforge: network outputs are turned off (--no-network): %s\n",
                a->output);
        return VF_EXIT_USAGE;
    }
    VfS3Object info = { 0, -1, "", "" };
    vf_error_clear();
    int ret = a->overwrite ? 0 : vf_s3_head(a->output, VF_ERR_OUTPUT, &info);
    if (ret >= 0 && info.exists)
        ret = vf_error_set(VF_ERR_OUTPUT, "%s already exists (use -y to overwrite)", a->output);
    if (ret >= 0 && !r->scratch)
        ret = vf_scratch_create(&r->scratch);
    if (ret >= 0)
        ret = vf_scratch_file(r->scratch, a->output, r->output_local, sizeof(r->output_local));
    if (ret < 0)
        return vf_cli_fail(ret);
    r->output_url = a->output;
    r->output_overwrite = a->overwrite;
    a->output = r->output_local;
    a->overwrite = 1; /* the private file exists already, empty */
    return 0;
}

/* The file is a picture FFmpeg decodes whole, not a truncated write. */
static int check_png(const char *local, const char *url)
{
    VfProbe probe;
    int ret = vf_probe_file(local, 0, &probe);
    if (ret >= 0 && (probe.video < 0 || probe.streams[probe.video].width <= 0))
        ret = -1;
    return ret < 0 ? vf_error_set(VF_ERR_OUTPUT, "the picture for %s did not verify (not a "
                                  "readable PNG); nothing was uploaded", url) : 0;
}

int vf_cli_remote_put_output(VfCliRemote *r, int code)
{
    if (code || !r->output_url)
        return code;
    vf_error_clear();
    int ret = check_png(r->output_local, r->output_url);
    if (ret >= 0)
        ret = vf_s3_upload(r->output_local, r->output_url, r->output_overwrite, NULL);
    return ret < 0 ? vf_cli_fail(ret) : 0;
}
