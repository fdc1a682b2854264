#include "batch/rows.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "util/strbuf.h"
#include "vidforge/error.h"
#include "vidforge/log.h"

#define MAX_ROWS_BYTES (256 << 20)

typedef struct Csv {
    const char *s;
    size_t n, pos;
    int line;
} Csv;

/* Reads one field into *out; *end_of_row when it ended the record.
 * Returns 0, 1 at end of input (no field), or VF_ERR_USAGE. */
static int csv_field(Csv *c, const char *name, char **out, int *end_of_row)
{
    VfStrBuf sb = { 0 };
    *end_of_row = 0;
    if (c->pos >= c->n)
        return 1;
    if (c->s[c->pos] == '"') {
        int start_line = c->line;
        c->pos++;
        for (;;) {
            if (c->pos >= c->n) {
                vf_strbuf_discard(&sb);
                return vf_error_set(VF_ERR_USAGE, "%s:%d: a quoted field is never closed",
                                    name, start_line);
            }
            char ch = c->s[c->pos++];
            if (ch == '"' && c->pos < c->n && c->s[c->pos] == '"') {
                vf_strbuf_append(&sb, "\"", 1);
                c->pos++;
            } else if (ch == '"') {
                break;
            } else {
                c->line += ch == '\n';
                vf_strbuf_append(&sb, &ch, 1);
            }
        }
    } else {
        size_t start = c->pos;
        while (c->pos < c->n && !strchr(",\r\n", c->s[c->pos]))
            c->pos++;
        vf_strbuf_append(&sb, c->s + start, c->pos - start);
    }
    if (c->pos < c->n && c->s[c->pos] == ',') {
        c->pos++;
    } else if (c->pos < c->n && (c->s[c->pos] == '\r' || c->s[c->pos] == '\n')) {
        if (c->s[c->pos] == '\r' && c->pos + 1 < c->n && c->s[c->pos + 1] == '\n')
            c->pos++;
        c->pos++;
        c->line++;
        *end_of_row = 1;
    } else if (c->pos >= c->n) {
        *end_of_row = 1;
    } else {
        vf_strbuf_discard(&sb);
        return vf_error_set(VF_ERR_USAGE, "%s:%d: unexpected '%c' after a quoted field", name,
                            c->line, c->s[c->pos]);
    }
    return vf_strbuf_finish(&sb, out);
}

/* Reads a record into fields (malloc'd array of malloc'd strings). */
static int csv_record(Csv *c, const char *name, char ***fields, int *count)
{
    *fields = NULL;
    *count = 0;
    for (;;) {
        char *f = NULL;
        int eor;
        int ret = csv_field(c, name, &f, &eor);
        if (ret == 1)
            return *count ? 0 : 1;
        if (ret < 0)
            return ret;
        char **grown = realloc(*fields, (size_t)(*count + 1) * sizeof(char *));
        if (!grown) {
            free(f);
            return VF_ERR_INTERNAL;
        }
        *fields = grown;
        (*fields)[(*count)++] = f;
        if (eor)
            return 0;
    }
}

static void free_fields(char **fields, int count)
{
    for (int i = 0; i < count; i++)
        free(fields[i]);
    free(fields);
}

static int add_row(VfRows *rows, int line, VfRow **out)
{
    VfRow *grown = realloc(rows->rows, (size_t)(rows->count + 1) * sizeof(*grown));
    if (!grown)
        return VF_ERR_INTERNAL;
    rows->rows = grown;
    *out = &grown[rows->count++];
    **out = (VfRow){ .line = line };
    return 0;
}

/* Names the row by its id column, else its number. */
static int name_row(VfRow *r, int number)
{
    const char *id = vf_vars_get(&r->vars, "id");
    char num[32];
    snprintf(num, sizeof(num), "%d", number);
    r->id = strdup(id && id[0] ? id : num);
    return r->id ? 0 : VF_ERR_INTERNAL;
}

static int csv_row(VfRows *rows, char **header, int nh, char **fields, int nf, int line,
                   const char *name)
{
    if (nf == 1 && !fields[0][0])
        return 0; /* a blank line */
    if (nf != nh)
        return vf_error_set(VF_ERR_USAGE, "%s:%d: %d fields, the header has %d", name, line, nf,
                            nh);
    VfRow *r;
    int ret = add_row(rows, line, &r);
    for (int i = 0; i < nh && ret >= 0; i++)
        ret = vf_vars_set(&r->vars, header[i], fields[i]);
    return ret < 0 ? ret : name_row(r, rows->count);
}

