/* One libass renderer with the render's fonts and frame size, asked for
 * each frame's image boxes (nothing drawn). */
#include "plan/captions_extent.h"

#include "captions/assrender.h"

static void pad_even(const VfPlan *p, int r[4])
{
    r[0] = r[0] - 2 > 0 ? (r[0] - 2) & ~1 : 0;
    r[1] = r[1] - 2 > 0 ? (r[1] - 2) & ~1 : 0;
    r[2] = (r[2] + 3) & ~1, r[3] = (r[3] + 3) & ~1;
    r[2] = r[2] < p->width ? r[2] : p->width, r[3] = r[3] < p->height ? r[3] : p->height;
}

int vf_caption_ass_extent(const VfPlan *p, const VfCaptionTrack *t, int64_t first, int64_t end,
                          int r[4])
{
    r[0] = 0, r[1] = 0, r[2] = p->width, r[3] = p->height;
    if (end - first > VF_CAPTION_EXTENT_MAX_FRAMES)
        return 0;
    VfAssFonts fonts = { (const char *const *)t->font_dirs, t->nb_font_dirs, t->default_font,
                         NULL, 0, 0 };
    VfAssRenderer *ass = NULL;
    int ret = vf_ass_renderer_create(&ass, t->ass_path, p->width, p->height, &fonts);
    if (ret < 0)
        return ret;
    r[0] = p->width, r[1] = p->height, r[2] = 0, r[3] = 0;
    for (int64_t n = first; n < end; n++) /* the times captionfeed.c draws at */
        vf_ass_renderer_extent(ass, (double)n * p->fps_den / p->fps_num - t->offset, r);
    vf_ass_renderer_free(&ass);
    if (r[2] <= r[0] || r[3] <= r[1]) { /* nothing drawn: a transparent corner */
        r[0] = r[1] = 0, r[2] = r[3] = 2;
        return 0;
    }
    pad_even(p, r);
    return 0;
}
