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
    double input_size_mb;    /* each file read: input, frame, image, font; MB (500) */
    int frame;               /* pixels a side, input and output (8192) */
    int overlays;            /* per template (256) */
    int text;                /* characters in one text overlay (10000) */
    double template_size_mb; /* template file, MB (1) */
    int depth;               /* JSON nesting (64) */
    double font_size;        /* pixels per em (500) */
} VfLimits;

/* The limits in force. */
const VfLimits *vf_limits(void);

/* Sets one limit from "NAME=VALUE" (names: duration, input_size, frame,
 * overlays, text, template_size, depth, font_size). Returns 0 or
 * VF_ERR_USAGE with a message listing the names. */
int vf_limits_set(const char *assignment);

/* The table of limits, for help: name, unit and default of entry i; NULL
 * past the end. */
const char *vf_limits_describe(int i);

/* Adds a folder templates may read from (besides the template's folder, the
 * current folder unless it is /, and the font folders). Returns 0 or
 * VF_ERR_USAGE. */
int vf_policy_allow_path(const char *dir);

/* Network inputs (http, https) allowed? Default yes. */
void vf_policy_set_network(int allowed);
int vf_policy_network(void);

/* Checks that path (a file a template names) resolves, after ".." and
 * symbolic links, inside an allowed folder; template_dir is the template's
 * folder. Returns 0 with the real path in resolved (size n); -1 when it is
 * outside (resolved holds where it leads); -2 when it does not exist. */
int vf_policy_check_path(const char *path, const char *template_dir, char *resolved, size_t n);

/* Checks a local file a template names before anything opens or hashes it:
 * it must resolve inside an allowed folder (else VF_ERR_TEMPLATE, the message
 * starting with pointer), exist, be readable, be a regular file (no FIFO,
 * device or folder) and hold at most the input_size limit (else
 * VF_ERR_ASSET). what names the file in messages ("image", "font"). Returns
 * 0 or the error, its message set. */
int vf_policy_check_file(const char *path, const char *template_dir, const char *pointer,
                         const char *what);

/* vf_policy_check_file for a path libavformat opens (input, image), which
 * its image2 demuxer may read as several files: a numbered pattern
 * ("frames/img%03d.png", "%" only in the file name) has its folder checked and
 * every file image2 would open (the first existing number from 0 to 4, then
 * on as image2 searches), each as vf_policy_check_file; the pattern's own name
 * too when such a file exists. A glob pattern ("img%*.png") is refused
 * (VF_ERR_TEMPLATE). A raw ".y" plane brings its ".U" and ".V" files, which
 * are checked as well. VF_ERR_INTERRUPTED when asked to stop. */
int vf_policy_check_media(const char *path, const char *template_dir, const char *pointer,
                          const char *what);

#endif
