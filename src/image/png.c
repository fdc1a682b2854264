/* PNG writing and reading with libpng (error paths via setjmp). */
#include "image/png.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <png.h>

#include "vidforge/error.h"

static const png_byte chunk_name[5] = "vfDt";

/* libpng's default handlers print to stderr; vidforge reports failures itself */
static void quiet_error(png_structp png, png_const_charp msg)
{
    (void)msg;
    png_longjmp(png, 1);
}

static void quiet_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

static int write_file(FILE *f, const VfPngImage *img)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, quiet_error,
                                              quiet_warning);
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
    png_set_IHDR(png, info, (png_uint_32)img->width, (png_uint_32)img->height, 8,
                 img->channels == 4 ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, 3);
    if (img->chunk) {
        png_unknown_chunk c = { .data = (png_bytep)img->chunk, .size = img->chunk_len,
                                .location = PNG_HAVE_IHDR };
        memcpy(c.name, chunk_name, sizeof(chunk_name));
        png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_ALWAYS, chunk_name, 1);
        png_set_unknown_chunks(png, info, &c, 1);
    }
    png_write_info(png, info);
    for (int y = 0; y < img->height; y++)
        png_write_row(png, (png_const_bytep)(img->pixels + (size_t)y * img->linesize));
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return 0;
}

int vf_png_write(const char *path, const VfPngImage *img, int overwrite)
{
    static atomic_long serial;
    if (!overwrite && access(path, F_OK) == 0)
        return vf_error_set(VF_ERR_OUTPUT, "%s already exists (use -y to overwrite)", path);
    size_t n = strlen(path) + 64;
    char *tmp = malloc(n);
    if (!tmp)
        return VF_ERR_INTERNAL;
    snprintf(tmp, n, "%s.%ld-%ld.vidforge-tmp", path, (long)getpid(),
             atomic_fetch_add(&serial, 1));
    FILE *f = fopen(tmp, "wb");
    int ret = f ? write_file(f, img) : -1;
    int err = errno;
    if (f && fclose(f) != 0) {
        err = errno;
        ret = -1;
    }
    if (ret == 0 && rename(tmp, path) != 0) {
        err = errno;
        ret = -1;
    }
    if (ret < 0) {
        unlink(tmp);
        ret = vf_error_set(VF_ERR_OUTPUT, "cannot write %s: %s", path,
                           err ? strerror(err) : "PNG encoding failed");
    }
    free(tmp);
    return ret;
}

int vf_png_write_rgb(const char *path, const uint8_t *rgb, int width, int height, int linesize,
                     int overwrite)
{
    VfPngImage img = { rgb, width, height, linesize, 3, NULL, 0 };
    return vf_png_write(path, &img, overwrite);
}

/* The reading half; everything it allocates is released on failure. */
typedef struct Reader {
    png_structp png;
    png_infop info;
    uint8_t *rgba;
    uint8_t *chunk;
} Reader;

static int read_file(Reader *r, FILE *f, int max_side, int64_t max_pixels, int *width,
                     int *height, size_t *chunk_len)
{
    if (setjmp(png_jmpbuf(r->png)))
        return -1;
    png_init_io(r->png, f);
#ifdef VF_FUZZING
    png_set_crc_action(r->png, PNG_CRC_QUIET_USE, PNG_CRC_QUIET_USE);
#endif
    png_set_keep_unknown_chunks(r->png, PNG_HANDLE_CHUNK_ALWAYS, chunk_name, 1);
    png_read_info(r->png, r->info);
    png_uint_32 w = png_get_image_width(r->png, r->info);
    png_uint_32 h = png_get_image_height(r->png, r->info);
    if (w < 1 || h < 1 || w > (png_uint_32)max_side || h > (png_uint_32)max_side ||
        (int64_t)w * h > max_pixels ||
        png_get_bit_depth(r->png, r->info) != 8 ||
        png_get_color_type(r->png, r->info) != PNG_COLOR_TYPE_RGBA ||
        png_get_interlace_type(r->png, r->info) != PNG_INTERLACE_NONE)
        return -1;
    png_unknown_chunkp chunks = NULL;
    int nb = png_get_unknown_chunks(r->png, r->info, &chunks);
    for (int i = 0; i < nb && !r->chunk; i++) {
        if (memcmp(chunks[i].name, chunk_name, 4) || !chunks[i].size)
            continue;
        if (!(r->chunk = malloc(chunks[i].size)))
            return -1;
        memcpy(r->chunk, chunks[i].data, chunks[i].size);
        *chunk_len = chunks[i].size;
    }
    if (!(r->rgba = malloc((size_t)w * h * 4)))
        return -1;
    for (png_uint_32 y = 0; y < h; y++)
        png_read_row(r->png, r->rgba + (size_t)y * w * 4, NULL);
    png_read_end(r->png, NULL);
    *width = (int)w;
    *height = (int)h;
    return 0;
}

int vf_png_read_rgba(const char *path, int max_side, int64_t max_pixels, uint8_t **rgba,
                     int *width, int *height, uint8_t **chunk, size_t *chunk_len)
{
    Reader r = { 0 };
    *rgba = *chunk = NULL;
    *chunk_len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    r.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, quiet_error, quiet_warning);
    r.info = r.png ? png_create_info_struct(r.png) : NULL;
    int ret = r.info ? read_file(&r, f, max_side, max_pixels, width, height, chunk_len) : -1;
    png_destroy_read_struct(&r.png, &r.info, NULL);
    fclose(f);
    if (ret < 0) {
        free(r.rgba);
        free(r.chunk);
        *chunk_len = 0;
        return -1;
    }
    *rgba = r.rgba;
    *chunk = r.chunk;
    return 0;
}
