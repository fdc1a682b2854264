/* The command-line options: one table that the parser (args.c) reads to
 * accept or refuse an option and that `vidforge help COMMAND` prints, so the
 * two cannot drift. Adding an option is adding a row (and, for a new kind of
 * value, a setter). Linked into the CLI and the engine. */
#ifndef VF_CLI_OPTIONS_H
#define VF_CLI_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

struct VfCliArgs;

/* Stores value (may be NULL for a flag) in a; cmd is the command's name for
 * messages. Returns 0 or an exit code (after printing why). */
typedef int (*VfCliSetter)(struct VfCliArgs *a, const char *cmd, const char *value,
                           size_t field);

typedef struct VfCliOption {
    const char *name;       /* long name, without "--" */
    char short_name;        /* 'o', or 0 */
    const char *arg;        /* the value's name in help ("FILE"); NULL: takes none */
    const char *commands;   /* the commands taking it, space-separated; "*": all */
    const char *help;       /* sentences; help wraps them */
    VfCliSetter set;
    size_t field;           /* offsetof(VfCliArgs, x) for the generic setters */
} VfCliOption;

/* The table, in the order help lists it. Several rows may share a name with
 * different commands (the help text differs); a command takes the first. */
extern const VfCliOption vf_cli_options[];
#define VF_CLI_MAX_OPTIONS 128 /* distinct long names the parser takes */
extern const int vf_cli_nb_options;

/* 1 when the space-separated list cmds names cmd (or is "*"). */
int vf_cli_command_in(const char *cmds, const char *cmd);

/* The row of option name (long name, or a one-character short name when
 * name[1] is 0) that cmd takes; NULL when cmd takes none. *known is 1 when
 * some command takes it. */
const VfCliOption *vf_cli_option_find(const char *name, const char *cmd, int *known);

/* Prints cmd's options, one per row, as `vidforge help COMMAND` shows them.
 * Returns the number printed. */
int vf_cli_options_print(FILE *f, const char *cmd);

/* 1 when argv (argv[0] the command) asks for help: -h or --help where an
 * option may stand (not as another option's value, not after "--"). */
int vf_cli_wants_help(int argc, char **argv);

#endif
