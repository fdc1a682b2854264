/* Captions as probe prints them: the W3C VTTCue and VTTRegion attribute
 * names, with their defaults ("auto" for line and position). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "captions/captions.h"
#include "vidforge/error.h"

/* v as the shortest decimal that reads back as exactly v (cJSON's own
 * printing stops at 15 digits when they are "close enough", which turns the
 * largest double into a number that reads back as infinity); -0 as 0. */
static cJSON *num(double v)
{
    char buf[40];
    if (!isfinite(v))
        return cJSON_CreateNull();
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, sizeof(buf), "%.*g", digits, v == 0 ? 0.0 : v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return cJSON_CreateRaw(buf);
}

static void add_num(cJSON *o, const char *key, double v)
{
    cJSON_AddItemToObject(o, key, num(v));
}

static cJSON *auto_or(int is_auto, double v)
{
    return is_auto ? cJSON_CreateString("auto") : num(v);
}

static cJSON *words_json(const VfCue *q)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; a && i < q->nb_words; i++) {
        cJSON *w = cJSON_CreateObject();
        cJSON_AddItemToArray(a, w);
        cJSON_AddStringToObject(w, "text", q->words[i].text);
        add_num(w, "start", q->words[i].start);
        add_num(w, "end", q->words[i].end);
    }
    return a;
}

static cJSON *cue_json(const VfCue *q)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", q->id ? q->id : "");
    add_num(o, "startTime", q->start);
    add_num(o, "endTime", q->end);
    cJSON_AddStringToObject(o, "text", q->text ? q->text : "");
    cJSON_AddStringToObject(o, "vertical", q->vertical);
    cJSON_AddBoolToObject(o, "snapToLines", q->snap_to_lines);
    cJSON_AddItemToObject(o, "line", auto_or(q->line_auto, q->line));
    cJSON_AddStringToObject(o, "lineAlign", q->line_align);
    cJSON_AddItemToObject(o, "position", auto_or(q->position_auto, q->position));
    cJSON_AddStringToObject(o, "positionAlign", q->position_align);
    add_num(o, "size", q->size);
    cJSON_AddStringToObject(o, "align", q->align);
    if (q->region)
        cJSON_AddStringToObject(o, "region", q->region);
    else
        cJSON_AddNullToObject(o, "region");
    if (q->nb_words)
        cJSON_AddItemToObject(o, "words", words_json(q));
    return o;
}

static cJSON *region_json(const VfCueRegion *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", r->id ? r->id : "");
    add_num(o, "width", r->width);
    add_num(o, "lines", r->lines);
    add_num(o, "regionAnchorX", r->anchor_x);
    add_num(o, "regionAnchorY", r->anchor_y);
    add_num(o, "viewportAnchorX", r->viewport_x);
    add_num(o, "viewportAnchorY", r->viewport_y);
    cJSON_AddStringToObject(o, "scroll", r->scroll_up ? "up" : "");
    return o;
}

int vf_captions_to_json(const VfCaptions *c, char **json)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "format", vf_captions_format_name(c->format));
    cJSON *cues = cJSON_AddArrayToObject(root, "cues");
    cJSON *regions = cJSON_AddArrayToObject(root, "regions");
    cJSON *styles = cJSON_AddArrayToObject(root, "styleSheets");
    for (int i = 0; cues && i < c->nb_cues; i++)
        cJSON_AddItemToArray(cues, cue_json(&c->cues[i]));
    for (int i = 0; regions && i < c->nb_regions; i++)
        cJSON_AddItemToArray(regions, region_json(&c->regions[i]));
    for (int i = 0; styles && i < c->nb_styles; i++)
        cJSON_AddItemToArray(styles, cJSON_CreateString(c->styles[i]));
    *json = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    return *json ? 0 : vf_error_set(VF_ERR_INTERNAL, "out of memory writing captions as JSON");
}
