/* vidforge's library API: an engine, then template -> plan -> render.
 *
 *     VfEngineSettings s;
 *     vf_engine_default_settings(&s);          // limits, folders, caches, logging
 *     VfEngine *e;
 *     vf_engine_create(&e, &s);
 *     VfTemplate *t;  vf_engine_load(e, "t.json", NULL, 0, NULL, &t);
 *     VfPlan *p;      vf_engine_plan(e, t, &p);  // inspect: size, frames, layers
 *     vf_engine_render(e, p, &(VfRenderOptions){ .output = "out.mp4" }, NULL);
 *     vf_plan_free(&p); vf_template_free(&t); vf_engine_free(&e);
 *
 * Every call that can fail returns 0 or a negative code from vidforge/error.h
 * (FFmpeg's AVERROR codes may pass through); the one-sentence reason is in
 * vf_error_message() of the calling thread. On failure, an output parameter
 * (*out, *json, an image) is NULL or zeroed: there is nothing to free. An engine owns its policy (what
 * templates may read, the limits), its raster caches and its logger; engines
 * are independent, so two with different settings work side by side. One
 * engine may be used from several threads at once. The stages are separate
 * calls so a caller can inspect each result; the CLI in src/cli/ is one such
 * caller. */
#ifndef VIDFORGE_VIDFORGE_H
#define VIDFORGE_VIDFORGE_H

#include <stddef.h>
#include <stdint.h>
#include "vidforge/assets.h"
#include "vidforge/diag.h"
#include "vidforge/log.h"
#include "vidforge/model.h"
#include "vidforge/plan.h"
#include "vidforge/policy.h"

/* ---- engine --------------------------------------------------------------- */

typedef struct VfEngine VfEngine;

typedef struct VfEngineSettings {
    VfLimits limits;                 /* vf_limits_default() */
    int network;                     /* 1 (default): http/https inputs may open */
    const char *const *allow_paths;  /* folders templates may read besides their own, the
                                      * current one and the font folders; copied */
    int nb_allow_paths;
    const char *cache_dir;           /* on-disk raster cache; NULL (default): none; copied */
    int64_t cache_bytes;             /* its size cap, bytes (256 MiB) */
    int64_t memory_cache_bytes;      /* in-memory raster cache cap, bytes (256 MiB) */
    VfLogSink log;                   /* NULL (default): messages are dropped */
    void *log_opaque;
    VfLogLevel log_level;            /* most verbose level passed on (VF_LOG_NOTICE) */
} VfEngineSettings;

/* Fills s with the defaults above. */
void vf_engine_default_settings(VfEngineSettings *s);

/* Creates an engine from s (copied; s may be freed afterwards). A cache
 * folder that cannot be used is a warning through s->log, not a failure.
 * Returns 0 and *out (free with vf_engine_free), or VF_ERR_USAGE (an
 * allow_paths folder does not exist), VF_ERR_INTERNAL; *out is NULL then. */
int vf_engine_create(VfEngine **out, const VfEngineSettings *s);

/* Frees e and its caches (the cache folder stays); accepts NULL; *e is NULL
 * afterwards. Plans and templates made with e stay valid. */
void vf_engine_free(VfEngine **e);

/* Rasters found in / missing from e's caches since e was created. */
void vf_engine_cache_stats(VfEngine *e, long *hits, long *misses);

/* ---- templates ------------------------------------------------------------ */

/* A variable given by the caller; wins over the template's `variables`. */
typedef struct VfVariable {
    const char *name, *value;        /* UTF-8, copied */
} VfVariable;

/* Loads the template file path with vars (may be NULL when nb_vars is 0),
 * within e's limits. Every finding (errors and warnings, with file, line,
 * column, JSON pointer) is appended to diags when it is not NULL.
 * Returns 0 and *out (free with vf_template_free), VF_ERR_TEMPLATE (the
 * findings say why), VF_ERR_USAGE (the file cannot be read), VF_ERR_INTERNAL. */
int vf_engine_load(VfEngine *e, const char *path, const VfVariable *vars, int nb_vars,
                   VfDiagList *diags, VfTemplate **out);

/* Same, for JSON text in memory (len bytes, need not be NUL-terminated);
 * name stands for the file in messages, and relative paths resolve against
 * its folder. */
int vf_engine_load_memory(VfEngine *e, const char *json, size_t len, const char *name,
                          const VfVariable *vars, int nb_vars, VfDiagList *diags,
                          VfTemplate **out);

/* Frees t and everything it owns; accepts NULL; *t is NULL afterwards. */
void vf_template_free(VfTemplate **t);

/* Frees the findings' entries; the list is empty and reusable afterwards. */
void vf_diag_list_clear(VfDiagList *list);

/* ---- plans ---------------------------------------------------------------- */

