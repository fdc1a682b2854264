/* Whether a file is a font FreeType reads: its header and tables parsed, no
 * glyph drawn. See font.h. */
#include <ft2build.h>
#include FT_FREETYPE_H

#include "text/font.h"
#include "vidforge/error.h"

int vf_font_check_file(const char *path, int index)
{
    FT_Library ft = NULL;
    FT_Face face = NULL;
    if (FT_Init_FreeType(&ft))
        return vf_error_set(VF_ERR_INTERNAL, "cannot start FreeType");
    FT_Error err = FT_New_Face(ft, path, index, &face);
    int ok = !err && face->num_glyphs > 0;
    if (face)
        FT_Done_Face(face);
    FT_Done_FreeType(ft);
    if (ok)
        return 0;
    return vf_error_set(VF_ERR_ASSET, "font %s is not a font file FreeType can read%s", path,
                        err ? "" : " (it has no glyphs)");
}
