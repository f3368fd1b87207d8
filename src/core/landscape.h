/* The loss landscape of a real model: the objective on a plane through a
 * centre W0 of its weight space, W(a, b) = W0 + a D1 + b D2 (Li et al. 2018,
 * "Visualizing the Loss Landscape of Neural Nets").
 *
 * The planes: two seeded Gaussian directions, filter-normalized (each block
 * of weights, a class row of a linear model, rescaled to that block's norm in
 * W0; what no block covers, the biases, zeroed); the first two principal
 * components of a recorded trajectory; or the plane through W0 and two other
 * points A and B. Any W projects onto the plane with its distance from it.
 *
 * The grid uses the model's structure (modelplane.h): along the plane the
 * linear model's scores, and the net's first-layer pre-activations, are
 * affine in (a, b), S(a, b) = S0 + a S1 + b S2, so one product over the
 * examples leaves only per-point work; the penalty is a quadratic in (a, b)
 * for L2. Everything is in double, so a grid point equals the exact
 * objective at W(a, b) to rounding. Pure computation: arrays in, values
 * out; no model is named here. */
#ifndef DESCENT_LANDSCAPE_H
#define DESCENT_LANDSCAPE_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "modelplane.h"
#include "surface.h"

/* A grid is at most this many points (the bad-input limit: 10^6 is refused). */
#define LANDSCAPE_POINTS_MAX 999999L
/* PCA needs at least this many points of a trajectory. */
#define LANDSCAPE_PCA_MIN_STEPS 3

typedef struct {
    size_t n;             /* parameters */
    double *w0, *d1, *d2; /* n each */
    double explained[2];  /* pca: the fraction of the trajectory's variance along
                             d1 and d2; 0 for the other kinds */
} landscape_plane;

/* The weights one filter-normalization block covers: [start, start + len). */
typedef struct {
    size_t start, len;
} landscape_block;

/* A plane centred at w0 (copied) with zero directions. Returns 0 or -1 (memory). */
int landscape_plane_init(landscape_plane *p, const double *w0, size_t n);
void landscape_plane_free(landscape_plane *p);

/* The directions from a seeded generator (GSL's taus2, so the trainer's
 * mt19937 W0 from the same seed is not one of them), each filter-normalized
 * over blocks (entries outside every block zeroed). Returns 0, or -1 with err. */
int landscape_random(landscape_plane *p, const landscape_block *blocks, int nblocks,
                     unsigned long seed, char *err, size_t errlen);

/* The first two principal components of path (steps points of n, row-major),
 * as unit vectors, with the variance they explain; the signs put the path's
 * last point on the positive side. Refuses fewer than LANDSCAPE_PCA_MIN_STEPS
 * points and a path without two directions. Returns 0, or -1 with err. */
int landscape_pca(landscape_plane *p, const double *path, size_t steps, char *err,
                  size_t errlen);

/* D1 = A - W0, D2 = B - W0: (1, 0) is A and (0, 1) is B. Returns 0, or -1
 * with err when the directions are zero or parallel. */
int landscape_between(landscape_plane *p, const double *a, const double *b, char *err,
                      size_t errlen);

/* Refuses zero or parallel directions: 0, or -1 with err. */
int landscape_check(const landscape_plane *p, char *err, size_t errlen);

typedef struct {
    double a, b;
    double dist; /* |W - W(a, b)|: how far W is from the plane */
} landscape_point;

/* The point of the plane nearest to w (least squares on D1, D2). */
landscape_point landscape_project(const landscape_plane *p, const double *w);

/* w = W0 + a D1 + b D2 (n entries). */
void landscape_at(const landscape_plane *p, double a, double b, double *w);

typedef struct {
    double loss, data_loss, reg_loss;
    double acc; /* the fraction of the images W(a, b) classifies right */
} landscape_value;

/* The filter-normalization blocks of a model: each row of each weight
 * block (more than one row and column: W's class rows, W1's hidden units,
 * W2's rows); the bias vectors are left out, so zeroed. Fills out (at most
 * max) and returns how many. */
int landscape_blocks(const model_config *c, landscape_block *out, int max);

/* The model along one plane. */
typedef struct {
    model_config cfg;
    const landscape_plane *plane;
    size_t n;         /* examples */
    modelplane *mp;
    /* L2: sum of the penalized W(a, b)^2 is a quadratic in (a, b) with
     * these coefficients, |W0|^2, |D1|^2, |D2|^2, W0.D1, W0.D2, D1.D2 over
     * the penalized entries (the other penalties are summed over them) */
    double gram[6];
    unsigned char *penalized; /* per parameter */
} landscape_eval;

/* Over the first n examples of d (mean-subtracted). The plane must outlive
 * e. Returns 0 or -1 (memory). */
int landscape_eval_init(landscape_eval *e, const model_config *cfg, const double *mean,
                        const model_data *d, size_t n, const landscape_plane *plane);
void landscape_eval_free(landscape_eval *e);

/* Per-thread memory for the two calls below (e itself is only read):
 * plane->n doubles and the model's own. NULL when out of memory. */
typedef struct landscape_work landscape_work;
landscape_work *landscape_work_new(const landscape_eval *e);
void landscape_work_free(landscape_work *w);

/* The objective at na points of one row, (a0 + k da, b) for k < na. */
void landscape_eval_row(const landscape_eval *e, double b, double a0, double da, int na,
                        landscape_value *out, landscape_work *w);

/* One point. */
landscape_value landscape_eval_point(const landscape_eval *e, double a, double b,
                                     landscape_work *w);

/* The Hessian of the slice at (a, b) by central differences of step h (9
 * exact evaluations): h3 = (faa, fab, fbb), its eigenvalues ascending and
 * the condition number |lambda|max / |lambda|min (INFINITY when one is 0). */
void landscape_hessian(const landscape_eval *e, double a, double b, double h, landscape_work *w,
                       double h3[3], double eig[2], double *cond);

/* The slice as one of the explorer's surfaces (surface.h, marked sampled):
 * f(a, b) the exact objective, its gradient and Hessian by central
 * differences of step h. It evaluates in its own work memory: one thread
 * at a time. The struct must stay where it is (s.ctx points to it). */
typedef struct {
    surface s;
    const landscape_eval *e;
    landscape_work *w;
    double h;
    char note[560];
} landscape_surface;

/* Over e (which must outlive it), home view `view`, note saying what the
 * plane is. Returns 0 or -1 (memory). */
int landscape_surface_init(landscape_surface *ls, const landscape_eval *e, const double view[4],
                           const char *note);
void landscape_surface_free(landscape_surface *ls);

/* The k-th of n grid coordinates spanning [-span, span] (0 at the centre of
 * an odd n, exactly; 0 when n is 1). */
double landscape_coord(int k, int n, double span);

#endif
