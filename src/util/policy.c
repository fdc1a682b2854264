#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/path.h"
#include "vf_config.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"
#include "vidforge/policy.h"

static const VfLimits default_limits = { 600, 500, 8192, 256, 10000, 1, 64, 500, 120, 4096 };

static const struct {
    const char *name, *unit;
    size_t offset;
    int is_int;
    double min, max;
} limit_table[] = {
    { "duration", "seconds", offsetof(VfLimits, duration), 0, 0.001, 86400 },
    { "input_size", "MB per file read: input video, sequence frame, image, font",
      offsetof(VfLimits, input_size_mb), 0, 0.000001, 1e6 },
    { "frame", "pixels a side", offsetof(VfLimits, frame), 1, 16, 16384 },
    { "overlays", "per template", offsetof(VfLimits, overlays), 1, 0, 100000 },
    { "text", "characters", offsetof(VfLimits, text), 1, 1, 10000000 },
    { "template_size", "MB", offsetof(VfLimits, template_size_mb), 0, 0.000001, 256 },
    { "depth", "levels of JSON nesting", offsetof(VfLimits, depth), 1, 2, 1000 },
    { "font_size", "pixels", offsetof(VfLimits, font_size), 0, 1, 500 },
    { "network_seconds", "seconds", offsetof(VfLimits, network_seconds), 0, 0.1, 86400 },
    { "memory", "MB", offsetof(VfLimits, memory_mb), 0, 1, 16777216 },
};
#define NB_LIMITS (int)(sizeof(limit_table) / sizeof(limit_table[0]))

void vf_limits_default(VfLimits *l)
{
    *l = default_limits;
}

const char *vf_limits_describe(const VfLimits *l, int i, char *buf, size_t n)
{
    if (i < 0 || i >= NB_LIMITS)
        return NULL;
    const char *field = (const char *)(l ? l : &default_limits) + limit_table[i].offset;
    double v = limit_table[i].is_int ? *(const int *)field : *(const double *)field;
    snprintf(buf, n, "%-16s %g %s", limit_table[i].name, v, limit_table[i].unit);
    return buf;
}

/* MB per unit letter of a size ("512M", "4G"); 0 for any other letter. */
static double size_factor(char unit)
{
    static const struct { char letter; double mb; } units[] = {
        { 'K', 1.0 / 1024 }, { 'M', 1 }, { 'G', 1024 }, { 'T', 1024 * 1024 },
    };
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        if (unit == units[i].letter || unit == units[i].letter + ('a' - 'A'))
            return units[i].mb;
    return 0;
}

int vf_limits_set(VfLimits *limits, const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    for (int i = 0; eq && i < NB_LIMITS; i++) {
        if (strncmp(assignment, limit_table[i].name, (size_t)(eq - assignment)) ||
            limit_table[i].name[eq - assignment])
            continue;
        char *end;
        double v = strtod(eq + 1, &end);
        if (end > eq + 1 && !strcmp(limit_table[i].unit, "MB") && *end && !end[1])
            v *= size_factor(*end++); /* 512M, 4G; 0 when the letter is none of K, M, G */
        if (end == eq + 1 || *end || !(v >= limit_table[i].min) || v > limit_table[i].max)
            return vf_error_set(VF_ERR_USAGE, "--limit %s needs a number from %g to %g%s",
                                limit_table[i].name, limit_table[i].min, limit_table[i].max,
                                strcmp(limit_table[i].unit, "MB") ? "" : " (MB, or with K, M, G)");
        char *field = (char *)limits + limit_table[i].offset;
        if (limit_table[i].is_int)
            *(int *)field = (int)v;
        else
            *(double *)field = v;
        return 0;
    }
    return vf_error_set(VF_ERR_USAGE, "--limit takes NAME=VALUE with NAME one of duration, "
                        "input_size, frame, overlays, text, template_size, depth, font_size, "
                        "network_seconds, memory");
}

void vf_policy_init(VfPolicy *p)
{
    *p = (VfPolicy){ .network = 1 };
    vf_limits_default(&p->limits);
}

void vf_policy_clear(VfPolicy *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->nb_allowed; i++)
        free(p->allowed[i]);
    vf_policy_init(p);
}

int vf_policy_copy(VfPolicy *dst, const VfPolicy *src)
{
    vf_policy_clear(dst);
    dst->limits = src->limits;
    dst->network = src->network;
    for (int i = 0; i < src->nb_allowed; i++) {
        if (!(dst->allowed[i] = strdup(src->allowed[i]))) {
            vf_policy_clear(dst);
            return VF_ERR_INTERNAL;
        }
        dst->nb_allowed = i + 1;
    }
    return 0;
}

