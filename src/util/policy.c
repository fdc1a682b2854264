#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "vf_config.h"
#include "vidforge/error.h"
#include "vidforge/policy.h"

static const VfLimits default_limits = { 600, 500, 8192, 256, 10000, 1, 64, 500, 120 };

static const struct {
    const char *name, *unit;
    size_t offset;
    int is_int;
    double min, max;
} limit_table[] = {
    { "duration", "seconds", offsetof(VfLimits, duration), 0, 0.001, 86400 },
    { "input_size", "MB", offsetof(VfLimits, input_size_mb), 0, 0.000001, 1e6 },
    { "frame", "pixels a side", offsetof(VfLimits, frame), 1, 16, 16384 },
    { "overlays", "per template", offsetof(VfLimits, overlays), 1, 0, 100000 },
    { "text", "characters", offsetof(VfLimits, text), 1, 1, 10000000 },
    { "template_size", "MB", offsetof(VfLimits, template_size_mb), 0, 0.000001, 256 },
    { "depth", "levels of JSON nesting", offsetof(VfLimits, depth), 1, 2, 1000 },
    { "font_size", "pixels", offsetof(VfLimits, font_size), 0, 1, 500 },
    { "network_seconds", "seconds", offsetof(VfLimits, network_seconds), 0, 0.1, 86400 },
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

int vf_limits_set(VfLimits *limits, const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    for (int i = 0; eq && i < NB_LIMITS; i++) {
        if (strncmp(assignment, limit_table[i].name, (size_t)(eq - assignment)) ||
            limit_table[i].name[eq - assignment])
            continue;
        char *end;
        double v = strtod(eq + 1, &end);
        if (end == eq + 1 || *end || !(v >= limit_table[i].min) || v > limit_table[i].max)
            return vf_error_set(VF_ERR_USAGE, "--limit %s needs a number from %g to %g",
                                limit_table[i].name, limit_table[i].min, limit_table[i].max);
        char *field = (char *)limits + limit_table[i].offset;
        if (limit_table[i].is_int)
            *(int *)field = (int)v;
        else
            *(double *)field = v;
        return 0;
    }
    return vf_error_set(VF_ERR_USAGE, "--limit takes NAME=VALUE with NAME one of duration, "
                        "input_size, frame, overlays, text, template_size, depth, font_size, "
                        "network_seconds");
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
    const char *roots[] = { template_dir, getcwd(cwd, sizeof(cwd)) ? cwd : NULL, VF_FONTS_DIR,
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
