/* A race: several optimizers descending one surface from the same start,
 * with the same gradient noise. The explorer draws it; `descent trace`
 * prints it. */
#ifndef DESCENT_RACE_H
#define DESCENT_RACE_H

#include <gsl/gsl_rng.h>

#include "hparams.h"
#include "optim.h"
#include "surface.h"

#define RACE_MAX 12

typedef struct {
    double x, y, f;
} race_point;

typedef enum { RACER_RUNNING, RACER_CONVERGED, RACER_DIVERGED } racer_status;

struct race_bfgs; /* the GSL minimizer of a bfgs racer */

/* A recorded path that a racer replays, point k at step k, instead of
 * optimizing: a real model's training run projected on a plane through its
 * weights (`descent landscape`). pt[k].f is the surface's value under the
 * point; the run itself is off the plane, by dist[k]. */
typedef struct {
    const race_point *pt;
    long n;             /* points, at least 1: pt[0] is the start */
    const long *iter;   /* the run's iteration at each point */
    const double *dist; /* per point */
    double loss, val_acc; /* the run's own at its end (off the plane) */
    int diverged;       /* the run diverged at its last point */
} race_track;

typedef struct {
    hparams_spec spec;
    char label[HPARAMS_LABEL_MAX];
    optim opt;
    double start[2];
    double pos[2];
    double f;              /* the loss at pos */
    double grad[2];        /* the (noisy) gradient of the last update */
    racer_status status;
    const race_track *track; /* a replay (race_config.track), or NULL */
    long diverged_at;      /* the step that produced a non-finite value */
    long converged_at;     /* first step of the current converged stretch */
    race_point *path;      /* path[i] is step i * stride; path[0] is the start */
    long len, cap;
    long stride;           /* grows when a bounded path is thinned */
    gsl_rng *rng;
    struct race_bfgs *bfgs; /* only for OPTIM_BFGS: one GSL iteration per step, no noise */
} racer;

/* Everything that defines a race; the command line and scenes fill it. */
typedef struct {
    const surface *surf;
    double view[4];        /* x0, x1, y0, y1: what the explorer shows */
    double start[2];
    /* When own_start is set, optimizer i starts at starts[i] instead
     * (several start points: see scene_expand_starts). */
    int own_start;
    double starts[RACE_MAX][2];
    long steps;
    double noise;
    unsigned long seed;
    long keep;             /* most points kept per path, 0 = all (see race.c) */
    int nopt;
    hparams_spec opt[RACE_MAX];
    /* Racer i replays track[i] when it is set (its opt[i] names its kind
     * and hyperparameters); the tracks outlive the race. */
    const race_track *track[RACE_MAX];
} race_config;

typedef struct {
    race_config cfg;
    long step;
    int n;
    racer r[RACE_MAX];
} race;

/* All six optimizers with their defaults, the surface's start, 100 steps. */
void race_config_defaults(race_config *c, const surface *s);
/* Gives every optimizer a label: its own, or its name, or, when names repeat,
 * its name and hyperparameters. */
void race_config_label(const race_config *c, int i, char *buf, size_t len);

/* Refuses two optimizers with one name (the CSV would hold two series of
 * one name). Returns 0, or -1 with err saying which. */
int race_config_check_labels(const race_config *c, char *err, size_t errlen);
/* Optimizer i of `all` as a race of its own: its label, its start point and
 * the same noise draws, so it runs exactly as racer i of the whole race. */
void race_config_one(const race_config *all, int i, race_config *one);

/* Returns 0 or -1 (out of memory). */
int race_init(race *rc, const race_config *cfg);
void race_free(race *rc);
/* Back to step 0: same start, same noise draws. */
void race_reset(race *rc);
/* One update of every optimizer that has not diverged. */
void race_step(race *rc);
void race_run(race *rc, long steps);

const char *racer_status_name(racer_status s);

/* The learning rate racer r's next update uses (its schedule at its step). */
double racer_lr_next(const racer *r);
#endif
