/* Labelled points in the plane for the classification playground: the
 * built-in sets (blobs, the CS231n demo's nine points, circles, xor, two
 * moons, a spiral), generated from a seed with gsl_rng, and a user's own
 * CSV of x,y,label rows. Also the --weights file: a CSV row per class. */
#ifndef DESCENT_POINTS_H
#define DESCENT_POINTS_H

#include <stddef.h>

#include "../core/classify.h"

#define POINTS_MAX 100000
/* The most a points or weights file may hold, in bytes. */
#define POINTS_FILE_MAX (4L << 20)
#define POINTS_LINE_MAX 1024

typedef struct {
    double *x, *y;
    int *label;
    size_t n;
    int classes;
    char name[64];   /* the built-in's name or the file's base name */
    double noise;    /* built-ins: the noise they were drawn with */
} point_set;

typedef struct {
    const char *name;
    const char *note;
    int classes_fixed; /* 0: any of 2..CLASSIFY_CLASSES_MAX (default 3) */
    double noise;      /* default */
} points_builtin;

/* The built-ins' table, ending with a NULL name. */
const points_builtin *points_builtins(void);
const char *points_names_list(void);

/* Generates built-in set name with n points in `classes` classes (0: its
 * default; fixed-class sets refuse another count), positions jittered by
 * noise (< 0: its default). Returns 0, or -1 with a message in err. */
int points_make(const char *name, int classes, size_t n, double noise, unsigned long seed,
                point_set *out, char *err, size_t errlen);

/* Reads a CSV of x,y,label rows (an optional header line "x,y,label"
 * first; labels 0..CLASSIFY_CLASSES_MAX-1, at least two classes). Refuses
 * anything but a regular file of at most POINTS_FILE_MAX bytes. Returns 0,
 * or -1 with "FILE:LINE: ..." or "FILE: ..." in err. */
int points_load_csv(const char *path, point_set *out, char *err, size_t errlen);

/* Reads a weights file: one row per class, F weights then the bias, into
 * params (the classify layout: W rows, then the biases). Returns 0 or -1
 * with "FILE:LINE: ..." in err. */
int points_load_weights(const char *path, int classes, int features, double *params, char *err,
                        size_t errlen);

void points_free(point_set *p);
/* The view classify_ functions take. */
classify_points points_view(const point_set *p);

#endif
