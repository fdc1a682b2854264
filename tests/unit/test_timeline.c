/* The timeline view of a plan: tracks and clips from the template, segments
 * that cover every frame, keys that change exactly where content changes,
 * keyframed properties. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "plan/timeline.h"
#include "render/graph.h"
#include "template/template.h"
#include "render.h"
#include "tmpfile.h"
#include "vidforge/error.h"

static const char *tpl =
    "{\"template_version\": \"1.0\", \"video\": {\"duration\": 6, \"width\": 320, \"height\": 180,"
    " \"fps\": 25, \"background\": \"#102030\"%s},\n \"overlays\": [\n"
    "  {\"type\": \"text\", \"id\": \"title\", \"content\": \"Title\", \"timeline\": {\"start\": 0.5,"
    "   \"end\": 3, \"animation\": {\"in\": {\"type\": \"fade\", \"duration\": 0.5}}}},\n"
    "  {\"type\": \"text\", \"id\": \"name\", \"content\": \"%s\", \"timeline\": {\"start\": 3.5,"
    "   \"end\": 5, \"animation\": {\"in\": {\"type\": \"slide_up\", \"duration\": 0.4}}}},\n"
    "  {\"type\": \"text\", \"id\": \"logo\", \"content\": \"LOGO\", \"position\": {\"preset\": "
    "\"BOTTOM_RIGHT\"}}]}";

static VfPlan *plan_of(const char *name, const char *extra)
{
    char json[2048], file[64];
    snprintf(json, sizeof(json), tpl, extra ? extra : "", name);
    snprintf(file, sizeof(file), "tl-%s", name);
    return vf_test_plan(file, json);
}

static void test_tracks(const VfPlan *p)
{
    const VfTimeline *tl = &p->timeline;
    CHECK_INT(tl->nb_tracks, 4);
    if (tl->nb_tracks != 4)
        return;
    const VfClip *base = &tl->tracks[0].clips[0];
    CHECK(base->source.kind == VF_SOURCE_COLOR && base->source.color.r == 0x10 &&
          base->first_frame == 0 && base->end_frame == 150, "base: colour over [0, 150)");
    const char *ids[3] = { "title", "name", "logo" };
    const int64_t first[3] = { 13, 88, 0 }, end[3] = { 75, 125, 150 };
    for (int i = 0; i < 3; i++) {
        const VfTrack *t = &tl->tracks[1 + i];
        const VfClip *c = t->nb_clips == 1 ? &t->clips[0] : NULL;
        CHECK(t->kind == VF_TRACK_VIDEO && c && c->source.kind == VF_SOURCE_RASTER &&
              c->source.layer == i && !strcmp(c->id, ids[i]), "track %d holds layer %s", i + 1,
              ids[i]);
        CHECK(c && c->first_frame == first[i] && c->end_frame == end[i],
              "%s on [%lld, %lld)", ids[i], c ? (long long)c->first_frame : -1LL,
              c ? (long long)c->end_frame : -1LL);
        CHECK(c && vf_property_at(&c->props[VF_PROP_X], 1) == p->layers[i].raster_x &&
              vf_property_at(&c->props[VF_PROP_OPACITY], 1) == 1, "%s: constant x, opacity",
              ids[i]);
    }
}

static void test_segments(const VfPlan *p)
{
    const VfTimeline *tl = &p->timeline;
    int64_t at = 0;
    for (int i = 0; i < tl->nb_segments; i++) {
        const VfSegment *s = &tl->segments[i];
        CHECK(s->first_frame == at && s->end_frame > s->first_frame, "segment %d follows on", i);
        CHECK(s->end_frame - s->first_frame >= 25, "segment %d lasts a second or more", i);
        CHECK(strlen(s->key) == 64, "segment %d has a key", i);
        at = s->end_frame;
    }
    CHECK(at == p->nb_frames, "segments end at %lld", (long long)at);
    /* every segment starts where a clip comes or goes or starts or stops
     * moving; spans under a second joined the next: 13 and 88, 98 are inside
     * [0, 25) and [75, 125) */
    const int64_t starts[] = { 0, 25, 75, 125 };
    CHECK_INT(tl->nb_segments, 4);
    for (int i = 0; i < tl->nb_segments && i < 4; i++)
        CHECK(tl->segments[i].first_frame == starts[i], "segment %d starts at %lld", i,
              (long long)starts[i]);
}

