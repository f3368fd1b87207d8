/* What the Hessian says about a point of a surface (GSL's symmetric
 * eigensolver), and the minima of a surface found by GSL's BFGS from a grid
 * of starts. */
#ifndef DESCENT_ANALYSIS_H
#define DESCENT_ANALYSIS_H

#include <gsl/gsl_multimin.h>

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

/* f and its gradient for gsl_multimin (params = s; non-finite f as +inf). */
gsl_multimin_function_fdf analysis_fdf(const surface *s);

/* The grid the formula surfaces' minima are searched from: 8 x 8 starts. */
#define ANALYSIS_MINIMA_GRID 8

/* Finds the minima of s inside view from an n x n grid of starts (n >= 1),
 * lowest first, at most SURFACE_MAX_MINIMA, and stores them in s->minima.
 * Returns their number. */
int analysis_find_minima(surface *s, const double view[4], int n);

#endif
