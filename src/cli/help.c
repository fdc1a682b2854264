#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "template/presets.h"
#include "template/schema_json.h"
#include "vidforge/error.h"
#include "vidforge/policy.h"

static const char exit_codes[] =
    "Exit codes:\n"
    "  0    success\n"
    "  1    internal error\n"
    "  2    usage error or invalid template\n"
    "  3    an input asset is missing, unreadable or corrupt (media, image, font)\n"
    "  4    encoding, output or verification failed (also: output exists without -y)\n"
    "  5    batch: some rows failed (the others rendered)\n"
    "  130  interrupted: SIGINT, SIGTERM, SIGHUP, or SIGPIPE (stdout or stderr\n"
    "       closed, e.g. --progress json | head -1); no output file is left\n";

/* `vidforge help security`: what someone else's template (or batch row) can
 * make vidforge read, fetch, write and consume. The limits are listed from
 * the limit table, so a new limit shows here by itself. */
static const char security_read[] =
    "What a template can do, for templates and batch rows from other people.\n\n"
    "Read: only regular files inside its own folder, the current folder (unless\n"
    "  the current folder is /), the shipped, system and user font folders, and\n"
    "  folders given with --allow-path DIR. Checked after resolving \"..\" and\n"
    "  symbolic links, on every input, image and font, and on every file an\n"
    "  image-sequence pattern (%03d) opens; glob patterns (% followed by * ? [ ]\n"
    "  { }) are refused (exit 2). FIFOs, devices and folders are refused (exit\n"
    "  3); sizes are checked before reading (input_size per file, template_size).\n"
    "  Media open through a protocol whitelist (file; http and https for URL\n"
    "  inputs) and a list of media demuxers: playlists and concat lists that\n"
    "  could name other files are refused. A path outside these folders is\n"
    "  exit 2 with the JSON pointer, also when the file is missing there (exit\n"
    "  codes tell nothing of files elsewhere); a missing, unreadable or too large\n"
    "  file inside them is exit 3; so is a decoder error or an input that ends\n"
    "  before its stated duration (the message names the file and the time).\n\n"
    "Fetch: http and https URLs only (tcp://, ftp:// and others: exit 3), refused\n"
    "  with --no-network; all network calls on one URL input together must end\n"
    "  within --limit network_seconds (120 s by default), else exit 3 naming the\n"
    "  URL. s3://bucket/key names are read only under a prefix given with\n"
    "  --allow-path s3://bucket/prefix/ or the template's own S3 folder (else exit\n"
    "  2 before any request), never with --no-network; keys with \".\" or \"..\"\n"
    "  parts are refused. Credentials never appear in messages or reports.\n\n"
    "Write: -o on the command line may point anywhere. A template's \"output\"\n"
    "  (with a row's values substituted) must name a file inside the template's\n"
    "  folder: relative, no \"..\", no URL, no symbolic link leading out; a batch\n"
    "  -o PATTERN keeps each row's output inside the pattern's folder (the current\n"
    "  folder when it has none). Else exit 2 with /output (batch: the row fails,\n"
    "  exit 5). Single-file containers are written, and two folder formats: HLS\n"
    "  (-o out/index.m3u8) and PNG sequences (-o frames/%05d.png), into a folder of\n"
    "  their own replaced as a whole (-y: only a folder holding nothing else; not\n"
    "  in batch). Other muxers that write more than one file (dash .mpd, segment,\n"
    "  webm_chunk, tee, any muxer that opens its own files) are refused with exit 2.\n"
    "  The video is written to a hidden temporary file in the same folder and\n"
    "  renamed when verified; an existing file is replaced only with -y; a failed\n"
    "  or interrupted render (SIGINT, SIGTERM, SIGHUP, SIGPIPE: exit 130) leaves\n"
    "  nothing. --report FILE is written before that rename (a report that\n"
    "  cannot be written is exit 4 and no video). Rasterized layers go to the\n"
    "  raster cache (--cache-dir, capped by --cache-size; --no-cache: none).\n\n"
    "Consume: at most each limit below, changed with --limit NAME=VALUE (MB\n"
    "  limits also take K, M, G); a template asking for more is refused before\n"
    "  drawing (exit 2; a file over a size limit: exit 3, a template or --vars\n"
    "  file over template_size: 2; network_seconds: exit 3). Besides: a layer\n"
    "  larger than 16384 pixels a side, a position beyond +-100000 pixels, a NUL\n"
    "  character in a string, or video.fps outside 1..240 is exit 2; memory is the\n"
    "  render's peak estimated from the plan, exit 2 with the figure:\n";

static void security_help(void)
{
    char line[128];
    printf("%s", security_read);
    for (int i = 0; vf_limits_describe(NULL, i, line, sizeof(line)); i++)
        printf("    %s\n", line);
    printf("\nMore on each command: vidforge help COMMAND; exit codes: vidforge help.\n");
}