static int parse_csv(const char *text, size_t len, const char *name, VfRows *out)
{
    *out = (VfRows){ 0 };
    Csv c = { text, len, 0, 1 };
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        c.pos = 3; /* UTF-8 byte order mark */
    char **header = NULL;
    int nh = 0;
    int ret = csv_record(&c, name, &header, &nh);
    if (ret == 1)
        return vf_error_set(VF_ERR_USAGE, "%s: no header row", name);
    for (int i = 0; ret >= 0 && i < nh; i++)
        if (!header[i][0])
            ret = vf_error_set(VF_ERR_USAGE, "%s:1: column %d has no name", name, i + 1);
    for (int i = 0; ret >= 0 && i < nh; i++) /* two columns would feed one variable */
        for (int j = 0; ret >= 0 && j < i; j++)
            if (!strcmp(header[i], header[j]))
                ret = vf_error_set(VF_ERR_USAGE, "%s:1: columns %d and %d are both named \"%s\"",
                                   name, j + 1, i + 1, header[i]);
    while (ret >= 0) {
        char **fields;
        int nf, line = c.line;
        ret = csv_record(&c, name, &fields, &nf);
        if (ret == 1) {
            ret = 0;
            break;
        }
        if (ret >= 0)
            ret = csv_row(out, header, nh, fields, nf, line, name);
        free_fields(fields, nf);
    }
    free_fields(header, nh);
    if (ret >= 0 && !out->count)
        ret = vf_error_set(VF_ERR_USAGE, "%s: no rows after the header", name);
    if (ret < 0)
        vf_rows_clear(out);
    return ret;
}

/* The length of the strict UTF-8 sequence at s[i] (no overlong forms,
 * surrogates or code points past U+10FFFF), or 0 when there is none. */
static size_t utf8_at(const unsigned char *s, size_t n, size_t i)
{
    unsigned c = s[i];
    size_t k = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
             : c >= 0xF0 && c <= 0xF4 ? 3 : 9;
    if (k == 9 || i + k >= n)
        return 0;
    unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    unsigned hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    if (k && (s[i + 1] < lo || s[i + 1] > hi))
        return 0;
    for (size_t j = 2; j <= k; j++)
        if ((s[i + j] & 0xC0) != 0x80)
            return 0;
    return k + 1;
}

/* Windows-1252's 0x80-0x9F (the five it leaves undefined stay C1 controls, as
 * the Encoding Standard reads them); the rest of the bytes are Latin-1. */
static const unsigned short cp1252_c1[32] = {
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
    0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
};

static void put_cp(VfStrBuf *b, unsigned c)
{
    char u[3] = { (char)c, 0, 0 };
    size_t k = 1;
    if (c >= 0x800)
        u[0] = (char)(0xE0 | c >> 12), u[1] = (char)(0x80 | (c >> 6 & 0x3F)),
        u[2] = (char)(0x80 | (c & 0x3F)), k = 3;
    else if (c >= 0x80)
        u[0] = (char)(0xC0 | c >> 6), u[1] = (char)(0x80 | (c & 0x3F)), k = 2;
    vf_strbuf_append(b, u, k);
}

/* Text that is not all UTF-8 as UTF-8 (caller frees; NULL: out of memory).
 * With no multi-byte UTF-8 sequence in it, it is what spreadsheets export as
 * "CSV": Windows-1252 (which the Encoding Standard also names latin1 and
 * iso-8859-1), each byte a character. Otherwise it is UTF-8 with damage: each
 * byte that starts no sequence becomes U+FFFD. *cp1252 says which. */
static char *to_utf8(const char *text, size_t n, size_t *len, int *cp1252)
{
    const unsigned char *s = (const unsigned char *)text;
    VfStrBuf b = { 0 };
    char *out;
    *cp1252 = 1;
    for (size_t i = 0, k; i < n && *cp1252; i += k ? k : 1)
        if ((k = utf8_at(s, n, i)) > 1)
            *cp1252 = 0;
    for (size_t i = 0, k; i < n; i += k ? k : 1) {
        k = utf8_at(s, n, i);
        if (k)
            vf_strbuf_append(&b, text + i, k);
        else if (*cp1252)
            put_cp(&b, s[i] >= 0x80 && s[i] <= 0x9F ? cp1252_c1[s[i] - 0x80] : s[i]);
        else
            put_cp(&b, 0xFFFD);
    }
    *len = b.len;
    vf_strbuf_append(&b, "", 0);
    return vf_strbuf_finish(&b, &out) < 0 ? NULL : out;
}

