/* What a template may make vidforge do: the folders it may read, whether it
 * may reach the network, and the limits on its size. A VfPolicy is plain
 * data owned by its holder (the engine holds one, built from its settings);
 * the stages that open files read it, none change it. Two policies in one
 * process are independent. */
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
    double network_seconds;  /* a URL input's open, probe and reads together (120) */
    double memory_mb;        /* estimated peak memory of a render, MB of 2^20 bytes (4096) */
} VfLimits;

#define VF_POLICY_MAX_ALLOWED 32

typedef struct VfPolicy {
    VfLimits limits;
    int network;                               /* 1: http(s) inputs may open (default) */
    char *allowed[VF_POLICY_MAX_ALLOWED];      /* extra readable folders, resolved, and S3
                                                * prefixes ("s3://b/p/"); owned */
    int nb_allowed;
} VfPolicy;

/* The default limits (the table in policy.c). */
void vf_limits_default(VfLimits *l);

/* Sets one limit of l from "NAME=VALUE" (names: see vf_limits_describe).
 * Returns 0 or VF_ERR_USAGE with a message listing the names; l is unchanged
 * on failure. */
int vf_limits_set(VfLimits *l, const char *assignment);

/* Entry i of the limits table for help, "NAME VALUE UNIT" with l's value
 * (l NULL: the default), written into buf (size n); NULL past the end. */
const char *vf_limits_describe(const VfLimits *l, int i, char *buf, size_t n);

/* Default policy: default limits, network on, no extra folders. */
void vf_policy_init(VfPolicy *p);

/* Frees the folders; p is a default policy again. Accepts NULL. */
void vf_policy_clear(VfPolicy *p);

/* dst (cleared first) becomes a deep copy of src. Returns 0 or VF_ERR_INTERNAL
 * (dst is then a default policy). */
int vf_policy_copy(VfPolicy *dst, const VfPolicy *src);

/* Adds a folder templates may read from (besides the template's folder, the
 * current folder unless it is /, and the font folders). Returns 0 or
 * VF_ERR_USAGE. */
int vf_policy_allow_path(VfPolicy *p, const char *dir);

/* Adds an S3 prefix templates may read from ("s3://bucket/prefix/"; a
 * prefix without the final '/' is taken as a folder). vf_policy_allow_path
 * passes s3:// names here. Returns 0 or VF_ERR_USAGE. */
int vf_policy_allow_url(VfPolicy *p, const char *prefix);

/* Checks a remote name a template reads (s3://, http://, https://) before
 * anything is fetched: the network must be on (else VF_ERR_TEMPLATE, "turned
 * off (--no-network)", as for http inputs), and an s3:// name must lie under
 * an allowed prefix or under template_dir when the template itself came from
 * S3 (else VF_ERR_TEMPLATE naming --allow-path), with no "." or ".." parts.
 * Messages start with pointer and name the file as what. Returns 0 or the
 * error. */
int vf_policy_check_url(const VfPolicy *p, const char *url, const char *template_dir,
                        const char *pointer, const char *what);

/* Checks that path (a file a template names) resolves, after ".." and
 * symbolic links, inside a folder p allows; template_dir is the template's
 * folder. Returns 0 with the real path in resolved (size n); -1 when it is
 * outside (resolved holds where it leads); -2 when it does not exist. */
int vf_policy_check_path(const VfPolicy *p, const char *path, const char *template_dir,
                         char *resolved, size_t n);

/* Checks a local file a template names before anything opens or hashes it:
 * it must resolve inside an allowed folder (else VF_ERR_TEMPLATE, the message
 * starting with pointer), exist, be readable, be a regular file (no FIFO,
 * device or folder) and hold at most the input_size limit (else
 * VF_ERR_ASSET). what names the file in messages ("image", "font"). Returns
 * 0 or the error, its message set. */
int vf_policy_check_file(const VfPolicy *p, const char *path, const char *template_dir,
                         const char *pointer, const char *what);

/* vf_policy_check_file for a path libavformat opens (input, image), which
 * its image2 demuxer may read as several files: a numbered pattern
 * ("frames/img%03d.png", "%" only in the file name) has its folder checked and
 * every file image2 would open (the first existing number from 0 to 4, then
 * on as image2 searches), each as vf_policy_check_file; the pattern's own name
 * too when such a file exists. A glob pattern ("img%*.png") is refused
 * (VF_ERR_TEMPLATE). A raw ".y" plane brings its ".U" and ".V" files, which
 * are checked as well. VF_ERR_INTERRUPTED when asked to stop. */
int vf_policy_check_media(const VfPolicy *p, const char *path, const char *template_dir,
                          const char *pointer, const char *what);

#endif
