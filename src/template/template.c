#include "template/template.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "template/keys.h"
#include "template/layerkeys.h"
#include "template/cliprules.h"
#include "template/locate.h"
#include "template/schema.h"
#include "util/path.h"
#include "vidforge/error.h"
#include "vidforge/policy.h"

/* Opens without blocking (a FIFO would wait for a writer forever) and refuses
 * anything but a regular file within the size limit before reading a byte. */
static int open_template(const char *path, size_t max, FILE **out)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), ret = 0;
    if (fd < 0)
        return vf_error_set(VF_ERR_USAGE, "cannot open template %s: %s", path, strerror(errno));
    if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode))
        ret = vf_error_set(VF_ERR_USAGE, "cannot read template %s (is it a folder?)", path);
    else if (!S_ISREG(st.st_mode))
        ret = vf_error_set(VF_ERR_USAGE, "template %s is not a regular file (a FIFO, socket or "
                           "device)", path);
    else if ((uintmax_t)st.st_size > max)
        ret = vf_error_set(VF_ERR_USAGE, "template %s is larger than the %g MB limit "
                           "(--limit template_size=MB)", path, max / 1e6);
    else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 ||
             !(*out = fdopen(fd, "rb")))
        ret = vf_error_set(VF_ERR_USAGE, "cannot open template %s: %s", path, strerror(errno));
    if (ret < 0)
        close(fd);
    return ret;
}

