/* ASS/SSA files read by libass (the renderer), so that what probe lists is
 * what libass will draw: each Dialogue event becomes a cue whose plain text
 * has the override blocks "{...}" removed, "\N" made a line break, "\n" a
 * space (a soft break) and "\h" a no-break space. Styles, positions and
 * effects stay libass's (render through captions/assrender.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ass/ass.h>

#include "captions/capint.h"
#include "vidforge/error.h"
#include "vidforge/log.h"

static void on_message(int level, const char *fmt, va_list args, void *data)
{
    char msg[512];
    vsnprintf(msg, sizeof(msg), fmt, args);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = '\0';
    vf_log(level <= 1 ? VF_LOG_WARNING : VF_LOG_DEBUG, "libass: %s", msg);
}

ASS_Library *vf_ass_library_new(void)
{
    ASS_Library *lib = ass_library_init();
    if (lib)
        ass_set_message_cb(lib, on_message, NULL);
    return lib;
}

/* The event text without override blocks, its escapes read. */
static int plain_text(const char *s, char **out)
{
    VfStrBuf b = { 0 };
    vf_strbuf_append(&b, "", 0);
    for (size_t i = 0; s[i]; i++) {
        const char *close = s[i] == '{' ? strchr(s + i, '}') : NULL;
        if (close) {
            i = (size_t)(close - s);
        } else if (s[i] == '\\' && (s[i + 1] == 'N' || s[i + 1] == 'n' || s[i + 1] == 'h')) {
            i++;
            if (s[i] == 'h')
                vf_utf8_put(&b, 0xA0);
            else
                vf_strbuf_append(&b, s[i] == 'N' ? "\n" : " ", 1);
        } else {
            vf_strbuf_append(&b, s + i, 1);
        }
    }
    return vf_strbuf_finish(&b, out);
}

static int add_event(VfCaptions *c, const ASS_Event *ev)
{
    VfCue cue;
    vf_cue_init(&cue);
    cue.start = ev->Start / 1000.0;
    cue.end = (ev->Start + ev->Duration) / 1000.0;
    VfRunStyle st = { .time = -1, .voice = ev->Name && ev->Name[0] ? ev->Name : NULL };
    cue.id = strdup("");
    cue.text = strdup(ev->Text ? ev->Text : "");
    int ret = cue.id && cue.text ? plain_text(cue.text, &cue.plain) : vf_cap_oom();
    if (ret >= 0) {
        VfRunBuilder runs = { .cue = &cue };
        vf_runs_add(&runs, cue.plain, strlen(cue.plain), &st);
        ret = vf_runs_finish(&runs);
    }
    if (ret >= 0)
        return vf_captions_add_cue(c, &cue);
    vf_cue_clear(&cue);
    return vf_cap_oom();
}

int vf_ass_parse(const char *data, size_t size, const char *name, VfCaptions *c)
{
    if (memchr(data, '\0', size))
        return vf_error_set(VF_ERR_ASSET, "%s is not an ASS/SSA file: it holds binary data", name);
    ASS_Library *lib = vf_ass_library_new();
    char *copy = malloc(size + 1);
    if (!lib || !copy) {
        ass_library_done(lib);
        free(copy);
        return vf_cap_oom();
    }
    memcpy(copy, data, size);
    copy[size] = '\0';
    ASS_Track *track = ass_read_memory(lib, copy, size, NULL);
    free(copy);
    int ret = track ? 0 : vf_error_set(VF_ERR_ASSET, "%s is not an ASS/SSA file: libass finds no "
                                       "[Script Info] and styles in it", name);
    for (int i = 0; track && i < track->n_events && ret >= 0; i++)
        ret = add_event(c, &track->events[i]);
    if (track)
        ass_free_track(track);
    ass_library_done(lib);
    return ret < 0 ? ret : vf_captions_sort(c);
}
