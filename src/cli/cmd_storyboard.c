/* `vidforge storyboard`: a contact sheet of preview frames. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/args.h"
#include "cli/remote.h"
#include "engine/engine.h"
#include "image/png.h"
#include "plan/plan.h"
#include "render/storyboard.h"
#include "vidforge/error.h"

static int write_sheet(const VfCliArgs *a, VfEngine *e, const VfPlan *plan)
{
    int max = a->max_tiles ? a->max_tiles : VF_SHEET_MAX_TILES;
    int64_t frames[VF_SHEET_PICK_MAX], wanted = 0;
    int nb = vf_storyboard_pick(plan, a->every, max, frames, &wanted);
    if (nb < 0)
        return vf_cli_fail(nb);
    if (wanted > nb)
        fprintf(stderr, "vidforge: warning: the storyboard shows %d of %lld frames (--max-tiles "
                "%d); raise --max-tiles or --every\n", nb, (long long)wanted, max);
    uint8_t *rgb = NULL;
    int w, h;
    const VfLogger *before = vf_engine_enter(e);
    int ret = vf_storyboard_render(e->fonts, plan, frames, nb, a->guides, &rgb, &w, &h);
    vf_log_bind(before);
    if (ret >= 0)
        ret = vf_png_write_rgb(a->output, rgb, w, h, w * 3, a->overwrite);
    free(rgb);
    return ret < 0 ? vf_cli_fail(ret) : 0;
}

int vf_cmd_storyboard(int argc, char **argv)
{
    VfCliArgs a = { 0 };
    int code = vf_cli_parse_args(&a, argc, argv, "o:yqv");
    if (!code && !a.output) {
        fprintf(stderr, "vidforge: storyboard needs -o SHEET.png (see vidforge help storyboard)\n");
        code = VF_EXIT_USAGE;
    }
    if (!code && a.every > 0 && a.at_changes) {
        fprintf(stderr, "vidforge: give --every or --at-changes, not both\n");
        code = VF_EXIT_USAGE;
    }
    VfCliRemote out = { 0 };
    if (!code)
        code = vf_cli_remote_output(&a, &out); /* -o s3://... */
    if (!code)
        code = vf_cli_with_plan(&a, write_sheet);
    code = vf_cli_remote_put_output(&out, code);
    vf_cli_remote_clear(&out);
    vf_cli_args_clear(&a);
    return code;
}
