#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "vidforge/error.h"
#include "vidforge/vidforge.h"

int vf_cmd_probe(int argc, char **argv)
{
    int loudness = argc == 3 && (!strcmp(argv[1], "--loudness") || !strcmp(argv[2], "--loudness"));
    const char *media = loudness && !strcmp(argv[1], "--loudness") ? argv[2] : argv[1];
    if (argc != 2 && !loudness) {
        fprintf(stderr, "vidforge: probe needs one MEDIA argument (see vidforge help probe)\n");
        return VF_EXIT_USAGE;
    }
    VfCliArgs a = { 0 };
    VfEngine *e = NULL;
    char *json = NULL;
    a.log_level = vf_cli_log_level(argc, argv);
    vf_policy_init(&a.policy);
    a.no_cache = 1;
    int code = vf_cli_engine_create(&a, &e);
    int ret = code       ? 0
            : loudness ? vf_engine_loudness(e, media, &json)
                       : vf_engine_probe(e, media, &json);
    if (!code && ret < 0)
        code = vf_cli_fail(ret);
    if (!code)
        printf("%s\n", json);
    free(json);
    vf_engine_free(&e);
    vf_cli_args_clear(&a);
    return code;
}
