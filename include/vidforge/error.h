/* vidforge error codes and the per-thread error message.
 *
 * Functions that can fail return 0 or a negative code. vidforge's own codes are
 * below; FFmpeg's AVERROR codes may pass through unchanged. Each code maps to one
 * process exit code (see vf_error_exit_code and "Exit codes" in README.md). */
#ifndef VIDFORGE_ERROR_H
#define VIDFORGE_ERROR_H

#define VF_ERRTAG(a, b, c, d) \
    (-(int)((unsigned)(a) | ((unsigned)(b) << 8) | ((unsigned)(c) << 16) | ((unsigned)(d) << 24)))

#define VF_ERR_INTERNAL    VF_ERRTAG('V', 'F', 'I', 'N') /* a bug or out of memory: exit 1 */
#define VF_ERR_USAGE       VF_ERRTAG('V', 'F', 'U', 'S') /* bad command line: exit 2 */
#define VF_ERR_TEMPLATE    VF_ERRTAG('V', 'F', 'T', 'P') /* invalid template: exit 2 */
#define VF_ERR_ASSET       VF_ERRTAG('V', 'F', 'A', 'S') /* missing/corrupt input asset: exit 3 */
#define VF_ERR_OUTPUT      VF_ERRTAG('V', 'F', 'O', 'U') /* encode, write or verify failed: exit 4 */
#define VF_ERR_INTERRUPTED VF_ERRTAG('V', 'F', 'S', 'G') /* SIGINT/SIGTERM: exit 130 */

/* Records a one-sentence message for the calling thread and returns code, so a
 * failure site reads `return vf_error_set(VF_ERR_ASSET, "...", ...);`.
 * The first message since the last vf_error_clear() wins: the deepest, most
 * precise site describes the failure, callers that unwind do not overwrite it. */
int vf_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The message recorded for the calling thread, or "" if none. Owned by the
 * thread; valid until the next vf_error_clear(). */
const char *vf_error_message(void);

void vf_error_clear(void);

/* The process exit codes: the contract scripts depend on (README, `vidforge
 * help`). The CLI returns only these. */
typedef enum VfExitCode {
    VF_EXIT_OK = 0,
    VF_EXIT_INTERNAL = 1,      /* a bug or out of memory */
    VF_EXIT_USAGE = 2,         /* bad command line or invalid template */
    VF_EXIT_ASSET = 3,         /* an input asset missing, unreadable or corrupt */
    VF_EXIT_OUTPUT = 4,        /* encoding, output or verification failed */
    VF_EXIT_ROWS_FAILED = 5,   /* batch: some rows failed, the others rendered */
    VF_EXIT_INTERRUPTED = 130, /* SIGINT, SIGTERM, SIGHUP or a closed pipe */
} VfExitCode;

/* Process exit code (VfExitCode) for a return value: VF_EXIT_OK for >= 0. */
int vf_error_exit_code(int err);

#endif
