#include <stdio.h>
#include <stdlib.h>
#include "cli/cli.h"
#include "media/probe.h"

int vf_cmd_probe(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "vidforge: probe needs one MEDIA argument (see vidforge help probe)\n");
        return 2;
    }
    VfProbe probe;
    int ret = vf_probe_file(argv[1], &probe);
    if (ret < 0)
        return vf_cli_fail(ret);
    char *json = vf_probe_to_json(&probe, argv[1]);
    if (!json)
        return 1;
    printf("%s\n", json);
    free(json);
    return 0;
}
