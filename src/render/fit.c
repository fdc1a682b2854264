#include "render/fit.h"

#include <math.h>

static int even(double v)
{
    int e = 2 * (int)lround(v / 2);
    return e < 2 ? 2 : e;
}

void vf_fit_box(const VfPlan *p, double dw, double dh, int *sw, int *sh, int *x, int *y)
{
    double W = p->width, H = p->height;
    if (p->fit == VF_FIT_STRETCH) {
        *sw = p->width, *sh = p->height, *x = *y = 0;
        return;
    }
    int cover = p->fit == VF_FIT_COVER;
    double k = cover ? fmax(W / dw, H / dh) : fmin(W / dw, H / dh);
    *sw = even(dw * k);
    *sh = even(dh * k);
    if (cover) { /* never smaller than the frame; the focus stays in view */
        *sw = *sw < p->width ? p->width : *sw;
        *sh = *sh < p->height ? p->height : *sh;
        *x = (int)lround((*sw - W) * p->focus_x);
        *y = (int)lround((*sh - H) * p->focus_y);
    } else {
        *sw = *sw > p->width ? p->width : *sw;
        *sh = *sh > p->height ? p->height : *sh;
        *x = (p->width - *sw) / 2;
        *y = (p->height - *sh) / 2;
    }
}

static void rotate(AVBPrint *bp, int rotation)
{
    if (rotation == 90)
        av_bprintf(bp, ",transpose=clock");
    else if (rotation == 270)
        av_bprintf(bp, ",transpose=cclock");
    else if (rotation == 180)
        av_bprintf(bp, ",hflip,vflip");
}

static int is_hdr(const VfInputVideo *iv)
{
    return iv->color_trc == AVCOL_TRC_SMPTE2084 || iv->color_trc == AVCOL_TRC_ARIB_STD_B67;
}

/* HDR is tone-mapped (Hable, from a 100-nit reference white); other
 * matrices and full range are converted; BT.709 and unspecified pass as is. */
static void colour(AVBPrint *bp, const VfInputVideo *iv)
{
    if (is_hdr(iv)) {
        av_bprintf(bp, ",zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,"
                       "tonemap=tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv");
        return;
    }
    int other_matrix = iv->colorspace != AVCOL_SPC_BT709 &&
                       iv->colorspace != AVCOL_SPC_UNSPECIFIED && iv->colorspace != AVCOL_SPC_RGB;
    if (other_matrix || iv->color_range == AVCOL_RANGE_JPEG)
        av_bprintf(bp, ",scale=in_color_matrix=auto:in_range=auto:out_color_matrix=bt709:"
                       "out_range=tv");
}

static void display_dims(const VfPlan *p, const VfInputVideo *iv, double *dw, double *dh)
{
    *dw = (double)iv->width * iv->sar.num / iv->sar.den;
    *dh = iv->height;
    if (p->rotation == 90 || p->rotation == 270) {
        double t = *dw;
        *dw = *dh;
        *dh = t;
    }
}

static void blur_fit(AVBPrint *bp, const VfPlan *p, double dw, double dh)
{
    const VfColor c = p->background;
    VfPlan small = *p;
    small.width = even(p->width / 8.0);
    small.height = even(p->height / 8.0);
    small.fit = VF_FIT_COVER;
    small.focus_x = small.focus_y = 0.5;
    int bw, bh, bx, by, sw, sh, x, y;
    vf_fit_box(&small, dw, dh, &bw, &bh, &bx, &by);
    VfPlan contain = *p;
    contain.fit = VF_FIT_CONTAIN;
    vf_fit_box(&contain, dw, dh, &sw, &sh, &x, &y);
    /* the backdrop is blurred at an eighth of the size: cheap, and smooth */
    av_bprintf(bp, ",split[vf_fg][vf_bg];[vf_bg]scale=%d:%d,crop=%d:%d:%d:%d,"
                   "boxblur='min(w,h)/4':2:'min(cw,ch)/4':2,"
                   "scale=%d:%d,setsar=1,drawbox=c=0x%02X%02X%02X@0.25:t=fill[vf_bgb];"
                   "[vf_fg]scale=%d:%d:flags=bicubic,setsar=1[vf_fgs];"
                   "[vf_bgb][vf_fgs]overlay=%d:%d",
               bw, bh, small.width, small.height, bx, by, p->width, p->height, c.r, c.g, c.b,
               sw, sh, x, y);
}

void vf_fit_describe(AVBPrint *bp, const VfPlan *p, const VfInputVideo *iv)
{
    const VfColor c = p->background;
    rotate(bp, p->rotation);
    colour(bp, iv);
    double dw, dh;
    display_dims(p, iv, &dw, &dh);
    int sw, sh, x, y;
    vf_fit_box(p, dw, dh, &sw, &sh, &x, &y);
    int stored_w = p->rotation % 180 ? iv->height : iv->width;
    int stored_h = p->rotation % 180 ? iv->width : iv->height;
    int exact = sw == p->width && sh == p->height && stored_w == sw && stored_h == sh &&
                iv->sar.num == iv->sar.den;
    if (p->fit == VF_FIT_BLUR && !exact)
        blur_fit(bp, p, dw, dh);
    else if (!exact && p->fit == VF_FIT_COVER)
        av_bprintf(bp, ",scale=%d:%d:flags=bicubic,setsar=1,crop=%d:%d:%d:%d", sw, sh,
                   p->width, p->height, x, y);
    else if (!exact) /* pad rounds an odd size down in 4:2:0: a video layer's box may be odd */
        av_bprintf(bp, ",scale=%d:%d:flags=bicubic,setsar=1%s,pad=%d:%d:%d:%d:color=0x%02X%02X%02X",
                   sw, sh, (p->width | p->height) & 1 ? ",format=yuv444p" : "", p->width,
                   p->height, x, y, c.r, c.g, c.b);
    av_bprintf(bp, ",format=yuv420p");
}
