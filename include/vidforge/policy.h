/* What a template may make vidforge do: the folders it may read, whether it
 * may reach the network, and the limits on its size. Process-wide settings,
 * set once by the front end (--allow-path, --no-network, --limit) before any
 * work starts, read by the stages that open files. */
#ifndef VIDFORGE_POLICY_H
#define VIDFORGE_POLICY_H

#include <stddef.h>
#include <stdint.h>

typedef struct VfLimits {
    double duration;         /* output seconds (600) */
    double input_size_mb;    /* input file size, MB (500) */
    int frame;               /* pixels a side, input and output (8192) */
    int overlays;            /* per template (256) */
    int text;                /* characters in one text overlay (10000) */
    double template_size_mb; /* template file, MB (1) */
    int depth;               /* JSON nesting (64) */
    double font_size;        /* pixels per em (500) */
    double memory_mb;        /* estimated peak memory of a render, MB of 2^20 bytes (4096) */
} VfLimits;

/* The limits in force. */
const VfLimits *vf_limits(void);

/* Sets one limit from "NAME=VALUE" (names: duration, input_size, frame,
 * overlays, text, template_size, depth, font_size, memory; sizes in MB also take a
 * K, M or G suffix: memory=512M, memory=4G). Returns 0 or
 * VF_ERR_USAGE with a message listing the names. */
int vf_limits_set(const char *assignment);

/* The table of limits, for help: name, unit and default of entry i; NULL
 * past the end. */
const char *vf_limits_describe(int i);

/* Adds a folder templates may read from (besides the template's folder, the
 * current folder and the font folders). Returns 0 or VF_ERR_USAGE. */
int vf_policy_allow_path(const char *dir);

/* Network inputs (http, https) allowed? Default yes. */
void vf_policy_set_network(int allowed);
int vf_policy_network(void);

/* Checks that path (a file a template names) resolves, after ".." and
 * symbolic links, inside an allowed folder; template_dir is the template's
 * folder. Returns 0 with the real path in resolved (size n); -1 when it is
 * outside (resolved holds where it leads); -2 when it does not exist. */
int vf_policy_check_path(const char *path, const char *template_dir, char *resolved, size_t n);

#endif
