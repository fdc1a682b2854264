/* The command-line front: the only code that writes to stdout/stderr. */
#ifndef VF_CLI_CLI_H
#define VF_CLI_CLI_H

#include <signal.h>

#include "template/vars.h"
#include "vidforge/diag.h"
#include "vidforge/log.h"

typedef struct VfCommand {
    const char *name;
    int (*run)(int argc, char **argv);  /* returns a process exit code */
    const char *synopsis;               /* one line: arguments */
    const char *summary;                /* one line: what it does */
    const char *help;                   /* notes after the options (options.c) */
} VfCommand;

extern const VfCommand vf_commands[];
extern const int vf_nb_commands;

/* Runs argv[0] (render, probe) in the engine module. Returns an exit code. */
int vf_cli_run_engine(int argc, char **argv);

/* The engine module's entry point (exported by vidforge-engine.so). stop is
 * the executable's interrupt flag (vf_interrupt_flag), which the module binds
 * to before anything else: one flag per process. NULL: the module installs
 * the signal handlers itself. */
typedef int (*VfEngineMain)(int argc, char **argv, volatile sig_atomic_t *stop);
#define VF_ENGINE_SYMBOL "vf_engine_main"
#define VF_ENGINE_FILE "vidforge-engine.so"

int vf_cmd_render(int argc, char **argv);
int vf_cmd_preview(int argc, char **argv);
int vf_cmd_storyboard(int argc, char **argv);
int vf_cmd_batch(int argc, char **argv);
int vf_cmd_fonts(int argc, char **argv);
int vf_cmd_deps(int argc, char **argv);
int vf_cmd_formats(int argc, char **argv);
int vf_cmd_thumbnails(int argc, char **argv);
int vf_cmd_validate(int argc, char **argv);
struct VfTemplate;
/* validate, then check_plan (vf_engine_check under the arguments' policy:
 * overlays laid out, memory estimated) on a template without findings; NULL:
 * the template alone. check_plan returns 0 or an error code. */
struct VfCliArgs;
struct VfCliRemote;
int vf_cmd_validate_with(int argc, char **argv,
                         int (*check_plan)(const struct VfCliArgs *a, const struct VfTemplate *t));
/* validate's checks beyond the template's keys, each NULL when not made:
 * layout (vf_engine_check), assets (vf_engine_check_assets: findings into
 * diags; returns 0 or the first refusal's code) and rows (--rows: the whole
 * command for a batch file; returns an exit code). */
typedef struct VfValidateChecks {
    int (*layout)(const struct VfCliArgs *a, const struct VfTemplate *t);
    int (*assets)(const struct VfCliArgs *a, const struct VfTemplate *t, VfDiagList *diags);
    int (*rows)(struct VfCliArgs *a);
    /* s3:// template, --vars, --rows: vf_cli_remote_begin and _clear (the
     * engine module's); NULL: local files only */
    int (*remote_begin)(struct VfCliArgs *a, struct VfCliRemote *r);
    void (*remote_clear)(struct VfCliRemote *r);
} VfValidateChecks;
int vf_cmd_validate_checks(int argc, char **argv, const VfValidateChecks *checks);
/* What vf_cmd_validate_checks answers from the arguments and the template
 * alone, whatever its checks: an argument error, a template that cannot be
 * read, or findings that hold an error (printed as validate prints them).
 * Returns that exit code, or -1 when the other checks have work to do
 * (nothing printed then). */
int vf_cmd_validate_early(int argc, char **argv);
/* validate --rows (engine module): returns an exit code. */
int vf_cli_validate_rows(struct VfCliArgs *a);
int vf_cmd_probe(int argc, char **argv);
int vf_cmd_presets(int argc, char **argv);
int vf_cmd_schema(int argc, char **argv);
int vf_cmd_help(int argc, char **argv);

/* Prints "vidforge: message" for err (vf_error_message or a fallback) once and
 * returns err's exit code. */
int vf_cli_fail(int err);

/* The CLI's log sink: "vidforge: [level: ]message" on stderr. */
void vf_cli_log_sink(void *opaque, VfLogLevel level, const char *msg);

/* The log level -q/--quiet and -v/--verbose ask for (notices by default). */
VfLogLevel vf_cli_log_level(int argc, char **argv);

/* SIGINT, SIGTERM, SIGHUP (unless inherited ignored, as under nohup) and
 * SIGPIPE ask the running render to stop (vf_interrupt_request). Called once,
 * first thing in main, so no request is ever overwritten or lost. */
void vf_cli_install_signals(void);

/* Prints every finding as "FILE:LINE:COL: POINTER: message" on stderr. */
void vf_cli_print_diags(const VfDiagList *diags);

/* Reads "--var K=V" into set. Returns 0 or an exit code. */
int vf_cli_add_var(VfVarSet *set, const char *kv);

/* Reads a JSON object of variables from path into set. Returns 0 or an exit code. */
struct VfLimits;
int vf_cli_add_vars_file(VfVarSet *set, const char *path, const struct VfLimits *lim);

/* Progress display; see progress.c. */
typedef enum VfProgressMode { VF_PROGRESS_AUTO, VF_PROGRESS_BAR, VF_PROGRESS_JSON,
                              VF_PROGRESS_NONE } VfProgressMode;
int vf_cli_progress_mode(const char *s, VfProgressMode *mode);
struct VfProgress;
void vf_cli_progress_bar(void *opaque, const struct VfProgress *p);
void vf_cli_progress_json(void *opaque, const struct VfProgress *p);
void vf_cli_progress_end(VfProgressMode mode);

#endif
