#include "walkscene.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/hparams.h"
#include "../data/infile.h"
#include "../scene/sceneread.h"

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
    /* while reading: the scene reader's line, and where in it a mistake is */
    const sceneread *sr;
    const char *at;
    int inside, found;
    struct {
        char key[16];
        int line;
    } seen[24]; /* the keys read, each once as in the scene's sections */
    int nseen;
    struct pending_labels *lab;
} reader;

enum { K_CLASSES, K_SCORES, K_LABELS, K_W, K_DATA, K_X, K_W1, K_W2, K_COUNT_TRACKED };

static int fail(reader *r, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* At the line being read: "FILE:LINE:COL: message", the line and a caret
 * under r->at; at another line (the checks at the end): "FILE:LINE: message". */
static int fail(reader *r, int line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->sr && line == r->sr->lineno && r->at)
        return sceneread_fail_here(r->sr, r->at, "%s", msg);
    sceneread where = {.path = r->file, .err = r->err, .errlen = r->errlen};
    return sceneread_fail(&where, line, NULL, 0, "%s", msg);
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
        tok[n++] = sceneread_trim(p);
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
        if (hparams_number(tok[i], &out[i]) < 0) {
            r->at = tok[i];
            return fail(r, r->line, "%s: '%s' is not a number", key, tok[i]);
        }
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
            return fail(r, r->line, "classes: name %d must be 1 to %d bytes (UTF-8)", j + 1,
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

typedef struct pending_labels {
    char text[WALK_MAX_DATA][WALK_NAME_MAX];
    int n, line;
} pending_labels;

static int set_key(reader *r, const char *key, char *v, pending_labels *lab)
{
    walk_inputs *in = &r->in;
    int n;
    long l;
    if (!has_key(r->keys, key)) {
        r->at = key;
        return fail(r, r->line, "walkthrough %s has no key '%s' (keys: %s)", r->walkname, key,
                    r->keys);
    }
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
        v = sceneread_trim(v);
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
        if (hparams_integer(sceneread_trim(v), key[1] == 'e' ? 0 : 1, hi, &l) < 0)
            return fail(r, r->line, "%s: '%s' is not an integer in [%d, %ld]", key, sceneread_trim(v),
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
    if (hparams_number(sceneread_trim(v), &d) < 0)
        return fail(r, r->line, "%s: '%s' is not a number", key, sceneread_trim(v));
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

/* The scene reader's callbacks: keys of this walkthrough's section only. */
static int on_section(sceneread *sr, char *name, char *arg)
{
    reader *r = sr->client;
    r->inside = strcmp(name, "walkthrough") == 0 && strcmp(arg, r->walkname) == 0;
    if (r->inside && r->found++) {
        r->sr = sr;
        r->line = (int)sr->lineno;
        r->at = arg;
        return fail(r, r->line, "a second [walkthrough %s] section", r->walkname);
    }
    return 0;
}

static int on_key(sceneread *sr, char *key, char *value)
{
    reader *r = sr->client;
    if (!r->inside)
        return 0;
    r->sr = sr;
    r->line = (int)sr->lineno;
    r->at = key;
    for (int i = 0; i < r->nseen; i++)
        if (strcmp(r->seen[i].key, key) == 0)
            return fail(r, r->line, "duplicate key '%s' (first at line %d)", key, r->seen[i].line);
    if (r->nseen < (int)(sizeof r->seen / sizeof r->seen[0]) && strlen(key) < sizeof r->seen[0].key) {
        strcpy(r->seen[r->nseen].key, key);
        r->seen[r->nseen++].line = r->line;
    }
    r->at = value;
    return set_key(r, key, value, r->lab);
}

static const sceneread_client walk_client = {on_section, on_key};

/* text of len bytes: NUL bytes in it are the scene reader's to report. */
static int parse_text(walk *w, const char *text, size_t len, const char *file, char *err,
                      size_t errlen)
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
    r->lab = &lab;
    int rc = sceneread_text(text, len, file, &walk_client, r, err, errlen);
    r->sr = NULL;
    if (rc == 0 && !r->found)
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

int walkscene_parse(walk *w, const char *text, const char *file, char *err, size_t errlen)
{
    return parse_text(w, text, strlen(text), file, err, errlen);
}

int walkscene_load(walk *w, const char *path, char *err, size_t errlen)
{
    char *text;
    size_t len;
    if (infile_read(path, SCENEREAD_FILE_MAX, &text, &len, err, errlen) < 0)
        return -1;
    int rc = parse_text(w, text, len, path, err, errlen);
    free(text);
    return rc;
}
