#define _GNU_SOURCE /* renameat2 */
#include "media/outfolder.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/path.h"
#include "vidforge/error.h"

/* What the muxer writes, for messages. */
static const char *writes(const VfFormat *f)
{
    return !strcmp(f->muxer, "hls") ? "a playlist and a file per segment" : "a file per frame";
}

int vf_outfolder_name(const char *path, const VfFormat *f, char **folder)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    char probe[64];
    *folder = NULL;
    if (!slash || slash == path || !strcmp((*folder = vf_path_dirname(path)) ? *folder : "", ".")) {
        free(*folder);
        *folder = NULL;
        return vf_error_set(VF_ERR_USAGE, "%s: the %s muxer writes %s, which vidforge puts in "
                            "a folder of its own, replaced as a whole: give -o FOLDER/%s", path,
                            f->muxer, writes(f), f->folder_file);
    }
    if (!*folder)
        return VF_ERR_INTERNAL;
    if (!strcmp(f->muxer, "image2") &&
        (vf_path_frame_name(probe, sizeof(probe), base, 0) < 0 || strchr(*folder, '%'))) {
        free(*folder);
        *folder = NULL;
        return vf_error_set(VF_ERR_USAGE, "%s: the image2 muxer writes a file per frame: a PNG "
                            "sequence needs one frame number in its file name, such as "
                            "frames/%%05d.png", path);
    }
    return 0;
}

/* 1 when name matches one of the comma-separated globs. */
static int matches(const char *name, const char *globs)
{
    char glob[64];
    for (size_t n; *globs; globs += n + (globs[n] == ',')) {
        n = strcspn(globs, ",");
        snprintf(glob, sizeof(glob), "%.*s", (int)n, globs);
        if (fnmatch(glob, name, FNM_PERIOD) == 0)
            return 1;
    }
    return 0;
}

/* The first entry of dir that f would not write (a folder, a link, another
 * name), copied to what; 0 when there is none. */
static int foreign_entry(const char *dir, const VfFormat *f, char *what, size_t n)
{
    DIR *d = opendir(dir);
    int found = !d;
    snprintf(what, n, "%s", d ? "" : strerror(errno));
    for (struct dirent *e; d && !found && (e = readdir(d));) {
        struct stat st;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        found = fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
                !S_ISREG(st.st_mode) || !matches(e->d_name, f->folder_globs);
        if (found)
            snprintf(what, n, "%s", e->d_name);
    }
    if (d)
        closedir(d);
    return found;
}

int vf_outfolder_check(const char *folder, const VfFormat *f, int overwrite)
{
    struct stat st;
    char what[300];
    if (lstat(folder, &st) < 0)
        return 0;
    if (!overwrite)
        return vf_error_set(VF_ERR_OUTPUT, "%s already exists (use -y to replace the folder)",
                            folder);
    if (!S_ISDIR(st.st_mode))
        return vf_error_set(VF_ERR_OUTPUT, "%s exists and is not a folder: -y replaces only a "
                            "folder a .%s render wrote", folder, f->name);
    if (foreign_entry(folder, f, what, sizeof(what)))
        return vf_error_set(VF_ERR_OUTPUT, "%s holds %s, which a .%s render does not write: "
                            "-y replaces only a folder vidforge wrote; choose another folder",
                            folder, what, f->name);
    return 0;
}

void vf_outfolder_remove(const char *dir)
{
    DIR *d = dir ? opendir(dir) : NULL;
    for (struct dirent *e; d && (e = readdir(d));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            unlinkat(dirfd(d), e->d_name, 0);
    if (d)
        closedir(d);
    if (dir)
        rmdir(dir);
}

static int commit_error(const char *folder, int err)
{
    return vf_error_set(VF_ERR_OUTPUT, "cannot move the finished folder to %s: %s", folder,
                        err == EEXIST || err == ENOTEMPTY ? "it appeared during the render (use -y)"
                                                          : strerror(err));
}

int vf_outfolder_commit(const char *temp, const char *folder, int overwrite)
{
    if (!overwrite || access(folder, F_OK) != 0) {
        /* RENAME_NOREPLACE: never onto a folder that appeared meanwhile, even an empty one */
        int ret = renameat2(AT_FDCWD, temp, AT_FDCWD, folder, RENAME_NOREPLACE);
        if (ret < 0 && errno == EINVAL && access(folder, F_OK) != 0)
            ret = rename(temp, folder); /* a file system without the flag: best effort */
        return ret < 0 ? commit_error(folder, errno) : 0;
    }
    /* -y: the new folder and the old swap places in one step, then the old goes */
    if (renameat2(AT_FDCWD, temp, AT_FDCWD, folder, RENAME_EXCHANGE) < 0)
        return commit_error(folder, errno);
    vf_outfolder_remove(temp);
    return 0;
}