int vf_rows_parse_csv(const char *text, size_t len, const char *name, VfRows *out)
{
    size_t i = 0, k, n;
    while (i < len && (k = utf8_at((const unsigned char *)text, len, i)))
        i += k;
    if (i == len)
        return parse_csv(text, len, name, out);
    int cp1252;
    char *utf8 = to_utf8(text, len, &n, &cp1252);
    if (!utf8)
        return VF_ERR_INTERNAL;
    if (cp1252)
        vf_log(VF_LOG_WARNING, "%s is not UTF-8: read as Windows-1252 (Latin-1)", name);
    else
        vf_log(VF_LOG_WARNING, "%s: bytes that are not UTF-8 (the first at byte %zu) read as "
               "U+FFFD", name, i + 1);
    int ret = parse_csv(utf8, n, name, out);
    free(utf8);
    return ret;
}

static int jsonl_row(VfRows *rows, const char *line_text, size_t n, int line, const char *name)
{
    char *copy = strndup(line_text, n);
    if (!copy)
        return VF_ERR_INTERNAL;
    cJSON *obj = cJSON_Parse(copy);
    free(copy);
    int ret = 0;
    if (!cJSON_IsObject(obj))
        ret = vf_error_set(VF_ERR_USAGE, "%s:%d: not a JSON object", name, line);
    VfRow *r = NULL;
    if (ret >= 0)
        ret = add_row(rows, line, &r);
    if (ret >= 0)
        ret = vf_vars_set_from_json(&r->vars, obj);
    if (ret >= 0)
        ret = name_row(r, rows->count);
    cJSON_Delete(obj);
    return ret;
}

int vf_rows_parse_jsonl(const char *text, size_t len, const char *name, VfRows *out)
{
    *out = (VfRows){ 0 };
    int ret = 0, line = 1;
    size_t pos = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (pos < len && ret >= 0) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t n = end - pos;
        while (n && (text[pos + n - 1] == '\r' || text[pos + n - 1] == ' '))
            n--;
        if (n)
            ret = jsonl_row(out, text + pos, n, line, name);
        pos = end + 1;
        line++;
    }
    if (ret >= 0 && !out->count)
        ret = vf_error_set(VF_ERR_USAGE, "%s: no rows", name);
    if (ret < 0)
        vf_rows_clear(out);
    return ret;
}

/* Opened without blocking (a FIFO would wait for a writer): regular files only. */
static FILE *open_rows(const char *path)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    FILE *f = NULL;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == 0)
        f = fdopen(fd, "rb");
    if (!f && fd >= 0)
        close(fd);
    return f;
}

int vf_rows_load(const char *path, VfRows *out)
{
    FILE *f = open_rows(path);
    if (!f)
        return vf_error_set(VF_ERR_USAGE, "cannot open rows file %s (a readable regular file "
                            "is needed)", path);
    VfStrBuf sb = { 0 };
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0 && sb.len < MAX_ROWS_BYTES)
        vf_strbuf_append(&sb, buf, n);
    fclose(f);
    char *text = NULL;
    size_t len = sb.len;
    if (vf_strbuf_finish(&sb, &text) < 0)
        return VF_ERR_INTERNAL;
    const char *dot = strrchr(path, '.');
    int jsonl = dot && (!strcmp(dot, ".jsonl") || !strcmp(dot, ".ndjson"));
    int ret = vf_text_has_nul(text, len, jsonl)
            ? vf_error_set(VF_ERR_USAGE, "rows file %s contains a NUL character, which would "
                           "cut a value short", path)
            : jsonl ? vf_rows_parse_jsonl(text, len, path, out)
                    : vf_rows_parse_csv(text, len, path, out);
    free(text);
    return ret;
}

void vf_rows_clear(VfRows *rows)
{
    for (int i = 0; i < rows->count; i++) {
        vf_vars_clear(&rows->rows[i].vars);
        free(rows->rows[i].id);
    }
    free(rows->rows);
    *rows = (VfRows){ 0 };
}
