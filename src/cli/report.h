/* `render --report FILE.json`: what a render did, stage by stage. Part of
 * the engine. */
#ifndef VF_CLI_REPORT_H
#define VF_CLI_REPORT_H

#include "vidforge/plan.h"
#include "vidforge/vidforge.h"

typedef struct VfCliReport {
    const char *template_path, *output;
    double parse_seconds;          /* loading and checking the template */
    double plan_seconds;           /* probing the input, layout, rasters */
    const VfPlan *plan;            /* NULL when planning failed */
    const VfRenderResult *result;  /* NULL when the render did not start */
    int exit_code;
    const char *error;             /* the failure's sentence, "" on success */
    long cache_hits, cache_misses; /* the engine's raster cache */
    char *staged;                  /* vf_cli_stage_report's temporary file, owned */
    const char *notify_url;        /* --notify, or NULL */
    const char *notify_error;      /* why the notification failed, or NULL */
} VfCliReport;

/* Checks before a render that path's folder can take the report. Returns 0,
 * or 4 after printing why not. */
int vf_cli_check_report_path(const char *path);

/* Before the video is committed: writes the report (as it will be on
 * success) to a temporary file beside path, kept in r->staged. Returns 0, or
 * VF_ERR_OUTPUT with a sentence saying the video was not written (the caller
 * abandons the render, so a full disk never leaves a video without its
 * report). */
int vf_cli_stage_report(const char *path, VfCliReport *r);

/* After the commit: renames the staged report to path. Should that fail, the
 * video stays and a warning says the video was written and the report was
 * not (the render still succeeded: a retry must not meet "already exists"). */
void vf_cli_publish_report(const char *path, VfCliReport *r);

/* Removes the staged report, if any (the render failed). */
void vf_cli_discard_report(VfCliReport *r);

/* Writes the report as JSON to path atomically (temporary file + rename),
 * or as one line on stdout when path is "-".
 * Returns 0, or -1 after printing why it could not. */
int vf_cli_write_report(const char *path, const VfCliReport *r);

/* The report as one JSON line with "event": event first (a --notify body).
 * Caller frees with free(). NULL when out of memory. */
char *vf_cli_report_event(const VfCliReport *r, const char *event);

#endif
