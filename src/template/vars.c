#include "template/vars.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "vidforge/error.h"

int vf_vars_set(VfVarSet *set, const char *name, const char *value)
{
    for (int i = 0; i < set->count; i++) {
        if (!strcmp(set->names[i], name)) {
            char *v = strdup(value);
            if (!v)
                return VF_ERR_INTERNAL;
            free(set->values[i]);
            set->values[i] = v;
            return 0;
        }
    }
    char **names = realloc(set->names, (size_t)(set->count + 1) * sizeof(char *));
    if (!names)
        return VF_ERR_INTERNAL;
    set->names = names;
    char **values = realloc(set->values, (size_t)(set->count + 1) * sizeof(char *));
    if (!values)
        return VF_ERR_INTERNAL;
    set->values = values;
    names[set->count] = strdup(name);
    values[set->count] = strdup(value);
    if (!names[set->count] || !values[set->count]) {
        free(names[set->count]);
        free(values[set->count]);
        return VF_ERR_INTERNAL;
    }
    set->count++;
    return 0;
}

const char *vf_vars_get(const VfVarSet *set, const char *name)
{
    for (int i = 0; i < set->count; i++)
        if (!strcmp(set->names[i], name))
            return set->values[i];
    return NULL;
}

void vf_vars_clear(VfVarSet *set)
{
    for (int i = 0; i < set->count; i++) {
        free(set->names[i]);
        free(set->values[i]);
    }
    free(set->names);
    free(set->values);
    *set = (VfVarSet){ 0 };
}

int vf_vars_set_from_json(VfVarSet *set, const cJSON *obj)
{
    int ret = 0;
    if (!cJSON_IsObject(obj))
        return 0; /* a wrong type is reported by the schema check */
    for (const cJSON *m = obj->child; m && ret >= 0; m = m->next) {
        char num[64];
        if (cJSON_IsString(m)) {
            ret = vf_vars_set(set, m->string, m->valuestring);
        } else if (cJSON_IsNumber(m)) {
            snprintf(num, sizeof(num), "%.17g", m->valuedouble);
            ret = vf_vars_set(set, m->string, num);
        } else if (cJSON_IsBool(m)) {
            ret = vf_vars_set(set, m->string, cJSON_IsTrue(m) ? "true" : "false");
        }
    }
    return ret;
}

/* Trims spaces around [b, e) in place; returns the new start, *e moved. */
static const char *trim(const char *b, const char **e)
{
    while (b < *e && isspace((unsigned char)*b))
        b++;
    while (*e > b && isspace((unsigned char)(*e)[-1]))
        (*e)--;
    return b;
}

/* Handles one {{...}} whose body is [b, e). Returns 0, 1 (missing) or error. */
static int expand_one(VfStrBuf *bp, const char *b, const char *e, const VfVarSet *set,
                      char **missing)
{
    const char *bar = memchr(b, '|', (size_t)(e - b));
    const char *name_end = bar ? bar : e;
    const char *name = trim(b, &name_end);
    char *key = strndup(name, (size_t)(name_end - name));
    if (!key)
        return VF_ERR_INTERNAL;
    const char *value = vf_vars_get(set, key);
    if (value) {
        vf_strbuf_append(bp, value, strlen(value));
    } else if (bar) {
        vf_strbuf_append(bp, bar + 1, (size_t)(e - bar - 1));
    } else {
        *missing = key;
        return 1;
    }
    free(key);
    return 0;
}

int vf_vars_expand(const char *in, const VfVarSet *set, char **out, char **missing)
{
    VfStrBuf bp = { 0 };
    *out = NULL;
    *missing = NULL;
    const char *p = in;
    int ret = 0;
    while (*p && ret == 0) {
        const char *open = strstr(p, "{{");
        const char *close = open ? strstr(open + 2, "}}") : NULL;
        if (!close) {
            vf_strbuf_append(&bp, p, strlen(p));
            break;
        }
        if (open > p && open[-1] == '\\') { /* \{{ is a literal {{ */
            vf_strbuf_append(&bp, p, (size_t)(open - 1 - p));
            vf_strbuf_append(&bp, "{{", 2);
            p = open + 2;
            continue;
        }
        vf_strbuf_append(&bp, p, (size_t)(open - p));
        ret = expand_one(&bp, open + 2, close, set, missing);
        p = close + 2;
    }
    if (ret == 0)
        ret = vf_strbuf_finish(&bp, out);
    else
        vf_strbuf_discard(&bp);
    return ret;
}
