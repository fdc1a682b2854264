/* `vidforge preview`: one frame of the render as a PNG, without encoding. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/args.h"
#include "cli/remote.h"
#include "engine/engine.h"
#include "image/png.h"
#include "plan/plan.h"
#include "render/guides.h"
#include "render/preview.h"
#include "vidforge/error.h"
#include "vidforge/vidforge.h"

static int check_args(const VfCliArgs *a)
{
    if (a->at < 0) {
        fprintf(stderr, "vidforge: preview needs --at SECONDS (see vidforge help preview)\n");
        return VF_EXIT_USAGE;
    }
    if (!a->output) {
        fprintf(stderr, "vidforge: preview needs -o FRAME.png (see vidforge help preview)\n");
        return VF_EXIT_USAGE;
    }
    return 0;
}

static int write_frame(const VfCliArgs *a, VfEngine *e, const VfPlan *plan)
{
    if (a->at >= plan->duration) {
        fprintf(stderr, "vidforge: --at %g is past the end of the video (%.3f s)\n", a->at,
                plan->duration);
        return VF_EXIT_USAGE;
    }
    VfImage img;
    int ret = vf_engine_preview(e, plan, a->at, &img);
    if (ret >= 0 && a->guides)
        ret = vf_guides_draw(e->fonts, plan, vf_preview_frame_at(plan, a->at), img.pixels, img.width,
                             img.height, img.stride);
    if (ret >= 0 && a->guides_app)
        ret = vf_guides_draw_app(a->guides_app, img.pixels, img.width, img.height, img.stride);
    if (ret >= 0)
        ret = vf_png_write_rgb(a->output, img.pixels, img.width, img.height, img.stride,
                               a->overwrite);
    vf_image_free(&img);
    return ret < 0 ? vf_cli_fail(ret) : 0;
}

int vf_cli_with_plan(VfCliArgs *a, int (*action)(const VfCliArgs *a, VfEngine *e,
                                                  const VfPlan *plan))
{
    VfTemplate *t = NULL;
    VfPlan *plan = NULL;
    VfEngine *e = NULL;
    VfCliRemote remote = { 0 };
    int code = vf_cli_remote_begin(a, &remote); /* an s3:// template or --vars */
    if (!code)
        code = vf_cli_load_template(a, &t, 0);
    if (!code)
        code = vf_cli_engine_create(a, &e);
    if (!code) {
        int ret = vf_engine_plan(e, t, &plan);
        code = ret < 0 ? vf_cli_fail(ret) : action(a, e, plan);
    }
    vf_plan_free(&plan);
    vf_template_free(&t);
    vf_engine_free(&e);
    vf_cli_remote_clear(&remote);
    return code;
}

int vf_cmd_preview(int argc, char **argv)
{
    VfCliArgs a = { 0 };
    int code = vf_cli_parse_args(&a, argc, argv, "o:yqv");
    if (!code)
        code = check_args(&a);
    VfCliRemote out = { 0 };
    if (!code)
        code = vf_cli_remote_output(&a, &out); /* -o s3://... */
    if (!code)
        code = vf_cli_with_plan(&a, write_frame);
    code = vf_cli_remote_put_output(&out, code);
    vf_cli_remote_clear(&out);
    vf_cli_args_clear(&a);
    return code;
}
