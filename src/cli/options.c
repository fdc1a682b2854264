/* The option table and its setters; see options.h. */
#include "cli/options.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "util/number.h"
#include "util/path.h"
#include "vidforge/error.h"
#include "vidforge/policy.h"

#define FIELD(f) offsetof(VfCliArgs, f)
#define FRAMES "render preview storyboard thumbnails" /* commands that write one file */
#define PLAN FRAMES " batch"                 /* commands that rasterize */
#define LOADS PLAN " validate deps"           /* commands that load a template */

static int usage(const char *cmd, const char *fmt, const char *opt, const char *value)
{
    fprintf(stderr, "vidforge: ");
    fprintf(stderr, fmt, opt, value);
    fprintf(stderr, " (see vidforge help %s)\n", cmd);
    return VF_EXIT_USAGE;
}

static int set_text(VfCliArgs *a, const char *cmd, const char *v, size_t field)
{
    (void)cmd;
    *(const char **)((char *)a + field) = v;
    return 0;
}

/* -o: as messages should show it ("a/../b" folded where that is the same file) */
static int set_output(VfCliArgs *a, const char *cmd, const char *v, size_t field)
{
    (void)cmd, (void)field;
    free(a->output_folded);
    a->output_folded = vf_path_fold(v);
    a->output = a->output_folded ? a->output_folded : v;
    return 0;
}

static int set_flag(VfCliArgs *a, const char *cmd, const char *v, size_t field)
{
    (void)cmd, (void)v;
    *(int *)((char *)a + field) = 1;
    return 0;
}

static int set_quiet(VfCliArgs *a, const char *cmd, const char *v, size_t field)
{
    (void)cmd, (void)v, (void)field;
    a->log_level = VF_LOG_WARNING;
    return 0;
}

static int set_verbose(VfCliArgs *a, const char *cmd, const char *v, size_t field)
{
    (void)cmd, (void)v, (void)field;
    a->log_level = VF_LOG_DEBUG;
    return 0;
}

static int set_var(VfCliArgs *a, const char *cmd, const char *v, size_t field)
{
    (void)cmd, (void)field;
    return vf_cli_add_var(&a->vars, v);
}

static int set_no_network(VfCliArgs *a, const char *cmd, const char *v, size_t field)
{
    (void)cmd, (void)v, (void)field;
    a->policy.network = 0;
    return 0;
}

static int set_progress(VfCliArgs *a, const char *cmd, const char *v, size_t field)
{
    (void)field;
    if (vf_cli_progress_mode(v, &a->progress) == 0)
        return 0;
    return usage(cmd, "--%s must be auto, bar, json or none, not \"%s\"", "progress", v);
}

/* --at, --every: seconds, at least 0 (--every: above 0). */
static int set_seconds(VfCliArgs *a, const char *cmd, const char *v, size_t field)
{
    char *end;
    double x = vf_strtod_decimal(v, &end);
    int every = field == FIELD(every);
    if (end == v || *end || !(x >= 0) || x > 1e6 || (every && x <= 0))
        return usage(cmd, every ? "--%s needs a number of seconds above 0, not \"%s\""
                                : "--%s needs a number of seconds, not \"%s\"",
                     every ? "every" : "at", v);
    *(double *)((char *)a + field) = x;
    return 0;
}

static int set_policy(VfCliArgs *a, const char *cmd, const char *v, size_t field)
{
    vf_error_clear();
    int ret = field ? vf_limits_set(&a->policy.limits, v) : vf_policy_allow_path(&a->policy, v);
    if (ret >= 0)
        return 0;
    fprintf(stderr, "vidforge: %s (see vidforge help %s)\n", vf_error_message(), cmd);
    return VF_EXIT_USAGE;
}