int vf_policy_allow_path(VfPolicy *p, const char *dir)
{
    char real[PATH_MAX];
    if (!strncasecmp(dir, "s3://", 5))
        return vf_policy_allow_url(p, dir);
    if (!realpath(dir, real))
        return vf_error_set(VF_ERR_USAGE, "--allow-path %s: no such folder", dir);
    if (p->nb_allowed >= VF_POLICY_MAX_ALLOWED)
        return vf_error_set(VF_ERR_USAGE, "too many --allow-path folders");
    p->allowed[p->nb_allowed] = strdup(real);
    return p->allowed[p->nb_allowed++] ? 0 : VF_ERR_INTERNAL;
}

/* 1 when real (a resolved path) is root itself or below it. */
static int inside(const char *real, const char *root)
{
    char r[PATH_MAX];
    if (!root || !realpath(root, r))
        return 0;
    size_t n = strlen(r);
    if (n == 1 && r[0] == '/')
        return 1;
    return !strncmp(real, r, n) && (real[n] == '/' || real[n] == '\0');
}

static int allowed_root(const VfPolicy *p, const char *real, const char *template_dir)
{
    char cwd[PATH_MAX], home_fonts[PATH_MAX], local_fonts[PATH_MAX];
    const char *home = getenv("HOME");
    snprintf(home_fonts, sizeof(home_fonts), "%s/.fonts", home ? home : "/nonexistent");
    snprintf(local_fonts, sizeof(local_fonts), "%s/.local/share/fonts", home ? home : "/nonexistent");
    /* the current folder counts unless it is /, which would let in every file */
    const char *here = getcwd(cwd, sizeof(cwd)) && strcmp(cwd, "/") ? cwd : NULL;
    const char *roots[] = { template_dir, here, VF_FONTS_DIR,
                            VF_FONTS_INSTALL_DIR, "/usr/share/fonts", "/usr/local/share/fonts",
                            home_fonts, local_fonts };
    for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++)
        if (inside(real, roots[i]))
            return 1;
    for (int i = 0; i < p->nb_allowed; i++)
        if (inside(real, p->allowed[i]))
            return 1;
    return 0;
}

int vf_policy_check_path(const VfPolicy *p, const char *path, const char *template_dir,
                         char *resolved, size_t n)
{
    char real[PATH_MAX];
    if (!realpath(path, real)) {
        snprintf(resolved, n, "%s", path);
        return -2;
    }
    snprintf(resolved, n, "%s", real);
    return allowed_root(p, real, template_dir) ? 0 : -1;
}

/* ---- the files a template names, checked before anything opens them ---- */

/* 1 when path does not exist but its folder resolves outside every allowed
 * folder (real then holds the folder). */
static int folder_outside(const VfPolicy *p, const char *path, const char *template_dir,
                          char *real, size_t n)
{
    char *dir = vf_path_dirname(path);
    int r = dir ? vf_policy_check_path(p, dir, template_dir, real, n) : 0;
    free(dir);
    return r == -1;
}

static int refuse_outside(const char *pointer, const char *what, const char *path,
                          const char *part, const char *real)
{
    return vf_error_set(VF_ERR_TEMPLATE, "%s: %s %s%s resolves to %s, outside the folders a "
                        "template may read (its folder, the current folder unless that is /, "
                        "the font folders; add one with --allow-path DIR)", pointer, what, path,
                        part, real);
}

int vf_policy_check_file(const VfPolicy *p, const char *path, const char *template_dir,
                         const char *pointer, const char *what)
{
    char real[PATH_MAX];
    struct stat st;
    int r = vf_policy_check_path(p, path, template_dir, real, sizeof(real));
    if (r == -2 && folder_outside(p, path, template_dir, real, sizeof(real)))
        r = -1; /* missing, but where it would be is outside: no probing for files */
    if (r == -1)
        return refuse_outside(pointer, what, path, "", real);
    if (r == -2 || stat(real, &st) != 0 || access(real, R_OK) != 0)
        return vf_error_set(VF_ERR_ASSET, "%s %s does not exist or is not readable", what, path);
    if (!S_ISREG(st.st_mode)) /* a FIFO would block the open, a device never end */
        return vf_error_set(VF_ERR_ASSET, "%s %s does not exist or is not readable (not a "
                            "regular file)", what, path);
    double max_mb = p->limits.input_size_mb;
    if (st.st_size > max_mb * 1e6)
        return vf_error_set(VF_ERR_ASSET, "%s %s is %.1f MB, over the %g MB limit "
                            "(--limit input_size=MB)", what, path, st.st_size / 1e6, max_mb);
    return 0;
}