static int read_file(const VfLimits *lim, const char *path, char **text, size_t *len)
{
    size_t max = (size_t)(lim->template_size_mb * 1e6);
    FILE *f = NULL;
    int opened = open_template(path, max, &f);
    if (opened < 0)
        return opened;
    char *buf = malloc(max + 1);
    if (!buf) {
        fclose(f);
        return VF_ERR_INTERNAL;
    }
    size_t n = fread(buf, 1, max + 1, f);
    int read_error = ferror(f);
    fclose(f);
    if (read_error || n > max) {
        free(buf);
        if (read_error)
            return vf_error_set(VF_ERR_USAGE, "cannot read template %s (is it a folder?)", path);
        return vf_error_set(VF_ERR_USAGE, "template %s is larger than the %g MB limit "
                            "(--limit template_size=MB)", path, lim->template_size_mb);
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return 0;
}

/* ---- variables ---------------------------------------------------------- */

typedef struct Missing {
    char *name;
    char pointers[512];
    char first[512];
} Missing;

typedef struct SubstState {
    const VfVarSet *vars;
    Missing *missing;
    int nb_missing;
} SubstState;

static int note_missing(SubstState *st, char *name, const char *ptr)
{
    for (int i = 0; i < st->nb_missing; i++) {
        Missing *m = &st->missing[i];
        if (!strcmp(m->name, name)) {
            size_t len = strlen(m->pointers);
            snprintf(m->pointers + len, sizeof(m->pointers) - len, ", %s", ptr);
            free(name);
            return 0;
        }
    }
    Missing *arr = realloc(st->missing, (size_t)(st->nb_missing + 1) * sizeof(*arr));
    if (!arr) {
        free(name);
        return VF_ERR_INTERNAL;
    }
    st->missing = arr;
    Missing *m = &arr[st->nb_missing++];
    m->name = name;
    snprintf(m->pointers, sizeof(m->pointers), "%s", ptr);
    snprintf(m->first, sizeof(m->first), "%s", ptr);
    return 0;
}

static int substitute(SubstState *st, cJSON *node, char *ptr, size_t cap)
{
    int ret = 0;
    if (cJSON_IsString(node) && strstr(node->valuestring, "{{")) {
        char *out, *missing;
        ret = vf_vars_expand(node->valuestring, st->vars, &out, &missing);
        if (ret == 1)
            return note_missing(st, missing, ptr);
        if (ret < 0)
            return ret;
        ret = cJSON_SetValuestring(node, out) ? 0 : VF_ERR_INTERNAL;
        node->type |= VF_CJSON_SUBSTITUTED;
        free(out);
        return ret;
    }
    size_t len = strlen(ptr);
    int i = 0;
    for (cJSON *c = node->child; c && ret >= 0; c = c->next, i++) {
        if (cJSON_IsObject(node)) {
            if (len == 0 && !strcmp(c->string, "variables"))
                continue; /* values of variables are not templates themselves */
            vf_pointer_push(ptr, cap, c->string);
        } else {
            snprintf(ptr + len, cap - len, "/%d", i);
        }
        ret = substitute(st, c, ptr, cap);
        ptr[len] = '\0';
    }
    return ret;
}

static int apply_variables(VfSchemaCtx *ctx, cJSON *root, const VfVarSet *cli_vars,
                           VfTemplate *t)
{
    VfVarSet set = { 0 };
    int ret = vf_vars_set_from_json(&set, cJSON_GetObjectItemCaseSensitive(root, "variables"));
    for (int i = 0; cli_vars && i < cli_vars->count && ret >= 0; i++)
        ret = vf_vars_set(&set, cli_vars->names[i], cli_vars->values[i]);
    SubstState st = { &set, NULL, 0 };
    char ptr[512] = "";
    if (ret >= 0)
        ret = substitute(&st, root, ptr, sizeof(ptr));
    for (int i = 0; i < st.nb_missing; i++) {
        Missing *m = &st.missing[i];
        if (ret >= 0)
            ret = vf_schema_report(ctx, VF_SEV_ERROR, m->first, 0,
                                   "variable \"%s\" has no value and no default (used at %s)",
                                   m->name, m->pointers);
        free(m->name);
    }
    free(st.missing);
    t->var_names = set.names; /* kept: what each variable resolved to */
    t->var_values = set.values;
    t->nb_vars = set.count;
    return ret;
}

/* ---- rules across keys ------------------------------------------------------ */

static int check_version(VfSchemaCtx *ctx, const VfTemplate *t)
{
    if (!t->version)
        return 0;
    /* "1", "1.0", "1.2.3": major 1, then dot-separated numbers */
    const char *p = t->version;
    int ok = p[0] == '1' && (p[1] == '.' || !p[1]);
    for (p++; ok && *p; p++)
        ok = (*p == '.' && isdigit((unsigned char)p[1])) || isdigit((unsigned char)*p);
    if (ok)
        return 0;
    return vf_schema_report(ctx, VF_SEV_ERROR, "/template_version", 0,
                            "unsupported template version \"%s\" (this vidforge reads 1.x)",
                            t->version);
}

static int check_animations(VfSchemaCtx *ctx, const VfTemplate *t, const VfOverlay *ov, int i)
{
    char ptr[128];
    const VfAnimation *in = &ov->anim[VF_ANIM_IN], *out = &ov->anim[VF_ANIM_OUT];
    if (in->type == VF_ANIM_TYPEWRITER && ov->type != VF_LAYER_TEXT) {
        snprintf(ptr, sizeof(ptr), "/overlays/%d/timeline/animation/in/type", i);
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0,
                                "typewriter animates text overlays only");
    }
    double end = ov->end >= 0 ? ov->end : t->video.duration;
    double in_d = in->type >= 0 ? in->duration : 0, out_d = out->type >= 0 ? out->duration : 0;
    if (end > 0 && end > ov->start && in_d + out_d > end - ov->start + 1e-9) {
        snprintf(ptr, sizeof(ptr), "/overlays/%d/timeline/animation", i);
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0,
                                "in (%g s) and out (%g s) animations overlap: together longer "
                                "than the overlay's %g s", in_d, out_d, end - ov->start);
    }
    return 0;
}

