#include "points.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/hparams.h"
#include "infile.h"

static const points_builtin builtins[] = {
    {"blobs", "Gaussian blobs around a circle", 0, 0.5},
    {"demo", "the CS231n linear-classification demo's nine points", 3, 0.0},
    {"circles", "concentric rings, one per class", 0, 0.08},
    {"xor", "the four quadrants, opposite ones alike", 2, 0.05},
    {"moons", "two interleaved half circles", 2, 0.1},
    {"spiral", "CS231n's spiral, one arm per class", 0, 0.2},
    {NULL, NULL, 0, 0},
};

const points_builtin *points_builtins(void)
{
    return builtins;
}

const char *points_names_list(void)
{
    return "blobs, demo, circles, xor, moons, spiral";
}

static int alloc(point_set *p, size_t n)
{
    memset(p, 0, sizeof *p);
    p->x = malloc((n ? n : 1) * sizeof *p->x);
    p->y = malloc((n ? n : 1) * sizeof *p->y);
    p->label = malloc((n ? n : 1) * sizeof *p->label);
    if (p->x && p->y && p->label)
        return 0;
    points_free(p);
    return -1;
}

void points_free(point_set *p)
{
    free(p->x);
    free(p->y);
    free(p->label);
    p->x = p->y = NULL;
    p->label = NULL;
    p->n = 0;
}

classify_points points_view(const point_set *p)
{
    return (classify_points){p->x, p->y, p->label, p->n};
}

/* The demo's points, W and b are in its page (cs231n.github.io). */
static const double demo_xy[9][2] = {{0.5, 0.4},   {0.8, 0.3},  {0.3, 0.8},
                                     {-0.4, 0.3},  {-0.3, 0.7}, {-0.7, 0.2},
                                     {0.7, -0.4},  {0.5, -0.6}, {-0.4, -0.5}};

/* Point i of n in class j of C; t in [0, 1) runs along the class. */
static void draw(const char *name, int j, int C, double t, double noise, gsl_rng *r, double *x,
                 double *y)
{
    const double pi = 3.14159265358979323846;
    if (strcmp(name, "blobs") == 0) {
        double a = 2 * pi * j / C;
        *x = 2 * cos(a) + gsl_ran_gaussian(r, noise);
        *y = 2 * sin(a) + gsl_ran_gaussian(r, noise);
    } else if (strcmp(name, "circles") == 0) {
        double a = 2 * pi * gsl_rng_uniform(r), rad = 0.5 * (j + 1) + gsl_ran_gaussian(r, noise);
        *x = rad * cos(a);
        *y = rad * sin(a);
    } else if (strcmp(name, "xor") == 0) {
        /* class 0 in the first and third quadrants, kept off the axes */
        double u = 0.1 + 0.9 * gsl_rng_uniform(r), v = 0.1 + 0.9 * gsl_rng_uniform(r);
        int q = gsl_rng_uniform(r) < 0.5;
        double sx = q ? 1 : -1, sy = j == 0 ? sx : -sx;
        *x = sx * u + gsl_ran_gaussian(r, noise);
        *y = sy * v + gsl_ran_gaussian(r, noise);
    } else if (strcmp(name, "moons") == 0) {
        double a = pi * t;
        *x = (j == 0 ? cos(a) : 1 - cos(a)) + gsl_ran_gaussian(r, noise);
        *y = (j == 0 ? sin(a) : 0.5 - sin(a)) + gsl_ran_gaussian(r, noise);
    } else { /* spiral: r = t, angle 4j + 4t + noise, as in CS231n's notes */
        double a = 4.0 * j + 4.0 * t + gsl_ran_gaussian(r, noise);
        *x = t * sin(a);
        *y = t * cos(a);
    }
}

