/* Key text, comparison, dump and field tables, each generated from the field
 * lists; nothing here names a field. */
#include "plan/rasterkey.h"

#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"


#define TEXT_ROW(kind, name) { #name, VF_KEY_##kind, offsetof(VfTextKey, name) },
#define IMAGE_ROW(kind, name) { #name, VF_KEY_##kind, offsetof(VfImageKey, name) },

const VfKeyField vf_text_key_fields[] = { VF_TEXT_KEY_FIELDS(TEXT_ROW) { NULL, 0, 0 } };
const VfKeyField vf_image_key_fields[] = { VF_IMAGE_KEY_FIELDS(IMAGE_ROW) { NULL, 0, 0 } };
#define SHAPE_ROW(kind, name) { #name, VF_KEY_##kind, offsetof(VfShapeKey, name) },
const VfKeyField vf_shape_key_fields[] = { VF_SHAPE_KEY_FIELDS(SHAPE_ROW) { NULL, 0, 0 } };

static void put_color(VfStrBuf *b, VfColor c)
{
    vf_strbuf_appendf(b, "%02x%02x%02x%02x", c.r, c.g, c.b, c.a);
}

/* Strings are written with their length, so no content can imitate a
 * field separator. */
static void put_string(VfStrBuf *b, const char *s)
{
    if (s)
        vf_strbuf_appendf(b, "%zu:%s", strlen(s), s);
    else
        vf_strbuf_appendf(b, "-");
}

static void put_value(VfStrBuf *b, const void *base, const VfKeyField *f)
{
    const char *p = (const char *)base + f->offset;
    for (int i = 0; i < (f->kind >= VF_KEY_DBL8 ? 8 : 1); i++) {
        if (i)
            vf_strbuf_appendf(b, ",");
        switch (f->kind) {
        case VF_KEY_INT:
        case VF_KEY_INT8: vf_strbuf_appendf(b, "%d", ((const int *)p)[i]); break;
        case VF_KEY_DBL:
        case VF_KEY_DBL8: vf_strbuf_appendf(b, "%.17g", ((const double *)p)[i]); break;
        case VF_KEY_COL:
        case VF_KEY_COL8: put_color(b, ((const VfColor *)p)[i]); break;
        default: put_string(b, ((const char *const *)p)[i]); break;
        }
    }
}

static char *render_key(const void *k, const VfKeyField *fields, const char *head,
                        const char *sep, const char *eq)
{
    VfStrBuf b = { 0 };
    vf_strbuf_appendf(&b, "%s", head);
    for (const VfKeyField *f = fields; f->name; f++) {
        vf_strbuf_appendf(&b, "%s%s%s", f == fields ? "" : sep, f->name, eq);
        put_value(&b, k, f);
    }
    char *out = NULL;
    return vf_strbuf_finish(&b, &out) < 0 ? NULL : out;
}

static int same_string(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

static int equal(const void *a, const void *b, const VfKeyField *fields)
{
    for (const VfKeyField *f = fields; f->name; f++) {
        const char *pa = (const char *)a + f->offset, *pb = (const char *)b + f->offset;
        int n = f->kind >= VF_KEY_DBL8 ? 8 : 1;
        for (int i = 0; i < n; i++) {
            int same;
            switch (f->kind) {
            case VF_KEY_INT:
            case VF_KEY_INT8: same = ((const int *)pa)[i] == ((const int *)pb)[i]; break;
            case VF_KEY_DBL:
            case VF_KEY_DBL8: same = ((const double *)pa)[i] == ((const double *)pb)[i]; break;
            case VF_KEY_COL:
            case VF_KEY_COL8:
                same = !memcmp((const VfColor *)pa + i, (const VfColor *)pb + i, sizeof(VfColor));
                break;
            default:
                same = same_string(((const char *const *)pa)[i], ((const char *const *)pb)[i]);
            }
            if (!same)
                return 0;
        }
    }
    return 1;
}

char *vf_text_key_text(const VfTextKey *k)
{
    return render_key(k, vf_text_key_fields, "T|", "|", "=");
}

char *vf_image_key_text(const VfImageKey *k)
{
    return render_key(k, vf_image_key_fields, "I|", "|", "=");
}

int vf_text_key_equal(const VfTextKey *a, const VfTextKey *b)
{
    return equal(a, b, vf_text_key_fields);
}

char *vf_shape_key_text(const VfShapeKey *k)
{
    return render_key(k, vf_shape_key_fields, "S|", "|", "=");
}

int vf_image_key_equal(const VfImageKey *a, const VfImageKey *b)
{
    return equal(a, b, vf_image_key_fields);
}

char *vf_text_key_dump(const VfTextKey *k)
{
    return render_key(k, vf_text_key_fields, "text key:\n  ", "\n  ", " = ");
}

char *vf_image_key_dump(const VfImageKey *k)
{
    return render_key(k, vf_image_key_fields, "image key:\n  ", "\n  ", " = ");
}
