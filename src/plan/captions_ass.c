/* An ASS/SSA captions file on the plan: one frame-sized layer that libass
 * draws at each frame's time, with the file's own styles, positions,
 * colours and karaoke. libass sees only the fonts a template may use by
 * path: the shipped fonts, the template's folder and the folders the policy
 * allows (never fontconfig's system fonts), and the overlay's style.font for
 * text no font matches. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* What names the picture beside the frame size: the file's digest and the
 * font files libass may use (name, size, modification time; not where the
 * folders are, so a moved template keeps its key). */
static int file_key(const VfPlanCtx *pc, const char *path, const char *const *dirs, int n,
                    char key[VF_DIGEST_HEX])
{
    char hex[VF_DIGEST_HEX];
    int ret = vf_digest_file(pc->env->digests, path, hex);
    VfStrBuf b = { 0 };
    vf_strbuf_appendf(&b, "%s\n", hex);
    for (int i = 0; ret >= 0 && i < n; i++) {
        DIR *d = opendir(dirs[i]);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            char *f = e->d_name[0] != '.' ? vf_path_join(dirs[i], e->d_name) : NULL;
            struct stat st;
            if (f && stat(f, &st) == 0 && S_ISREG(st.st_mode))
                vf_strbuf_appendf(&b, "%d %s %lld %lld\n", i, e->d_name, (long long)st.st_size,
                                  (long long)st.st_mtime);
            free(f);
        }
        if (d)
            closedir(d);
    }
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
