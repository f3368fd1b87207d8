/* The loss landscape as one of the explorer's surfaces: the exact
 * objective on a plane through a real model's weights (the slice's surface,
 * core/landscape.h), its samples computed by a worker thread for the view
 * shown (rows drawn as they arrive, keys answered meanwhile), the recorded
 * racers replayed as the race's tracks, and other planes made in the
 * background on the plane keys (random, pca of the selected racer's path,
 * between its end and the next one's; centred on the cursor, its head or
 * W0); a refused plane is a message and the old one stays. */
#ifndef DESCENT_LANDVIEW_H
#define DESCENT_LANDVIEW_H

#include <stddef.h>

#include "../core/landscape.h"
#include "../core/race.h"
#include "contour.h"
#include "landsampler.h"

#define LANDVIEW_RACERS 8

typedef struct {
    char label[32];
    optim_params opt;     /* its kind (L-BFGS: bfgs's) and hyperparameters */
    size_t n;             /* recorded points (the surface's pt[k] has them on its plane) */
    const long *iter;     /* the run's iteration at each point */
    double loss, val_acc; /* at the end, off the plane */
    int diverged;
} landview_racer;

/* What a re-plane asks for: a plane kind through a centre. */
typedef enum { LANDVIEW_RANDOM, LANDVIEW_PCA, LANDVIEW_BETWEEN } landview_kind;
typedef enum {
    LANDVIEW_AT_W0,    /* the racers' common start */
    LANDVIEW_AT_POINT, /* W(a, b) of the plane shown now */
    LANDVIEW_AT_HEAD   /* the end of racer `racer`'s path */
} landview_at;

typedef struct {
    landview_kind kind;
    int racer, other;   /* pca: racer's path; between: racer's and other's ends */
    landview_at at;
    double a, b;        /* LANDVIEW_AT_POINT */
    unsigned long seed; /* random */
} landview_plan;

/* One plane as the view shows it: its objective, where each racer's
 * recorded points fall on it (pt[k]: racers[k].n of them) and its home
 * view. The planner that made it frees it (owner is the planner's). */
typedef struct {
    const landscape_eval *e; /* read by the worker and the cursor alike */
    const landscape_point *pt[LANDVIEW_RACERS];
    const double *loss[LANDVIEW_RACERS]; /* the objective at each of pt[k] */
    double view[4];          /* a0, a1, b0, b1 */
    char what[200];          /* the plane, for the title: "random plane (seed 1) at W0" */
    void *owner;
} landview_surface;

/* Makes other planes (the keys R, P, B and C, H, W), in a background
 * thread: make reads only what it was given and its own state, and may call
 * progress(view, "what it is doing") as it goes. Returns 0 with *out, or -1
 * with err saying why the plane is refused (zero or parallel directions, a
 * path too short for pca); the view then keeps the surface it has. */
typedef struct {
    int (*make)(void *ctx, const landview_plan *want, const landview_surface *now,
                void (*progress)(void *view, const char *what), void *view,
                landview_surface *out, char *err, size_t errlen);
    void (*drop)(void *ctx, landview_surface *s);
    void *ctx;
} landview_planner;

typedef struct {
    landview_surface first;  /* the plane it opens on (not dropped) */
    landview_plan first_plan;
    char title[320];         /* the data and model: "cifar10, a linear SVM, 4000 images" */
    int nracers;
    landview_racer racers[LANDVIEW_RACERS];
    const landview_planner *planner; /* NULL: the plane is fixed */
} landview_config;

typedef struct landview landview;

/* Opens c's landscape for the explorer (c must outlive it): its first
 * plane's surface and its sampler. Returns NULL with err. */
landview *landview_open(const landview_config *c, char *err, size_t errlen);
void landview_close(landview *v);
/* The plane shown as a surface with its recorded racers as a race on it
 * (surface, view, start, one racer a track), and the steps they take. */
void landview_race(const landview *v, race_config *cfg, long *steps);
/* The plane shown, for the title: "random plane (seed 1) at W0". */
const char *landview_plane(const landview *v);
/* The rows done of the samples for view at w x h (asked for when they
 * differ from the last asked), and the contour of that view, at cols x rows
 * cells of cw x ch dots (w = cols * cw + 1, h = rows * ch + 1), from them.
 * Return -1 out of memory. */
int landview_rows(landview *v, const double view[4], int w, int h);
/* layer: the loss (on a log scale), or the error rate 1 - accuracy (linear:
 * the grid's second layer, dark where the model classifies best). */
typedef enum { LANDVIEW_LOSS, LANDVIEW_ERROR } landview_layer;
int landview_contour(landview *v, contour *ct, const double view[4], int cols, int rows, int cw,
                     int ch, int nbands, landview_layer layer);
/* What the background is doing ("computing row 3/141", "new plane: ..."),
 * "" when idle; busy: whether rows or a plane are still coming (the screen
 * should look again soon). */
void landview_progress(landview *v, char *buf, size_t len);
int landview_busy(landview *v);
/* A plane key: R random (again: the next seed), P pca of racer sel's path,
 * B between its end and the next racer's, C centre at (a, b) of the plane
 * shown, H at racer sel's head, W at W0. Returns 1 when ch is one, with msg
 * saying what happens. */
int landview_key(landview *v, int ch, int sel, double a, double b, char *msg, size_t len);
/* 1 when a plane made since the last call replaced the one shown (the
 * explorer takes the surface and race again); msg says which, or why a
 * plane was refused (0, the old one stays). */
int landview_poll(landview *v, char *msg, size_t len);
/* The objective at (a, b) of the plane shown. */
landscape_value landview_value(landview *v, double a, double b);

#endif
