/* An ASS/SSA captions file on the plan: one layer (the part of the frame
 * libass draws in) that libass draws at each frame's time, with the file's
 * own styles, positions, colours and karaoke. libass sees only the fonts a template may use by
 * path: the shipped fonts, the template's folder and the folders the policy
 * allows (never fontconfig's system fonts), and the overlay's style.font for
 * text no font matches. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "captions/assrender.h"
#include "plan/captions_plan.h"
#include "plan/captions_track.h"
#include "plan/digest.h"
#include "text/font.h"
#include "util/path.h"
#include "util/strbuf.h"
#include "vidforge/error.h"

#define MAX_DIRS (VF_POLICY_MAX_ALLOWED + 2)

static int is_dir(const char *path)
{
    struct stat st;
    return path && path[0] && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folders libass may take fonts from (those that exist). */
static int font_dirs(const VfPlanCtx *pc, const VfTemplate *t, const char **dirs)
{
    int n = 0;
    dirs[n++] = vf_font_shipped_dir();
    if (is_dir(t->dir))
        dirs[n++] = t->dir;
    for (int i = 0; i < pc->env->policy->nb_allowed && n < MAX_DIRS; i++)
        if (!vf_path_is_url(pc->env->policy->allowed[i]) && is_dir(pc->env->policy->allowed[i]))
            dirs[n++] = pc->env->policy->allowed[i];
    return n;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of dir's font files (those libass is given), sorted: *names
 * (each and the array freed by the caller), *n of them. A folder that cannot
 * be listed has none (libass skips it too). 0 or VF_ERR_INTERNAL. */
static int font_names(const char *dir, char ***names, int *n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int cap = 0, ret = 0;
    *names = NULL, *n = 0;
    while (d && ret >= 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.' || !vf_ass_is_font_file(e->d_name))
            continue;
        char **grown = *n < cap ? *names : realloc(*names, sizeof(char *) * (size_t)(cap = 2 * cap + 8));
        if (grown)
            *names = grown;
        if (!grown || !((*names)[*n] = strdup(e->d_name)))
            ret = VF_ERR_INTERNAL;
        else
            (*n)++;
    }
    if (d)
        closedir(d);
    if (*n > 1)
        qsort(*names, (size_t)*n, sizeof(char *), by_name);
    return ret;
}

/* Appends "I NAME SHA256" for each font file of dirs[i] libass may use: by
 * content, so an output written beside the template, a touched font or the
 * order readdir returns names in never changes the key; an edited font
 * does. A font that cannot be read is left out (libass skips it as well). */
static int key_fonts(const VfPlanCtx *pc, int i, const char *dir, VfStrBuf *b)
{
    char **names = NULL, hex[VF_DIGEST_HEX];
    int n = 0, ret = font_names(dir, &names, &n);
    for (int k = 0; k < n; k++) {
        char *f = ret >= 0 ? vf_path_join(dir, names[k]) : NULL;
        int got = f ? vf_digest_file(pc->env->digests, f, hex) : VF_ERR_INTERNAL;
        if (ret >= 0 && got >= 0)
            vf_strbuf_appendf(b, "%d %s %s\n", i, names[k], hex);
        else if (ret >= 0 && (!f || got == VF_ERR_INTERRUPTED))
            ret = got;
        free(f);
        free(names[k]);
    }
    free(names);
    return ret;
}

/* What names the picture beside the frame size: the file's digest and the
 * font files libass may use (not where the folders are, so a moved
 * template keeps its key). */
static int file_key(const VfPlanCtx *pc, const char *path, const char *const *dirs, int n,
                    char key[VF_DIGEST_HEX])
{
    char hex[VF_DIGEST_HEX];
    int ret = vf_digest_file(pc->env->digests, path, hex);
    VfStrBuf b = { 0 };
    vf_strbuf_appendf(&b, "%s\n", hex);
    for (int i = 0; ret >= 0 && i < n; i++)
        ret = key_fonts(pc, i, dirs[i], &b);
    if (ret >= 0 && b.oom)
        ret = VF_ERR_INTERNAL;
    if (ret >= 0)
        vf_digest_bytes(b.data, b.len, key);
    vf_strbuf_discard(&b);
    return ret;
}

int vf_captions_plan_ass(const VfPlanCtx *pc, VfPlan *p, const VfTemplate *t,
                         const VfOverlay *ov, const char *path)
{
    const char *dirs[MAX_DIRS];
    char key[VF_DIGEST_HEX], *font = NULL;
    int face = 0, n = font_dirs(pc, t, dirs);
    int ret = file_key(pc, path, dirs, n, key);
    if (ret >= 0) { /* NULL: the default font */
        char ptr[96];
        snprintf(ptr, sizeof(ptr), "/overlays/%d/style/font", ov->index);
        ret = vf_font_resolve(pc->env->fonts, ov->font, t->dir, &font, &face);
        if (ret >= 0)
            ret = vf_plan_check_file(pc, font, t->dir, ptr, "font");
    }
    double t1 = ov->end < 0 || ov->end > p->duration ? p->duration : ov->end;
    if (ret >= 0)
        ret = vf_caption_track_ass(p, ov, path, key, dirs, n, font, ov->start, t1);
    free(font);
    return ret;
}
