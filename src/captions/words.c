/* Word timings as JSON, as speech-to-text tools write them:
 *   {"words": [{"text": "Hello", "start": 0.5, "end": 0.8}, ...]}
 * (cues are cut at sentence ends and at pauses over a second), or whisper's
 *   {"segments": [{"start", "end", "text", "words": [{"word", "start", "end"}]}]}
 * (one cue per segment). A word or segment without valid times is skipped
 * with a warning naming it by its JSON pointer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "captions/capint.h"
#include "vidforge/error.h"

#define PAUSE_SECONDS 1.0

typedef struct Word {
    const char *text;   /* in the cJSON tree; whitespace around it trimmed */
    size_t len;
    double start, end;
} Word;

static int times(const cJSON *o, double *start, double *end)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, "start");
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "end");
    if (!cJSON_IsNumber(s) || !cJSON_IsNumber(e))
        return -1;
    *start = s->valuedouble;
    *end = e->valuedouble;
    return *start >= 0 && *end >= *start && *end < 1e9 ? 0 : -1;
}

/* A word object: {"text"|"word": "...", "start", "end"}. */
static int read_word(const cJSON *o, Word *w, const char **why)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "text");
    if (!t)
        t = cJSON_GetObjectItemCaseSensitive(o, "word");
    if (!cJSON_IsString(t)) {
        *why = "no \"text\" string";
        return -1;
    }
    if (times(o, &w->start, &w->end) < 0) {
        *why = "no valid \"start\" and \"end\" (seconds, 0 <= start <= end)";
        return -1;
    }
    w->text = t->valuestring;
    w->len = strlen(w->text);
    while (w->len && vf_cap_space((unsigned char)w->text[0]))
        w->text++, w->len--;
    while (w->len && vf_cap_space((unsigned char)w->text[w->len - 1]))
        w->len--;
    return w->len ? 0 : -1;
}

/* A cue from words[0, n), its text the words joined by spaces. */
static int add_cue(VfCaptions *c, const Word *w, int n, double start, double end,
                   const char *text)
{
    VfCue cue;
    VfStrBuf b = { 0 };
    VfRunStyle st = { .time = -1 };
    vf_cue_init(&cue);
    cue.start = start;
    cue.end = end;
    for (int i = 0; i < n && !text; i++) {
        if (i)
            vf_strbuf_append(&b, " ", 1);
        vf_strbuf_append(&b, w[i].text, w[i].len);
    }
    if (text)
        vf_strbuf_append(&b, text + strspn(text, " \t\n"), strlen(text + strspn(text, " \t\n")));
    while (b.len && vf_cap_space((unsigned char)b.data[b.len - 1]))
        b.data[--b.len] = '\0';
    int ret = vf_strbuf_finish(&b, &cue.text);
    for (int i = 0; i < n && ret >= 0; i++)
        ret = vf_cue_add_word(&cue, w[i].text, w[i].len, w[i].start, w[i].end);
    if (ret >= 0 && (!(cue.id = strdup("")) || !(cue.plain = strdup(cue.text))))
        ret = vf_cap_oom();
    if (ret >= 0) {
        VfRunBuilder runs = { .cue = &cue };
        vf_runs_add(&runs, cue.text, strlen(cue.text), &st);
        ret = vf_runs_finish(&runs);
    }
    if (ret >= 0)
        return vf_captions_add_cue(c, &cue);
    vf_cue_clear(&cue);
    return vf_cap_oom();
}

/* The words of array a (NULL: none) into *out (caller frees); skipped ones
 * warned about under pointer prefix. */
static int read_words(const cJSON *a, VfCapWarn *warn, const char *prefix, Word **out, int *n)
{
    int count = cJSON_GetArraySize(a), i = 0;
    *n = 0;
    *out = count ? malloc((size_t)count * sizeof(**out)) : NULL;
    if (count && !*out)
        return vf_cap_oom();
    for (const cJSON *o = a ? a->child : NULL; o; o = o->next, i++) {
        const char *why = "an empty word";
        if (read_word(o, &(*out)[*n], &why) == 0)
            (*n)++;
        else
            vf_cap_warn(warn, ": %s/%d: skipped word: %s", prefix, i, why);
    }
    return 0;
}

static int sentence_end(const Word *w)
{
    char last = w->text[w->len - 1];
    return last == '.' || last == '!' || last == '?'
        || (w->len >= 3 && !memcmp(w->text + w->len - 3, "\xE2\x80\xA6", 3)); /* ... */
}

/* A flat list: a cue per sentence, also cut at pauses. */
static int flat(const cJSON *a, VfCapWarn *warn, VfCaptions *c)
{
    Word *w;
    int n, ret = read_words(a, warn, "/words", &w, &n);
    for (int first = 0, i = 0; ret >= 0 && i < n; i++) {
        int last = i + 1 == n || sentence_end(&w[i]) || w[i + 1].start - w[i].end > PAUSE_SECONDS;
        if (!last)
            continue;
        ret = add_cue(c, w + first, i + 1 - first, w[first].start, w[i].end, NULL);
        first = i + 1;
    }
    free(w);
    return ret;
}

static int segment(const cJSON *s, int i, VfCapWarn *warn, VfCaptions *c)
{
    double start, end;
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(s, "text");
    char prefix[48];
    if (times(s, &start, &end) < 0 || !cJSON_IsString(text)) {
        vf_cap_warn(warn, ": /segments/%d: skipped segment: it needs \"text\", \"start\" and "
                    "\"end\" (seconds, 0 <= start <= end)", i);
        return 0;
    }
    snprintf(prefix, sizeof(prefix), "/segments/%d/words", i);
    Word *w;
    int n, ret = read_words(cJSON_GetObjectItemCaseSensitive(s, "words"), warn, prefix, &w, &n);
    if (ret >= 0)
        ret = add_cue(c, w, n, start, end, text->valuestring);
    free(w);
    return ret;
}

int vf_words_parse(const char *data, size_t size, const char *name, VfCaptions *c)
{
    cJSON *root = cJSON_ParseWithLength(data, size);
    const cJSON *words = cJSON_GetObjectItemCaseSensitive(root, "words");
    const cJSON *segs = cJSON_GetObjectItemCaseSensitive(root, "segments");
    int ret = 0;
    VfCapWarn warn = { name, 0 };
    if (!root)
        ret = vf_error_set(VF_ERR_ASSET, "%s is not a word-timings file: it is not valid JSON",
                           name);
    else if (!cJSON_IsArray(words) && !cJSON_IsArray(segs))
        ret = vf_error_set(VF_ERR_ASSET, "%s is not a word-timings file: it has no \"words\" or "
                           "\"segments\" list", name);
    else if (cJSON_IsArray(segs)) {
        int i = 0;
        for (const cJSON *s = segs->child; s && ret >= 0; s = s->next)
            ret = segment(s, i++, &warn, c);
    } else {
        ret = flat(words, &warn, c);
    }
    vf_cap_warn_end(&warn);
    cJSON_Delete(root);
    return ret < 0 ? ret : vf_captions_sort(c);
}
