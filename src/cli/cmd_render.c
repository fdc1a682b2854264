/* `vidforge render`: template in, verified video out. Part of the engine. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cli/args.h"
#include "cli/remote.h"
#include "cli/poster.h"
#include "cli/report.h"
#include "media/encoder.h"
#include "media/formats.h"
#include "media/input.h"
#include "media/output.h"
#include "plan/outputplan.h"
#include "plan/plan.h"
#include "render/graph.h"
#include "render/palette.h"
#include "storage/notify.h"
#include "storage/s3url.h"
#include "render/mediafeed.h"
#include "util/clock.h"
#include "util/path.h"
#include "vidforge/error.h"
#include "vidforge/vidforge.h"

char *vf_cli_output_path(const VfCliArgs *a, const VfTemplate *t)
{
    if (a->output)
        return strdup(a->output);
    if (t->output)
        return vf_path_join(t->dir, t->output);
    char *stem = vf_path_stem(a->template_path);
    const VfFormat *f = vf_plan_format(t); /* encoding.format, or .mov when transparent */
    const char *ext = f ? f->extensions : "mp4";
    size_t n = stem ? strlen(stem) + strlen(ext) + 32 : 0;
    char *out = stem ? malloc(n) : NULL;
    if (out && f && f->folder_file) /* HLS, PNG sequence: a folder named after the template */
        snprintf(out, n, "%s/%s", stem, f->folder_file);
    else if (out)
        snprintf(out, n, "%s.%.*s", stem, (int)strcspn(ext, ","), ext);
    free(stem);
    return out;
}

/* The graphs exactly as the render builds them: the base is described from
 * the decoded input's real geometry and colours (as vf_render opens it). */
/* -o may point anywhere; the template's "output" stays inside its folder,
 * symbolic links resolved (the template stage refused "/" and ".."). The
 * container must be one file. */
static int check_output(const VfCliArgs *a, const VfTemplate *t, const char *out)
{
    char real[4096];
    int s3 = vf_s3_is_url(out);
    if (s3)
        snprintf(real, sizeof(real), "%s", out);
    if (!a->output && t->output &&
        (s3 ? !vf_s3_within(out, t->dir) : !vf_path_within_real(out, t->dir, real, sizeof(real))))
        return vf_error_set(VF_ERR_TEMPLATE, "/output: output %s resolves to %s, outside the "
                            "template's folder; only -o on the command line may point elsewhere",
                            t->output, real[0] ? real : "?");
    return vf_output_check_format(out);
}

static int dry_run(const VfPlan *plan, const char *out)
{
    VfInput *in = NULL;
    int ret = plan->input_has_audio ? vf_encoder_check_audio_container(out, &plan->encoding) : 0;
    if (ret >= 0 && plan->input)
        ret = vf_input_open(&in, plan->input, plan->input_has_audio, plan->trim_start,
                            plan->network_seconds);
    VfMediaFeed *media = NULL; /* video layers and clips, opened as the render does */
    if (ret >= 0)
        ret = vf_media_feed_create(&media, plan, 0);
    if (ret < 0) {
        vf_input_free(&in);
        return vf_cli_fail(ret);
    }
    char *desc = vf_plan_describe(plan);
    VfGraphInputs gi = { in ? vf_input_video(in) : NULL, NULL, 0, 0,
                         vf_media_feed_inputs(media) };
    char *graph = vf_graph_describe_video(plan, &gi);
    printf("%soutput file: %s\nfilter graph:\n%s\n", desc ? desc : "", out, graph ? graph : "");
    if (plan->encoding.format && !strcmp(plan->encoding.format, "gif")) {
        /* GIF's two passes after the graph: scale to max_width, palettegen, paletteuse */
        char *pgraph = vf_palette_describe(plan);
        printf("palette graph:\n%s\n", pgraph ? pgraph : "");
        free(pgraph);
    }
    if (plan->input_has_audio && !plan->mix.active) {
        char *agraph = vf_graph_describe_audio(plan);
        printf("audio graph:\n%s\n", agraph ? agraph : "");
        free(agraph);
    }
    vf_media_feed_free(&media);
    vf_input_free(&in);
    free(desc);
    free(graph);
    return 0;
}

static void print_done(const char *out, const VfRenderResult *res)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "event", "done");
    cJSON_AddStringToObject(o, "output", out);
    cJSON_AddNumberToObject(o, "seconds", res->seconds);
    cJSON_AddNumberToObject(o, "frames", (double)res->frames);
    cJSON_AddStringToObject(o, "encoder", res->encoder);
    char *s = cJSON_PrintUnformatted(o);
    printf("%s\n", s ? s : "");
    fflush(stdout);
    cJSON_free(s);
    cJSON_Delete(o);
}

/* --report FILE is written before the video is committed: a report that
 * cannot be written (full disk) abandons the render, so no video is left
 * without its report and a retry starts clean. */
typedef struct StagedReport {
    const char *path;
    VfCliReport *report;
} StagedReport;

static int stage_report(void *opaque, const struct VfRenderResult *res)
{
    StagedReport *s = opaque;
    s->report->result = res;
    return vf_cli_stage_report(s->path, s->report);
}

