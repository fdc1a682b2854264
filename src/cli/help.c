#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
#include <stdlib.h>
#include "template/presets.h"
#include "vidforge/policy.h"
#include "template/schema_json.h"

static const char exit_codes[] =
    "Exit codes:\n"
    "  0    success\n"
    "  1    internal error\n"
    "  2    usage error or invalid template\n"
    "  3    an input asset is missing, unreadable or corrupt (media, image, font)\n"
    "  4    encoding, output or verification failed (also: output exists without -y)\n"
    "  5    batch: some rows failed (the others rendered)\n"
    "  130  interrupted (SIGINT/SIGTERM); no output file is left\n";

static void general_help(FILE *f)
{
    fprintf(f, "Usage: vidforge COMMAND [ARGS]\n\nRender videos from JSON templates.\n\n"
               "Commands:\n");
    for (int i = 0; i < vf_nb_commands; i++)
        fprintf(f, "  %-10s %s\n", vf_commands[i].name, vf_commands[i].summary);
    fprintf(f, "  --version  print the version\n\n%s\n"
               "Run 'vidforge help COMMAND' for a command's options, 'vidforge help limits'\n"
               "for the limits on templates.\n", exit_codes);
}

int vf_cmd_help(int argc, char **argv)
{
    if (argc < 2) {
        general_help(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "limits")) {
        printf("Limits on what a template may ask for (change with --limit NAME=VALUE on\n"
               "render, preview, storyboard, batch and validate):\n\n");
        char line[128];
        for (int i = 0; vf_limits_describe(NULL, i, line, sizeof(line)); i++)
            printf("  %s\n", line);
        return 0;
    }
    for (int i = 0; i < vf_nb_commands; i++) {
        const VfCommand *c = &vf_commands[i];
        if (strcmp(argv[1], c->name))
            continue;
        printf("Usage: vidforge %s %s\n\n%s.\n", c->name, c->synopsis, c->summary);
        if (c->help[0])
            printf("\nOptions:\n%s", c->help);
        printf("\n%s", exit_codes);
        return 0;
    }
    fprintf(stderr, "vidforge: no help for unknown command \"%s\"\n", argv[1]);
    return 2;
}

int vf_cmd_presets(int argc, char **argv)
{
    if (argc > 1) {
        fprintf(stderr, "vidforge: presets takes no arguments\n");
        return 2;
    }
    printf("%-20s %-11s %-5s %-8s %-13s %-9s %s\n", "NAME", "SIZE", "FPS", "CODEC", "VIDEO",
           "AUDIO", "FOR");
    for (int i = 0; i < vf_nb_output_presets; i++) {
        const VfOutputPreset *p = &vf_output_presets[i];
        char size[24], rate[24], audio[24];
        snprintf(audio, sizeof(audio), "%lldk", (long long)(p->audio_bitrate / 1000));
        snprintf(size, sizeof(size), "%dx%d", p->width, p->height);
        if (p->crf >= 0)
            snprintf(rate, sizeof(rate), "crf %g", p->crf);
        else
            snprintf(rate, sizeof(rate), "%g Mbit/s", p->bitrate / 1e6);
        printf("%-20s %-11s %-5g %-8s %-13s %-9s %s\n", p->name, size, p->fps, p->codec, rate,
               audio, p->use);
    }
    return 0;
}

int vf_cmd_schema(int argc, char **argv)
{
    if (argc > 1) {
        fprintf(stderr, "vidforge: schema takes no arguments\n");
        return 2;
    }
    char *json = vf_schema_json();
    if (!json)
        return 1;
    printf("%s\n", json);
    free(json);
    return 0;
}