/* --jobs, --encoders, --max-tiles: a whole number from 1 to the option's maximum. */
static int set_count(VfCliArgs *a, const char *cmd, const char *v, size_t field)
{
    char *end;
    long x = strtol(v, &end, 10);
    const char *name = field == FIELD(jobs) ? "jobs" : field == FIELD(encoders) ? "encoders"
                                                                                 : "max-tiles";
    long max = field == FIELD(max_tiles) ? 256 : 64;
    if (end == v || *end || x < 1 || x > max)
        return usage(cmd, max == 64 ? "--%s needs a number from 1 to 64, not \"%s\""
                                    : "--%s needs a number from 1 to 256, not \"%s\"", name, v);
    *(int *)((char *)a + field) = (int)x;
    return 0;
}

/* "256M", "2G", "500K", "1048576B"; a plain number is megabytes. */
static int parse_size(const char *s, int64_t *bytes)
{
    char *end;
    double v = vf_strtod_decimal(s, &end);
    double unit = 1 << 20;
    if (*end == 'K' || *end == 'k')
        unit = 1 << 10;
    else if (*end == 'G' || *end == 'g')
        unit = 1 << 30;
    else if (*end == 'B' || *end == 'b')
        unit = 1;
    if (*end && *end != 'M' && *end != 'm' && unit == 1 << 20)
        return -1;
    if (end == s || (*end && end[1]) || !(v > 0) || v * unit > 1e15 || v * unit < 1)
        return -1;
    *bytes = (int64_t)(v * unit);
    return 0;
}

static int set_size(VfCliArgs *a, const char *cmd, const char *v, size_t field)
{
    (void)field;
    if (parse_size(v, &a->cache_size) == 0)
        return 0;
    return usage(cmd, "--%s needs a size such as 256M, 2G or 500K (a plain number is "
                 "megabytes), not \"%s\"", "cache-size", v);
}

static int set_psnr(VfCliArgs *a, const char *cmd, const char *v, size_t field)
{
    (void)field;
    char *end;
    double x = vf_strtod_decimal(v, &end);
    if (end == v || *end || !(x > 0) || x > 200)
        return usage(cmd, "--%s needs decibels above 0, such as 35, not \"%s\"", "min-psnr", v);
    a->min_psnr = x;
    return 0;
}

static int set_format(VfCliArgs *a, const char *cmd, const char *v, size_t field)
{
    (void)field;
    if (strcmp(v, "json") && strcmp(v, "text"))
        return usage(cmd, "--%s must be text or json%s", "format", "");
    a->json_format = !strcmp(v, "json");
    return 0;
}

/* --guides, or --guides APP: the app's own buttons and captions too. */
/* -h, --help: answered by main before any parsing; nothing to store. */
static int set_nothing(VfCliArgs *a, const char *cmd, const char *v, size_t field)
{
    (void)a, (void)cmd, (void)v, (void)field;
    return 0;
}

static int set_guides(VfCliArgs *a, const char *cmd, const char *v, size_t field)
{
    (void)cmd, (void)field;
    a->guides = 1;
    a->guides_app = v;
    return 0;
}

#define TEXT(f) set_text, FIELD(f)
#define FLAG(f) set_flag, FIELD(f)
#define CALL(fn) fn, 0

