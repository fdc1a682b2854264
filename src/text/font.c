#include "text/font.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <fontconfig/fontconfig.h>

#include "util/path.h"
#include "vf_config.h"
#include "vidforge/error.h"

/* fontconfig's configuration is not thread-safe to query: one lock per
 * lookup serialises the queries of the threads that share it. */
struct VfFontLookup {
    FcConfig *config;          /* NULL: fontconfig could not start (paths still resolve) */
    pthread_mutex_t lock;
    char *stamp;
};

const char *vf_font_shipped_dir(void)
{
    static const char *const dirs[] = { VF_FONTS_DIR, VF_FONTS_INSTALL_DIR };
    for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
        char probe[4096];
        snprintf(probe, sizeof(probe), "%s/Inter-Regular.otf", dirs[i]);
        if (vf_path_is_readable_file(probe))
            return dirs[i];
    }
    return VF_FONTS_DIR;
}

static char *make_stamp(FcConfig *config)
{
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);
    FcStrList *dirs = config && buf ? FcConfigGetFontDirs(config) : NULL;
    FcChar8 *dir;
    while (dirs && (dir = FcStrListNext(dirs))) {
        struct stat st = { 0 };
        char item[4200];
        int found = stat((const char *)dir, &st) == 0;
        int n = snprintf(item, sizeof(item), "%s %lld.%09ld;", (const char *)dir,
                         found ? (long long)st.st_mtim.tv_sec : -1LL, found ? st.st_mtim.tv_nsec : 0L);
        if (n < 0 || (size_t)n >= sizeof(item))
            continue;
        if (len + (size_t)n + 1 > cap) {
            char *grown = realloc(buf, cap = (cap + (size_t)n) * 2);
            if (!grown)
                break;
            buf = grown;
        }
        memcpy(buf + len, item, (size_t)n);
        len += (size_t)n;
    }
    if (dirs)
        FcStrListDone(dirs);
    if (buf)
        buf[len] = '\0';
    return buf;
}

int vf_font_lookup_create(VfFontLookup **out)
{
    VfFontLookup *fl = calloc(1, sizeof(*fl));
    *out = NULL;
    if (!fl || pthread_mutex_init(&fl->lock, NULL) != 0) {
        free(fl);
        return VF_ERR_INTERNAL;
    }
    fl->config = FcInitLoadConfigAndFonts();
    if (fl->config)
        FcConfigAppFontAddDir(fl->config, (const FcChar8 *)vf_font_shipped_dir());
    fl->stamp = make_stamp(fl->config);
    *out = fl;
    return 0;
}

void vf_font_lookup_free(VfFontLookup **pfl)
{
    VfFontLookup *fl = pfl ? *pfl : NULL;
    if (!fl)
        return;
    if (fl->config)
        FcConfigDestroy(fl->config);
    pthread_mutex_destroy(&fl->lock);
    free(fl->stamp);
    free(fl);
    *pfl = NULL;
}

const char *vf_font_system_stamp(const VfFontLookup *fl)
{
    return fl && fl->stamp ? fl->stamp : "";
}

/* Style words that may end a family name: "Open Sans Bold Italic". */
static const char *const style_words[] = {
    "Thin", "ExtraLight", "Light", "Regular", "Medium", "SemiBold", "Semibold", "Bold",
    "ExtraBold", "Black", "Italic", "Oblique", NULL,
};

static int is_style_word(const char *w, size_t n)
{
    for (int i = 0; style_words[i]; i++)
        if (strlen(style_words[i]) == n && !strncasecmp(style_words[i], w, n))
            return 1;
    return 0;
}

/* Splits "Open Sans Bold Italic" into family "Open Sans" and style "Bold Italic". */
static void split_family(const char *name, char *family, size_t fn, char *style, size_t sn)
{
    size_t end = strlen(name);
    for (;;) {
        const char *space = NULL;
        for (size_t i = end; i > 0; i--)
            if (name[i - 1] == ' ') {
                space = name + i - 1;
                break;
            }
        if (!space || !is_style_word(space + 1, (size_t)(name + end - space - 1)))
            break;
        end = (size_t)(space - name);
    }
    snprintf(family, fn, "%.*s", (int)end, name);
    snprintf(style, sn, "%s", name[end] ? name + end + 1 : "");
}

