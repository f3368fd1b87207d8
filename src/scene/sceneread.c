#include "sceneread.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../data/infile.h"
#include "../data/utf8.h"
#include "expr.h"

/* The offset of the first byte of text[0, n) that is not UTF-8, or n. */
static size_t utf8_end(const char *text, size_t n)
{
    size_t i = 0, k;
    while (i < n && (k = utf8_char((const unsigned char *)text + i, n - i)) > 0)
        i += k;
    return i;
}

/* Columns of a line shown under a message: a longer one is cut around the
 * column, with an ellipsis at each cut end. */
#define EXCERPT_W 72
/* Bytes of a message before it is cut (with an ellipsis). */
#define MESSAGE_MAX 200

/* The line as shown under its message: tabs as spaces so that the caret
 * lines up, control and stray bytes as '?', at most EXCERPT_W columns
 * around column col. Returns the caret's column in it. */
static int excerpt(const char *text, int col, char *out, size_t len)
{
    int first = col > EXCERPT_W / 2 ? col - EXCERPT_W / 2 : 1, c = 1;
    size_t o = 0, n = strlen(text);
    if (first > 1)
        o += (size_t)snprintf(out, len, "\u2026");
    for (size_t i = 0; i < n && o + 8 < len; c++) {
        size_t k = utf8_char((const unsigned char *)text + i, n - i);
        if (c >= first + EXCERPT_W) {
            o += (size_t)snprintf(out + o, len - o, "\u2026");
            break;
        }
        if (c >= first) {
            unsigned char b = (unsigned char)text[i];
            if (k > 1) {
                memcpy(out + o, text + i, k);
                o += k;
            } else {
                out[o++] = b == '\t' ? ' ' : k == 0 || b < 0x20 || b == 0x7f ? '?' : (char)b;
            }
        }
        i += k ? k : 1;
    }
    out[o] = '\0';
    return col - first + 1 + (first > 1);
}

int sceneread_fail(const sceneread *r, long lineno, const char *text, size_t at, const char *fmt,
                   ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (text == r->cut)
        text = r->text;
    if (!text) {
        if (lineno > 0)
            snprintf(r->err, r->errlen, "%s:%ld: %s", r->path, lineno, msg);
        else
            snprintf(r->err, r->errlen, "%s: %s", r->path, msg);
        return -1;
    }
    /* a message quoting a long value says its start (the line shows the rest) */
    size_t cut = MESSAGE_MAX;
    if (strlen(msg) > cut) {
        while (cut > 0 && ((unsigned char)msg[cut] & 0xC0) == 0x80)
            cut--;
        snprintf(msg + cut, sizeof msg - cut, "\u2026");
    }
    int col = expr_column(text, at);
    char shown[4 * EXCERPT_W + 16];
    int caret = excerpt(text, col, shown, sizeof shown);
    snprintf(r->err, r->errlen, "%s:%ld:%d: %s\n  %s\n  %*s^", r->path, lineno, col, msg, shown,
             caret - 1, "");
    return -1;
}

size_t sceneread_offset(const sceneread *r, const char *p)
{
    size_t len = strlen(r->text);
    if (p >= r->cut && p <= r->cut + len)
        return (size_t)(p - r->cut);
    if (p >= r->text && p <= r->text + len)
        return (size_t)(p - r->text);
    return 0;
}

int sceneread_fail_here(const sceneread *r, const char *at, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sceneread_fail(r, r->lineno, r->text, sceneread_offset(r, at), "%s", msg);
}

char *sceneread_trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static int header(sceneread *r, const sceneread_client *c, char *s)
{
    char *close = strchr(s, ']');
    if (!close)
        return sceneread_fail_here(r, s + strlen(s), "expected ']'");
    if (*sceneread_trim(close + 1))
        return sceneread_fail_here(r, close + 1, "unexpected text after the section name");
    *close = '\0';
    char *name = sceneread_trim(s + 1);
    if (!*name)
        return sceneread_fail_here(r, s + 1, "a section needs a name");
    char *arg = name + strcspn(name, " \t");
    if (*arg) {
        *arg++ = '\0';
        arg = sceneread_trim(arg);
    }
    return c->section(r, name, arg);
}

static int key_value(sceneread *r, const sceneread_client *c, char *s)
{
    char *eq = strchr(s, '=');
    if (!eq)
        return sceneread_fail_here(r, s, "expected 'key = value' or a [section]");
    *eq = '\0';
    char *key = sceneread_trim(s), *value = sceneread_trim(eq + 1);
    if (!*key)
        return sceneread_fail_here(r, eq, "missing key before '='");
    if (!*value)
        return sceneread_fail_here(r, eq + 1, "missing value after '='");
    return c->key(r, key, value);
}

/* One line of n bytes (its end removed) at p. */
static int one_line(sceneread *r, const sceneread_client *c, const char *p, size_t n, char *text,
                    char *cut)
{
    const char *nul = memchr(p, '\0', n < SCENEREAD_LINE_MAX ? n : SCENEREAD_LINE_MAX);
    size_t keep = nul ? (size_t)(nul - p) : n < SCENEREAD_LINE_MAX ? n : SCENEREAD_LINE_MAX;
    memcpy(text, p, keep);
    text[keep] = '\0';
    memcpy(cut, text, keep + 1);
    r->text = text;
    r->cut = cut;
    if (nul)
        return sceneread_fail(r, r->lineno, text, keep, "a NUL byte (this is not a text file)");
    if (n > SCENEREAD_LINE_MAX)
        return sceneread_fail(r, r->lineno, text, keep, "line longer than %d bytes",
                              SCENEREAD_LINE_MAX);
    size_t bad = utf8_end(text, keep);
    if (bad < keep)
        return sceneread_fail(r, r->lineno, text, bad,
                              "byte 0x%02X is not UTF-8 (a scene file is UTF-8 text)",
                              (unsigned char)text[bad]);
    char *s = sceneread_trim(cut);
    if (*s == '\0' || *s == '#' || *s == ';')
        return 0;
    return *s == '[' ? header(r, c, s) : key_value(r, c, s);
}

int sceneread_text(const char *text, size_t len, const char *path, const sceneread_client *c,
                   void *client, char *err, size_t errlen)
{
    char *line = malloc(2 * (SCENEREAD_LINE_MAX + 1));
    if (!line) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    sceneread r = {.path = path, .err = err, .errlen = errlen, .client = client};
    const char *p = text, *end = text + len;
    /* a UTF-8 byte-order mark, as some editors write */
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    int rc = 0;
    while (rc == 0 && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        r.lineno++;
        size_t body = n > 0 && p[n - 1] == '\r' ? n - 1 : n;
        rc = one_line(&r, c, p, body, line, line + SCENEREAD_LINE_MAX + 1);
        p += n + (nl != NULL);
    }
    free(line);
    return rc;
}

int sceneread_file(const char *path, const sceneread_client *c, void *client, char *err,
                   size_t errlen)
{
    char *text;
    size_t len;
    if (infile_read(path, SCENEREAD_FILE_MAX, &text, &len, err, errlen) < 0)
        return -1;
    int rc = sceneread_text(text, len, path, c, client, err, errlen);
    free(text);
    return rc;
}
