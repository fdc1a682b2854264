/* `vidforge fonts`: the fonts a template can name, one per line on stdout. */
#include <stdio.h>

#include "cli/cli.h"
#include "text/font.h"
#include "vidforge/error.h"

static void print_font(void *opaque, const char *family, const char *style, const char *file)
{
    printf("%s\t%s\t%s\n", family, style, file);
}

int vf_cmd_fonts(int argc, char **argv)
{
    if (argc > 1) {
        fprintf(stderr, "vidforge: fonts takes no arguments\n");
        return VF_EXIT_USAGE;
    }
    VfFontLookup *fl = NULL;
    int n = vf_font_lookup_create(&fl);
    if (n >= 0)
        n = vf_font_list(fl, print_font, NULL);
    vf_font_lookup_free(&fl);
    return n < 0 ? vf_cli_fail(n) : 0;
}
