/* The run report: cJSON tree -> temporary file -> rename. */
#include "cli/report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "plan/rastercache.h"
#include "util/path.h"
#include "vidforge/error.h"

/* dB or SSIM: a number, "inf" for identical frames, null when not measured. */
static void add_measure(cJSON *o, const char *name, double v)
{
    if (isnan(v))
        cJSON_AddNullToObject(o, name);
    else if (isinf(v))
        cJSON_AddStringToObject(o, name, "inf");
    else
        cJSON_AddNumberToObject(o, name, round(v * 10000) / 10000);
}

static void add_seconds(cJSON *o, const char *name, double s)
{
    cJSON_AddNumberToObject(o, name, round(s * 1e4) / 1e4);
}

/* The mix as measured (EBU R128): levels are null when not measured or silent. */
static void add_audio(cJSON *root, const VfRenderResult *res)
{
    if (!res->audio_measured)
        return;
    cJSON *a = cJSON_AddObjectToObject(root, "audio");
    const struct { const char *name; double v; } rows[] = {
        { "integrated_lufs", res->audio_loudness }, { "loudness_range_lu", res->audio_range },
        { "true_peak_dbtp", res->audio_true_peak }, { "ducking_depth_db", res->audio_duck_depth },
        { "gain_db", res->audio_gain },
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        if (isfinite(rows[i].v))
            cJSON_AddNumberToObject(a, rows[i].name, round(rows[i].v * 100) / 100);
        else
            cJSON_AddNullToObject(a, rows[i].name);
    add_seconds(a, "mix_seconds", res->stages.audio);
}

/* Segment reuse: each segment reused or encoded, and what reusing saved. */
static void add_segments(cJSON *root, const VfPlan *p, const VfReuseResult *u)
{
    cJSON *o = cJSON_AddObjectToObject(root, "segments");
    cJSON_AddBoolToObject(o, "reuse", u->used);
    cJSON_AddNumberToObject(o, "frames_encoded", (double)(u->used ? u->frames_encoded
                                                                  : p->nb_frames));
    if (!u->used) {
        cJSON_AddStringToObject(o, "whole_render", u->note);
        return;
    }
    cJSON_AddNumberToObject(o, "reused", u->reused);
    cJSON_AddNumberToObject(o, "encoded", u->encoded);
    cJSON_AddBoolToObject(o, "audio_reused", u->audio_reused);
    add_seconds(o, "encode_seconds_saved", u->seconds_saved);
    cJSON *list = cJSON_AddArrayToObject(o, "list");
    for (int i = 0; i < p->timeline.nb_segments && i < 256; i++) {
        const VfSegment *s = &p->timeline.segments[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "first_frame", (double)s->first_frame);
        cJSON_AddNumberToObject(e, "end_frame", (double)s->end_frame);
        cJSON_AddStringToObject(e, "key", s->key);
        cJSON_AddStringToObject(e, "state", u->states[i] == 'r' ? "reused" : "encoded");
        cJSON_AddItemToArray(list, e);
    }
}

static void add_render(cJSON *root, const VfCliReport *r)
{
    const VfRenderResult *res = r->result;
    const VfPlan *p = r->plan;
    double out_seconds = (double)res->frames * p->fps_den / p->fps_num;
    cJSON_AddNumberToObject(root, "frames", (double)res->frames);
    add_seconds(root, "seconds", res->seconds);
    cJSON_AddNumberToObject(root, "fps", res->seconds > 0 ? round(res->frames / res->seconds * 100) / 100 : 0);
    cJSON_AddNumberToObject(root, "speed", res->seconds > 0 ? round(out_seconds / res->seconds * 1000) / 1000 : 0);
    cJSON *st = cJSON_AddObjectToObject(root, "stages");
    add_seconds(st, "parse", r->parse_seconds);
    add_seconds(st, "plan", r->plan_seconds);
    add_seconds(st, "rasterize", p->rasterize_seconds);
    add_seconds(st, "open", res->stages.open);
    add_seconds(st, "decode", res->stages.decode);
    add_seconds(st, "composite", res->stages.composite);
    add_seconds(st, "encode", res->stages.encode);
    add_seconds(st, "mux", res->stages.mux);
    add_seconds(st, "verify", res->stages.verify);
    cJSON *cpu = cJSON_AddObjectToObject(root, "stage_cpu");
    add_seconds(cpu, "decode", res->stages.decode_cpu);
    add_seconds(cpu, "composite", res->stages.composite_cpu);
    add_seconds(cpu, "encode_thread", res->stages.encode_thread_cpu);
    cJSON *enc = cJSON_AddObjectToObject(root, "encoder");
    cJSON_AddStringToObject(enc, "name", res->encoder);
    cJSON_AddStringToObject(enc, "preset", res->preset);
    cJSON_AddStringToObject(enc, "reason", res->encoder_reason);
    cJSON_AddNumberToObject(enc, "passes", res->passes > 1 ? res->passes : 1);
    cJSON *q = cJSON_AddObjectToObject(root, "quality");
    add_measure(q, "psnr", res->psnr);
    add_measure(q, "psnr_y", res->psnr_y);
    add_measure(q, "psnr_u", res->psnr_u);
    add_measure(q, "psnr_v", res->psnr_v);
    add_measure(q, "ssim", res->ssim);
    add_audio(root, res);
    add_segments(root, r->plan, &res->reuse);
}

static cJSON *build(const VfCliReport *r)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "vidforge", vf_version());
    cJSON_AddStringToObject(root, "template", r->template_path);
    cJSON_AddStringToObject(root, "output", r->output ? r->output : "");
    cJSON_AddNumberToObject(root, "exit_code", r->exit_code);
    cJSON_AddStringToObject(root, "error", r->error ? r->error : "");
    if (r->plan) {
        cJSON_AddNumberToObject(root, "width", r->plan->width);
        cJSON_AddNumberToObject(root, "height", r->plan->height);
        cJSON_AddNumberToObject(root, "frame_rate", (double)r->plan->fps_num / r->plan->fps_den);
        cJSON_AddNumberToObject(root, "layers", r->plan->nb_layers);
    }
    if (r->plan && r->result && r->result->encoder[0]) {
        add_render(root, r);
    } else {
        cJSON *st = cJSON_AddObjectToObject(root, "stages");
        add_seconds(st, "parse", r->parse_seconds);
        add_seconds(st, "plan", r->plan_seconds);
    }
    cJSON *c = cJSON_AddObjectToObject(root, "cache");
    cJSON_AddNumberToObject(c, "hits", r->cache_hits);
    cJSON_AddNumberToObject(c, "misses", r->cache_misses);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    cJSON_AddNumberToObject(root, "peak_rss_mb", round(ru.ru_maxrss / 1024.0 * 10) / 10);
    /* CPU seconds of every thread: with the wall time, how busy the machine was */
    add_seconds(root, "cpu_user", ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6);
    add_seconds(root, "cpu_system", ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
    if (r->notify_url) {
        cJSON *n = cJSON_AddObjectToObject(root, "notify");
        cJSON_AddStringToObject(n, "url", r->notify_url);
        cJSON_AddBoolToObject(n, "delivered", !r->notify_error);
        if (r->notify_error)
            cJSON_AddStringToObject(n, "error", r->notify_error);
    }
    return root;
}

