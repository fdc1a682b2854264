/* The command line's own files in S3: the template, --vars and --rows read
 * from s3:// names, --report and --results written to them. Part of the
 * engine. */
#ifndef VF_CLI_REMOTE_H
#define VF_CLI_REMOTE_H

#include <stddef.h>

#include "cli/args.h"

typedef struct VfCliRemote {
    struct VfScratch *scratch;       /* private copies; NULL until needed */
    char *template_text;             /* an s3:// template's text (a->template_text) */
    char vars_local[4200], rows_local[4200];
    const char *report_url, *results_url; /* the s3:// names given, or NULL */
    char report_local[4200], results_local[4200];
    const char *output_url;          /* preview/storyboard -o s3://..., or NULL */
    char output_local[4200];
    int output_overwrite;            /* -y as given */
} VfCliRemote;

/* Before a command runs (r zeroed by the caller): reads an s3:// template
 * into memory (within --limit template_size), copies s3:// --vars and --rows
 * into a private folder and points a at the copies, and points s3:// --report
 * and --results at private files that vf_cli_remote_finish uploads. The
 * caller named these files, so no --allow-path is needed; --no-network
 * refuses them (exit 2). Returns 0, or an exit code after printing why. */
int vf_cli_remote_begin(VfCliArgs *a, VfCliRemote *r);

/* After the command: uploads the --report and --results files it wrote
 * (replacing the objects, as a local file is replaced). Returns code, or 4
 * after printing why an upload failed when code was 0. */
int vf_cli_remote_finish(VfCliRemote *r, int code);

/* preview and storyboard with -o s3://bucket/key.png (r zeroed by the
 * caller): refuses an existing object without -y (HEAD, exit 4) before
 * anything is rendered, then points a->output at a private file (written
 * with a->overwrite set). Returns 0, or an exit code after printing why. */
int vf_cli_remote_output(VfCliArgs *a, VfCliRemote *r);

/* After the command, when it succeeded (code 0): checks that the private
 * file is a whole PNG (decoded by FFmpeg, a picture of nonzero size) and
 * uploads it (If-None-Match without -y). Returns code, or 4 after printing
 * why. */
int vf_cli_remote_put_output(VfCliRemote *r, int code);

void vf_cli_remote_clear(VfCliRemote *r);

#endif
