/* A hyperparameter search over learning rate and regularization: the axes
 * as the command line gives them (lists, log-spaced ranges), the grid or a
 * seeded log-uniform random draw over them, the folds of cross-validation,
 * and one configuration trained and validated. Every configuration of a
 * sweep trains from the same seed: the same initial weights and the same
 * minibatch sequence, so cells differ only by their hyperparameters. The
 * test set never comes here. Plain arrays in, no files. */
#ifndef DESCENT_SWEEP_H
#define DESCENT_SWEEP_H

#include <stddef.h>

#include "train.h"

#define SWEEP_AXIS_MAX 10000      /* values on one axis */
#define SWEEP_CONFIGS_MAX 100000  /* configurations in one sweep */
#define SWEEP_FOLDS_MAX 100

typedef struct {
    double v[SWEEP_AXIS_MAX]; /* ascending */
    int n;
} sweep_axis;

/* "1e-7,5e-7" (strictly ascending) or "LO:HI:N" (N values log-spaced from
 * LO to HI, LO < HI, or LO = HI and N = 1). Values are rounded to 6
 * significant digits, so %g prints them exactly. positive: every value > 0
 * (else >= 0; a range is always > 0). Returns 0, or -1 with a message. */
int sweep_axis_parse(const char *text, int positive, sweep_axis *out, char *err, size_t errlen);

typedef struct {
    double lr, reg;
    int hidden; /* the net's hidden units; 0: the configuration's own */
} sweep_point;

/* The grid, lr-major (every reg for the first lr, then the next), into out
 * (SWEEP_CONFIGS_MAX entries). Returns the count, or -1 with a message
 * naming the count and the limit. */
long sweep_grid(const sweep_axis *lr, const sweep_axis *reg, sweep_point *out, char *err,
                size_t errlen);

/* k points drawn log-uniformly between each axis's first and last value,
 * from seed (the same seed, the same points), rounded as the axes are.
 * Returns k, or -1 with a message (k out of range, a bound of 0). */
long sweep_random(const sweep_axis *lr, const sweep_axis *reg, long k, unsigned long seed,
                  sweep_point *out, char *err, size_t errlen);

/* A third axis, integers: the net's hidden sizes. */
#define SWEEP_SIZES_MAX 100
typedef struct {
    int v[SWEEP_SIZES_MAX]; /* ascending */
    int n;
} sweep_sizes;

/* "50,100,200": integers in [1, max], strictly ascending. Returns 0, or -1
 * with a message. */
int sweep_sizes_parse(const char *text, int max, sweep_sizes *out, char *err, size_t errlen);

/* sweep_grid with the sizes as a third axis, fastest (for each lr, each
 * reg, every size). Returns the count, or -1 with a message naming the
 * count and the limit. */
long sweep_grid_sizes(const sweep_axis *lr, const sweep_axis *reg, const sweep_sizes *hidden,
                      sweep_point *out, char *err, size_t errlen);

/* sweep_random with each point's size drawn uniformly from the list, from
 * the same seed the same points. Returns k, or -1 with a message. */
long sweep_random_sizes(const sweep_axis *lr, const sweep_axis *reg, const sweep_sizes *hidden,
                        long k, unsigned long seed, sweep_point *out, char *err, size_t errlen);

/* Fold f (0-based) of k over n items: [*lo, *hi), contiguous, sizes
 * differing by at most one, the k folds covering [0, n) exactly. */
void sweep_fold(size_t n, int k, int f, size_t *lo, size_t *hi);

/* The images cross-validation folds: train then val, as one pool. Fold f's
 * validation set is the pool's fold f, its training set the rest in pool
 * order; both are copies owned by the sweep_folds. Returns 0, or -1 when out
 * of memory or k is not in [2, min(pool, SWEEP_FOLDS_MAX)]. */
typedef struct {
    linear_data train, val;
    void *buf; /* the copies */
} sweep_fold_data;
int sweep_fold_make(const linear_data *train, const linear_data *val, int dim, int k, int f,
                    sweep_fold_data *out);
void sweep_fold_free(sweep_fold_data *d);

/* Standardizes a fold of float rows (features) with its training part's
 * mean and standard deviation, both parts alike, as descent train does with
 * its training images'. Standardizing is affine per value, so rows already
 * standardized with other statistics come out as the raw ones would (up to
 * rounding, and but for a value constant over the fold's training part).
 * Returns 0, or -1 when the rows are not floats or out of memory. */
int sweep_fold_standardize(sweep_fold_data *d, int dim);

typedef struct {
    double loss, data_loss, reg_loss, train_acc, val_acc;
    long iters;   /* iterations done */
    int diverged; /* the loss stopped being finite at iteration iters + 1 */
} sweep_result;

/* Trains cfg on train and measures it as descent train does (the last
 * minibatch's loss, or the loss on train for 0 iterations; accuracies on
 * all of train and val). t receives the trainer, still initialized, when
 * not NULL (the caller frees it); else it is freed. Returns 0, or -1 with a
 * message. */
int sweep_train(const train_config *cfg, int classes, int dim, const linear_data *train,
                const linear_data *val, sweep_result *out, trainer *t, char *err, size_t errlen);

/* Configurations trained in one shared pass (multitrain.h) at most: each
 * minibatch is converted once for 16. */
#define SWEEP_PASS_MODELS 16

/* sweep_train for cfgs[0..k) at once, trained together in shared passes of
 * up to SWEEP_PASS_MODELS: out[i] is what sweep_train gives cfgs[i], bit
 * for bit. Configurations that cannot share a pass (another seed or batch,
 * the net) train in their own, alike in the results. A diverged one stops
 * there, the others go on. Returns 0, or -1 with a message. */
int sweep_train_shared(const train_config *cfgs, int k, int classes, int dim,
                       const linear_data *train, const linear_data *val, sweep_result *out,
                       char *err, size_t errlen);

#endif
