#include "walkscene.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/hparams.h"

#define MAX_FILE (1 << 20)
#define LINE_MAX_LEN 4096
#define MAX_TOKENS 256

typedef struct {
    walk_inputs in;
    walk_inputs def; /* the lecture's, to tell what changed */
    const char *walkname;
    const char *keys;
    const char *file;
    int line;
    int uses_data;          /* labels name the data set's examples */
    int line_of[32];        /* where each key was set, for the final checks */
    int ncols_scores[WALK_MAX_ROWS], ncols_W[WALK_MAX_CLASSES], ncols_data[WALK_MAX_DATA];
    int nW, xlen[3];
    char *err;
    size_t errlen;
} reader;

enum { K_CLASSES, K_SCORES, K_LABELS, K_W, K_DATA, K_X, K_W1, K_W2, K_COUNT_TRACKED };

static int fail(reader *r, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(reader *r, int line, const char *fmt, ...)
{
    va_list ap;
    int n = line > 0 ? snprintf(r->err, r->errlen, "%s:%d: ", r->file, line)
                     : snprintf(r->err, r->errlen, "%s: ", r->file);
    if (n < 0 || (size_t)n >= r->errlen)
        return -1;
    va_start(ap, fmt);
    vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

/* Splits s in place at commas and blanks; returns the count, or -1 when
 * there are more than max. */
static int tokens(char *s, char **tok, int max)
{
    int n = 0;
    char *p = s;
    for (;;) {
        while (*p == ',' || isspace((unsigned char)*p))
            p++;
        if (!*p)
            return n;
        if (n == max)
            return -1;
        tok[n++] = p;
        while (*p && *p != ',' && !isspace((unsigned char)*p))
            p++;
        if (*p)
            *p++ = '\0';
    }
}

/* Class names are separated by commas only, so they may hold spaces. */
static int names(char *s, char **tok, int max)
{
    int n = 0;
    for (char *p = s;;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        if (n == max)
            return -1;
        tok[n++] = trim(p);
        if (!comma)
            return n;
        p = comma + 1;
    }
}

static int numbers(reader *r, const char *key, char *s, double *out, int max, int *count)
{
    char *tok[MAX_TOKENS];
    int n = tokens(s, tok, MAX_TOKENS);
    if (n < 0 || n > max)
        return fail(r, r->line, "%s: at most %d numbers", key, max);
    for (int i = 0; i < n; i++)
        if (hparams_number(tok[i], &out[i]) < 0)
            return fail(r, r->line, "%s: '%s' is not a number", key, tok[i]);
    *count = n;
    return 0;
}

/* "a b c | d e f": rows of numbers, each row's length in cols. */
static int matrix(reader *r, const char *key, char *s, double *out, int stride, int maxrows,
                  int *cols, int *rows)
{
    int n = 0;
    for (char *p = s;;) {
        char *bar = strchr(p, '|');
        if (bar)
            *bar = '\0';
        if (n == maxrows)
            return fail(r, r->line, "%s: at most %d rows", key, maxrows);
        if (numbers(r, key, p, out + n * stride, stride, &cols[n]) < 0)
            return -1;
        if (cols[n] == 0)
            return fail(r, r->line, "%s: row %d is empty", key, n + 1);
        n++;
        if (!bar)
            break;
        p = bar + 1;
    }
    *rows = n;
    return 0;
}

static int class_index(const walk_inputs *in, const char *name)
{
    for (int j = 0; j < in->nclass; j++)
        if (strcmp(in->classes[j], name) == 0)
            return j;
    return -1;
}

static int set_classes(reader *r, char *v)
{
    char *tok[WALK_MAX_CLASSES + 1];
    int n = names(v, tok, WALK_MAX_CLASSES + 1);
    if (n < 2 || n > WALK_MAX_CLASSES)
        return fail(r, r->line, "classes: need 2 to %d names", WALK_MAX_CLASSES);
    for (int j = 0; j < n; j++) {
        if (!tok[j][0] || strlen(tok[j]) >= WALK_NAME_MAX)
            return fail(r, r->line, "classes: name %d must be 1 to %d characters", j + 1,
                        WALK_NAME_MAX - 1);
        for (int k = 0; k < j; k++)
            if (strcmp(tok[k], tok[j]) == 0)
                return fail(r, r->line, "classes: '%s' appears twice", tok[j]);
        snprintf(r->in.classes[j], sizeof r->in.classes[j], "%s", tok[j]);
    }
    r->in.nclass = n;
    return 0;
}

/* Labels are class names (or 0-based indices), resolved at the end when all
 * classes are known. */
static int set_labels(reader *r, char *v, char text[][WALK_NAME_MAX], int *count)
{
    char *tok[WALK_MAX_DATA + 1];
    int n = names(v, tok, WALK_MAX_DATA + 1);
    if (n > WALK_MAX_DATA)
        return fail(r, r->line, "labels: at most %d", WALK_MAX_DATA);
    if (n == 1 && !tok[0][0])
        return fail(r, r->line, "labels: none given");
    for (int i = 0; i < n; i++)
        snprintf(text[i], WALK_NAME_MAX, "%s", tok[i]);
    *count = n;
    return 0;
}

static int has_key(const char *keys, const char *key)
{
    size_t n = strlen(key);
    for (const char *p = keys; (p = strstr(p, key)) != NULL; p += n)
        if ((p == keys || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

typedef struct {
    char text[WALK_MAX_DATA][WALK_NAME_MAX];
    int n, line;
} pending_labels;

static int set_key(reader *r, const char *key, char *v, pending_labels *lab)
{
    walk_inputs *in = &r->in;
    int n;
    long l;
    if (!has_key(r->keys, key))
        return fail(r, r->line, "walkthrough %s has no key '%s' (keys: %s)", r->walkname, key,
                    r->keys);
    if (strcmp(key, "classes") == 0) {
        r->line_of[K_CLASSES] = r->line;
        return set_classes(r, v);
    }
    if (strcmp(key, "labels") == 0) {
        lab->line = r->line;
        return set_labels(r, v, lab->text, &lab->n);
    }
    if (strcmp(key, "scores") == 0) {
        r->line_of[K_SCORES] = r->line;
        return matrix(r, key, v, &in->scores[0][0], WALK_MAX_CLASSES, WALK_MAX_ROWS,
                      r->ncols_scores, &in->nrow);
    }
    if (strcmp(key, "W") == 0) {
        r->line_of[K_W] = r->line;
        return matrix(r, key, v, &in->W[0][0], WALK_MAX_DIM, WALK_MAX_CLASSES, r->ncols_W, &r->nW);
    }
    if (strcmp(key, "data") == 0) {
        r->line_of[K_DATA] = r->line;
        return matrix(r, key, v, &in->data[0][0], WALK_MAX_DIM, WALK_MAX_DATA, r->ncols_data,
                      &in->ndata);
    }
    if (strcmp(key, "x") == 0 || strcmp(key, "w1") == 0 || strcmp(key, "w2") == 0) {
        int k = key[0] == 'x' ? 0 : key[1] - '0';
        double *dst = k == 0 ? in->x : k == 1 ? in->w1 : in->w2;
        r->line_of[K_X + k] = r->line;
        if (numbers(r, key, v, dst, WALK_MAX_DIM, &r->xlen[k]) < 0)
            return -1;
        return r->xlen[k] ? 0 : fail(r, r->line, "%s: no numbers", key);
    }
    if (strcmp(key, "graph") == 0 || strcmp(key, "input") == 0 || strcmp(key, "net") == 0) {
        int want = key[0] == 'g' ? 3 : key[0] == 'i' ? 2 : 12;
        double *dst = key[0] == 'g' ? in->graph : key[0] == 'i' ? in->input : in->net;
        if (numbers(r, key, v, dst, want, &n) < 0)
            return -1;
        return n == want ? 0 : fail(r, r->line, "%s: need %d numbers", key, want);
    }
    if (strcmp(key, "point") == 0 || strcmp(key, "grad") == 0) {
        double *dst = key[0] == 'p' ? in->point : in->grad;
        if (numbers(r, key, v, dst, 2, &n) < 0)
            return -1;
        return n == 2 ? 0 : fail(r, r->line, "%s: need 2 numbers", key);
    }
    if (strcmp(key, "lrs") == 0) {
        if (numbers(r, key, v, in->lrs, WALK_MAX_LRS, &in->nlr) < 0)
            return -1;
        if (in->nlr == 0)
            return fail(r, r->line, "lrs: no numbers");
        for (int i = 0; i < in->nlr; i++)
            if (in->lrs[i] <= 0)
                return fail(r, r->line, "lrs: learning rates must be > 0");
        return 0;
    }
    if (strcmp(key, "t") == 0) {
        char *tok[WALK_MAX_TS + 1];
        n = tokens(v, tok, WALK_MAX_TS + 1);
        if (n < 1 || n > WALK_MAX_TS)
            return fail(r, r->line, "t: 1 to %d values", WALK_MAX_TS);
        for (int i = 0; i < n; i++)
            if (hparams_integer(tok[i], 0, 100000000, &in->ts[i]) < 0)
                return fail(r, r->line, "t: '%s' is not an integer >= 0", tok[i]);
        in->nt = n;
        return 0;
    }
    if (strcmp(key, "loss") == 0) {
        v = trim(v);
        if (strcmp(v, "svm") == 0)
            in->loss = WALK_LOSS_SVM;
        else if (strcmp(v, "softmax") == 0)
            in->loss = WALK_LOSS_SOFTMAX;
        else
            return fail(r, r->line, "loss: '%s' is not svm or softmax", v);
        return 0;
    }
    if (strcmp(key, "steps") == 0 || strcmp(key, "tries") == 0 || strcmp(key, "seed") == 0) {
        long hi = key[1] == 'e' ? 4294967295L : 100000;
        if (hparams_integer(trim(v), key[1] == 'e' ? 0 : 1, hi, &l) < 0)
            return fail(r, r->line, "%s: '%s' is not an integer in [%d, %ld]", key, trim(v),
                        key[1] == 'e' ? 0 : 1, hi);
        if (key[1] == 'e')
            in->seed = (unsigned long)l;
        else if (key[1] == 't')
            in->steps = l;
        else
            in->tries = l;
        return 0;
    }
    /* margin, lambda, h, lr */
    double d;
    if (hparams_number(trim(v), &d) < 0)
        return fail(r, r->line, "%s: '%s' is not a number", key, trim(v));
    if (strcmp(key, "margin") == 0)
        in->margin = d;
    else if (strcmp(key, "lambda") == 0 && d >= 0)
        in->lambda = d;
    else if (strcmp(key, "h") == 0 && d > 0)
        in->h = d;
    else if (strcmp(key, "lr") == 0 && d > 0)
        in->lr = d;
    else
        return fail(r, r->line, "%s: must be %s", key, key[0] == 'l' && key[1] == 'a' ? ">= 0" : "> 0");
    return 0;
}

static int resolve_labels(reader *r, const pending_labels *lab)
{
    walk_inputs *in = &r->in;
    int *dst = r->uses_data ? in->data_labels : in->labels;
    for (int i = 0; i < lab->n; i++) {
        int j = class_index(in, lab->text[i]);
        long k;
        if (j < 0 && hparams_integer(lab->text[i], 0, in->nclass - 1, &k) == 0)
            j = (int)k;
        if (j < 0)
            return fail(r, lab->line, "labels: '%s' is not one of the classes", lab->text[i]);
        dst[i] = j;
    }
    return 0;
}

/* The checks that need every key: table shapes against the class count. */
static int check_shapes(reader *r, const pending_labels *lab)
{
    walk_inputs *in = &r->in;
    int line = r->line_of[K_CLASSES];
    if (r->line_of[K_SCORES])
        for (int i = 0; i < in->nrow; i++)
            if (r->ncols_scores[i] != in->nclass)
                return fail(r, r->line_of[K_SCORES], "scores: row %d has %d numbers, but there "
                            "are %d classes", i + 1, r->ncols_scores[i], in->nclass);
    if (!r->line_of[K_SCORES] && has_key(r->keys, "scores") && in->nclass != r->def.nclass)
        return fail(r, line, "classes: changing the number of classes needs a scores table too");
    if (r->line_of[K_W]) {
        if (r->nW != in->nclass)
            return fail(r, r->line_of[K_W], "W: %d rows, but there are %d classes", r->nW,
                        in->nclass);
        for (int c = 1; c < r->nW; c++)
            if (r->ncols_W[c] != r->ncols_W[0])
                return fail(r, r->line_of[K_W], "W: row %d has %d numbers, row 1 has %d", c + 1,
                            r->ncols_W[c], r->ncols_W[0]);
        in->dim = r->ncols_W[0];
    } else if (has_key(r->keys, "W") && in->nclass != r->def.nclass) {
        return fail(r, line, "classes: changing the number of classes needs a W too");
    }
    if (r->line_of[K_DATA])
        for (int i = 0; i < in->ndata; i++)
            if (r->ncols_data[i] != in->dim)
                return fail(r, r->line_of[K_DATA], "data: example %d has %d numbers, W has %d "
                            "columns", i + 1, r->ncols_data[i], in->dim);
    int want = 0;
    for (int k = 0; k < 3; k++)
        if (r->line_of[K_X + k]) {
            if (!want)
                want = r->xlen[k];
            else if (r->xlen[k] != want)
                return fail(r, r->line_of[K_X + k], "x, w1 and w2 must have the same length");
        }
    if (want) {
        for (int k = 0; k < 3; k++)
            if (!r->line_of[K_X + k] && want != in->dim)
                return fail(r, r->line_of[K_X], "x, w1 and w2 must all be given to change "
                            "their length");
        in->dim = want;
    }
    int rows = r->uses_data ? in->ndata : in->nrow;
    if (lab->n) {
        if (lab->n != rows)
            return fail(r, lab->line, "labels: %d given for %d %s", lab->n, rows,
                        r->uses_data ? "examples" : "score rows");
        return resolve_labels(r, lab);
    }
    if ((r->line_of[K_SCORES] || r->line_of[K_DATA]) && rows != (r->uses_data ? r->def.ndata : r->def.nrow))
        return fail(r, r->uses_data ? r->line_of[K_DATA] : r->line_of[K_SCORES],
                    "labels: needed for %d %s", rows, r->uses_data ? "examples" : "score rows");
    return 0;
}

/* "[walkthrough NAME]" gives NAME; other headers give "". NULL: not a header. */
static const char *section(char *line, int *ok)
{
    *ok = 1;
    if (line[0] != '[')
        return NULL;
    char *end = strchr(line, ']');
    if (!end || trim(end + 1)[0]) {
        *ok = 0;
        return NULL;
    }
    *end = '\0';
    char *body = trim(line + 1);
    if (strncmp(body, "walkthrough", 11) != 0 || !isspace((unsigned char)body[11]))
        return "";
    return trim(body + 12);
}

static int parse_lines(reader *r, const char *text, pending_labels *lab, int *found)
{
    char buf[LINE_MAX_LEN];
    int inside = 0;
    r->line = 0;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        r->line++;
        if (n >= sizeof buf)
            return fail(r, r->line, "line longer than %d characters", LINE_MAX_LEN - 1);
        memcpy(buf, p, n);
        buf[n] = '\0';
        p += n + (nl != NULL);
        char *hash = strchr(buf, '#');
        if (hash)
            *hash = '\0';
        char *line = trim(buf);
        if (!line[0] || line[0] == ';')
            continue;
        int ok;
        const char *name = section(line, &ok);
        if (!ok)
            return fail(r, r->line, "malformed section header");
        if (name) {
            inside = strcmp(name, r->walkname) == 0;
            if (inside && (*found)++)
                return fail(r, r->line, "a second [walkthrough %s] section", r->walkname);
            continue;
        }
        if (!inside)
            continue;
        char *eq = strchr(line, '=');
        if (!eq)
            return fail(r, r->line, "expected 'key = value'");
        *eq = '\0';
        char *key = trim(line), *value = trim(eq + 1);
        if (!key[0])
            return fail(r, r->line, "missing key before '='");
        if (!value[0])
            return fail(r, r->line, "%s: missing value", key);
        if (set_key(r, key, value, lab) < 0)
            return -1;
    }
    return 0;
}

int walkscene_parse(walk *w, const char *text, const char *file, char *err, size_t errlen)
{
    reader *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "%s: out of memory", file);
        return -1;
    }
    int i = walk_index(w);
    r->in = r->def = w->in;
    r->walkname = walk_name(i);
    r->keys = walk_keys(i);
    r->file = file;
    r->uses_data = has_key(r->keys, "data");
    r->err = err;
    r->errlen = errlen;
    pending_labels lab = {0};
    int found = 0, rc = parse_lines(r, text, &lab, &found);
    if (rc == 0 && !found)
        rc = fail(r, 0, "no [walkthrough %s] section", r->walkname);
    if (rc == 0)
        rc = check_shapes(r, &lab);
    if (rc == 0) {
        char msg[256];
        if (walk_validate(&r->in, msg, sizeof msg) < 0)
            rc = fail(r, lab.line ? lab.line : r->line_of[K_CLASSES], "%s", msg);
    }
    if (rc == 0) {
        w->in = r->in;
        walk_build(w);
    }
    free(r);
    return rc;
}

int walkscene_load(walk *w, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char *text = malloc(MAX_FILE + 1);
    size_t n = text ? fread(text, 1, MAX_FILE + 1, f) : 0;
    int bad = ferror(f);
    fclose(f);
    if (!text || bad || n > MAX_FILE) {
        snprintf(err, errlen, "%s: %s", path, !text ? "out of memory" : bad ? "read error"
                                                                          : "file too large");
        free(text);
        return -1;
    }
    text[n] = '\0';
    if (memchr(text, '\0', n)) {
        snprintf(err, errlen, "%s: not a text file", path);
        free(text);
        return -1;
    }
    int rc = walkscene_parse(w, text, path, err, errlen);
    free(text);
    return rc;
}
