/* What the Hessian says about a point of a surface (GSL's symmetric
 * eigensolver), and the minima of a surface found by GSL's BFGS from a grid
 * of starts. */
#ifndef DESCENT_ANALYSIS_H
#define DESCENT_ANALYSIS_H

#include <gsl/gsl_multimin.h>

#include "optim.h"
#include "surface.h"

/* By the curvature: both eigenvalues > 0, both < 0, opposite signs, or one
 * of them zero (relative to the larger, 1e-9). At a point where the gradient
 * is not zero this is the shape of the surface there, not a stationary point. */
typedef enum { POINT_MINIMUM, POINT_MAXIMUM, POINT_SADDLE, POINT_FLAT, POINT_UNDEFINED } point_kind;

typedef struct {
    double x, y, f;
    double g[2], h[3]; /* gradient; Hessian (fxx, fxy, fyy) */
    double eig[2];     /* eigenvalues of the Hessian, ascending */
    double evec[2][2]; /* evec[k]: unit eigenvector of eig[k] */
    double cond;       /* |lambda|max / |lambda|min; INFINITY when one is 0 */
    point_kind kind;   /* POINT_UNDEFINED where f or a derivative is not finite */
} point_info;

void analysis_point(const surface *s, double x, double y, point_info *out);
const char *analysis_kind_name(point_kind k);

/* Step-size stability on a quadratic whose largest Hessian eigenvalue is
 * lambda_max: lr * lambda_max against the largest stable value of the
 * kind's update rule. SGD 2; heavy-ball momentum 2 (1 + mu); torch-form
 * Nesterov 2 (1 + mu) / (1 + 2 mu). The adaptive kinds (adagrad, rmsprop,
 * adam) divide the step per coordinate, so no one limit applies; BFGS is
 * not a fixed-step rule. */
typedef enum {
    STABILITY_STABLE,
    STABILITY_UNSTABLE,
    STABILITY_PER_COORDINATE,
    STABILITY_NONE
} stability_kind;

typedef struct {
    double lr_lambda; /* lr * lambda_max */
    double limit;     /* NAN for the per-coordinate kinds and BFGS */
    stability_kind kind;
} stability;

void analysis_stability(optim_kind k, double mu, double lr, double lambda_max, stability *out);
/* "stable", "unstable", "per-coordinate" (words fixed for scripts), "-". */
const char *analysis_stability_name(stability_kind k);

/* f and its gradient for gsl_multimin (params = s; non-finite f as +inf). */
gsl_multimin_function_fdf analysis_fdf(const surface *s);

/* The grid the formula surfaces' minima are searched from: 8 x 8 starts. */
#define ANALYSIS_MINIMA_GRID 8

/* Finds the minima of s inside view from an n x n grid of starts (n >= 1),
 * lowest first, at most SURFACE_MAX_MINIMA, and stores them in s->minima.
 * Returns their number. */
int analysis_find_minima(surface *s, const double view[4], int n);

#endif
