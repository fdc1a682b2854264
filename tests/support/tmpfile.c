#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tmpfile.h"

static char dir[256];

const char *vf_tmp_dir(void)
{
    if (!dir[0]) {
        snprintf(dir, sizeof(dir), "/tmp/vidforge-test-XXXXXX");
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            exit(1);
        }
    }
    return dir;
}

const char *vf_tmp_path(const char *name)
{
    static char paths[8][512];
    static int slot;
    char *p = paths[slot++ % 8];
    snprintf(p, 512, "%s/%s", vf_tmp_dir(), name);
    return p;
}

const char *vf_tmp_write(const char *name, const char *text)
{
    const char *p = vf_tmp_path(name);
    FILE *f = fopen(p, "wb");
    if (!f) {
        perror(p);
        exit(1);
    }
    fputs(text, f);
    fclose(f);
    return p;
}

void vf_tmp_cleanup(void)
{
    if (!dir[0])
        return;
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}