/* Changing the name's text changes the keys of the segments it is in, and
 * only those. */
static void test_keys(const VfPlan *a, const VfPlan *b)
{
    CHECK_INT(a->timeline.nb_segments, b->timeline.nb_segments);
    for (int i = 0; i < a->timeline.nb_segments && i < b->timeline.nb_segments; i++) {
        const VfSegment *x = &a->timeline.segments[i], *y = &b->timeline.segments[i];
        int shows_name = x->first_frame < 125 && x->end_frame > 88;
        CHECK(shows_name == (strcmp(x->key, y->key) != 0), "segment [%lld, %lld): key %s",
              (long long)x->first_frame, (long long)x->end_frame,
              shows_name ? "changes with the name" : "stays");
    }
    VfPlan *again = plan_of("Ada", NULL);
    for (int i = 0; again && i < a->timeline.nb_segments; i++)
        CHECK(!strcmp(a->timeline.segments[i].key, again->timeline.segments[i].key),
              "the same template gives the same keys");
    vf_plan_free(&again);
}

/* The render's graph places each overlay where its clip says: moving the
 * clip's X moves the overlay in the graph text. */
static void test_graph_reads_clips(VfPlan *p)
{
    VfGraphInputs gi = { NULL, NULL, 0, 0, NULL };
    VfClip *logo = &p->timeline.tracks[3].clips[0];
    char want[64];
    logo->props[VF_PROP_X].value += 17;
    snprintf(want, sizeof(want), "overlay=x=%d:y=%d", p->layers[2].raster_x + 17,
             p->layers[2].raster_y);
    char *text = vf_graph_describe_video(p, &gi);
    CHECK(text && strstr(text, want), "the graph places the logo at its clip's X: %s in %s", want,
          text ? text : "(null)");
    free(text);
    logo->props[VF_PROP_X].value -= 17;
}

static void test_property(void)
{
    VfKeyframe keys[3] = { { 1, 0, VF_EASE_LINEAR }, { 2, 10, VF_EASE_IN_OUT }, { 4, 30, 0 } };
    VfProperty prop = { 5, keys, 3 };
    CHECK(vf_property_at(&prop, 0) == 0, "before the first key");
    CHECK(vf_property_at(&prop, 1.5) == 5, "linear half way: %g", vf_property_at(&prop, 1.5));
    CHECK(vf_property_at(&prop, 3) == 20, "eased half way: %g", vf_property_at(&prop, 3));
    CHECK(vf_property_at(&prop, 2.5) < 15, "ease in: slow start (%g)", vf_property_at(&prop, 2.5));
    CHECK(vf_property_at(&prop, 9) == 30, "after the last key");
    VfProperty constant = { 7, NULL, 0 };
    CHECK(vf_property_at(&constant, 3) == 7, "constant");
}

static void test_audio_track(void)
{
    char cmd[1024], extra[600];
    const char *media = vf_tmp_path("tl-in.mp4");
    snprintf(cmd, sizeof(cmd), "ffmpeg -hide_banner -loglevel error -y -f lavfi -i "
             "testsrc2=s=160x90:r=25:d=1 -f lavfi -i sine=d=1 -c:v libx264 -preset ultrafast "
             "-c:a aac -shortest %s", media);
    CHECK(system(cmd) == 0, "ffmpeg makes the input");
    snprintf(extra, sizeof(extra), ", \"input\": \"%s\"", media);
    VfPlan *p = plan_of("Media", extra);
    const VfTimeline *tl = p ? &p->timeline : NULL;
    CHECK(tl && tl->nb_tracks == 5 && tl->tracks[0].clips[0].source.kind == VF_SOURCE_MEDIA &&
          tl->tracks[4].kind == VF_TRACK_AUDIO, "base media clip, audio track on top");
    CHECK(tl && tl->nb_tracks == 5 && !strcmp(tl->tracks[4].clips[0].source.path, p->input),
          "the audio clip plays the input");
    vf_plan_free(&p);
}

int main(void)
{
    VfPlan *a = plan_of("Ada", NULL), *b = plan_of("Grace", NULL);
    if (a && b) {
        test_tracks(a);
        test_segments(a);
        test_keys(a, b);
        test_graph_reads_clips(a);
    }
    test_property();
    test_audio_track();
    vf_plan_free(&a);
    vf_plan_free(&b);
    vf_tmp_cleanup();
    return vf_check_summary("timeline");
}
