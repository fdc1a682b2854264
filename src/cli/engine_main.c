/* The engine module's entry: the commands that decode, composite or encode. */
#include <string.h>
#include "cli/cli.h"
#include "plan/plan.h"
#include "vidforge/log.h"

/* validate with the checks render makes before drawing (layer sizes, memory). */
static int validate_layers(int argc, char **argv)
{
    return vf_cmd_validate_with(argc, argv, vf_plan_check);
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
    { "validate", validate_layers },
};

__attribute__((visibility("default"))) int vf_engine_main(int argc, char **argv);

int vf_engine_main(int argc, char **argv)
{
    vf_log_init(vf_cli_log_sink, NULL, vf_cli_log_level(argc, argv));
    vf_media_log_init();
    vf_cli_install_signals();
    for (size_t i = 0; i < sizeof(engine_commands) / sizeof(engine_commands[0]); i++)
        if (!strcmp(argv[0], engine_commands[i].name))
            return engine_commands[i].run(argc, argv);
    return 2;
}
