/* The six first-order optimizers, over a flat vector of doubles of any length.
 * The same code moves a point on a 2-D surface and the 30730 weights of the
 * CIFAR-10 classifier. Formulas are torch.optim's; so are the defaults but
 * for lr and momentum (optim_defaults). */
#ifndef DESCENT_OPTIM_H
#define DESCENT_OPTIM_H

#include <stddef.h>

#include "schedule.h"

typedef enum {
    OPTIM_SGD,
    OPTIM_MOMENTUM,
    OPTIM_NESTEROV,
    OPTIM_ADAGRAD,
    OPTIM_RMSPROP,
    OPTIM_ADAM,
    OPTIM_COUNT,
    /* Not an update rule: GSL's BFGS minimizer as a reference path on a
     * surface, run by race.c; optim_step leaves x alone. */
    OPTIM_BFGS = OPTIM_COUNT + 1
} optim_kind;

typedef struct {
    optim_kind kind;
    double lr;
    double momentum; /* momentum, nesterov */
    double decay;    /* rmsprop: alpha in torch */
    double beta1;    /* adam */
    double beta2;    /* adam */
    double eps;      /* adagrad, rmsprop, adam */
    schedule sched;
} optim_params;

/* Optimizer state. Which buffers mean something depends on the kind:
 *   momentum, nesterov: vel (the velocity v)
 *   adagrad, rmsprop:   cache (the squared-gradient sum / running mean)
 *   adam:               m, v (moments; optim_adam_hat gives them
 *                       bias-corrected)
 * `delta` is the last update actually applied (x_new - x_old): the effective
 * step the screen and the walkthroughs show, stored while keep_delta is set
 * (optim_init sets it). A trainer of many weights clears it for the steps
 * whose delta no one reads: writing it is a tenth of a net's step. */
typedef struct {
    optim_params p;
    size_t n;
    long t;        /* updates taken so far */
    double lr_now; /* learning rate of the last update (after the schedule) */
    double bc1, bc2; /* adam: its bias corrections 1 - beta^t at that update */
    double *vel;
    double *cache;
    double *m, *v;
    double *delta;
    int keep_delta;
    long delta_t;  /* the update delta holds (0: none) */
} optim;

/* The state's vectors of n: one block from vel (vel and cache share the
 * first), m, v, delta. */
#define OPTIM_VECTORS 4

const char *optim_name(optim_kind k);
/* Returns the kind for a name ("sgd", "adam", ...) or -1. */
int optim_kind_from_name(const char *name);
/* One line listing the valid names, for error messages. */
const char *optim_names_list(void);
/* One-line description of the update rule, for `descent optimizers`. */
const char *optim_formula(optim_kind k);

/* descent's defaults: torch.optim's, except those chosen for the 2-D
 * surfaces (see optim_torch_defaults): lr 0.01 for every kind (torch: 1e-3
 * for SGD and Adam) and momentum 0.9 (torch: 0, i.e. plain SGD). */
optim_params optim_defaults(optim_kind k);
/* torch.optim's constructor defaults for the same update: SGD (lr 1e-3
 * since torch 2.2, momentum 0), Adagrad (lr 1e-2, eps 1e-10), RMSprop (lr
 * 1e-2, alpha 0.99, eps 1e-8), Adam (lr 1e-3, betas 0.9, 0.999, eps 1e-8). */
optim_params optim_torch_defaults(optim_kind k);

/* delta when it holds the last update (keep_delta was set for it), else
 * NULL. */
const double *optim_last_delta(const optim *o);

/* Adam's bias-corrected moments of entry i at the last update, m / (1 -
 * beta1^t) and v / (1 - beta2^t): the very values its step used (stored
 * nowhere: on a net they would be two more vectors written every step for
 * no one but the walkthrough). */
void optim_adam_hat(const optim *o, size_t i, double *m_hat, double *v_hat);

/* Returns 0, or -1 when out of memory. */
int optim_init(optim *o, const optim_params *p, size_t n);
void optim_free(optim *o);
/* Back to step 0 with zeroed state; parameters kept. */
void optim_reset(optim *o);
/* One update of x (length n) with gradient g. */
void optim_step(optim *o, double *x, const double *g);
/* optim_step split for threads: optim_begin once per update (the step
 * count, the schedule's rate, Adam's bias corrections), then
 * optim_step_range for ranges [lo, hi) that together cover [0, n) once,
 * in any order, on any threads. x and g hold the range's entries alone
 * (x[0] is entry lo of the vector: x + lo of the whole one; g may be a
 * buffer of just this range's gradient); a range touches only its own
 * entries of them and of the state. The result is optim_step's, bit for
 * bit. */
void optim_begin(optim *o);
void optim_step_range(optim *o, double *x, const double *g, size_t lo, size_t hi);

#endif
