/* Posters written atomically and read back (src/render/posterfile.c): the
 * picture appears only at the commit, nothing temporary is left, and the
 * read-back refuses a picture of the wrong size or codec. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "render/posterfile.h"
#include "tmpfile.h"
#include "vidforge/error.h"

enum { W = 64, H = 48 };

static int temps_left(void)
{
    DIR *d = opendir(vf_tmp_dir());
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += strstr(e->d_name, "vidforge-tmp") != NULL;
    if (d)
        closedir(d);
    return n;
}

static void write_one(const uint8_t *rgb, const char *name)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s", vf_tmp_path(name));
    VfPosterFile p = { 0 };
    int ret = vf_poster_file_write(&p, path, rgb, W, H, W * 3);
    CHECK(ret == 0, "%s: %s", name, vf_error_message());
    CHECK(access(path, F_OK) != 0, "%s appeared before the commit", name);
    CHECK(p.temp && access(p.temp, F_OK) == 0, "%s: no temporary picture", name);
    CHECK(vf_poster_file_commit(&p, 0) == 0, "%s: commit: %s", name, vf_error_message());
    CHECK(access(path, F_OK) == 0, "%s missing after the commit", name);
    vf_poster_file_clear(&p);
    CHECK(vf_poster_file_exists(path) == 1, "%s: exists says no", name);
}

int main(void)
{
    uint8_t rgb[W * H * 3];
    for (int i = 0; i < W * H * 3; i++)
        rgb[i] = (uint8_t)(i * 7 % 251);
    write_one(rgb, "p.png");
    write_one(rgb, "p.jpg");
    write_one(rgb, "p.webp");
    CHECK_INT(temps_left(), 0);

    char png[4096], jpg[4096];
    snprintf(png, sizeof(png), "%s", vf_tmp_path("p.png"));
    snprintf(jpg, sizeof(jpg), "%s", vf_tmp_path("p.jpg"));
    CHECK(vf_poster_file_verify(png, "p.png", W, H) == 0, "%s", vf_error_message());
    CHECK(vf_poster_file_verify(vf_tmp_path("p.webp"), "p.webp", W, H) == 0, "%s",
          vf_error_message());
    CHECK(vf_poster_file_verify(png, "p.png", W, H + 2) == VF_ERR_OUTPUT, "a wrong size passes");
    CHECK(strstr(vf_error_message(), "reads back as png 64x48, not png 64x50") != NULL, "%s",
          vf_error_message());
    /* a JPEG under a .png name */
    CHECK(rename(jpg, vf_tmp_path("fake.png")) == 0, "rename");
    CHECK(vf_poster_file_verify(vf_tmp_path("fake.png"), "fake.png", W, H) == VF_ERR_OUTPUT,
          "a JPEG passes as a PNG");
    CHECK(vf_poster_file_verify(vf_tmp_path("none.png"), "none.png", W, H) == VF_ERR_OUTPUT,
          "a missing picture passes");

    /* without overwrite an existing picture stays, and the temporary one goes */
    VfPosterFile p = { 0 };
    vf_error_clear(); /* the first error of a call chain is the one kept */
    CHECK(vf_poster_file_write(&p, png, rgb, W, H, W * 3) == 0, "%s", vf_error_message());
    CHECK(vf_poster_file_commit(&p, 0) == VF_ERR_OUTPUT, "replaced without overwrite");
    CHECK(strstr(vf_error_message(), "already exists") != NULL, "%s", vf_error_message());
    vf_poster_file_clear(&p);
    CHECK_INT(temps_left(), 0);
    /* an unknown extension is refused before anything is written */
    CHECK(vf_poster_file_write(&p, vf_tmp_path("p.bmp"), rgb, W, H, W * 3) == VF_ERR_USAGE,
          "a .bmp poster");
    CHECK_INT(temps_left(), 0);
    vf_poster_file_clear(&p);
    vf_tmp_cleanup();
    return vf_check_summary("posterfile");
}
