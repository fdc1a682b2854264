/* Raster cache keys are generated from one field list: changing any declared
 * field changes the key text and the comparison, and nothing else does. */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "plan/rasterkey.h"

/* Changes field f of the key at base in place (element 3 of arrays). */
static void perturb(void *base, const VfKeyField *f)
{
    char *p = (char *)base + f->offset;
    static const char *other = "something else";
    switch (f->kind) {
    case VF_KEY_INT: *(int *)p += 1; break;
    case VF_KEY_DBL: *(double *)p += 0.5; break;
    case VF_KEY_DBL8: ((double *)p)[3] += 0.001; break;
    case VF_KEY_COL: ((VfColor *)p)->g ^= 1; break;
    case VF_KEY_COL8: ((VfColor *)p)[3].a ^= 1; break;
    case VF_KEY_STR: *(const char **)p = other; break;
    case VF_KEY_INT8: ((int *)p)[3] += 1; break;
    default: ((const char **)p)[3] = other; break;
    }
}

static int count(const VfKeyField *fields)
{
    int n = 0;
    while (fields[n].name)
        n++;
    return n;
}

/* Every field of a key struct of size n, whose base value is at base. */
static void check_fields(const char *what, const void *base, size_t n, const VfKeyField *fields,
                         char *(*text)(const void *), int (*equal)(const void *, const void *))
{
    char *ref = text(base);
    void *k = malloc(n);
    CHECK(ref && k && equal(base, base), "%s: key of the base", what);
    for (const VfKeyField *f = fields; f->name && ref && k; f++) {
        memcpy(k, base, n);
        char *same = text(k);
        perturb(k, f);
        char *changed = text(k);
        CHECK(same && !strcmp(same, ref), "%s: a copy gives the same key", what);
        CHECK(changed && strcmp(changed, ref) != 0, "%s.%s changes the key text", what, f->name);
        CHECK(!equal(k, base), "%s.%s changes the comparison", what, f->name);
        CHECK(strstr(ref, f->name) != NULL, "%s.%s is named in the key", what, f->name);
        free(same);
        free(changed);
    }
    free(k);
    free(ref);
}

static char *text_text(const void *k) { return vf_text_key_text(k); }
static int text_equal(const void *a, const void *b) { return vf_text_key_equal(a, b); }
static char *image_text(const void *k) { return vf_image_key_text(k); }
static int image_equal(const void *a, const void *b) { return vf_image_key_equal(a, b); }

int main(void)
{
    VfTextKey t = { .content = "Hello", .font = "abc", .fallback = { "f0", "f1" },
                    .system_fonts = "sys", .size = 48, .scale = 1, .opacity = 1,
                    .color = { 255, 255, 255, 255 } };
    check_fields("text", &t, sizeof(t), vf_text_key_fields, text_text, text_equal);
    VfImageKey i = { .file = "def", .scale = 1, .opacity = 1 };
    check_fields("image", &i, sizeof(i), vf_image_key_fields, image_text, image_equal);
    CHECK(count(vf_text_key_fields) >= 30, "text key fields: %d", count(vf_text_key_fields));

    /* content cannot imitate a field boundary: strings carry their length */
    VfTextKey a = t, b = t;
    a.content = "x|font=3:abc";
    b.content = "x";
    char *ka = vf_text_key_text(&a), *kb = vf_text_key_text(&b);
    CHECK(ka && kb && strcmp(ka, kb) != 0, "separator in content");
    free(ka);
    free(kb);
    char *dump = vf_text_key_dump(&t);
    CHECK(dump && strstr(dump, "\n  shadow_blur = 0") != NULL, "dump: %s", dump ? dump : "");
    free(dump);
    return vf_check_summary("rasterkey");
}
