/* Loading captions: the format from the extension or the contents, the
 * parser for it, and the model's allocation. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "captions/capint.h"
#include "vidforge/error.h"

/* The formats: a table of name, extensions and parser. */
static const struct {
    int format;
    const char *name;
    const char *ext[2];
    int (*parse)(const char *data, size_t size, const char *name, VfCaptions *c);
} formats[] = {
    { VF_CAPTIONS_WEBVTT, "webvtt", { ".vtt", ".webvtt" }, vf_webvtt_parse },
    { VF_CAPTIONS_SRT, "srt", { ".srt", NULL }, vf_srt_parse },
    { VF_CAPTIONS_WORDS, "words", { ".json", NULL }, vf_words_parse },
    { VF_CAPTIONS_ASS, "ass", { ".ass", ".ssa" }, vf_ass_parse },
};
#define NB_FORMATS ((int)(sizeof(formats) / sizeof(formats[0])))

const char *vf_captions_format_name(int format)
{
    for (int i = 0; i < NB_FORMATS; i++)
        if (formats[i].format == format)
            return formats[i].name;
    return format == VF_CAPTIONS_INLINE ? "inline" : "unknown";
}

int vf_captions_format_of_path(const char *path)
{
    size_t n = strlen(path);
    for (int i = 0; i < NB_FORMATS; i++)
        for (int k = 0; k < 2 && formats[i].ext[k]; k++) {
            size_t e = strlen(formats[i].ext[k]);
            if (n > e && !strcasecmp(path + n - e, formats[i].ext[k]))
                return formats[i].format;
        }
    return VF_CAPTIONS_AUTO;
}

/* The format the contents look like, when the name does not say. */
static int sniff(const char *d, size_t n)
{
    size_t i = n >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (i < n && vf_cap_space((unsigned char)d[i]))
        i++;
    if (n - i >= 6 && !memcmp(d + i, "WEBVTT", 6))
        return VF_CAPTIONS_WEBVTT;
    if (i < n && d[i] == '{')
        return VF_CAPTIONS_WORDS;
    if (i < n && d[i] == '[')
        return VF_CAPTIONS_ASS;
    return VF_CAPTIONS_SRT;
}

void vf_cue_init(VfCue *cue)
{
    *cue = (VfCue){ .snap_to_lines = 1, .line_auto = 1, .position_auto = 1, .size = 100 };
    strcpy(cue->line_align, "start");
    strcpy(cue->position_align, "auto");
    strcpy(cue->align, "center");
}

void vf_cue_clear(VfCue *cue)
{
    for (int i = 0; i < cue->nb_runs; i++) {
        free(cue->runs[i].text);
        free(cue->runs[i].classes);
        free(cue->runs[i].voice);
        free(cue->runs[i].lang);
    }
    for (int i = 0; i < cue->nb_words; i++)
        free(cue->words[i].text);
    free(cue->runs);
    free(cue->words);
    free(cue->id);
    free(cue->text);
    free(cue->plain);
    free(cue->region);
    memset(cue, 0, sizeof(*cue));
}

int vf_captions_add_cue(VfCaptions *c, VfCue *cue)
{
    if (vf_cap_grow((void **)&c->cues, c->nb_cues, sizeof(*c->cues)) < 0) {
        vf_cue_clear(cue);
        return vf_cap_oom();
    }
    c->cues[c->nb_cues++] = *cue;
    memset(cue, 0, sizeof(*cue));
    return 0;
}

int vf_captions_add_region(VfCaptions *c, VfCueRegion *r)
{
    if (vf_cap_grow((void **)&c->regions, c->nb_regions, sizeof(*c->regions)) < 0) {
        free(r->id);
        r->id = NULL;
        return vf_cap_oom();
    }
    c->regions[c->nb_regions++] = *r;
    r->id = NULL;
    return 0;
}

int vf_captions_add_style(VfCaptions *c, char *css)
{
    if (vf_cap_grow((void **)&c->styles, c->nb_styles, sizeof(*c->styles)) < 0) {
        free(css);
        return vf_cap_oom();
    }
    c->styles[c->nb_styles++] = css;
    return 0;
}

typedef struct Order {
    double start, end;
    int index;
} Order;

/* HTML's "text track cue order": by start time, then the later end first, then
 * the order they were added. */
