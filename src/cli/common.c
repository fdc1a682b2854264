/* Helpers shared by the commands. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "cli/cli.h"
#include "util/strbuf.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"
#include "vidforge/policy.h"

int vf_cli_fail(int err)
{
    const char *msg = vf_error_message();
    if (!msg[0])
        msg = err == VF_ERR_INTERRUPTED ? "interrupted" : "internal error (out of memory?)";
    fprintf(stderr, "vidforge: %s\n", msg);
    return vf_error_exit_code(err);
}

void vf_cli_print_diags(const VfDiagList *diags)
{
    char line[2048];
    for (int i = 0; i < diags->count; i++) {
        vf_diag_format(&diags->items[i], line, sizeof(line));
        fprintf(stderr, "%s\n", line);
    }
}

int vf_cli_add_var(VfVarSet *set, const char *kv)
{
    const char *eq = strchr(kv, '=');
    if (!eq || eq == kv) {
        fprintf(stderr, "vidforge: --var needs KEY=VALUE, got \"%s\"\n", kv);
        return VF_EXIT_USAGE;
    }
    char *name = strndup(kv, (size_t)(eq - kv));
    int ret = name ? vf_vars_set(set, name, eq + 1) : VF_ERR_INTERNAL;
    free(name);
    return ret < 0 ? vf_cli_fail(ret) : 0;
}

/* The variables file's text, up to the template size limit (a variables
 * file is template text by another route). NULL after printing why. */
static char *read_vars_file(const char *path, double limit)
{
    struct stat st;
    FILE *f = stat(path, &st) == 0 && S_ISREG(st.st_mode) ? fopen(path, "rb") : NULL;
    if (!f) {
        fprintf(stderr, "vidforge: cannot open variables file %s: %s\n", path,
                errno ? strerror(errno) : "not a regular file");
        return NULL;
    }
    size_t max = (size_t)(limit * 1e6);
    char *buf = malloc(max + 1);
    size_t n = buf ? fread(buf, 1, max + 1, f) : 0;
    int bad = !buf || ferror(f) || n > max;
    fclose(f);
    if (!buf)
        fprintf(stderr, "vidforge: out of memory reading %s\n", path);
    else if (n > max)
        fprintf(stderr, "vidforge: variables file %s is over the template_size limit of %g MB "
                "(--limit template_size=MB)\n", path, limit);
    else if (bad)
        fprintf(stderr, "vidforge: cannot read variables file %s\n", path);
    if (bad)
        free(buf);
    else
        buf[n] = '\0';
    return bad ? NULL : buf;
}

int vf_cli_add_vars_file(VfVarSet *set, const char *path, const VfLimits *lim)
{
    errno = 0;
    char *buf = read_vars_file(path, lim->template_size_mb);
    if (buf && vf_text_has_nul(buf, strlen(buf), 1)) {
        fprintf(stderr, "vidforge: variables file %s contains a NUL character (\\u0000), which "
                "would cut a value short\n", path);
        free(buf);
        return VF_EXIT_USAGE;
    }
    if (!buf)
        return VF_EXIT_USAGE;
    cJSON *root = cJSON_Parse(buf);
    free(buf);
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        fprintf(stderr, "vidforge: %s: variables file must be a JSON object\n", path);
        return VF_EXIT_USAGE;
    }
    int ret = vf_vars_set_from_json(set, root);
    cJSON_Delete(root);
    return ret < 0 ? vf_cli_fail(ret) : 0;
}

static void on_signal(int sig)
{
    (void)sig;
    vf_interrupt_request();
}

/* The signals that stop a render. A closed stdout or stderr (SIGPIPE: the
 * reader of --progress json went away) stops it like SIGTERM; a SIGHUP that
 * the parent chose to ignore (nohup) stays ignored. */
static const struct {
    int sig;
    int keep_ignored;
} stop_signals[] = {
    { SIGINT, 0 }, { SIGTERM, 0 }, { SIGHUP, 1 }, { SIGPIPE, 0 },
};

void vf_cli_install_signals(void)
{
    struct sigaction sa, old;
    sigset_t caught;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigemptyset(&caught);
    for (size_t i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++) {
        int sig = stop_signals[i].sig;
        if (stop_signals[i].keep_ignored && sigaction(sig, NULL, &old) == 0 &&
            old.sa_handler == SIG_IGN)
            continue;
        sigaction(sig, &sa, NULL);
        sigaddset(&caught, sig);
    }
    /* a parent that left them blocked would hold them pending forever; one
     * sent before this point is delivered now, to the handler */
    sigprocmask(SIG_UNBLOCK, &caught, NULL);
    /* past a file size limit (ulimit -f) a write fails with EFBIG instead of
     * killing the process: the output is then removed and the exit is 4 */
    signal(SIGXFSZ, SIG_IGN);
}

VfLogLevel vf_cli_log_level(int argc, char **argv)
{
    VfLogLevel level = VF_LOG_NOTICE;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet"))
            level = VF_LOG_WARNING;
        else if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose"))
            level = VF_LOG_DEBUG;
    }
    return level;
}

void vf_cli_log_sink(void *opaque, VfLogLevel level, const char *msg)
{
    fprintf(stderr, "vidforge: %s%s\n", vf_log_level_prefix(level), msg);
}