int points_make(const char *name, int classes, size_t n, double noise, unsigned long seed,
                point_set *out, char *err, size_t errlen)
{
    const points_builtin *b = builtins;
    while (b->name && strcmp(b->name, name) != 0)
        b++;
    if (!b->name) {
        snprintf(err, errlen, "no data set '%s' (built-in: %s; or a FILE.csv)", name,
                 points_names_list());
        return -1;
    }
    if (b->classes_fixed && classes && classes != b->classes_fixed) {
        snprintf(err, errlen, "%s has %d classes, not %d", name, b->classes_fixed, classes);
        return -1;
    }
    int C = b->classes_fixed ? b->classes_fixed : classes ? classes : 3;
    if (C < 2 || C > CLASSIFY_CLASSES_MAX) {
        snprintf(err, errlen, "classes must be 2 to %d, not %d", CLASSIFY_CLASSES_MAX, C);
        return -1;
    }
    if (strcmp(name, "demo") == 0)
        n = 9;
    if (n < (size_t)C || n > POINTS_MAX) {
        snprintf(err, errlen, "points must be %d to %d, not %zu", C, POINTS_MAX, n);
        return -1;
    }
    if (alloc(out, n) < 0) {
        snprintf(err, errlen, "out of memory for %zu points", n);
        return -1;
    }
    out->n = n;
    out->classes = C;
    out->noise = strcmp(name, "demo") == 0 ? 0 : noise < 0 ? b->noise : noise;
    snprintf(out->name, sizeof out->name, "%s", name);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r) {
        points_free(out);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    gsl_rng_set(r, seed);
    /* the same number of points in each class, the first ones one more */
    size_t i = 0;
    for (int j = 0; j < C; j++) {
        size_t k = n / (size_t)C + ((size_t)j < n % (size_t)C);
        for (size_t q = 0; q < k; q++, i++) {
            out->label[i] = j;
            if (strcmp(name, "demo") == 0) {
                out->x[i] = demo_xy[i][0];
                out->y[i] = demo_xy[i][1];
            } else {
                draw(name, j, C, k > 1 ? (double)q / (double)(k - 1) : 0, out->noise, r,
                     &out->x[i], &out->y[i]);
            }
        }
    }
    gsl_rng_free(r);
    return 0;
}

/* ---- files ---- */

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Splits line at commas into at most max fields; returns how many there are. */
static int split(char *line, char **field, int max)
{
    int n = 0;
    for (char *p = line;; n++) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        if (n < max)
            field[n] = trim(p);
        if (!comma)
            return n + 1;
        p = comma + 1;
    }
}

typedef int (*row_fn)(void *ctx, char **field, int nf, const char *path, long line, char *err,
                      size_t errlen);

/* Calls row for every line that is not blank; a line too long, a NUL byte
 * or a row's refusal stops it. Returns 0 or -1 with err set. */
static int each_row(const char *path, row_fn row, void *ctx, char *err, size_t errlen)
{
    char *buf;
    size_t size;
    if (infile_read(path, POINTS_FILE_MAX, &buf, &size, err, errlen) < 0)
        return -1;
    if (memchr(buf, '\0', size)) {
        snprintf(err, errlen, "%s: a NUL byte: not a text file", path);
        free(buf);
        return -1;
    }
    long line = 0;
    int rc = 0;
    for (char *p = buf; rc == 0 && *p;) {
        char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        line++;
        if (len > POINTS_LINE_MAX) {
            snprintf(err, errlen, "%s:%ld: line longer than %d characters", path, line,
                     POINTS_LINE_MAX);
            rc = -1;
            break;
        }
        p[len] = '\0';
        char *text = trim(p);
        if (*text) {
            char *field[8];
            int nf = split(text, field, 8);
            rc = row(ctx, field, nf, path, line, err, errlen);
        }
        p = nl ? nl + 1 : p + len;
    }
    free(buf);
    return rc;
}

static int number(const char *text, const char *what, double *out, const char *path, long line,
                  char *err, size_t errlen)
{
    if (hparams_number(text, out) == 0)
        return 0;
    snprintf(err, errlen, "%s:%ld: %s '%.40s' is not a finite number", path, line, what, text);
    return -1;
}

typedef struct {
    point_set *p;
    size_t cap;
    int header_allowed;
    unsigned seen; /* bit j: a point of class j */
} csv_ctx;