static int run_render(const VfCliArgs *a, VfEngine *e, const VfPlan *plan, const char *out,
                      VfCliReport *report, VfRenderResult *res)
{
    VfProgressMode mode = a->progress;
    if (mode == VF_PROGRESS_AUTO)
        mode = isatty(STDERR_FILENO) ? VF_PROGRESS_BAR : VF_PROGRESS_NONE;
    StagedReport staged = { a->report, report };
    int to_file = a->report && strcmp(a->report, "-");
    VfRenderOptions o = { .output = out, .overwrite = a->overwrite,
                          .progress = mode == VF_PROGRESS_BAR ? vf_cli_progress_bar
                                    : mode == VF_PROGRESS_JSON ? vf_cli_progress_json : NULL,
                          .quality_stats = a->report != NULL, .min_psnr = a->min_psnr,
                          .before_commit = to_file ? stage_report : NULL,
                          .before_commit_opaque = &staged, .no_reuse = a->no_reuse };
    int ret = vf_engine_render(e, plan, &o, res);
    vf_cli_progress_end(mode);
    report->result = res;
    if (ret >= 0 && to_file)
        vf_cli_publish_report(a->report, report);
    vf_cli_discard_report(report);
    if (ret >= 0 && mode == VF_PROGRESS_JSON)
        print_done(out, res);
    return ret;
}

/* After the commit nothing fails the render (a retry would meet "already
 * exists"): a standard output that could not take the done event or the
 * report line is a warning that says the video was written. */
static void check_stdout_after_commit(const char *out)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return;
    fprintf(stderr, "vidforge: warning: the video %s was written, but standard output failed "
            "(%s): its report or done event is missing\n", out, strerror(errno));
    clearerr(stdout);
}

/* --notify: the report, success or failure, POSTed once the render ended. A
 * failed notification is a warning, written into the report file too; the
 * exit code stays the render's. */
static void notify(const VfCliArgs *a, VfCliReport *report, int ret, int code)
{
    char why[700];
    report->error = ret < 0 ? vf_error_message() : "";
    report->exit_code = code;
    report->notify_url = a->notify;
    char *body = vf_cli_report_event(report, "render");
    int ok = body && vf_notify_post(a->notify, body, strlen(body), why, sizeof(why)) == 0;
    free(body);
    if (ok)
        return;
    if (!body)
        snprintf(why, sizeof(why), "notification to %s not sent: out of memory", a->notify);
    fprintf(stderr, "vidforge: warning: %s\n", why);
    report->notify_error = why;
    if (a->report && strcmp(a->report, "-"))
        vf_cli_write_report(a->report, report);
    report->notify_error = NULL;
}

static int render(VfCliArgs *a, VfEngine *e, VfTemplate *t, double parse_seconds)
{
    VfPlan *plan = NULL;
    char *out = vf_cli_output_path(a, t);
    t->outputs.target = out; /* its extension picks the format */
    double t0 = vf_now();
    int ret = out ? check_output(a, t, out) : VF_ERR_INTERNAL;
    if (ret >= 0)
        ret = vf_engine_plan(e, t, &plan);
    VfCliReport report = { a->template_path, out, parse_seconds, vf_now() - t0, plan, NULL, 0, "",
                           0, 0, NULL, NULL, NULL };
    vf_engine_cache_stats(e, &report.cache_hits, &report.cache_misses);
    VfRenderResult res;
    memset(&res, 0, sizeof(res));
    int code = ret < 0 ? vf_cli_fail(ret) : 0;
    if (!code && a->dry_run) {
        code = dry_run(plan, out);
    } else if (!code) {
        VfCliPoster poster = { 0 }; /* drawn first, in place after the video */
        code = vf_cli_poster_stage(a, e, t, plan, out, &poster);
        ret = code ? VF_ERR_USAGE : run_render(a, e, plan, out, &report, &res);
        code = code ? code : ret < 0 ? vf_cli_fail(ret) : vf_cli_poster_commit(&poster, a->overwrite);
        vf_cli_poster_clear(&poster);
    }
    /* a failure's report (a success's was written before the commit) */
    if (a->report && !a->dry_run && (code || !strcmp(a->report, "-"))) {
        report.error = ret < 0 ? vf_error_message() : "";
        report.exit_code = code;
        vf_cli_write_report(a->report, &report);
    }
    if (!code && !a->dry_run)
        check_stdout_after_commit(out);
    if (a->notify && !a->dry_run)
        notify(a, &report, ret, code);
    vf_plan_free(&plan);
    t->outputs.target = NULL;
    free(out);
    return code;
}

/* An invalid or missing template still gets its report: the failure, the
 * exit code, nothing planned. */
static void write_load_failure(const VfCliArgs *a, const char *why, int code)
{
    VfCliReport report = { a->template_path, a->output, 0, 0, NULL, NULL, code, why, 0, 0, NULL,
                           NULL, NULL };
    vf_cli_write_report(a->report, &report);
}

int vf_cmd_render(int argc, char **argv)
{
    VfCliArgs a = { 0 };
    VfCliRemote remote = { 0 };
    VfTemplate *t = NULL;
    int code = vf_cli_parse_args(&a, argc, argv, "o:yqv");
    double t0 = vf_now();
    char why[1024] = "";
    if (!code)
        code = vf_cli_remote_begin(&a, &remote);
    if (!code && (code = vf_cli_load_template_why(&a, &t, 0, why, sizeof(why))) && a.report)
        write_load_failure(&a, why[0] ? why : "the template could not be loaded", code);
    if (!code && a.report && !a.dry_run)
        code = vf_cli_check_report_path(a.report);
    VfEngine *e = NULL;
    if (!code)
        code = vf_cli_engine_create(&a, &e);
    if (!code)
        code = render(&a, e, t, vf_now() - t0);
    code = vf_cli_remote_finish(&remote, code);
    vf_cli_remote_clear(&remote);
    vf_template_free(&t);
    vf_engine_free(&e);
    vf_cli_args_clear(&a);
    return code;
}