int vf_cli_check_report_path(const char *path)
{
    if (!strcmp(path, "-"))
        return 0;
    char *dir = vf_path_dirname(path);
    struct stat st;
    int ok = dir && access(dir, W_OK | X_OK) == 0;
    const char *why = !dir ? "out of memory" : strerror(errno);
    if (ok && stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        ok = 0;
        why = "it exists and is not a regular file";
    }
    if (!ok)
        fprintf(stderr, "vidforge: cannot write report %s: %s\n", path, why);
    free(dir);
    return ok ? 0 : 4;
}

/* The report's text: one line on stdout, indented in a file. */
static char *report_text(const VfCliReport *r, int one_line)
{
    cJSON *root = build(r);
    char *text = !root ? NULL : one_line ? cJSON_PrintUnformatted(root) : cJSON_Print(root);
    cJSON_Delete(root);
    return text;
}

/* Writes text to a new hidden file beside path (a short name, whatever
 * path's length); its name in *tmp. Returns 0, or -1 with errno set and
 * nothing left. */
static int write_temp(const char *path, const char *text, char **tmp)
{
    char *dir = vf_path_dirname(path);
    size_t n = dir ? strlen(dir) + 48 : 0;
    *tmp = dir ? malloc(n) : NULL;
    if (!*tmp) {
        free(dir);
        errno = ENOMEM;
        return -1;
    }
    snprintf(*tmp, n, "%s/.vf-report-%ld.vidforge-tmp", dir, (long)getpid());
    free(dir);
    FILE *f = fopen(*tmp, "w");
    int ok = f && fprintf(f, "%s\n", text) > 0;
    ok = f && fclose(f) == 0 && ok;
    if (!ok) {
        int err = errno;
        unlink(*tmp);
        free(*tmp);
        *tmp = NULL;
        errno = err;
    }
    return ok ? 0 : -1;
}

int vf_cli_write_report(const char *path, const VfCliReport *r)
{
    int to_stdout = !strcmp(path, "-");
    char *text = report_text(r, to_stdout), *tmp = NULL;
    int ok = text != NULL;
    if (to_stdout) {
        ok = ok && printf("%s\n", text) > 0 && fflush(stdout) == 0;
    } else {
        ok = ok && write_temp(path, text, &tmp) == 0;
        ok = ok && rename(tmp, path) == 0;
        if (!ok)
            fprintf(stderr, "vidforge: cannot write report %s: %s\n", path, strerror(errno));
        if (tmp && !ok)
            unlink(tmp);
    }
    free(tmp);
    cJSON_free(text);
    return ok ? 0 : -1;
}

int vf_cli_stage_report(const char *path, VfCliReport *r)
{
    char *text = report_text(r, 0);
    int ret = text ? write_temp(path, text, &r->staged) : -1;
    cJSON_free(text);
    if (ret < 0)
        return vf_error_set(VF_ERR_OUTPUT, "cannot write report %s: %s; the video was not "
                            "written", path, strerror(errno));
    return 0;
}

void vf_cli_publish_report(const char *path, VfCliReport *r)
{
    if (r->staged && rename(r->staged, path) != 0)
        fprintf(stderr, "vidforge: warning: the video %s was written, but the report %s was "
                "not: %s\n", r->output, path, strerror(errno));
    vf_cli_discard_report(r);
}

void vf_cli_discard_report(VfCliReport *r)
{
    if (r->staged)
        unlink(r->staged);
    free(r->staged);
    r->staged = NULL;
}

char *vf_cli_report_event(const VfCliReport *r, const char *event)
{
    VfCliReport copy = *r;
    copy.notify_url = NULL; /* the body does not report on its own delivery */
    cJSON *root = build(&copy);
    char *text = NULL, *s = NULL;
    if (root && cJSON_AddStringToObject(root, "event", event))
        s = cJSON_PrintUnformatted(root);
    text = s ? strdup(s) : NULL;
    cJSON_free(s);
    cJSON_Delete(root);
    return text;
}
