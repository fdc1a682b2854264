/* Arguments shared by `render` and `validate`, and loading the template they
 * name (printing its findings). Linked into the CLI and the engine. */
#ifndef VF_CLI_ARGS_H
#define VF_CLI_ARGS_H

#include <stdint.h>

#include "cli/cli.h"
#include "template/template.h"
#include "vidforge/policy.h"

typedef struct VfCliArgs {
    const char *template_path;
    const char *output;
    VfVarSet vars;             /* --var, in order */
    const char *vars_file;     /* --vars */
    int overwrite, dry_run, json_format;
    VfProgressMode progress;
    double at;                 /* preview --at, seconds; < 0: not given */
    int guides;                /* preview/storyboard --guides */
    double every;              /* storyboard --every, seconds; <= 0: not given */
    int at_changes;            /* storyboard --at-changes */
    const char *rows;          /* batch --rows */
    int jobs;                  /* batch --jobs (0: default) */
    int encoders;              /* batch --encoders (0: default) */
    const char *shard;         /* batch --shard I/N or auto */
    const char *results;       /* batch --results FILE.jsonl */
    int force, fail_fast;      /* batch --force, --fail-fast */
    const char *cache_dir;     /* --cache-dir (default: $XDG_CACHE_HOME/vidforge) */
    int64_t cache_size;        /* --cache-size, bytes (0: default 256 MB) */
    int no_cache;              /* --no-cache */
    const char *report;        /* render --report FILE.json */
    double min_psnr;           /* render --min-psnr DB (0: none) */
    VfPolicy policy;           /* --limit, --allow-path, --no-network; owned */
    VfLogLevel log_level;      /* -q, -v (notices by default) */
    int schema_only, strict;   /* validate --schema-only, --strict */
    int max_tiles;             /* storyboard --max-tiles (0: default 64) */
    const char *guides_app;    /* --guides APP (reels, tiktok, shorts); NULL: none */
    char *output_folded;       /* -o as given, "x/.." folded (vf_path_fold); owned */
    const char *template_text; /* the template read already (from S3; not owned), or NULL */
    size_t template_len;
    const char *notify;        /* render/batch --notify URL */
    const char *poster;        /* render --poster SECONDS[:FILE] */
    int no_reuse;              /* render/batch --no-reuse */
    const char *rows_name;     /* --rows as given when rows names its local copy; NULL */
} VfCliArgs;

/* Parses argv (argv[0] is the command name) into a (zeroed by the caller;
 * clear it with vf_cli_args_clear). Returns 0 or an exit code. */
int vf_cli_parse_args(VfCliArgs *a, int argc, char **argv, const char *shortopts);

/* Loads the template with --vars then --var applied, printing findings on
 * stderr (or as a JSON array on stdout when print_json). Returns 0 with *t,
 * or an exit code. */
int vf_cli_load_template(VfCliArgs *a, VfTemplate **t, int print_json);

/* Same; on failure why receives the first error (FILE:LINE:COL: POINTER:
 * message) or the failure's sentence, "" when it was printed otherwise
 * (a --vars file). why may be NULL. */
int vf_cli_load_template_why(VfCliArgs *a, VfTemplate **t, int print_json, char *why,
                             size_t why_len);

/* Loads the template, its findings appended to diags, printing none of
 * them. Returns 0, 2 (findings in diags), -1 (the failure's message set,
 * *err its code; not printed), or another exit code after printing why (a
 * --vars file). err may be NULL. */
int vf_cli_load_quiet(VfCliArgs *a, VfTemplate **t, VfDiagList *diags, int *err);

/* Prints findings on stderr, or as a JSON array on stdout. */
void vf_cli_print_findings(const VfDiagList *diags, int json);

/* --vars FILE then --var (which win) into out. Returns 0 or an exit code. */
int vf_cli_collect_vars(VfCliArgs *a, VfVarSet *out);

void vf_cli_args_clear(VfCliArgs *a);

struct VfPlan;
struct VfEngine;
/* Creates the engine, loads the template, plans it and runs action on the
 * plan (engine commands only: planning needs the media libraries). Returns
 * an exit code. */
int vf_cli_with_plan(VfCliArgs *a, int (*action)(const VfCliArgs *a, struct VfEngine *e,
                                                  const struct VfPlan *plan));

struct VfTemplate;
/* The output a render of t writes (engine commands only: render, deps): -o,
 * else the template's output (relative to its folder), else NAME with the
 * format's extension here (encoding.format, the output preset's, .mov when
 * transparent, else .mp4; HLS and PNG sequences: a folder NAME). malloc'd. */
char *vf_cli_output_path(const VfCliArgs *a, const struct VfTemplate *t);

/* Creates the engine the arguments ask for (engine commands only): their
 * policy, the CLI's log sink at their level, and the on-disk raster cache
 * --cache-dir, else $XDG_CACHE_HOME/vidforge, else ~/.cache/vidforge, capped
 * at --cache-size (256 MB); none with --no-cache. A cache folder that cannot
 * be used is a warning, not a failure. Returns 0 or an exit code. */
int vf_cli_engine_create(const VfCliArgs *a, struct VfEngine **e);

#endif
