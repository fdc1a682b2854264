/* Raster cache keys, generated from the field lists of rasterkey_fields.h:
 * the structs, their key text, comparison and dump. A key struct borrows its
 * strings (the caller keeps them alive while the key is used). */
#ifndef VF_PLAN_RASTERKEY_H
#define VF_PLAN_RASTERKEY_H

#include <stddef.h>

#include "plan/rasterkey_fields.h"
#include "vidforge/model.h"

#define VF_KEY_TYPE_INT int
#define VF_KEY_TYPE_DBL double
#define VF_KEY_TYPE_STR const char *
#define VF_KEY_TYPE_COL VfColor
#define VF_KEY_TYPE_DBL8 double
#define VF_KEY_TYPE_COL8 VfColor
#define VF_KEY_TYPE_STR8 const char *
#define VF_KEY_TYPE_INT8 int
#define VF_KEY_DIM_INT
#define VF_KEY_DIM_DBL
#define VF_KEY_DIM_STR
#define VF_KEY_DIM_COL
#define VF_KEY_DIM_DBL8 [8]
#define VF_KEY_DIM_COL8 [8]
#define VF_KEY_DIM_STR8 [8]
#define VF_KEY_DIM_INT8 [8]
#define VF_KEY_MEMBER(kind, name) VF_KEY_TYPE_##kind name VF_KEY_DIM_##kind;

typedef struct VfTextKey {
    VF_TEXT_KEY_FIELDS(VF_KEY_MEMBER)
} VfTextKey;

typedef struct VfImageKey {
    VF_IMAGE_KEY_FIELDS(VF_KEY_MEMBER)
} VfImageKey;

typedef struct VfShapeKey {
    VF_SHAPE_KEY_FIELDS(VF_KEY_MEMBER)
} VfShapeKey;

/* The kinds of field, for code that walks a key's fields. */
typedef enum VfKeyKind {
    VF_KEY_INT, VF_KEY_DBL, VF_KEY_STR, VF_KEY_COL,
    VF_KEY_DBL8, VF_KEY_COL8, VF_KEY_STR8, VF_KEY_INT8 /* arrays of 8 from here */
} VfKeyKind;

typedef struct VfKeyField {
    const char *name;
    int kind;          /* VfKeyKind */
    size_t offset;     /* in the key struct */
} VfKeyField;

/* The fields of each key, in declaration order, ending with a NULL name. */
extern const VfKeyField vf_text_key_fields[];
extern const VfKeyField vf_image_key_fields[];
extern const VfKeyField vf_shape_key_fields[];

/* The key as one line of text ("T|content=...|font=...|..."), every field
 * by name, malloc'd; NULL when out of memory. Equal keys give equal text;
 * any field that differs gives a different text. */
char *vf_text_key_text(const VfTextKey *k);
char *vf_image_key_text(const VfImageKey *k);
char *vf_shape_key_text(const VfShapeKey *k);

/* 1 when every field is equal (strings by content, NULL equal to NULL). */
int vf_text_key_equal(const VfTextKey *a, const VfTextKey *b);
int vf_image_key_equal(const VfImageKey *a, const VfImageKey *b);

/* The key one field per line ("name = value"), for debugging; malloc'd. */
char *vf_text_key_dump(const VfTextKey *k);
char *vf_image_key_dump(const VfImageKey *k);

#endif