static int fc_lookup(VfFontLookup *fl, const char *name, char **path, int *index)
{
    char family[256], style[128];
    split_family(name, family, sizeof(family), style, sizeof(style));
    if (!fl || !fl->config)
        return -1;
    pthread_mutex_lock(&fl->lock);
    FcPattern *pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    if (style[0])
        FcPatternAddString(pat, FC_STYLE, (const FcChar8 *)style);
    FcConfigSubstitute(fl->config, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *match = FcFontMatch(fl->config, pat, &res);
    int ret = -1;
    FcChar8 *got_family = NULL, *file = NULL;
    /* fontconfig always answers with something; accept it only when it is the
     * family that was asked for, not a silent substitute. */
    if (match && FcPatternGetString(match, FC_FAMILY, 0, &got_family) == FcResultMatch &&
        !strcasecmp((const char *)got_family, family) &&
        FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
        *path = strdup((const char *)file);
        if (FcPatternGetInteger(match, FC_INDEX, 0, index) != FcResultMatch)
            *index = 0;
        ret = *path ? 0 : -1;
    }
    FcPatternDestroy(match);
    FcPatternDestroy(pat);
    pthread_mutex_unlock(&fl->lock);
    return ret;
}

static int looks_like_path(const char *font)
{
    const char *dot = strrchr(font, '.');
    return strchr(font, '/') ||
           (dot && (!strcasecmp(dot, ".ttf") || !strcasecmp(dot, ".otf") ||
                    !strcasecmp(dot, ".ttc") || !strcasecmp(dot, ".otc")));
}

int vf_font_resolve(VfFontLookup *fl, const char *font, const char *template_dir, char **path,
                    int *face_index)
{
    if (!font)
        font = VF_DEFAULT_FONT;
    *face_index = 0;
    char *tried = NULL, *shipped = NULL;
    if (looks_like_path(font)) {
        tried = vf_path_join(template_dir, font);
        if (tried && vf_path_is_readable_file(tried)) {
            *path = tried;
            return 0;
        }
        struct stat st; /* a FIFO or device of that name: refused, not replaced */
        if (tried && stat(tried, &st) == 0 && !S_ISDIR(st.st_mode)) {
            int ret = vf_error_set(VF_ERR_ASSET, "font %s does not exist or is not readable "
                                   "(not a regular file)", tried);
            free(tried);
            return ret;
        }
        const char *base = strrchr(font, '/') ? strrchr(font, '/') + 1 : font;
        shipped = vf_path_join(vf_font_shipped_dir(), base);
        if (shipped && vf_path_is_readable_file(shipped)) {
            free(tried);
            *path = shipped;
            return 0;
        }
    }
    if (fc_lookup(fl, font, path, face_index) == 0) {
        free(tried);
        free(shipped);
        return 0;
    }
    int ret = tried ? vf_error_set(VF_ERR_ASSET,
                                   "font \"%s\" not found (tried %s, %s, and the family name "
                                   "through fontconfig)", font, tried, shipped ? shipped : "")
                    : vf_error_set(VF_ERR_ASSET,
                                   "font \"%s\" not found (tried the shipped fonts in %s and "
                                   "fontconfig's families)", font, vf_font_shipped_dir());
    free(tried);
    free(shipped);
    return ret;
}

typedef struct FontRow {
    char *family, *style, *file;
} FontRow;

static int cmp_rows(const void *a, const void *b)
{
    const FontRow *x = a, *y = b;
    int c = strcasecmp(x->family, y->family);
    return c ? c : strcasecmp(x->style, y->style);
}

int vf_font_list(VfFontLookup *fl, void (*cb)(void *opaque, const char *family,
                                              const char *style, const char *file),
                 void *opaque)
{
    if (!fl || !fl->config)
        return VF_ERR_INTERNAL;
    pthread_mutex_lock(&fl->lock);
    FcPattern *pat = FcPatternCreate();
    FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, FC_STYLE, FC_FILE, (char *)NULL);
    FcFontSet *set = pat && os ? FcFontList(fl->config, pat, os) : NULL;
    int n = set ? set->nfont : 0;
    FontRow *rows = calloc((size_t)(n ? n : 1), sizeof(*rows));
    int count = 0;
    for (int i = 0; rows && i < n; i++) {
        FcChar8 *family = NULL, *style = NULL, *file = NULL;
        if (FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &family) != FcResultMatch ||
            FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
            continue;
        if (FcPatternGetString(set->fonts[i], FC_STYLE, 0, &style) != FcResultMatch)
            style = (FcChar8 *)"";
        rows[count++] = (FontRow){ strdup((char *)family), strdup((char *)style),
                                   strdup((char *)file) };
    }
    if (set)
        FcFontSetDestroy(set);
    if (os)
        FcObjectSetDestroy(os);
    if (pat)
        FcPatternDestroy(pat);
    pthread_mutex_unlock(&fl->lock);
    if (!rows)
        return VF_ERR_INTERNAL;
    qsort(rows, (size_t)count, sizeof(*rows), cmp_rows);
    for (int i = 0; i < count; i++) {
        if (rows[i].family && rows[i].style && rows[i].file)
            cb(opaque, rows[i].family, rows[i].style, rows[i].file);
        free(rows[i].family);
        free(rows[i].style);
        free(rows[i].file);
    }
    free(rows);
    return count;
}