static int cue_order(const void *a, const void *b)
{
    const Order *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

int vf_captions_sort(VfCaptions *c)
{
    int sorted = 1;
    for (int i = 1; i < c->nb_cues && sorted; i++)
        sorted = c->cues[i].start > c->cues[i - 1].start
              || (c->cues[i].start == c->cues[i - 1].start && c->cues[i].end <= c->cues[i - 1].end);
    if (sorted)
        return 0;
    Order *o = malloc((size_t)c->nb_cues * sizeof(*o));
    VfCue *cues = malloc((size_t)c->nb_cues * sizeof(*cues));
    if (!o || !cues) {
        free(o);
        free(cues);
        return vf_cap_oom();
    }
    for (int i = 0; i < c->nb_cues; i++)
        o[i] = (Order){ c->cues[i].start, c->cues[i].end, i };
    qsort(o, (size_t)c->nb_cues, sizeof(*o), cue_order);
    for (int i = 0; i < c->nb_cues; i++)
        cues[i] = c->cues[o[i].index];
    memcpy(c->cues, cues, (size_t)c->nb_cues * sizeof(*cues));
    free(o);
    free(cues);
    return 0;
}

int vf_captions_parse(const char *data, size_t size, int format, const char *name,
                      VfCaptions **out)
{
    *out = NULL;
    if (size >= 2 && data && ((data[0] == '\xFF' && data[1] == '\xFE')
                              || (data[0] == '\xFE' && data[1] == '\xFF')))
        return vf_error_set(VF_ERR_ASSET, "%s is UTF-16 text: captions files must be UTF-8 "
                            "(convert it, e.g. iconv -f UTF-16 -t UTF-8)", name);
    if (format == VF_CAPTIONS_AUTO)
        format = sniff(data, size);
    int k = 0;
    while (k < NB_FORMATS && formats[k].format != format)
        k++;
    if (k == NB_FORMATS)
        return vf_error_set(VF_ERR_INTERNAL, "%s: captions format %d cannot be read from a file",
                            name, format);
    VfCaptions *c = calloc(1, sizeof(*c));
    if (!c)
        return vf_cap_oom();
    c->format = format;
    int ret = formats[k].parse(data ? data : "", data ? size : 0, name, c);
    if (ret < 0)
        vf_captions_free(&c);
    *out = c;
    return ret < 0 ? ret : 0;
}

int vf_captions_read_file(const char *path, size_t max_bytes, char **data, size_t *size)
{
    struct stat st;
    *data = NULL;
    if (stat(path, &st) != 0)
        return vf_error_set(VF_ERR_ASSET, "cannot read captions file %s: %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return vf_error_set(VF_ERR_ASSET, "cannot read captions file %s: not a regular file", path);
    if ((unsigned long long)st.st_size > max_bytes)
        return vf_error_set(VF_ERR_ASSET, "captions file %s is %lld bytes, over the %zu-byte limit",
                            path, (long long)st.st_size, max_bytes);
    FILE *f = fopen(path, "rb");
    if (!f)
        return vf_error_set(VF_ERR_ASSET, "cannot read captions file %s: %s", path, strerror(errno));
    *data = malloc((size_t)st.st_size + 1);
    *size = *data ? fread(*data, 1, (size_t)st.st_size, f) : 0;
    if (*data)
        (*data)[*size] = '\0';
    int err = !*data ? vf_cap_oom()
            : ferror(f) ? vf_error_set(VF_ERR_ASSET, "cannot read captions file %s", path) : 0;
    fclose(f);
    return err;
}

int vf_captions_load_max(const char *path, int format, size_t max_bytes, VfCaptions **out)
{
    char *data;
    size_t size = 0;
    *out = NULL;
    int ret = vf_captions_read_file(path, max_bytes, &data, &size);
    if (ret >= 0)
        ret = vf_captions_parse(data, size, format ? format : vf_captions_format_of_path(path),
                                path, out);
    free(data);
    return ret;
}

int vf_captions_load(const char *path, int format, VfCaptions **out)
{
    return vf_captions_load_max(path, format, (size_t)500 << 20, out);
}

void vf_captions_free(VfCaptions **pc)
{
    VfCaptions *c = pc ? *pc : NULL;
    if (!c)
        return;
    for (int i = 0; i < c->nb_cues; i++)
        vf_cue_clear(&c->cues[i]);
    for (int i = 0; i < c->nb_regions; i++)
        free(c->regions[i].id);
    for (int i = 0; i < c->nb_styles; i++)
        free(c->styles[i]);
    free(c->cues);
    free(c->regions);
    free(c->styles);
    free(c);
    *pc = NULL;
}
