/* A forgiving JSON walker that only tracks where things are. The text has
 * already been parsed by cJSON, so it is valid JSON; still, every step is
 * bounds-checked so a mismatch can never read past the end. */
#include "template/locate.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 128

typedef struct Scan {
    const char *s;
    size_t n, pos;
} Scan;

void vf_json_offset_to_line_col(const char *text, size_t offset, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < offset && text[i]; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

static void skip_ws(Scan *sc)
{
    while (sc->pos < sc->n && strchr(" \t\r\n", sc->s[sc->pos]) && sc->s[sc->pos])
        sc->pos++;
}

static int peek(Scan *sc)
{
    return sc->pos < sc->n ? (unsigned char)sc->s[sc->pos] : -1;
}

static void put_utf8(char *out, size_t cap, size_t *k, unsigned cp)
{
    char tmp[4];
    int len = 0;
    if (cp < 0x80) {
        tmp[len++] = (char)cp;
    } else if (cp < 0x800) {
        tmp[len++] = (char)(0xC0 | (cp >> 6));
        tmp[len++] = (char)(0x80 | (cp & 0x3F));
    } else {
        tmp[len++] = (char)(0xE0 | (cp >> 12));
        tmp[len++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        tmp[len++] = (char)(0x80 | (cp & 0x3F));
    }
    for (int i = 0; i < len && *k + 1 < cap; i++)
        out[(*k)++] = tmp[i];
}

/* Reads a string at pos (on its opening quote), decoding simple escapes into
 * out (truncated to cap). Leaves pos after the closing quote. */
static int scan_string(Scan *sc, char *out, size_t cap)
{
    size_t k = 0;
    if (peek(sc) != '"')
        return -1;
    sc->pos++;
    while (sc->pos < sc->n && sc->s[sc->pos] != '"') {
        char c = sc->s[sc->pos++];
        if (c == '\\' && sc->pos < sc->n) {
            char e = sc->s[sc->pos++];
            const char *from = "bfnrt\"\\/", *to = "\b\f\n\r\t\"\\/";
            const char *hit = strchr(from, e);
            if (e == 'u' && sc->pos + 4 <= sc->n) {
                char hex[5] = { 0 };
                memcpy(hex, sc->s + sc->pos, 4);
                sc->pos += 4;
                put_utf8(out, cap, &k, (unsigned)strtoul(hex, NULL, 16));
                continue;
            }
            c = hit && e ? to[hit - from] : e;
        }
        if (k + 1 < cap)
            out[k++] = c;
    }
    if (cap)
        out[k] = '\0';
    if (sc->pos >= sc->n)
        return -1;
    sc->pos++;
    return 0;
}

static int skip_value(Scan *sc, int depth);

static int skip_container(Scan *sc, char close, int depth)
{
    sc->pos++;
    for (;;) {
        skip_ws(sc);
        int c = peek(sc);
        if (c == close) {
            sc->pos++;
            return 0;
        }
        if (c == ',' || c == ':') {
            sc->pos++;
            continue;
        }
        if (c < 0 || skip_value(sc, depth + 1) < 0)
            return -1;
    }
}

static int skip_value(Scan *sc, int depth)
{
    if (depth > MAX_DEPTH)
        return -1;
    skip_ws(sc);
    int c = peek(sc);
    if (c == '"')
        return scan_string(sc, NULL, 0);
    if (c == '{')
        return skip_container(sc, '}', depth);
    if (c == '[')
        return skip_container(sc, ']', depth);
    if (c < 0)
        return -1;
    size_t start = sc->pos;
    while (sc->pos < sc->n && sc->s[sc->pos] && !strchr(",}] \t\r\n", sc->s[sc->pos]))
        sc->pos++;
    if (sc->pos == start) /* a stray '}' or ']': not valid here, step over it */
        sc->pos++;
    return 0;
}

/* Copies the next pointer token (unescaping ~1 and ~0) into tok. */
static const char *next_token(const char *p, char *tok, size_t cap)
{
    size_t k = 0;
    p++; /* the '/' */
    while (*p && *p != '/') {
        char c = *p++;
        if (c == '~' && (*p == '0' || *p == '1'))
            c = *p++ == '0' ? '~' : '/';
        if (k + 1 < cap)
            tok[k++] = c;
    }
    tok[k] = '\0';
    return p;
}

/* Skips a container member's value and the comma after it; -1 at the end. */
static int skip_to_next(Scan *sc)
{
    if (skip_value(sc, 0) < 0)
        return -1;
    skip_ws(sc);
    if (peek(sc) != ',')
        return -1;
    sc->pos++;
    return 0;
}

static int find_member(Scan *sc, const char *tok, size_t *key_pos)
{
    char key[256];
    sc->pos++; /* '{' */
    for (;;) {
        skip_ws(sc);
        if (peek(sc) != '"')
            return -1;
        *key_pos = sc->pos;
        if (scan_string(sc, key, sizeof(key)) < 0)
            return -1;
        skip_ws(sc);
        if (peek(sc) != ':')
            return -1;
        sc->pos++;
        skip_ws(sc);
        if (!strcmp(key, tok))
            return 0;
        if (skip_to_next(sc) < 0)
            return -1;
    }
}

static int find_element(Scan *sc, const char *tok)
{
    char *end;
    long idx = strtol(tok, &end, 10);
    if (!*tok || *end || idx < 0)
        return -1;
    sc->pos++; /* '[' */
    for (long i = 0;; i++) {
        skip_ws(sc);
        if (peek(sc) == ']' || peek(sc) < 0)
            return -1;
        if (i == idx)
            return 0;
        if (skip_to_next(sc) < 0)
            return -1;
    }
}

int vf_json_locate(const char *text, size_t len, const char *pointer, int want_key,
                   int *line, int *col)
{
    Scan sc = { text, len, 0 };
    char tok[256];
    size_t found = 0, key_pos = 0;
    int ret = 0;
    skip_ws(&sc);
    found = sc.pos;
    const char *p = pointer;
    while (*p == '/') {
        p = next_token(p, tok, sizeof(tok));
        int c = peek(&sc);
        int r = c == '{' ? find_member(&sc, tok, &key_pos)
              : c == '[' ? find_element(&sc, tok) : -1;
        if (r < 0) {
            ret = -1;
            break;
        }
        found = (want_key && c == '{' && *p != '/') ? key_pos : sc.pos;
    }
    vf_json_offset_to_line_col(text, found, line, col);
    return ret;
}
