/* vidforge's entry point: logging, signals, and the command table.
 * Every command but presets, schema and help runs in the engine module,
 * loaded only for them: the light commands start in a millisecond instead of
 * paying for the dynamic linking of FFmpeg's whole dependency tree. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "vidforge/error.h"
#include "vidforge/log.h"
#include "vidforge/vidforge.h"

#define CACHE_HELP \
    "  --cache-dir DIR       keep rasterized layers in DIR (default $XDG_CACHE_HOME/vidforge,\n" \
    "                        else ~/.cache/vidforge); a later run reuses them\n" \
    "  --cache-size SIZE     cap of that folder, least recently used files go first\n" \
    "                        (256M by default; K, M, G; a plain number is megabytes)\n" \
    "  --no-cache            neither read nor write the raster cache\n"

/* What a template may read and consume, for every command that loads one. */
#define POLICY_HELP \
    "  -q, --quiet           no notices, only errors\n" \
    "  -v, --verbose         also FFmpeg's messages\n" \
    "  --allow-path DIR      let templates read files under DIR too (repeatable; by default\n" \
    "                        their folder, the current folder unless /, the font folders)\n" \
    "  --no-network          refuse http(s) inputs\n" \
    "  --limit NAME=VALUE    change a limit (see vidforge help limits)\n"