static int check_overlay(VfSchemaCtx *ctx, const VfTemplate *t, int i)
{
    const VfOverlay *ov = &t->overlays[i];
    char ptr[128];
    int ret = 0;
    if (ov->type < 0)
        return 0; /* its type was wrong: nothing else about it is known */
    if (ov->end >= 0 && ov->end <= ov->start) {
        snprintf(ptr, sizeof(ptr), "/overlays/%d/timeline", i);
        ret = vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0,
                               "end (%g) must be greater than start (%g)", ov->end, ov->start);
    }
    for (int j = 0; j < i && ret >= 0; j++) {
        if (ov->id && t->overlays[j].id && !strcmp(ov->id, t->overlays[j].id)) {
            snprintf(ptr, sizeof(ptr), "/overlays/%d/id", i);
            ret = vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0,
                                   "duplicate overlay id \"%s\" (also /overlays/%d)", ov->id, j);
        }
    }
    if (ret >= 0 && ov->nb_stops && ov->nb_stops != ov->nb_gradient) {
        snprintf(ptr, sizeof(ptr), "/overlays/%d/style/gradient/stops", i);
        ret = vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "%d stops for %d colours: give one "
                               "per colour", ov->nb_stops, ov->nb_gradient);
    }
    if (ret >= 0)
        ret = check_animations(ctx, t, ov, i);
    if (ret >= 0)
        ret = vf_schema_check_motion(ctx, t, i);
    if (ret >= 0 && ov->type == VF_LAYER_CAPTIONS) {
        snprintf(ptr, sizeof(ptr), "/overlays/%d", i);
        ret = vf_captions_check_keys(ctx, ov, ptr);
    }
    if (ret >= 0 && t->video.duration > 0 && ov->start >= t->video.duration) {
        snprintf(ptr, sizeof(ptr), "/overlays/%d/timeline/start", i);
        ret = vf_schema_report(ctx, VF_SEV_WARNING, ptr, 0,
                               "starts at %g s, after the video ends (%g s): never visible",
                               ov->start, t->video.duration);
    }
    return ret;
}

/* Characters (code points) in a UTF-8 string. */
static size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int check_limits(VfSchemaCtx *ctx, const VfTemplate *t)
{
    const VfLimits *lim = ctx->limits;
    int ret = 0;
    if (t->nb_overlays > lim->overlays)
        ret = vf_schema_report(ctx, VF_SEV_ERROR, "/overlays", 0, "%d overlays, over the limit of "
                               "%d (--limit overlays=N)", t->nb_overlays, lim->overlays);
    for (int i = 0; i < t->nb_overlays && ret >= 0; i++) {
        const VfOverlay *ov = &t->overlays[i];
        char ptr[64];
        if (ov->type == VF_LAYER_TEXT && ov->content && utf8_length(ov->content) > (size_t)lim->text) {
            snprintf(ptr, sizeof(ptr), "/overlays/%d/content", i);
            ret = vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "%zu characters, over the limit of "
                                   "%d (--limit text=N)", utf8_length(ov->content), lim->text);
        } else if (ov->type == VF_LAYER_TEXT && ov->size * ov->scale > lim->font_size) {
            snprintf(ptr, sizeof(ptr), "/overlays/%d/style/size", i);
            ret = vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "%g px (size x scale), over the "
                                   "limit of %g (--limit font_size=PX)", ov->size * ov->scale,
                                   lim->font_size);
        }
    }
    return ret;
}

static int check_rules(VfSchemaCtx *ctx, const cJSON *root, VfTemplate *t)
{
    int ret = check_version(ctx, t);
    if (ret >= 0)
        ret = check_limits(ctx, t);
    const cJSON *video = cJSON_GetObjectItemCaseSensitive(root, "video");
    /* only when both keys are absent: a bad value was reported already */
    if (ret >= 0 && cJSON_IsObject(video) && !cJSON_GetObjectItemCaseSensitive(video, "input") &&
        !cJSON_GetObjectItemCaseSensitive(video, "duration") &&
        !cJSON_GetObjectItemCaseSensitive(video, "clips"))
        ret = vf_schema_report(ctx, VF_SEV_ERROR, "/video", 0,
                               "\"duration\" is required when there is no \"input\"");
    for (int i = 0; i < t->nb_overlays && ret >= 0; i++)
        ret = check_overlay(ctx, t, i);
    if (ret >= 0)
        ret = vf_template_check_clips(ctx, t);
    return ret;
}