static int point_row(void *ctx, char **f, int nf, const char *path, long line, char *err,
                     size_t errlen)
{
    csv_ctx *c = ctx;
    int first = c->header_allowed;
    c->header_allowed = 0;
    if (first && nf == 3 && strcmp(f[0], "x") == 0 && strcmp(f[1], "y") == 0 &&
        strcmp(f[2], "label") == 0)
        return 0;
    if (nf != 3) {
        snprintf(err, errlen, "%s:%ld: expected 3 fields x,y,label, found %d", path, line, nf);
        return -1;
    }
    point_set *p = c->p;
    if (p->n == POINTS_MAX) {
        snprintf(err, errlen, "%s:%ld: more than %d points", path, line, POINTS_MAX);
        return -1;
    }
    double x, y;
    long label;
    if (number(f[0], "x", &x, path, line, err, errlen) < 0 ||
        number(f[1], "y", &y, path, line, err, errlen) < 0)
        return -1;
    if (hparams_integer(f[2], 0, CLASSIFY_CLASSES_MAX - 1, &label) < 0) {
        snprintf(err, errlen, "%s:%ld: label '%.40s' is not an integer in 0..%d", path, line, f[2],
                 CLASSIFY_CLASSES_MAX - 1);
        return -1;
    }
    if (p->n == c->cap) {
        size_t cap = c->cap * 2;
        double *nx = realloc(p->x, cap * sizeof *nx);
        if (nx)
            p->x = nx;
        double *ny = nx ? realloc(p->y, cap * sizeof *ny) : NULL;
        if (ny)
            p->y = ny;
        int *nl = ny ? realloc(p->label, cap * sizeof *nl) : NULL;
        if (!nl) {
            snprintf(err, errlen, "%s:%ld: out of memory", path, line);
            return -1;
        }
        p->label = nl;
        c->cap = cap;
    }
    p->x[p->n] = x;
    p->y[p->n] = y;
    p->label[p->n] = (int)label;
    p->n++;
    c->seen |= 1u << label;
    if ((int)label + 1 > p->classes)
        p->classes = (int)label + 1;
    return 0;
}

int points_load_csv(const char *path, point_set *out, char *err, size_t errlen)
{
    if (alloc(out, 64) < 0) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    csv_ctx c = {out, 64, 1, 0};
    if (each_row(path, point_row, &c, err, errlen) < 0) {
        points_free(out);
        return -1;
    }
    const char *base = strrchr(path, '/');
    snprintf(out->name, sizeof out->name, "%s", base ? base + 1 : path);
    if (out->n == 0 || (c.seen & (c.seen - 1)) == 0) {
        snprintf(err, errlen, "%s: %s", path,
                 out->n ? "all points have one label: a classifier needs at least two classes"
                        : "no points (rows x,y,label)");
        points_free(out);
        return -1;
    }
    return 0;
}

typedef struct {
    int classes, features, rows;
    double *params;
} weights_ctx;

static int weight_row(void *ctx, char **f, int nf, const char *path, long line, char *err,
                      size_t errlen)
{
    weights_ctx *w = ctx;
    if (w->rows == w->classes) {
        snprintf(err, errlen, "%s:%ld: more rows than the %d classes", path, line, w->classes);
        return -1;
    }
    if (nf != w->features + 1) {
        snprintf(err, errlen, "%s:%ld: expected %d values (%d weights, then the bias), found %d",
                 path, line, w->features + 1, w->features, nf);
        return -1;
    }
    for (int k = 0; k <= w->features; k++) {
        double v;
        char what[32];
        snprintf(what, sizeof what, k < w->features ? "weight %d" : "bias", k + 1);
        if (number(f[k], what, &v, path, line, err, errlen) < 0)
            return -1;
        if (k < w->features)
            w->params[w->rows * w->features + k] = v;
        else
            w->params[w->classes * w->features + w->rows] = v;
    }
    w->rows++;
    return 0;
}

int points_load_weights(const char *path, int classes, int features, double *params, char *err,
                        size_t errlen)
{
    weights_ctx w = {classes, features, 0, params};
    if (each_row(path, weight_row, &w, err, errlen) < 0)
        return -1;
    if (w.rows != classes) {
        snprintf(err, errlen, "%s: %d rows, but the data has %d classes (a row per class)", path,
                 w.rows, classes);
        return -1;
    }
    return 0;
}