int vf_font_fallback(VfFontLookup *fl, unsigned codepoint, char **path, int *index)
{
    return vf_font_fallback_like(fl, codepoint, NULL, 0, path, index);
}

/* The primary face's weight, width and slant as fontconfig reads the file,
 * asked of the fallback: a bold title's Arabic comes out bold. */
static void add_style_of(FcPattern *pat, const char *like, int like_index)
{
    int count = 0;
    FcPattern *q = like ? FcFreeTypeQuery((const FcChar8 *)like, like_index, NULL, &count) : NULL;
    if (!q)
        return;
    static const char *const props[] = { FC_WEIGHT, FC_WIDTH, FC_SLANT };
    for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
        FcValue v;
        if (FcPatternGet(q, props[i], 0, &v) == FcResultMatch)
            FcPatternAdd(pat, props[i], v, FcFalse);
    }
    FcPatternDestroy(q);
}

int vf_font_fallback_like(VfFontLookup *fl, unsigned codepoint, const char *like, int like_index,
                          char **path, int *index)
{
    if (!fl || !fl->config)
        return -1;
    pthread_mutex_lock(&fl->lock);
    FcPattern *pat = FcPatternCreate();
    FcCharSet *want = FcCharSetCreate();
    int ret = -1;
    if (pat && want && FcCharSetAddChar(want, codepoint)) {
        FcPatternAddCharSet(pat, FC_CHARSET, want);
        add_style_of(pat, like, like_index);
        FcConfigSubstitute(fl->config, pat, FcMatchPattern);
        FcDefaultSubstitute(pat);
        FcResult res;
        FcFontSet *set = FcFontSort(fl->config, pat, FcFalse, NULL, &res);
        for (int i = 0; set && i < set->nfont && ret < 0; i++) {
            FcCharSet *cs = NULL;
            FcChar8 *file = NULL;
            if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &cs) == FcResultMatch &&
                FcCharSetHasChar(cs, codepoint) &&
                FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) == FcResultMatch) {
                if (FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, index) != FcResultMatch)
                    *index = 0;
                *path = strdup((const char *)file);
                ret = *path ? 0 : -1;
            }
        }
        if (set)
            FcFontSetDestroy(set);
    }
    if (want)
        FcCharSetDestroy(want);
    if (pat)
        FcPatternDestroy(pat);
    pthread_mutex_unlock(&fl->lock);
    return ret;
}

int vf_font_pick(VfFontLookup *fl, const char *const *paths, const int *indexes, int nb,
                 unsigned codepoint, VfFontCovers covers, void *opaque, char **path, int *index)
{
    return vf_font_pick_like(fl, paths, indexes, nb, codepoint, covers, opaque, NULL, 0, path,
                             index);
}

int vf_font_pick_like(VfFontLookup *fl, const char *const *paths, const int *indexes, int nb,
                      unsigned codepoint, VfFontCovers covers, void *opaque, const char *like,
                      int like_index, char **path, int *index)
{
    for (int k = 0; k < nb; k++) {
        int at = indexes ? indexes[k] : 0;
        if (!covers(opaque, paths[k], at, codepoint))
            continue;
        *index = at;
        return (*path = strdup(paths[k])) ? 0 : -1;
    }
    return vf_font_fallback_like(fl, codepoint, like, like_index, path, index);
}