/* Gives every overlay an id, so plans and reports can name it. */
static int default_ids(VfTemplate *t)
{
    for (int i = 0; i < t->nb_overlays; i++) {
        if (t->overlays[i].id)
            continue;
        char id[32];
        snprintf(id, sizeof(id), "overlay-%d", i);
        if (!(t->overlays[i].id = strdup(id)))
            return VF_ERR_INTERNAL;
    }
    return 0;
}

static int parse_error(VfSchemaCtx *ctx, const char *text, const char *at)
{
    int line, col;
    if (!at || !*at) {
        vf_json_offset_to_line_col(text, strlen(text), &line, &col);
        return vf_diag_add(ctx->diags, VF_SEV_ERROR, ctx->file, line, col, "",
                           "invalid JSON: unexpected end of file");
    }
    /* cJSON stops just past the culprit; step back onto it */
    while (at > text && (isspace((unsigned char)*at) || !*at))
        at--;
    size_t n = strcspn(at, "\r\n");
    vf_json_offset_to_line_col(text, (size_t)(at - text), &line, &col);
    return vf_diag_add(ctx->diags, VF_SEV_ERROR, ctx->file, line, col, "",
                       "invalid JSON near '%.*s'", (int)(n < 12 ? n : 12), at);
}

/* ---- NUL characters ---------------------------------------------------------- */

/* 1 when a string literal of text holds a \u0000 escape: cJSON would keep only
 * what comes before it, silently cutting the text short. */
static int has_nul_escape(const char *text, size_t len)
{
    int in_string = 0;
    for (size_t i = 0; i < len; i++) {
        if (!in_string) {
            in_string = text[i] == '"';
        } else if (text[i] == '\\') {
            if (i + 5 < len && text[i + 1] == 'u' && !strncmp(text + i + 2, "0000", 4))
                return 1;
            i++;
        } else if (text[i] == '"') {
            in_string = 0;
        }
    }
    return 0;
}

/* Byte offset of 1-based line and column (columns count UTF-8 characters). */
static size_t line_col_offset(const char *text, size_t len, int line, int col)
{
    size_t i = 0;
    for (int l = 1; l < line && i < len; i++)
        l += text[i] == '\n';
    for (int c = 1; c < col && i < len; c++)
        do
            i++;
        while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80);
    return i;
}

/* 1 when the string value at pointer holds a \u0000 escape. */
static int value_has_nul(const VfSchemaCtx *ctx, const char *ptr)
{
    int line, col;
    if (vf_json_locate(ctx->text, ctx->len, ptr, 0, &line, &col) < 0)
        return 0;
    size_t i = line_col_offset(ctx->text, ctx->len, line, col);
    if (i >= ctx->len || ctx->text[i] != '"')
        return 0;
    for (i++; i < ctx->len && ctx->text[i] != '"'; i++)
        if (ctx->text[i] == '\\' && ++i + 4 < ctx->len && ctx->text[i] == 'u' &&
            !strncmp(ctx->text + i + 1, "0000", 4))
            return 1;
    return 0;
}

static int check_nul(VfSchemaCtx *ctx, const cJSON *node, char *ptr, size_t cap)
{
    if (cJSON_IsString(node) && value_has_nul(ctx, ptr))
        return vf_schema_report(ctx, VF_SEV_ERROR, ptr, 0, "contains a NUL character "
                                "(\\u0000), which would cut the text short");
    size_t len = strlen(ptr);
    int ret = 0, i = 0;
    for (const cJSON *c = node->child; c && ret >= 0; c = c->next, i++) {
        if (cJSON_IsObject(node))
            vf_pointer_push(ptr, cap, c->string);
        else
            snprintf(ptr + len, cap - len, "/%d", i);
        ret = check_nul(ctx, c, ptr, cap);
        ptr[len] = '\0';
    }
    return ret;
}