/* One file image2 opens, with the ".U" and ".V" planes it adds to a raw ".y". */
static int check_frame(const VfPolicy *p, const char *name, const char *template_dir,
                       const char *pointer, const char *what)
{
    int ret = vf_policy_check_file(p, name, template_dir, pointer, what);
    const char *dot = strrchr(name, '.');
    if (ret < 0 || !dot || strcasecmp(dot, ".y") || strlen(name) >= PATH_MAX)
        return ret;
    char plane[PATH_MAX];
    for (const char *c = "UV"; *c && ret >= 0; c++) {
        snprintf(plane, sizeof(plane), "%s", name);
        plane[strlen(plane) - 1] = *c;
        if (access(plane, F_OK) == 0)
            ret = vf_policy_check_file(p, plane, template_dir, pointer, what);
    }
    return ret;
}

/* 1 when frame number i of pattern exists for image2 (avio_check). */
static int frame_exists(const char *pattern, int i, char name[1024])
{
    return vf_path_frame_name(name, 1024, pattern, i) == 0 && access(name, R_OK) == 0;
}

/* The numbers image2 reads (img2dec.c find_image_range with its defaults,
 * start_number 0 and start_number_range 5): the first existing one from 0 to
 * 4, then the last found by doubling steps. Returns 0, or -1 when none. */
static int frame_range(const char *pattern, int *first, int *last)
{
    char name[1024];
    for (*first = 0; *first < 5 && !frame_exists(pattern, *first, name); (*first)++)
        ;
    if (*first == 5)
        return -1;
    for (*last = *first;;) {
        int step = 0, next = 1;
        while (*last <= INT_MAX - next && frame_exists(pattern, *last + next, name)) {
            if ((step = next) >= 1 << 30)
                return -1; /* image2 gives up too: every number names one file */
            next = 2 * step;
        }
        if (!step)
            return 0;
        *last += step;
    }
}

static int check_sequence(const VfPolicy *p, const char *pattern, const char *template_dir,
                          const char *pointer, const char *what, int literal_exists)
{
    const char *slash = strrchr(pattern, '/');
    if (slash && memchr(pattern, '%', (size_t)(slash - pattern)))
        return vf_error_set(VF_ERR_TEMPLATE, "%s: %s %s: an image-sequence pattern may use %% "
                            "only in the file name, not in its folders", pointer, what, pattern);
    char *dir = vf_path_dirname(pattern), real[PATH_MAX], name[1024];
    int r = dir ? vf_policy_check_path(p, dir, template_dir, real, sizeof(real)) : -3;
    free(dir);
    if (r == -3)
        return VF_ERR_INTERNAL;
    if (r == -1)
        return refuse_outside(pointer, what, pattern, ": its folder", real);
    int first, last, ret = 0;
    if (r == -2 || frame_range(pattern, &first, &last) < 0)
        return literal_exists ? 0 : vf_error_set(VF_ERR_ASSET, "%s %s does not exist or is "
                                                 "not readable (an image sequence starts at a "
                                                 "number from 0 to 4)", what, pattern);
    for (int i = first; i <= last && ret >= 0; i++) {
        if (vf_interrupt_requested())
            return VF_ERR_INTERRUPTED;
        vf_path_frame_name(name, sizeof(name), pattern, i);
        ret = check_frame(p, name, template_dir, pointer, what);
    }
    return ret;
}

int vf_policy_check_media(const VfPolicy *p, const char *path, const char *template_dir,
                          const char *pointer, const char *what)
{
    char name[1024];
    if (vf_path_is_glob(path))
        return vf_error_set(VF_ERR_TEMPLATE, "%s: %s %s: glob patterns (%% followed by * ? [ ] "
                            "{ }) are not read; number the files: img%%03d.png", pointer, what,
                            path);
    if (!strchr(path, '%') || vf_path_frame_name(name, sizeof(name), path, 1) < 0)
        return check_frame(p, path, template_dir, pointer, what);
    int literal_exists = access(path, F_OK) == 0;
    int ret = literal_exists ? check_frame(p, path, template_dir, pointer, what) : 0;
    return ret < 0 ? ret : check_sequence(p, path, template_dir, pointer, what, literal_exists);
}
