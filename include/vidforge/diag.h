/* Template findings: errors and warnings with their location.
 * A VfDiagList owns its entries and their strings. */
#ifndef VIDFORGE_DIAG_H
#define VIDFORGE_DIAG_H

typedef enum VfSeverity {
    VF_SEV_ERROR = 0,
    VF_SEV_WARNING = 1,
} VfSeverity;

typedef struct VfDiag {
    int severity;     /* VfSeverity */
    char *file;       /* template path as given */
    int line, column; /* 1-based; 0 when unknown */
    char *pointer;    /* JSON pointer (RFC 6901), "" for the whole document */
    char *message;    /* one sentence, no trailing newline */
} VfDiag;

typedef struct VfDiagList {
    VfDiag *items;
    int count;
    int nb_errors;
} VfDiagList;

/* Appends a finding. Copies every string. Returns 0 or VF_ERR_INTERNAL. */
int vf_diag_add(VfDiagList *list, int severity, const char *file, int line, int column,
                const char *pointer, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* Formats d as "FILE:LINE:COL: POINTER: message" (or without the parts that are
 * unknown) into buf of size n, always NUL-terminated. */
void vf_diag_format(const VfDiag *d, char *buf, int n);

/* Frees the entries; the list is empty and reusable afterwards. */
void vf_diag_list_clear(VfDiagList *list);

#endif
