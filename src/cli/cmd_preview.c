/* `vidforge preview`: one frame of the render as a PNG, without encoding. */
#include <stdio.h>
#include <stdlib.h>
#include "cli/args.h"
#include "image/png.h"
#include "plan/plan.h"
#include "render/guides.h"
#include "render/preview.h"
#include "vidforge/error.h"

static int check_args(const VfCliArgs *a)
{
    if (a->at < 0) {
        fprintf(stderr, "vidforge: preview needs --at SECONDS (see vidforge help preview)\n");
        return 2;
    }
    if (!a->output) {
        fprintf(stderr, "vidforge: preview needs -o FRAME.png (see vidforge help preview)\n");
        return 2;
    }
    return 0;
}

static int write_frame(const VfCliArgs *a, const VfPlan *plan)
{
    if (a->at >= plan->duration) {
        fprintf(stderr, "vidforge: --at %g is past the end of the video (%.3f s)\n", a->at,
                plan->duration);
        return 2;
    }
    int64_t n = vf_preview_frame_at(plan, a->at);
    AVFrame *rgb = NULL;
    int ret = vf_preview_frame(plan, n, &rgb);
    if (ret >= 0 && a->guides)
        ret = vf_guides_draw(plan, n, rgb->data[0], rgb->width, rgb->height, rgb->linesize[0]);
    if (ret >= 0)
        ret = vf_png_write_rgb(a->output, rgb->data[0], rgb->width, rgb->height,
                               rgb->linesize[0], a->overwrite);
    av_frame_free(&rgb);
    return ret < 0 ? vf_cli_fail(ret) : 0;
}

int vf_cli_with_plan(VfCliArgs *a, int (*action)(const VfCliArgs *a, const VfPlan *plan))
{
    VfTemplate *t = NULL;
    VfPlan *plan = NULL;
    int code = vf_cli_load_template(a, &t, 0);
    if (!code)
        vf_cli_open_cache(a);
    if (!code) {
        int ret = vf_plan_create(t, &plan);
        code = ret < 0 ? vf_cli_fail(ret) : action(a, plan);
    }
    vf_plan_free(&plan);
    vf_template_free(&t);
    return code;
}

int vf_cmd_preview(int argc, char **argv)
{
    VfCliArgs a = { 0 };
    int code = vf_cli_parse_args(&a, argc, argv, "o:yqv");
    if (!code)
        code = check_args(&a);
    if (!code)
        code = vf_cli_with_plan(&a, write_frame);
    vf_cli_args_clear(&a);
    return code;
}
