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
#include "cli/options.h"
#include "vidforge/error.h"
#include "vidforge/log.h"
#include "vidforge/vidforge.h"

/* Each command's options come from the option table (options.c); help here
 * is what follows them. */
const VfCommand vf_commands[] = {
    { "render", vf_cli_run_engine,
      "TEMPLATE [-o OUT] [--var KEY=VALUE]... [--vars FILE.json] [-y] "
      "[--progress auto|bar|json|none] [--dry-run] [--report FILE.json] [--min-psnr DB] "
      "[--poster SECONDS[:FILE]]",
      "render a template to a video file", "" },
    { "preview", vf_cli_run_engine,
      "TEMPLATE --at SECONDS -o FRAME.png [--var KEY=VALUE]... [--vars FILE.json] [-y] "
      "[--guides [reels|tiktok|shorts]]",
      "write the frame a render would show at a time, as a PNG",
      "Past the input's end the frame is the one render shows there (video.extend:\n"
      "the last frame held, or the background).\n" },
    { "storyboard", vf_cli_run_engine,
      "TEMPLATE -o SHEET.png [--every SECONDS | --at-changes] [--max-tiles N] "
      "[--guides] [--var KEY=VALUE]... [--vars FILE.json] [-y]",
      "write a contact sheet of frames, each labelled with its time", "" },
    { "thumbnails", vf_cli_run_engine,
      "TEMPLATE_OR_VIDEO --every SECONDS -o SPRITE.jpg [-y] [--var KEY=VALUE]... [--vars FILE.json]",
      "write a sprite sheet of seek-preview thumbnails and its WebVTT track",
      "A template's thumbnails are the frames preview draws; a video (any name not\n"
      "ending in .json) is read from its folder. Both files appear together or not\n"
      "at all.\n" },
    { "batch", vf_cli_run_engine,
      "TEMPLATE --rows ROWS.csv|ROWS.jsonl [-o PATTERN] [--jobs N] [--encoders N] [--shard I/N|auto] "
      "[--results FILE.jsonl] [--force] [--fail-fast] [--dry-run] [--var KEY=VALUE]... [--vars FILE.json] "
      "[--notify URL] [--poster SECONDS[:PATTERN]]",
      "render one video per row, each row's fields as variables",
      "Exit 5 when some rows failed (the others rendered).\n" },
    { "validate", vf_cli_run_engine, "TEMPLATE [--var KEY=VALUE]... [--vars FILE.json] "
      "[--rows ROWS.csv|ROWS.jsonl] [--strict] [--schema-only] [--format text|json]",
      "check a template and report every problem, rendering nothing",
      "Besides the template's keys, every file render would read is checked before\n"
      "anything is decoded: it exists, is readable, lies in the allowed folders, uses\n"
      "a supported scheme and is of the right kind (media headers probed, image and\n"
      "font headers read); a missing or unreadable one is exit 3 with its JSON\n"
      "pointer, as render. Every overlay is laid out (each layer within 16384 pixels\n"
      "a side) and the render's peak memory estimated (--limit memory). An s3://\n"
      "object is checked with a HEAD (media are never downloaded; images and fonts\n"
      "are fetched for the layout, as render does). Keyframes out of order, or past\n"
      "their layer's end when the template gives it, are reported\n"
      "with the key's pointer (/overlays/0/transform/scale/1/t). A layer\n"
      "entirely off the frame, or partly outside the title-safe area (80%), is a\n"
      "warning naming its id. When the engine module cannot load, the template alone\n"
      "is checked, with a notice.\n" },
    { "deps", vf_cli_run_engine, "TEMPLATE [-o OUT] [--rows ROWS.csv|ROWS.jsonl] "
      "[--var KEY=VALUE]... [--vars FILE.json]",
      "print the files a render reads, as a Makefile rule (like gcc -M)",
      "Prints \"OUT: TEMPLATE INPUT FONT IMAGE ...\" on stdout, one rule per output\n"
      "(per row with --rows); URLs are left out. In a Makefile:\n\n"
      "  out.mp4: ; vidforge render template.json -o $@ -y\n"
      "  out.d: template.json ; vidforge deps template.json -o out.mp4 > $@\n"
      "  -include out.d\n" },
    { "probe", vf_cli_run_engine, "[--loudness] MEDIA|CAPTIONS",
      "print what a media or captions file holds, as JSON on stdout",
      "  --loudness            measure its audio instead (EBU R128, 48 kHz stereo):\n"
      "                        integrated_lufs, loudness_range_lu, true_peak_dbtp,\n"
      "                        sample_peak_dbfs (null for silence); no audio: exit 3\n\n"
      "A captions file (.vtt .webvtt .srt .json word timings .ass .ssa) prints its\n"
      "cues with the W3C VTTCue names (id, startTime, endTime, text, vertical,\n"
      "snapToLines, line, lineAlign, position, positionAlign, size, align, region;\n"
      "words when the cue has timings inside it), its regions and style sheets.\n"
      "Malformed cues are skipped with a warning naming the line; a file that is\n"
      "unreadable, binary or not captions of its kind is exit 3 (docs/captions.md).\n" },
    { "fonts", vf_cli_run_engine, "",
      "list the fonts templates can name: family, style and file, tab-separated", "" },
    { "formats", vf_cli_run_engine, "",
      "list the output formats: extensions, codecs, audio, alpha",
      "  A render's format is its output's extension, or encoding.format in the template\n"
      "  (which then names the default output name's extension, as the output presets\n"
      "  gif_email, webm_web and prores_edit do). VIDEO and AUDIO are the\n"
      "  codecs the format carries, DEFAULT the ones used when the template names none;\n"
      "  ALPHA is the codec a transparent video (video.background \"transparent\", no\n"
      "  input) gets, or - when the format cannot carry alpha (exit 2). See docs/formats.md.\n" },
        { "presets", vf_cmd_presets, "", "list the output presets, their settings and the "
      "platforms each is for", "" },

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
    for (int i = 0; i < vf_nb_commands; i++) {
        if (strcmp(argv[1], vf_commands[i].name))
            continue;
        if (vf_cli_wants_help(argc - 1, argv + 1)) /* COMMAND --help: help COMMAND */
            return check_stdout(vf_cmd_help(2, (char *[]){ "help", argv[1], NULL }));
        return check_stdout(vf_commands[i].run(argc - 1, argv + 1));
    }
    fprintf(stderr, "vidforge: unknown command \"%s\" (see vidforge help)\n", argv[1]);
    return VF_EXIT_USAGE;
}