const VfCliOption vf_cli_options[] = {
    { "output", 'o', "OUT", "render",
      "output file, anywhere (default: the template's \"output\", which must lie in\n"
      "the template's folder, else NAME.mp4, or .gif, .webm, .mov with the\n"
      "gif_email, webm_web, prores_edit presets); one file, its format chosen by the\n"
      "extension (or encoding.format): .mp4, .mov, .mkv, .webm, .gif, .webp (see\n"
      "vidforge formats); or a folder of its own: out/index.m3u8 (HLS),\n"
      "frames/%05d.png (PNG sequence); .mpd is refused",
      CALL(set_output) },
    { "output", 'o', "FILE", "preview storyboard", "the PNG to write (required); s3://bucket/key.png\n"
      "is rendered locally, checked and uploaded", CALL(set_output) },
    { "output", 'o', "PATTERN", "batch",
      "output path with variables, e.g. out/{{id}}.mp4 (default: the template's\n"
      "\"output\"); {{id}} is the id column or the row number", CALL(set_output) },
    { "output", 'o', "OUT", "deps",
      "the target named in the rule (default: the output render would write)",
      CALL(set_output) },
    { "at", 0, "SECONDS", "preview", "the time; the frame shown then is floor(SECONDS * fps)",
      set_seconds, FIELD(at) },
    { "every", 0, "SECONDS", "storyboard", "a frame every SECONDS from 0",
      set_seconds, FIELD(every) },
    { "every", 0, "SECONDS", "thumbnails", "a thumbnail every SECONDS from 0 (at most 1000)",
      set_seconds, FIELD(every) },
    { "output", 'o', "SPRITE", "thumbnails",
      "the sheet (.jpg, .png or .webp): 160 px wide tiles, ten a row; SPRITE with\n"
      ".vtt is the track, one cue per tile pointing at SPRITE#xywh=X,Y,W,H",
      CALL(set_output) },
    { "poster", 0, "SECONDS[:FILE]", "render",
      "also write the frame shown at SECONDS as a picture (.png, .jpg, .webp by\n"
      "FILE's extension; default: OUT with .png), moved in place once the video is;\n"
      "replaces the template's output.poster",
      TEXT(poster) },
    { "poster", 0, "SECONDS[:PATTERN]", "batch",
      "also write each row's frame at SECONDS as a picture (.png, .jpg, .webp);\n"
      "PATTERN takes the row's {{variables}} like -o (default: the output with\n"
      ".png); replaces the template's output.poster", TEXT(poster) },
    { "at-changes", 0, NULL, "storyboard",
      "(default) frames at 0, each overlay's first and last frame, and each\n"
      "animation's midpoint", FLAG(at_changes) },
    { "max-tiles", 0, "N", "storyboard",
      "at most N frames on the sheet (64 by default, up to 256); when there are\n"
      "more, a warning says how many were left out", set_count, FIELD(max_tiles) },
    { "guides", 0, "[reels|tiktok|shorts]", "preview",
      "draw each overlay's box and id (video layers too; the clips on screen in\n"
      "green), the action-safe (90%) and title-safe (80%) areas; with an app's\n"
      "name, also shade what that app covers with its header, buttons and\n"
      "captions (Instagram Reels, TikTok, YouTube Shorts)", CALL(set_guides) },
    { "guides", 0, NULL, "storyboard",
      "draw each overlay's and clip's box and id, and the safe areas, on every tile",
      CALL(set_guides) },
    { "rows", 0, "FILE", "batch", "CSV with a header row (RFC 4180) or JSON Lines", TEXT(rows) },
    { "rows", 0, "FILE", "validate",
      "check the template against every row of a batch file (CSV or JSON Lines):\n"
      "missing variables, assets the rows name, outputs that collide; findings\n"
      "name the row (row 1 is the first after the header)", TEXT(rows) },
    { "rows", 0, "FILE", "deps", "one rule per row of a batch file (CSV or JSON Lines)",
      TEXT(rows) },
    { "jobs", 0, "N", "batch", "rows rendered at once (default: one per core)",
      set_count, FIELD(jobs) },
    { "encoders", 0, "N", "batch",
      "encoders running at once, each on its share of the cores (default: one\n"
      "per 4 cores, at least 1, at most --jobs); each holds about one render's\n"
      "memory, so the batch peaks near N renders' memory", set_count, FIELD(encoders) },
    { "shard", 0, "I/N", "batch",
      "only rows whose index (from 0) % N == I; auto reads JOB_COMPLETION_INDEX,\n"
      "SLURM_ARRAY_TASK_ID or VIDFORGE_SHARD_INDEX", TEXT(shard) },
    { "results", 0, "FILE", "batch", "one JSON line per row: id, output, status, seconds, error",
      TEXT(results) },
    { "force", 0, NULL, "batch", "render rows whose output is up to date (same content key)",
      FLAG(force) },
    { "fail-fast", 0, NULL, "batch", "start no new row after one fails", FLAG(fail_fast) },
    { "var", 0, "KEY=VALUE", "render preview storyboard thumbnails validate deps",
      "set a variable (repeatable; wins over --vars and the template)", CALL(set_var) },
    { "var", 0, "KEY=VALUE", "batch", "set a variable for every row (a row's field wins)",
      CALL(set_var) },
    { "vars", 0, "FILE.json", LOADS, "variables from a JSON object", TEXT(vars_file) },
    { "overwrite", 'y', NULL, FRAMES, "replace the output if it exists", FLAG(overwrite) },
    { "progress", 0, "MODE", "render", "auto (bar on a terminal), bar, json (stdout), none",
      CALL(set_progress) },
    { "progress", 0, "MODE", "batch", "auto, bar, json (a line per row on stdout), none",
      CALL(set_progress) },
    { "dry-run", 0, NULL, "render", "print the plan and the filter graph, render nothing",
      FLAG(dry_run) },
    { "dry-run", 0, NULL, "batch", "render nothing: one JSON line per row on stdout (row, id,\n"
      "vars, output, key, action render|skip|fail, reason)", FLAG(dry_run) },
    { "notify", 0, "URL", "render", "POST the report as JSON to URL when the render ends\n"
      "(signed with VIDFORGE_WEBHOOK_SECRET when set; a failed notification is a warning)",
      TEXT(notify) },
    { "notify", 0, "URL", "batch", "POST each row's result and a summary as JSON to URL",
      TEXT(notify) },
    { "report", 0, "FILE.json", "render",
      "write what the render did: seconds and CPU per stage, frames, fps, speed,\n"
      "peak memory, the encoder and why (the full reason a fallback was taken),\n"
      "cache hits and misses, PSNR and SSIM measured by the encoder (FILE - : one\n"
      "JSON line on stdout). FILE is written before the video is committed: when\n"
      "it cannot be (full disk), exit 4 and no video; a retry starts clean. Any\n"
      "failure writes it too, with the exit code and the error, also an invalid or\n"
      "missing template (exit 2). Anything failing after the commit (moving the\n"
      "report in place, stdout) is a warning saying the video was written, and exit 0",
      TEXT(report) },
    { "report", 0, "FILE.json", "batch",
      "write what the batch encoded: video frames in all, the segments the rows share\n"
      "(encoded once, before the rows, in chunks), and per row its frames and\n"
      "segments encoded and reused",
      TEXT(report) },
    { "min-psnr", 0, "DB", "render",
      "fail (exit 4, no output file) when the encoder measures a PSNR below DB",
      CALL(set_psnr) },
    { "format", 0, "text|json", "validate",
      "findings as lines (default) or a JSON array on stdout", CALL(set_format) },
    { "schema-only", 0, NULL, "validate",
      "skip the checks of the files render reads and of placement: the template's\n"
      "keys and values, and the layout (fonts and image headers read)",
      FLAG(schema_only) },
    { "strict", 0, NULL, "validate",
      "warnings are errors (exit 2): a layer off the frame or outside title-safe", FLAG(strict) },
    { "cache-dir", 0, "DIR", PLAN,
      "keep rasterized layers in DIR (default $XDG_CACHE_HOME/vidforge, else\n"
      "~/.cache/vidforge); a later run reuses them", TEXT(cache_dir) },
    { "cache-size", 0, "SIZE", PLAN,
      "cap of that folder, least recently used files go first (256M by default;\n"
      "K, M, G; a plain number is megabytes)", CALL(set_size) },
    { "no-cache", 0, NULL, PLAN, "neither read nor write the raster cache", FLAG(no_cache) },
    { "no-reuse", 0, NULL, "render batch",
      "encode every frame in one pass: take no encoded segment from the cache folder\n"
      "and store none (by default segments whose content key is cached are reused)",
      FLAG(no_reuse) },
    { "allow-path", 0, "DIR", LOADS,
      "let templates read files under DIR too (repeatable; by default their folder,\n"
      "the current folder unless /, the font folders); s3://bucket/prefix/ lets them\n"
      "read that S3 prefix", set_policy, 0 },
    { "no-network", 0, NULL, LOADS, "refuse http(s) and s3:// inputs", CALL(set_no_network) },
    { "limit", 0, "NAME=VALUE", LOADS, "change a limit (see vidforge help limits)",
      set_policy, 1 },
    { "quiet", 'q', NULL, LOADS, "no notices, only errors", CALL(set_quiet) },
    { "verbose", 'v', NULL, LOADS, "also FFmpeg's messages", CALL(set_verbose) },
    { "help", 'h', NULL, "*", "print this help and exit", CALL(set_nothing) },
};
const int vf_cli_nb_options = sizeof(vf_cli_options) / sizeof(vf_cli_options[0]);

