/* The engine module's entry: the commands that decode, composite or encode. */
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/remote.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"
#include "vidforge/log.h"
#include "vidforge/vidforge.h"

/* The checks render makes before drawing (layer sizes, memory), with an
 * engine made from the arguments. */
static int check_layers(const VfCliArgs *a, const VfTemplate *t)
{
    VfCliArgs uncached = *a;
    VfEngine *e = NULL;
    uncached.no_cache = 1;
    if (vf_cli_engine_create(&uncached, &e))
        return VF_ERR_INTERNAL;
    int ret = vf_engine_check(e, t);
    vf_engine_free(&e);
    return ret;
}

/* The checks render makes on every file before decoding, and placement. */
static int check_assets(const VfCliArgs *a, const VfTemplate *t, VfDiagList *diags)
{
    VfCliArgs uncached = *a;
    VfEngine *e = NULL;
    uncached.no_cache = 1;
    if (vf_cli_engine_create(&uncached, &e))
        return VF_ERR_INTERNAL;
    int ret = vf_engine_check_assets(e, t, diags);
    vf_engine_free(&e);
    return ret;
}

static int validate_layers(int argc, char **argv)
{
    VfValidateChecks checks = { check_layers, check_assets, vf_cli_validate_rows,
                                vf_cli_remote_begin, vf_cli_remote_clear };
    return vf_cmd_validate_checks(argc, argv, &checks);
}

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} engine_commands[] = {
    { "render", vf_cmd_render },
    { "probe", vf_cmd_probe },
    { "preview", vf_cmd_preview },
    { "storyboard", vf_cmd_storyboard },
    { "batch", vf_cmd_batch },
    { "fonts", vf_cmd_fonts },
    { "formats", vf_cmd_formats },
    { "thumbnails", vf_cmd_thumbnails },
    { "validate", validate_layers },
    { "deps", vf_cmd_deps },
};

__attribute__((visibility("default"))) int vf_engine_main(int argc, char **argv,
                                                          volatile sig_atomic_t *stop);

int vf_engine_main(int argc, char **argv, volatile sig_atomic_t *stop)
{
    /* until a command's engine binds its own: messages of argument checks */
    VfLogger front = { vf_cli_log_sink, NULL, vf_cli_log_level(argc, argv) };
    if (stop)
        vf_interrupt_bind(stop); /* the executable's flag: set while we loaded? kept */
    else
        vf_cli_install_signals();
    vf_log_bind(&front);
    for (size_t i = 0; i < sizeof(engine_commands) / sizeof(engine_commands[0]); i++) {
        if (strcmp(argv[0], engine_commands[i].name))
            continue;
        /* a stop requested while the module loaded: nothing started yet */
        int code = vf_interrupt_requested() ? vf_cli_fail(VF_ERR_INTERRUPTED)
                                            : engine_commands[i].run(argc, argv);
        /* whatever failed after a stop request failed because of it */
        return code && vf_interrupt_requested() ? VF_EXIT_INTERRUPTED : code;
    }
    return VF_EXIT_USAGE;
}
