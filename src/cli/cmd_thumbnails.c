/* `vidforge thumbnails TEMPLATE_OR_VIDEO --every S -o sprite.jpg`: a sprite
 * sheet of frames every S seconds and a WebVTT track (sprite.vtt) pointing
 * at each tile, for web players' seek previews. Both are written under
 * hidden temporary names and moved in place together at the end. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "cli/args.h"
#include "engine/engine.h"
#include "plan/plan.h"
#include "render/poster.h"
#include "render/thumbnails.h"
#include "util/path.h"
#include "vidforge/error.h"

/* path with its extension replaced by ext (".vtt"). */
static char *with_extension(const char *path, const char *ext)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    size_t stem = dot ? (size_t)(dot - path) : strlen(path);
    size_t n = stem + strlen(ext) + 1;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%.*s%s", (int)stem, path, ext);
    return p;
}

/* ".vf-thumbs-PID-TAG.vidforge-tmp.EXT" beside path. */
static char *temp_beside(const char *path, const char *tag)
{
    char *dir = vf_path_dirname(path);
    const char *dot = strrchr(path, '.');
    size_t n = dir ? strlen(dir) + strlen(dot ? dot : "") + 64 : 0;
    char *t = dir ? malloc(n) : NULL;
    if (t)
        snprintf(t, n, "%s/.vf-thumbs-%ld-%s.vidforge-tmp%s", dir, (long)getpid(), tag,
                 dot ? dot : "");
    free(dir);
    return t;
}

static int write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    int ok = f && fputs(text, f) >= 0;
    if (f && fclose(f) != 0)
        ok = 0;
    return ok ? 0 : vf_error_set(VF_ERR_OUTPUT, "cannot write %s: %s", path, strerror(errno));
}

/* Both temporaries to their names: the sprite first, the track (which names
 * it) last. */
static int commit(char *const temps[2], char *const finals[2], int overwrite)
{
    for (int i = 0; i < 2; i++) {
        int ret = overwrite ? rename(temps[i], finals[i]) : link(temps[i], finals[i]);
        if (ret == 0 && !overwrite)
            unlink(temps[i]);
        if (ret < 0) {
            if (i == 1)
                unlink(finals[0]);
            return vf_error_set(VF_ERR_OUTPUT, "cannot move the finished file to %s: %s",
                                finals[i], strerror(errno));
        }
    }
    return 0;
}

/* The sprite's folder must be there before anything is drawn: the error
 * names it, not the hidden temporary name written first. */
static int check_folder(const char *path)
{
    char *dir = vf_path_dirname(path);
    struct stat st;
    int found = dir && stat(dir, &st) == 0;
    int ok = found && S_ISDIR(st.st_mode);
    int err = !dir ? ENOMEM : found ? ENOTDIR : errno;
    int ret = ok ? 0 : vf_error_set(VF_ERR_OUTPUT, "cannot write %s: folder %s: %s", path,
                                    dir ? dir : "?", strerror(err));
    free(dir);
    return ret;
}

static int write_sheet(const VfCliArgs *a, VfEngine *e, const VfPlan *plan)
{
    char *vtt = with_extension(a->output, ".vtt");
    char *temps[2] = { temp_beside(a->output, "s"), temp_beside(a->output, "t") };
    char *finals[2] = { (char *)a->output, vtt };
    const char *slash = strrchr(a->output, '/');
    VfThumbSheet sheet = { 0 };
    char *text = NULL;
    int ret = vtt && temps[0] && temps[1] ? check_folder(a->output) : VF_ERR_INTERNAL;
    for (int i = 0; i < 2 && ret >= 0; i++)
        if (!a->overwrite && access(finals[i], F_OK) == 0)
            ret = vf_error_set(VF_ERR_OUTPUT, "%s already exists (use -y to overwrite)", finals[i]);
    if (ret >= 0) {
        const VfLogger *before = vf_engine_enter(e);
        ret = vf_thumbnails_render(plan, a->every, &sheet);
        vf_log_bind(before);
    }
    if (ret >= 0)
        ret = vf_poster_write(temps[0], sheet.rgb, sheet.width, sheet.height, sheet.width * 3);
    if (ret >= 0)
        ret = (text = vf_thumbnails_vtt(&sheet, slash ? slash + 1 : a->output))
            ? write_text(temps[1], text) : VF_ERR_INTERNAL;
    if (ret >= 0)
        ret = commit(temps, finals, a->overwrite);
    for (int i = 0; i < 2; i++) {
        unlink(temps[i]); /* gone already when committed */
        free(temps[i]);
    }
    vf_thumbnails_clear(&sheet);
    free(text);
    free(vtt);
    return ret < 0 ? vf_cli_fail(ret) : 0;
}

/* A video rather than a template: a template of it alone, in its folder
 * (which the template may then read). */
static char *video_template(const char *video, char **name)
{
    char *dir = vf_path_dirname(video);
    const char *slash = strrchr(video, '/');
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "template_version", "1.0");
    cJSON *v = cJSON_AddObjectToObject(root, "video");
    cJSON_AddStringToObject(v, "input", slash ? slash + 1 : video);
    char *json = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    size_t n = dir ? strlen(dir) + 32 : 0;
    *name = dir ? malloc(n) : NULL;
    if (*name)
        snprintf(*name, n, "%s/(thumbnails of a video)", dir);
    free(dir);
    return json;
}

static int run(VfCliArgs *a)
{
    const char *dot = strrchr(a->template_path, '.');
    if (dot && !strcmp(dot, ".json"))
        return vf_cli_with_plan(a, write_sheet);
    char *name = NULL, *json = video_template(a->template_path, &name);
    VfTemplate *t = NULL;
    VfPlan *plan = NULL;
    VfEngine *e = NULL;
    VfDiagList diags = { 0 };
    int ret = json && name ? vf_template_parse(&a->policy.limits, json, strlen(json), name, NULL,
                                               &diags, &t)
                           : VF_ERR_INTERNAL;
    int code = ret < 0 ? vf_cli_fail(ret) : vf_cli_engine_create(a, &e);
    if (!code) {
        ret = vf_engine_plan(e, t, &plan);
        code = ret < 0 ? vf_cli_fail(ret) : write_sheet(a, e, plan);
    }
    vf_plan_free(&plan);
    vf_template_free(&t);
    vf_engine_free(&e);
    vf_diag_list_clear(&diags);
    cJSON_free(json);
    free(name);
    return code;
}

int vf_cmd_thumbnails(int argc, char **argv)
{
    VfCliArgs a = { 0 };
    int code = vf_cli_parse_args(&a, argc, argv, "o:yqv");
    if (!code && (!a.output || a.every <= 0)) {
        fprintf(stderr, "vidforge: thumbnails needs --every SECONDS and -o SPRITE.jpg (see "
                "vidforge help thumbnails)\n");
        code = VF_EXIT_USAGE;
    }
    if (!code && !vf_poster_known(a.output)) {
        fprintf(stderr, "vidforge: -o %s: name a .jpg, .png or .webp sprite\n", a.output);
        code = VF_EXIT_USAGE;
    }
    if (!code)
        code = run(&a);
    vf_cli_args_clear(&a);
    return code;
}
