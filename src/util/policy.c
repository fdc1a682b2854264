#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "vf_config.h"
#include "vidforge/error.h"
#include "vidforge/policy.h"

static VfLimits limits = { 600, 500, 8192, 256, 10000, 1, 64, 500, 4096 };
static int network = 1;
static char *allowed[32];
static int nb_allowed;

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
    { "memory", "MB", offsetof(VfLimits, memory_mb), 0, 1, 16777216 },
};
#define NB_LIMITS (int)(sizeof(limit_table) / sizeof(limit_table[0]))

const VfLimits *vf_limits(void)
{
    return &limits;
}

const char *vf_limits_describe(int i)
{
    static _Thread_local char buf[128];
    if (i < 0 || i >= NB_LIMITS)
        return NULL;
    const char *field = (const char *)&limits + limit_table[i].offset;
    double v = limit_table[i].is_int ? *(const int *)field : *(const double *)field;
    snprintf(buf, sizeof(buf), "%-14s %g %s", limit_table[i].name, v, limit_table[i].unit);
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

int vf_limits_set(const char *assignment)
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
        char *field = (char *)&limits + limit_table[i].offset;
        if (limit_table[i].is_int)
            *(int *)field = (int)v;
        else
            *(double *)field = v;
        return 0;
    }
    return vf_error_set(VF_ERR_USAGE, "--limit takes NAME=VALUE with NAME one of duration, "
                        "input_size, frame, overlays, text, template_size, depth, font_size, "
                        "memory");
}

int vf_policy_allow_path(const char *dir)
{
    char real[PATH_MAX];
    if (!realpath(dir, real))
        return vf_error_set(VF_ERR_USAGE, "--allow-path %s: no such folder", dir);
    if (nb_allowed >= (int)(sizeof(allowed) / sizeof(allowed[0])))
        return vf_error_set(VF_ERR_USAGE, "too many --allow-path folders");
    allowed[nb_allowed] = strdup(real);
    return allowed[nb_allowed++] ? 0 : VF_ERR_INTERNAL;
}

void vf_policy_set_network(int allowed_net)
{
    network = allowed_net;
}

int vf_policy_network(void)
{
    return network;
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

static int allowed_root(const char *real, const char *template_dir)
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
    for (int i = 0; i < nb_allowed; i++)
        if (inside(real, allowed[i]))
            return 1;
    return 0;
}

int vf_policy_check_path(const char *path, const char *template_dir, char *resolved, size_t n)
{
    char real[PATH_MAX];
    if (!realpath(path, real)) {
        snprintf(resolved, n, "%s", path);
        return -2;
    }
    snprintf(resolved, n, "%s", real);
    return allowed_root(real, template_dir) ? 0 : -1;
}