static int build(VfSchemaCtx *ctx, cJSON *root, const VfVarSet *vars, VfTemplate *t)
{
    int errors_before = ctx->diags->nb_errors;
    char ptr[512] = "";
    int ret = has_nul_escape(ctx->text, ctx->len) ? check_nul(ctx, root, ptr, sizeof(ptr)) : 0;
    if (ret >= 0)
        ret = apply_variables(ctx, root, vars, t);
    if (ret >= 0)
        ret = vf_schema_read(ctx, root, t);
    if (ret >= 0)
        ret = check_rules(ctx, root, t); /* every problem in one run, not the first batch */
    if (ret >= 0)
        ret = default_ids(t);
    if (ret >= 0 && ctx->diags->nb_errors > errors_before)
        ret = VF_ERR_TEMPLATE;
    return ret;
}

/* Offset where the nesting first goes deeper than max, or -1. Strings are
 * skipped so brackets inside them do not count. */
static long too_deep(const char *text, size_t len, int max)
{
    int depth = 0, in_string = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '{' || c == '[') {
            if (++depth > max)
                return (long)i;
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return -1;
}

int vf_template_parse(const VfLimits *lim, const char *text, size_t len, const char *path,
                      const VfVarSet *vars, VfDiagList *diags, VfTemplate **out)
{
    *out = NULL;
    VfSchemaCtx ctx = { diags, path, text, len, lim };
    long deep = too_deep(text, len, lim->depth);
    if (deep >= 0) {
        int line, col;
        vf_json_offset_to_line_col(text, (size_t)deep, &line, &col);
        int ret = vf_diag_add(diags, VF_SEV_ERROR, path, line, col, "",
                              "nested deeper than %d levels (--limit depth=N)",
                              lim->depth);
        return ret < 0 ? ret : VF_ERR_TEMPLATE;
    }
    VfTemplate *t = calloc(1, sizeof(*t));
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
    int ret;
    if (!t) {
        ret = VF_ERR_INTERNAL;
    } else if (!root) {
        ret = parse_error(&ctx, text, end);
        ret = ret < 0 ? ret : VF_ERR_TEMPLATE;
    } else {
        ret = build(&ctx, root, vars, t);
    }
    if (ret >= 0) {
        t->path = strdup(path);
        t->dir = vf_path_dirname(path);
        ret = t->path && t->dir ? 0 : VF_ERR_INTERNAL;
    }
    cJSON_Delete(root);
    if (ret < 0)
        vf_template_free(&t);
    *out = t;
    return ret;
}

int vf_template_load(const VfLimits *lim, const char *path, const VfVarSet *vars,
                     VfDiagList *diags, VfTemplate **out)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    int ret = read_file(lim, path, &text, &len);
    if (ret < 0)
        return ret;
    ret = vf_template_parse(lim, text, len, path, vars, diags, out);
    free(text);
    return ret;
}

void vf_template_free(VfTemplate **pt)
{
    VfTemplate *t = pt ? *pt : NULL;
    if (!t)
        return;
    for (int i = 0; i < t->nb_overlays; i++) {
        VfOverlay *ov = &t->overlays[i];
        free(ov->id);
        free(ov->content);
        free(ov->font);
        free(ov->source);
        free(ov->clip_anchor);
        for (int k = 0; k < ov->nb_fallback; k++)
            free(ov->fallback[k]);
        vf_motion_clear(&ov->motion);
        vf_captions_free_keys(ov);
    }
    free(t->overlays);
    VfVarSet vars = { t->var_names, t->var_values, t->nb_vars };
    vf_vars_clear(&vars);
    free(t->path);
    free(t->dir);
    free(t->version);
    free(t->video.input);
    vf_template_free_clips(&t->video);
    free(t->video.output_preset);
    free(t->encoding.codec);
    free(t->encoding.preset);
    free(t->encoding.audio_codec);
    free(t->output);
    vf_template_audio_clear(&t->audio);
    free(t->outputs.format);
    free(t->outputs.gif.dither);
    free(t->outputs.gif.palette);
    free(t->outputs.poster.file);
    free(t->outputs.poster.time_at);
    free(t->outputs.poster.file_at);
    free(t);
    *pt = NULL;
}
