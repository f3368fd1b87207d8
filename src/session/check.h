/* The gradient check of a training run: the one way `descent train
 * --gradcheck`, the panel's c key and the tests pick the minibatch and the
 * entries, so they agree on the same run. */
#ifndef DESCENT_CHECK_H
#define DESCENT_CHECK_H

#include "../core/train.h"

/* The step of every centered difference. */
#define CHECK_H 1e-5

/* Checks k entries of t's current parameters (model_gradcheck, double
 * precision) on a minibatch of t's batch size (at most the training set)
 * drawn, like the entries, from a generator seeded with seed + 1 + the
 * iteration. Returns 0, or -1 when out of memory. */
int check_run(const trainer *t, int k, gradcheck_entry *out);

/* The worst relative error of out[0..k). */
double check_worst(const gradcheck_entry *out, int k);

#endif
