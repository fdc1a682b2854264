#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vidforge/diag.h"
#include "vidforge/error.h"

int vf_diag_add(VfDiagList *list, int severity, const char *file, int line, int column,
                const char *pointer, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);

    VfDiag *items = realloc(list->items, (size_t)(list->count + 1) * sizeof(*items));
    if (!items)
        return VF_ERR_INTERNAL;
    list->items = items;
    VfDiag *d = &items[list->count];
    *d = (VfDiag){ severity, strdup(file ? file : ""), line, column,
                   strdup(pointer ? pointer : ""), strdup(msg) };
    if (!d->file || !d->pointer || !d->message) {
        free(d->file);
        free(d->pointer);
        free(d->message);
        return VF_ERR_INTERNAL;
    }
    list->count++;
    if (severity == VF_SEV_ERROR)
        list->nb_errors++;
    return 0;
}

void vf_diag_format(const VfDiag *d, char *buf, int n)
{
    const char *sev = d->severity == VF_SEV_WARNING ? "warning: " : "";
    const char *ptr_sep = d->pointer[0] ? ": " : "";
    if (d->line > 0)
        snprintf(buf, (size_t)n, "%s:%d:%d: %s%s%s%s", d->file, d->line, d->column,
                 d->pointer, ptr_sep, sev, d->message);
    else if (d->file[0])
        snprintf(buf, (size_t)n, "%s: %s%s%s%s", d->file, d->pointer, ptr_sep, sev, d->message);
    else
        snprintf(buf, (size_t)n, "%s%s%s%s", d->pointer, ptr_sep, sev, d->message);
}

void vf_diag_list_clear(VfDiagList *list)
{
    for (int i = 0; i < list->count; i++) {
        free(list->items[i].file);
        free(list->items[i].pointer);
        free(list->items[i].message);
    }
    free(list->items);
    *list = (VfDiagList){ 0 };
}
