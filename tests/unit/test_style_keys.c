/* From a template's style keys to the text engine and the raster cache:
 * every key changes the layer's cache key (nothing that decides the pixels
 * escapes it), and the style handed to the text engine carries each value
 * as the template says (a blur or a gradient angle changed on the way would
 * draw wrong pixels that the text engine's own tests cannot see). */
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "plan/rasterize.h"
#include "render.h"
#include "template/template.h"
#include "tmpfile.h"
#include "vidforge/error.h"

/* One style variation each from the defaults (an empty style). */
static const char *const variants[] = {
    "\"size\": 41",
    "\"color\": \"#FFFFFE\"",
    "\"align\": \"right\"",
    "\"max_width\": 300",
    "\"line_height\": 1.5",
    "\"letter_spacing\": 2",
    "\"font\": \"Inter Bold\"",
    "\"fallback\": [\"DejaVu Sans\"]",
    "\"outline\": {\"width\": 2}",
    "\"outline\": {\"width\": 2, \"color\": \"#FF0000\"}",
    "\"shadow\": {\"blur\": 4}",
    "\"shadow\": {\"blur\": 5}",
    "\"shadow\": {\"offset\": {\"x\": 9}}",
    "\"shadow\": {\"offset\": {\"y\": 9}}",
    "\"shadow\": {\"color\": \"#FF000099\"}",
    "\"background\": {}",
    "\"background\": {\"color\": \"#FF0000AA\"}",
    "\"background\": {\"padding\": 9}",
    "\"background\": {\"radius\": 9}",
    "\"background\": {\"shadow\": {}}",
    "\"background\": {\"shadow\": {\"blur\": 5}}",
    "\"background\": {\"shadow\": {\"offset\": {\"x\": 9}}}",
    "\"background\": {\"shadow\": {\"offset\": {\"y\": 9}}}",
    "\"background\": {\"shadow\": {\"color\": \"#FF000099\"}}",
    "\"gradient\": {\"colors\": [\"#FF0000\", \"#0000FF\"]}",
    "\"gradient\": {\"colors\": [\"#FF0000\", \"#0000FE\"]}",
    "\"gradient\": {\"colors\": [\"#FF0000\", \"#0000FF\"], \"angle\": 90}",
    "\"gradient\": {\"colors\": [\"#FF0000\", \"#0000FF\"], \"stops\": [0, 0.7]}",
    "\"fit\": {\"width\": 200, \"height\": 50}",
};

static VfPlan *plan_style(const char *name, const char *style, const char *extra)
{
    char json[1024];
    snprintf(json, sizeof(json),
             "{\"template_version\": \"1.0\", \"video\": {\"duration\": 0.5, \"width\": 320, "
             "\"height\": 180}, \"overlays\": [{\"type\": \"text\", \"content\": \"Office fi\", "
             "\"style\": {%s}%s}]}", style, extra);
    return vf_test_plan(name, json);
}

#define NB_VARIANTS (sizeof(variants) / sizeof(variants[0]))
#define NB_EXTRAS 3

/* Every style below differs from every other in one value: their cache keys
 * must all differ (a field missing from the key makes two of them collide). */
static void test_every_key_is_keyed(void)
{
    static const char *const extras[NB_EXTRAS] = {
        ", \"transform\": {\"scale\": 1.5}", ", \"transform\": {\"opacity\": 0.5}",
        ", \"timeline\": {\"animation\": {\"in\": {\"type\": \"typewriter\", "
        "\"duration\": 0.2}}}" };
    char keys[1 + NB_VARIANTS + NB_EXTRAS][65];
    const char *what[1 + NB_VARIANTS + NB_EXTRAS];
    int n = 0;
    for (size_t i = 0; i < 1 + NB_VARIANTS + NB_EXTRAS; i++) {
        const char *style = i == 0 ? "" : i <= NB_VARIANTS ? variants[i - 1] : "";
        const char *extra = i > NB_VARIANTS ? extras[i - 1 - NB_VARIANTS] : "";
        VfPlan *p = plan_style("variant", style, extra);
        if (p && p->nb_layers == 1) {
            memcpy(keys[n], p->layers[0].content_key, 65);
            what[n++] = i == 0 ? "(defaults)" : i <= NB_VARIANTS ? style : extra;
        }
        vf_plan_free(&p);
    }
    CHECK(n == (int)(1 + NB_VARIANTS + NB_EXTRAS), "every style planned (%d)", n);
    for (int a = 0; a < n; a++)
        for (int b = 0; b < a; b++)
            CHECK(strcmp(keys[a], keys[b]) != 0, "styles %s and %s share a cache key", what[a],
                  what[b]);
    VfPlan *again = plan_style("again", "", "");
    CHECK(n && again && !strcmp(again->layers[0].content_key, keys[0]),
          "the same style gives the same key");
    vf_plan_free(&again);
}

/* The style the text engine receives, value by value (scale 2 doubles sizes). */
static void test_style_values(void)
{
    const char *json =
        "{\"template_version\": \"1.0\", \"video\": {\"duration\": 1}, \"overlays\": [{\"type\": "
        "\"text\", \"content\": \"x\", \"transform\": {\"scale\": 2, \"opacity\": 0.5}, \"style\": "
        "{\"size\": 30, \"letter_spacing\": 3, \"max_width\": 400, \"line_height\": 1.25, "
        "\"outline\": {\"width\": 2}, \"shadow\": {\"blur\": 8, \"offset\": {\"x\": 5, \"y\": -6}}, "
        "\"background\": {\"padding\": {\"x\": 7, \"y\": 9}, \"radius\": 11}, "
        "\"gradient\": {\"colors\": [\"#FF0000\", \"#0000FF\"], \"angle\": 90}}}]}";
    VfTemplate *t = NULL;
    VfDiagList d = { 0 };
    int ret = vf_template_load(vf_test_limits(), vf_tmp_write("values.json", json), NULL, &d, &t);
    CHECK(ret == 0 && t, "loads: %s", d.count ? d.items[0].message : "");
    if (t) {
        VfTextStyle st = vf_plan_text_style(&t->overlays[0]);
        CHECK(st.size == 60 && st.opacity == 0.5, "size x scale, opacity: %g %g", st.size,
              st.opacity);
        CHECK(st.letter_spacing == 6 && st.max_width == 800 && st.line_height == 1.25,
              "spacing, width scaled; line height a multiple: %g %g %g", st.letter_spacing,
              st.max_width, st.line_height);
        CHECK(st.outline_width == 4, "outline width scaled: %g", st.outline_width);
        CHECK(st.has_shadow && st.shadow_blur == 16 && st.shadow_x == 10 && st.shadow_y == -12,
              "shadow blur and offset scaled: %g %g %g", st.shadow_blur, st.shadow_x,
              st.shadow_y);
        CHECK(st.has_background && st.background_pad_x == 14 && st.background_pad_y == 18 &&
              st.background_radius == 22, "background scaled: %g %g %g", st.background_pad_x,
              st.background_pad_y, st.background_radius);
        CHECK(st.nb_gradient == 2 && st.gradient_angle == 90, "gradient angle kept: %g",
              st.gradient_angle);
    }
    vf_template_free(&t);
    vf_diag_list_clear(&d);
}

int main(void)
{
    test_every_key_is_keyed();
    test_style_values();
    vf_tmp_cleanup();
    return vf_check_summary("style_keys");
}