/* Plans t under e's policy: probes the input, decides size, rate and frames,
 * rasterizes and places every layer (through e's caches). t is only read.
 * Returns 0 and *out (free with vf_plan_free), VF_ERR_TEMPLATE (a rule the
 * template breaks that needs its assets to see, or a file outside the allowed
 * folders), VF_ERR_ASSET (input, image or font missing or corrupt),
 * VF_ERR_INTERRUPTED, VF_ERR_INTERNAL. */
int vf_engine_plan(VfEngine *e, const VfTemplate *t, VfPlan **out);

/* The checks vf_engine_plan makes before drawing anything, without opening
 * the input (a frame size the template does not set is taken as 1920x1080):
 * every overlay laid out (fonts and image headers read) within 16384 pixels a
 * side, and the render's estimated peak memory within the memory limit. A
 * missing font or image is not an error here (planning reports it). Returns 0
 * or VF_ERR_TEMPLATE (the message names the overlay's JSON pointer, or gives
 * the estimate). What `vidforge validate` runs. */
int vf_engine_check(VfEngine *e, const VfTemplate *t);

/* Calls fn with every file a render of t reads (the template, input, images,
 * fonts with family names resolved), in the order it opens them; nothing is
 * checked but that each font resolves. Returns 0, fn's negative return, or
 * VF_ERR_INTERNAL. What `vidforge deps` prints. */
int vf_engine_assets(VfEngine *e, const VfTemplate *t, VfAssetFn fn, void *opaque);

/* The checks render makes on every file before decoding anything: inside an
 * allowed folder, a supported scheme, existing, readable, a regular file
 * within the size limit, of the right kind by its header (media and images
 * opened by libavformat, fonts by FreeType); one error per refused file is
 * appended to diags with its JSON pointer. When all pass, a warning for each
 * overlay entirely outside the frame or partly outside the title-safe area.
 * Returns 0, the first refusal's code (VF_ERR_ASSET: missing, unreadable or
 * of the wrong kind; VF_ERR_TEMPLATE: outside the allowed folders, network
 * off), VF_ERR_INTERRUPTED or VF_ERR_INTERNAL. */
int vf_engine_check_assets(VfEngine *e, const VfTemplate *t, VfDiagList *diags);

/* Frees p; accepts NULL; *p is NULL afterwards. */
void vf_plan_free(VfPlan **p);

/* The plan as text (what --dry-run prints first), malloc'd: free() it; NULL
 * when out of memory. */
char *vf_plan_describe(const VfPlan *p);

typedef struct VfProgress {
    int64_t frame;       /* frames encoded so far */
    int64_t nb_frames;   /* frames planned */
    double elapsed;      /* seconds since the render started */
    double fps;          /* frames encoded per second of wall time */
    double speed;        /* output seconds per wall second (x realtime) */
    double eta;          /* seconds left, estimated; < 0 unknown */
} VfProgress;

struct VfRenderResult;

typedef void (*VfProgressFn)(void *opaque, const VfProgress *p);

typedef struct VfRenderOptions {
    const char *output;        /* final path; the file appears only on success */
    int overwrite;             /* replace an existing file */
    VfProgressFn progress;     /* may be NULL; called after each frame */
    void *progress_opaque;
    int threads;               /* encoder threads; 0: the encoder's choice for this machine */
    int quality_stats;         /* have the encoder measure PSNR/SSIM (costs encode time) */
    double min_psnr;           /* > 0: fail (VF_ERR_OUTPUT, no file) below this PSNR, dB */
    /* May be NULL. Called once the file is finished and verified, with the
     * result so far, just before the file is committed; a negative return
     * (an error set with vf_error_set) abandons the render: no file. */
    int (*before_commit)(void *opaque, const struct VfRenderResult *result);
    void *before_commit_opaque;
    /* 1: encode every frame in one pass, as if no segment were cached, and
     * store none (--no-reuse). Reuse needs the engine's cache folder. */
    int no_reuse;
    /* May be NULL. Each encoding pass (a whole render's pipeline, a run of
     * segments) holds a slot of this gate (src/util/gate.h) while it runs:
     * a batch passes one so that its rows' encoders do not all hold their
     * frames at once. Not owned. */
    struct VfGate *encode_gate;
} VfRenderOptions;

/* Seconds of work per stage. decode, composite and encode run on their own
 * threads, so the stages overlap and their sum exceeds the wall time. */