int vf_cli_command_in(const char *cmds, const char *cmd)
{
    if (!strcmp(cmds, "*"))
        return 1;
    size_t n = strlen(cmd);
    for (const char *p = cmds; (p = strstr(p, cmd)); p += n)
        if ((p == cmds || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
            return 1;
    return 0;
}

static int row_is(const VfCliOption *o, const char *name)
{
    return name[0] && !name[1] ? o->short_name == name[0] : !strcmp(o->name, name);
}

const VfCliOption *vf_cli_option_find(const char *name, const char *cmd, int *known)
{
    *known = 0;
    for (int i = 0; i < vf_cli_nb_options; i++) {
        const VfCliOption *o = &vf_cli_options[i];
        if (!row_is(o, name))
            continue;
        *known = 1;
        if (vf_cli_command_in(o->commands, cmd))
            return o;
    }
    return NULL;
}

/* A row is shown for cmd when it is the first of its name cmd takes. */
static int shown(int i, const char *cmd)
{
    const VfCliOption *o = &vf_cli_options[i];
    if (!vf_cli_command_in(o->commands, cmd))
        return 0;
    for (int j = 0; j < i; j++)
        if (!strcmp(vf_cli_options[j].name, o->name) &&
            vf_cli_command_in(vf_cli_options[j].commands, cmd))
            return 0;
    return 1;
}

/* text's words in lines of at most 80 columns from column 24; col: where
 * the cursor stands (0: a new line is due first). */
static void print_wrapped(FILE *f, const char *text, int col)
{
    const char *w = text;
    while (*w) {
        size_t n = strcspn(w, " \n");
        if (col == 0 || (col > 24 && col + 1 + (int)n > 80)) {
            fprintf(f, "\n%24s", "");
            col = 24;
        } else if (col > 24) {
            fputc(' ', f);
            col++;
        }
        fprintf(f, "%.*s", (int)n, w);
        col += (int)n;
        w += n;
        w += strspn(w, " \n");
    }
    fputc('\n', f);
}

int vf_cli_options_print(FILE *f, const char *cmd)
{
    int n = 0;
    for (int i = 0; i < vf_cli_nb_options; i++) {
        const VfCliOption *o = &vf_cli_options[i];
        if (!shown(i, cmd))
            continue;
        char head[64], short_part[8] = "";
        if (o->short_name)
            snprintf(short_part, sizeof(short_part), "-%c, ", o->short_name);
        int len = snprintf(head, sizeof(head), "%s--%s%s%s", short_part, o->name,
                           o->arg ? " " : "", o->arg ? o->arg : "");
        fprintf(f, "  %-22s", head);
        print_wrapped(f, o->help, len > 21 ? 0 : 24);
        n++;
    }
    return n;
}

int vf_cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (!strcmp(s, "--"))
            return 0;
        if (!strcmp(s, "--help") || !strcmp(s, "-h"))
            return 1;
        if (s[0] != '-' || !s[1] || strchr(s, '='))
            continue;
        int known;
        const VfCliOption *o = vf_cli_option_find(s + (s[1] == '-' ? 2 : 1), argv[0], &known);
        if (o && o->arg && o->arg[0] != '[')
            i++; /* its value, whatever it reads */
    }
    return 0;
}
