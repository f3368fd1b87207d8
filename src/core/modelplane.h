/* A model along a plane through its parameters, W(a, b) = W0 + a D1 + b D2,
 * using what is affine there: the linear classifier's class scores, the
 * two-layer net's first-layer pre-activations. Those are computed once over
 * the examples (one product with the three parameter vectors), so each
 * point of the plane costs only what follows them: for the linear model C
 * values per example, for the net its hidden layer and second layer. The
 * part of the model layer that knows each model's structure; the landscape
 * (landscape.c) sees only this. Everything in double precision. */
#ifndef DESCENT_MODELPLANE_H
#define DESCENT_MODELPLANE_H

#include <stddef.h>

#include "model.h"

/* Points of a row evaluated together: their sums stay in L1. */
#define MODELPLANE_ROW 256

typedef struct modelplane modelplane;

/* Over the first n examples of d (mean-subtracted), along w0 + a d1 + b d2
 * (model_params(c) each, copied as needed). Returns NULL when out of
 * memory. */
modelplane *modelplane_new(const model_config *c, const double *mean, const model_data *d,
                           size_t n, const double *w0, const double *d1, const double *d2);
void modelplane_free(modelplane *p);
size_t modelplane_examples(const modelplane *p);

/* Per-thread working memory for modelplane_row; NULL when out of memory. */
void *modelplane_work(const modelplane *p);
void modelplane_work_free(void *work);

/* The summed data loss and correct count over the examples at the points
 * (a[k], b), k < na <= MODELPLANE_ROW (loss and correct overwritten). */
void modelplane_row(const modelplane *p, double b, const double *a, int na, double *loss,
                    double *correct, void *work);

#endif
