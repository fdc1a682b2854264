/* Finds and loads the engine module: beside the executable (the build tree and
 * `make install`'s lib/vidforge layout are both tried), then the install
 * location configured at build time. */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/path.h"
#include "vf_config.h"
#include "vidforge/error.h"
#include "vidforge/interrupt.h"

/* An opaque non-NULL handle standing for a module found but not loaded. */
static char found_only;

static void *try_open(const char *dir, char *why, size_t why_len)
{
    char path[PATH_MAX + 64];
    snprintf(path, sizeof(path), "%s/%s", dir, VF_ENGINE_FILE);
    if (access(path, F_OK) != 0)
        return NULL;
    if (!why)
        return &found_only;
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h)
        snprintf(why, why_len, "%s", dlerror());
    return h;
}

/* The module's handle, or NULL (why says why); with why NULL, only whether
 * its file is found (&found_only or NULL), nothing loaded. */
static void *open_engine(char *why, size_t why_len)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    void *h = NULL;
    if (n > 0) {
        exe[n] = '\0';
        char *dir = vf_path_dirname(exe);
        char beside[PATH_MAX + 32];
        snprintf(beside, sizeof(beside), "%s/../lib/vidforge", dir ? dir : ".");
        h = dir ? try_open(dir, why, why_len) : NULL;
        if (!h && dir)
            h = try_open(beside, why, why_len);
        free(dir);
    }
    if (!h)
        h = try_open(VF_ENGINE_INSTALL_DIR, why, why_len);
    return h;
}

int vf_cli_run_engine(int argc, char **argv)
{
    char why[512] = "not found beside the executable nor in " VF_ENGINE_INSTALL_DIR;
    /* validate ends at the template's own errors (vf_cmd_validate_early):
     * those are answered here, without loading the module's ~180 libraries
     * (docs/architecture.md); with no module at all, as before, below. */
    if (!strcmp(argv[0], "validate") && open_engine(NULL, 0)) {
        int code = vf_cmd_validate_early(argc, argv);
        if (code >= 0)
            return code;
    }
    void *h = open_engine(why, sizeof(why));
    VfEngineMain entry = h ? (VfEngineMain)dlsym(h, VF_ENGINE_SYMBOL) : NULL;
    if (!entry && !strcmp(argv[0], "validate")) { /* the template alone, still worth it */
        fprintf(stderr, "vidforge: notice: overlays not laid out: cannot load %s: %s\n",
                VF_ENGINE_FILE, h ? dlerror() : why);
        return vf_cmd_validate(argc, argv);
    }
    if (!entry) {
        fprintf(stderr, "vidforge: cannot load %s: %s\n", VF_ENGINE_FILE, h ? dlerror() : why);
        return VF_EXIT_INTERNAL;
    }
    return entry(argc, argv, vf_interrupt_flag()); /* the module stays loaded until exit */
}
