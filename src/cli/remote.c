#include "cli/remote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "storage/s3object.h"
#include "storage/s3url.h"
#include "storage/scratch.h"
#include "vidforge/error.h"

static int refuse_offline(const char *what, const char *name)
{
    fprintf(stderr, "vidforge: network inputs are turned off (--no-network): %s %s\n", what,
            name);
    return VF_EXIT_USAGE;
}

static int need_scratch(VfCliRemote *r)
{
    if (!r->scratch && vf_scratch_create(&r->scratch) < 0)
        return vf_cli_fail(VF_ERR_INTERNAL);
    return 0;
}

static int fetch_template(VfCliArgs *a, VfCliRemote *r)
{
    size_t len = 0;
    vf_error_clear();
    int ret = vf_s3_read_all(a->template_path, (size_t)(a->policy.limits.template_size_mb * 1e6),
                             "--limit template_size=MB", &r->template_text, &len);
    if (ret < 0)
        return vf_cli_fail(ret);
    a->template_text = r->template_text;
    a->template_len = len;
    return 0;
}

/* A private copy of name; *arg then names it. */
static int fetch_copy(VfCliRemote *r, const char **arg, char *local, size_t n, double max_mb,
                      const char *hint)
{
    int code = need_scratch(r);
    vf_error_clear();
    int ret = code ? 0 : vf_scratch_file(r->scratch, *arg, local, n);
    if (!code && ret >= 0)
        ret = vf_s3_download(*arg, (int64_t)(max_mb * 1e6), hint, local);
    if (!code && ret < 0)
        code = vf_cli_fail(ret);
    if (!code)
        *arg = local;
    return code;
}

/* Where an s3:// output of the command line is written before its upload. */
static int local_output(VfCliRemote *r, const char **arg, const char **url, char *local, size_t n)
{
    int code = need_scratch(r);
    vf_error_clear();
    if (!code && vf_scratch_file(r->scratch, *arg, local, n) < 0)
        code = vf_cli_fail(VF_ERR_INTERNAL);
    if (!code) {
        *url = *arg;
        *arg = local;
    }
    return code;
}

int vf_cli_remote_begin(VfCliArgs *a, VfCliRemote *r)
{
    const struct { const char *what, *name; } reads[] = {
        { "template", a->template_path }, { "variables file", a->vars_file },
        { "rows file", a->rows },
    };
    for (size_t i = 0; i < sizeof(reads) / sizeof(reads[0]); i++)
        if (vf_s3_is_url(reads[i].name) && !a->policy.network)
            return refuse_offline(reads[i].what, reads[i].name);
    int code = vf_s3_is_url(a->template_path) ? fetch_template(a, r) : 0;
    if (!code && vf_s3_is_url(a->vars_file))
        code = fetch_copy(r, &a->vars_file, r->vars_local, sizeof(r->vars_local),
                          a->policy.limits.template_size_mb, "--limit template_size=MB");
    if (!code && vf_s3_is_url(a->rows) && (a->rows_name = a->rows))
        code = fetch_copy(r, &a->rows, r->rows_local, sizeof(r->rows_local),
                          a->policy.limits.input_size_mb, "--limit input_size=MB");
    if (!code && vf_s3_is_url(a->report))
        code = local_output(r, &a->report, &r->report_url, r->report_local,
                            sizeof(r->report_local));
    if (!code && vf_s3_is_url(a->results))
        code = local_output(r, &a->results, &r->results_url, r->results_local,
                            sizeof(r->results_local));
    return code;
}

/* A report that cannot be uploaded after a successful render is a warning
 * (the video was written, as when a local report cannot be moved in place);
 * the results of a batch are its output: exit 4. */
static int upload(const char *local, const char *url, int code, int fatal)
{
    if (!url || access(local, F_OK) != 0)
        return code;
    vf_error_clear();
    int ret = vf_s3_upload(local, url, 1, NULL);
    if (ret >= 0)
        return code;
    fprintf(stderr, "vidforge: %scannot write %s: %s\n", fatal ? "" : "warning: ", url,
            vf_error_message());
    return code || !fatal ? code : VF_EXIT_OUTPUT;
}

int vf_cli_remote_finish(VfCliRemote *r, int code)
{
    code = upload(r->report_local, r->report_url, code, 0);
    return upload(r->results_local, r->results_url, code, 1);
}

void vf_cli_remote_clear(VfCliRemote *r)
{
    vf_scratch_free(&r->scratch);
    free(r->template_text);
    memset(r, 0, sizeof(*r));
}