typedef struct VfStageTimes {
    double open;               /* opening the input, encoders, graphs, output */
    double decode;             /* demux + decode (decode thread) */
    double composite;          /* filter graphs and layer frames (main thread) */
    double encode;             /* encoders (encode thread) */
    double mux;                /* writing packets, then finishing the file */
    double verify;             /* probing the written file */
    /* CPU seconds used by the decode thread (the decoder is single-threaded
     * on small machines: all of decoding), the calling thread while
     * compositing, and the encode thread (the encoders' own threads are not
     * in it: x264 works on threads of its own) */
    double decode_cpu, composite_cpu, encode_thread_cpu;
    double audio;              /* the mix's first pass (loudness), before the video starts */
} VfStageTimes;

/* How a render used the segment cache (docs/architecture.md, "Segment reuse"). */
typedef struct VfReuseResult {
    int used;                  /* 1: assembled from segments; 0: one whole pass (note says why) */
    int segments;              /* segments of the timeline */
    int reused, encoded;       /* of them, taken from the cache / encoded by this render */
    int audio_reused;          /* 1: the audio track came from the cache */
    double seconds_saved;      /* encode seconds the reused segments cost when encoded */
    char states[257];          /* per segment (the first 256), 'r' reused, 'e' encoded */
    char note[200];            /* why the whole-render path ran; "" when used */
    int64_t frames_encoded;    /* video frames this render encoded (the work it did) */
} VfReuseResult;

typedef struct VfRenderResult {
    char encoder[32];          /* the video encoder that ran (after fallback) */
    char preset[32];           /* its speed preset, "default" when none */
    char encoder_reason[320];  /* why that encoder: asked for, or the fallback and why */
    int64_t frames;
    double seconds;            /* wall time */
    VfStageTimes stages;
    /* encoder-measured quality (quality_stats): dB, NAN when not reported,
     * INFINITY for a lossless encode; ssim 0..1, NAN when not reported */
    double psnr, psnr_y, psnr_u, psnr_v, ssim;
    /* The mixed audio (plan mix active: audio_measured 1), measured (EBU
     * R128) as given to the encoder: integrated LUFS, range LU, true peak
     * dBTP; how much lower the ducked tracks were while ducked, dB; the gain
     * applied for the loudness target, dB. NAN when not measured. */
    int audio_measured;
    double audio_loudness, audio_range, audio_true_peak, audio_duck_depth, audio_gain;
    VfReuseResult reuse;       /* segment reuse: what came from the cache */
    int passes;                /* encoding passes run: 2 for two-pass, else 1 (0: not set) */
} VfRenderResult;

/* ---- render, preview, probe ------------------------------------------------ */

/* Renders plan to o->output: decode, composite, encode, mux to a temporary
 * file, verify by probing, then rename; e's logger receives notices. result
 * may be NULL. Returns 0, or VF_ERR_ASSET (input unreadable), VF_ERR_OUTPUT
 * (encode, write or verification; the output exists and overwrite is 0),
 * VF_ERR_USAGE (unknown container; min_psnr with an encoder that measures
 * none), VF_ERR_INTERRUPTED, VF_ERR_INTERNAL. On failure no file is left at
 * o->output or beside it. */
int vf_engine_render(VfEngine *e, const VfPlan *plan, const VfRenderOptions *o,
                     VfRenderResult *result);

/* An RGB picture, 3 bytes a pixel (R, G, B), rows stride bytes apart.
 * pixels is owned by the image: free with vf_image_free. */
typedef struct VfImage {
    int width, height, stride;
    uint8_t *pixels;
} VfImage;

/* The frame a render of plan shows at `seconds` (frame floor(seconds * fps),
 * the last one past the end), composited by the same graph, not encoded.
 * Returns 0 and *out, VF_ERR_ASSET, VF_ERR_INTERRUPTED, VF_ERR_INTERNAL. */
int vf_engine_preview(VfEngine *e, const VfPlan *plan, double seconds, VfImage *out);

/* Frees img's pixels; img is zeroed. Accepts NULL. */
void vf_image_free(VfImage *img);

/* What the media file (or URL, if e allows the network) holds, as the JSON
 * document `vidforge probe` prints: *json is malloc'd, free() it. Returns 0,
 * VF_ERR_ASSET, VF_ERR_TEMPLATE (a URL while the network is off),
 * VF_ERR_INTERNAL. */
int vf_engine_probe(VfEngine *e, const char *path, char **json);

/* The loudness of the default audio stream of path (file, or URL if e allows
 * the network), EBU R128 at 48 kHz stereo, as the JSON document `vidforge
 * probe --loudness` prints: integrated LUFS, loudness range LU, true peak
 * dBTP, sample peak dBFS (null for silence). *json is malloc'd. Returns 0,
 * VF_ERR_ASSET (missing, corrupt, "has no audio stream"), VF_ERR_TEMPLATE (a
 * URL while the network is off), VF_ERR_INTERNAL. */
int vf_engine_loudness(VfEngine *e, const char *path, char **json);

/* The version string, "0.1.0". */
const char *vf_version(void);

#endif