const VfCommand vf_commands[] = {
    { "render", vf_cli_run_engine,
      "TEMPLATE [-o OUT] [--var KEY=VALUE]... [--vars FILE.json] [-y] "
      "[--progress auto|bar|json|none] [--dry-run] [--report FILE.json] [--min-psnr DB]",
      "render a template to a video file",
      "  -o, --output OUT      output file, anywhere (default: the template's \"output\",\n"
      "                        which must lie in the template's folder, else NAME.mp4);\n"
      "                        one file: .mp4, .mov or .mkv (H.264/HEVC); muxers that\n"
      "                        write several files (.m3u8, .mpd, .png) are refused\n"
      "  --var KEY=VALUE       set a variable (repeatable; wins over --vars and the template)\n"
      "  --vars FILE.json      variables from a JSON object\n"
      "  -y, --overwrite       replace OUT if it exists\n"
      "  --progress MODE       auto (bar on a terminal), bar, json (stdout), none\n"
      "  --dry-run             print the plan and the filter graph, render nothing\n"
      "  --report FILE.json    write what the render did: seconds and CPU per stage,\n"
      "                        frames, fps, speed, peak memory, the encoder and why,\n"
      "                        cache hits and misses, PSNR and SSIM measured by the\n"
      "                        encoder (FILE - : one JSON line on stdout). FILE is\n"
      "                        written before the video is committed: when it cannot\n"
      "                        be (full disk), exit 4 and no video; a retry starts\n"
      "                        clean. Anything failing after the commit (moving the\n"
      "                        report in place, stdout) is a warning saying the video\n"
      "                        was written, and exit 0\n"
      "  --min-psnr DB         fail (exit 4, no output file) when the encoder measures a\n"
      "                        PSNR below DB\n"
      CACHE_HELP
      POLICY_HELP },
    { "preview", vf_cli_run_engine,
      "TEMPLATE --at SECONDS -o FRAME.png [--var KEY=VALUE]... [--vars FILE.json] [-y] [--guides]",
      "write the frame a render would show at a time, as a PNG",
      "  --at SECONDS          the time; the frame shown then is floor(SECONDS * fps)\n"
      "  -o, --output FILE     the PNG to write (required)\n"
      "  --var KEY=VALUE       set a variable\n"
      "  --vars FILE.json      variables from a JSON object\n"
      "  -y, --overwrite       replace FILE if it exists\n"
      "  --guides              draw each overlay's box and id, and the safe areas\n"
      CACHE_HELP
      POLICY_HELP },
    { "storyboard", vf_cli_run_engine,
      "TEMPLATE -o SHEET.png [--every SECONDS | --at-changes] [--guides] [--var KEY=VALUE]... "
      "[--vars FILE.json] [-y]",
      "write a contact sheet of frames, each labelled with its time",
      "  -o, --output FILE     the PNG to write (required)\n"
      "  --every SECONDS       a frame every SECONDS from 0\n"
      "  --at-changes          (default) frames at 0, each overlay's first and last frame,\n"
      "                        each animation's midpoint, each clip's first and last\n"
      "                        frame and each transition's midpoint\n"
      "  --guides              draw each overlay's box and id, and the safe areas\n"
      "  --var KEY=VALUE       set a variable\n"
      "  --vars FILE.json      variables from a JSON object\n"
      "  -y, --overwrite       replace FILE if it exists\n"
      CACHE_HELP
      POLICY_HELP },
    { "batch", vf_cli_run_engine,
      "TEMPLATE --rows ROWS.csv|ROWS.jsonl [-o PATTERN] [--jobs N] [--shard I/N|auto] "
      "[--results FILE.jsonl] [--force] [--fail-fast] [--var KEY=VALUE]... [--vars FILE.json]",
      "render one video per row, each row's fields as variables",
      "  --rows FILE           CSV with a header row (RFC 4180) or JSON Lines\n"
      "  -o, --output PATTERN  output path with variables, e.g. out/{{id}}.mp4\n"
      "                        (default: the template's \"output\"); {{id}} is the id column\n"
      "                        or the row number\n"
      "  --jobs N              rows rendered at once (default: one per core)\n"
      "  --shard I/N           only rows whose index (from 0) % N == I; auto reads\n"
      "                        JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID or VIDFORGE_SHARD_INDEX\n"
      "  --results FILE        one JSON line per row: id, output, status, seconds, error\n"
      "  --force               render rows whose output already exists and is valid\n"
      "  --fail-fast           start no new row after one fails\n"
      "  --progress MODE       auto, bar, json (a line per row on stdout), none\n"
      "  --var KEY=VALUE       set a variable for every row (a row's field wins)\n"
      "  --vars FILE.json      variables from a JSON object\n"
      CACHE_HELP
      POLICY_HELP
      "Exit 5 when some rows failed (the others rendered).\n" },
    { "validate", vf_cli_run_engine, "TEMPLATE [--var KEY=VALUE]... [--vars FILE.json] "
      "[--format text|json]",
      "check a template and report every problem, rendering nothing",
      "  --var KEY=VALUE       set a variable\n"
      "  --vars FILE.json      variables from a JSON object\n"
      "  --format text|json    findings as lines (default) or a JSON array on stdout\n"
      POLICY_HELP
      "Besides the template's keys, every overlay is laid out (fonts and image\n"
      "headers read; each layer within 16384 pixels a side) and the render's peak\n"
      "memory estimated (--limit memory): the checks render makes before drawing.\n"
      "The input is not opened: a size the template does not set counts as\n"
      "1920x1080. When the engine module cannot load, the template alone is\n"
      "checked, with a notice.\n" },
    { "probe", vf_cli_run_engine, "MEDIA", "print what a media file holds, as JSON on stdout", "" },
    { "fonts", vf_cli_run_engine, "",
      "list the fonts templates can name: family, style and file, tab-separated", "" },
    { "presets", vf_cmd_presets, "", "list the output presets and their settings", "" },
    { "schema", vf_cmd_schema, "", "print the template JSON Schema (draft 2020-12) on stdout", "" },
    { "help", vf_cmd_help, "[COMMAND]", "show help for vidforge or one command", "" },
};
const int vf_nb_commands = sizeof(vf_commands) / sizeof(vf_commands[0]);

/* stdout carries the data a command was asked for (probe JSON, a dry run's
 * plan, the schema): a full disk or a closed file must not pass as success. */
static int check_stdout(int code)
{
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout) && fclose(stdout) == 0)
        return code;
    if (code)
        return code;
    fprintf(stderr, "vidforge: cannot write to standard output: %s\n",
            errno ? strerror(errno) : "a write failed");
    return VF_EXIT_OUTPUT;
}

int main(int argc, char **argv)
{
    vf_cli_install_signals(); /* first: a signal from here on is never lost */
    VfLogger front = { vf_cli_log_sink, NULL, vf_cli_log_level(argc, argv) };
    vf_log_bind(&front);
    if (argc < 2) {
        vf_cmd_help(1, argv);
        return VF_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
        printf("vidforge %s\n", vf_version());
        return 0;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
        return vf_cmd_help(1, argv);
    for (int i = 0; i < vf_nb_commands; i++)
        if (!strcmp(argv[1], vf_commands[i].name))
            return check_stdout(vf_commands[i].run(argc - 1, argv + 1));
    fprintf(stderr, "vidforge: unknown command \"%s\" (see vidforge help)\n", argv[1]);
    return VF_EXIT_USAGE;
}
