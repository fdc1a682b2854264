/* The fields that decide a layer's pixels, declared once. Each list is an
 * X-macro: FIELD(kind, name) with kind one of
 *   INT  int             DBL  double            STR  const char * (may be NULL)
 *   COL  VfColor         DBL8 double[8]         COL8 VfColor[8]
 *   STR8 const char *[8] INT8 int[8]
 * rasterkey.h expands them into the key structs, and rasterkey.c into the
 * key text, the comparison, the dump and the field table the tests walk, so
 * a field added here is in all of them (libass's ass_cache_template.h is the
 * model). Files appear by the SHA-256 of their contents, never by path. */

#define VF_TEXT_KEY_FIELDS(FIELD)                                            \
    FIELD(STR, content)        /* UTF-8 after variables */                   \
    FIELD(STR, font)           /* digest of the font file */                 \
    FIELD(INT, face)           /* face index in it */                        \
    FIELD(STR8, fallback)      /* digests of the fallback fonts */           \
    FIELD(INT8, fallback_face) /* and their face indices */                  \
    FIELD(STR, system_fonts)   /* digest of fontconfig's font folders */     \
    FIELD(DBL, size)                                                         \
    FIELD(DBL, scale)                                                        \
    FIELD(DBL, opacity)                                                      \
    FIELD(COL, color)                                                        \
    FIELD(INT, align)                                                        \
    FIELD(DBL, max_width)                                                    \
    FIELD(DBL, line_height)                                                  \
    FIELD(DBL, letter_spacing)                                               \
    FIELD(DBL, outline_width)  /* 0: none */                                 \
    FIELD(COL, outline_color)                                                \
    FIELD(INT, has_shadow)                                                   \
    FIELD(COL, shadow_color)                                                 \
    FIELD(DBL, shadow_x)                                                     \
    FIELD(DBL, shadow_y)                                                     \
    FIELD(DBL, shadow_blur)                                                  \
    FIELD(INT, has_background)                                               \
    FIELD(COL, background_color)                                             \
    FIELD(DBL, background_pad_x)                                             \
    FIELD(DBL, background_pad_y)                                             \
    FIELD(DBL, background_radius)                                            \
    FIELD(INT, nb_gradient)                                                  \
    FIELD(COL8, gradient)                                                    \
    FIELD(INT, nb_stops)                                                     \
    FIELD(DBL8, gradient_stops)                                              \
    FIELD(DBL, gradient_angle)                                               \
    FIELD(INT, has_fit)                                                      \
    FIELD(DBL, fit_w)                                                        \
    FIELD(DBL, fit_h)                                                        \
    FIELD(DBL, fit_min_size)                                                 \
    FIELD(INT, typewriter)     /* the cluster map covers the shadow */  \
    FIELD(INT, balance)        /* balanced line breaks */                    \
    FIELD(INT, box_shadow)     /* the background box's shadow: on, */        \
    FIELD(COL, box_shadow_color) /* colour, */                               \
    FIELD(DBL, box_shadow_x)   /* offset and blur */                         \
    FIELD(DBL, box_shadow_y)                                                 \
    FIELD(DBL, box_shadow_blur)

#define VF_IMAGE_KEY_FIELDS(FIELD)                                           \
    FIELD(STR, file)           /* digest of the image file */                \
    FIELD(DBL, scale)                                                        \
    FIELD(DBL, opacity)

#define VF_SHAPE_KEY_FIELDS(FIELD)                                           \
    FIELD(INT, kind)           /* VfShapeKind */                             \
    FIELD(DBL, width)                                                        \
    FIELD(DBL, height)                                                       \
    FIELD(DBL, radius)                                                       \
    FIELD(COL, fill)                                                         \
    FIELD(INT, nb_gradient)                                                  \
    FIELD(COL8, gradient)                                                    \
    FIELD(INT, nb_stops)                                                     \
    FIELD(DBL8, stops)                                                       \
    FIELD(DBL, angle)                                                        \
    FIELD(DBL, stroke_width)                                                 \
    FIELD(COL, stroke)                                                       \
    FIELD(INT, has_shadow)                                                   \
    FIELD(COL, shadow_color)                                                 \
    FIELD(DBL, shadow_x)                                                     \
    FIELD(DBL, shadow_y)                                                     \
    FIELD(DBL, shadow_blur)                                                  \
    FIELD(DBL, opacity)