/* `vidforge help captions`: the captions layer in one screen. */
static const char captions_help[] =
    "Captions: {\"type\": \"captions\", \"cues\": [{\"start\", \"end\", \"text\", \"words\"}]}\n"
    "  (or \"source\": a captions file, read by the captions parser), burned in.\n"
    "  Cue text is WebVTT cue text, inline too: <b> <i> <u> <c.yellow> (colour\n"
    "  classes), &amp;, and <00:00:01.500> inner timestamps (word timings).\n"
    "  An .ass/.ssa source is drawn by libass at each frame's time, its own\n"
    "  styles, \\pos and karaoke kept; its fonts come from the shipped fonts, the\n"
    "  template's folder and --allow-path folders only (style.font: the default).\n\n"
    "  style               every text style (font, size, color, outline, shadow,\n"
    "                      background, gradient); style.balance: true by default\n"
    "  position.preset     default BOTTOM_CENTER of the title-safe area (90 %)\n"
    "  max_lines           default 2; \"fit\": true shrinks a longer caption, else a\n"
    "                      warning names the caption's time\n"
    "  max_width           pixels a line may take; default 80 % of the frame\n"
    "  words_per_caption   N: captions of at most N words (0: cues as they are)\n"
    "  highlight           none | word | karaoke | reveal, with highlight_style\n"
    "                      {color, background {color, padding, radius}, scale}\n"
    "  animation           in/out animations per caption; offset: seconds added\n"
    "  use_cue_settings    place cues by their WebVTT line, position and size\n\n"
    "A caption shows on frames ceil(start * fps) <= n < ceil(end * fps). Words\n"
    "without timings share their cue's time by length. Lines break where Unicode\n"
    "line breaking (ICU, UAX #14) allows, for text layers too (style.balance).\n"    "However many cues, a captions overlay is one input of the filter graph.\n"
    "More: docs/captions-layer.md.\n";

static void general_help(FILE *f)
{
    fprintf(f, "Usage: vidforge COMMAND [ARGS]\n\nRender videos from JSON templates.\n\n"
               "Commands:\n");
    for (int i = 0; i < vf_nb_commands; i++)
        fprintf(f, "  %-10s %s\n", vf_commands[i].name, vf_commands[i].summary);
    fprintf(f, "  --version  print the version\n\n%s\n"
               "Run 'vidforge help COMMAND' for a command's options, 'vidforge help limits'\n"
               "for the limits on templates, 'vidforge help security' for what a template\n"
               "can read, fetch, write and consume, 'vidforge help captions' for captions.\n",
            exit_codes);
}

int vf_cmd_help(int argc, char **argv)
{
    if (argc < 2) {
        general_help(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "security")) {
        security_help();
        return 0;
    }
    if (!strcmp(argv[1], "captions")) {
        printf("%s", captions_help);
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
        printf("Usage: vidforge %s %s\n\n%s.\n\nOptions:\n", c->name, c->synopsis, c->summary);
        vf_cli_options_print(stdout, c->name);
        if (c->help[0])
            printf("\n%s", c->help);
        printf("\n%s", exit_codes);
        return 0;
    }
    fprintf(stderr, "vidforge: no help for unknown command \"%s\"\n", argv[1]);
    return VF_EXIT_USAGE;
}

int vf_cmd_presets(int argc, char **argv)
{
    if (argc > 1) {
        fprintf(stderr, "vidforge: presets takes no arguments\n");
        return VF_EXIT_USAGE;
    }
    printf("%-20s %-11s %-5s %-12s %-13s %-9s %s\n", "NAME", "SIZE", "FPS", "CODEC", "VIDEO",
           "AUDIO", "FOR");
    for (int i = 0; i < vf_nb_output_presets; i++) {
        const VfOutputPreset *p = &vf_output_presets[i];
        char size[24], rate[24], audio[24];
        snprintf(audio, sizeof(audio), p->audio_bitrate ? "%lldk" : "-",
                 (long long)(p->audio_bitrate / 1000));
        snprintf(size, sizeof(size), "%dx%d", p->width, p->height);
        if (p->crf >= 0)
            snprintf(rate, sizeof(rate), "crf %g", p->crf);
        else if (p->bitrate > 0)
            snprintf(rate, sizeof(rate), "%g Mbit/s", p->bitrate / 1e6);
        else /* GIF's palette, ProRes's profile: no rate to choose */
            snprintf(rate, sizeof(rate), "-");
        printf("%-20s %-11s %-5g %-12s %-13s %-9s %s\n", p->name, size, p->fps, p->codec, rate,
               audio, p->use);
    }
    return 0;
}

int vf_cmd_schema(int argc, char **argv)
{
    if (argc > 1) {
        fprintf(stderr, "vidforge: schema takes no arguments\n");
        return VF_EXIT_USAGE;
    }
    char *json = vf_schema_json();
    if (!json)
        return VF_EXIT_INTERNAL;
    printf("%s\n", json);
    free(json);
    return 0;
}
