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
} VfCliReport;

/* Checks before a render that path's folder can take the report. Returns 0,
 * or 4 after printing why not. */
int vf_cli_check_report_path(const char *path);

/* Writes the report as JSON to path atomically (temporary file + rename),
 * or as one line on stdout when path is "-".
 * Returns 0, or -1 after printing why it could not. */
int vf_cli_write_report(const char *path, const VfCliReport *r);

#endif
