#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "image/png.h"
#include "vidforge/error.h"

static int write_rows(FILE *f, const uint8_t *rgb, int width, int height, int linesize)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, 3);
    png_write_info(png, info);
    for (int y = 0; y < height; y++)
        png_write_row(png, (png_const_bytep)(rgb + (size_t)y * linesize));
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return 0;
}

int vf_png_write_rgb(const char *path, const uint8_t *rgb, int width, int height, int linesize,
                     int overwrite)
{
    if (!overwrite && access(path, F_OK) == 0)
        return vf_error_set(VF_ERR_OUTPUT, "%s already exists (use -y to overwrite)", path);
    size_t n = strlen(path) + 32;
    char *tmp = malloc(n);
    if (!tmp)
        return VF_ERR_INTERNAL;
    snprintf(tmp, n, "%s.%ld.vidforge-tmp", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    int ret = f ? write_rows(f, rgb, width, height, linesize) : -1;
    int err = errno;
    if (f && fclose(f) != 0)
        ret = -1;
    if (ret == 0 && rename(tmp, path) != 0) {
        err = errno;
        ret = -1;
    }
    if (ret < 0) {
        unlink(tmp);
        ret = vf_error_set(VF_ERR_OUTPUT, "cannot write %s: %s", path, strerror(err));
    }
    free(tmp);
    return ret;
}
