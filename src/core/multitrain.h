/* Several trainers (train.h) stepped together in one shared pass: a sweep's
 * configurations, the training panel's race. Trainers of the linear model
 * that draw the same minibatch (the same seed and iteration, so the same
 * initial weights and minibatch sequence) and share the data, the mean and
 * the model size make one pass: the minibatch is gathered and converted
 * once for all of them (linear_gather), then each makes its own products
 * and its optimizer step while its W and gradient are in cache: with two
 * threads, a few models per thread at a time, each block of rows through
 * all of them (each model's halves of the rows one after the other, as its
 * own two threads would split them), else one model after another over
 * both. Each keeps its own optimizer and its schedule, its own
 * loss and penalty. The evaluations due at a step are shared the same way
 * when the trainers evaluate on the same images: each chunk of them is
 * converted once, and each model makes its own products on it.
 * The result is bit for bit what trainer_step gives each alone; a trainer
 * that diverges only leaves the pass. The others (the two-layer net, a
 * different minibatch) step alone, as trainer_step does. Plain arrays in,
 * no files. */
#ifndef DESCENT_MULTITRAIN_H
#define DESCENT_MULTITRAIN_H

#include "linear.h"
#include "train.h"

typedef struct {
    linear lin;       /* the shared workspace, built for the first trainers */
    int ready;        /* lin is initialized */
    int models;       /* most trainers in one pass */
    double *mean;     /* the workspace's mean (D) */
    trainer **group;  /* the trainers of a pass */
    int *slot;        /* where each of them is in the caller's array */
    int *due;         /* per trainer of a pass: its step's rc, 1 when an evaluation is due */
    trainer **with;   /* the trainers of a pass evaluating together */
    long *correct;    /* their right predictions in the images so far */
    double *acc;      /* their accuracies: on the training sample, on val */
    long together;    /* trainer steps taken in a pass with others, so far */
    long evaluated_together; /* evaluations made on images converted for several, so far */
} multitrain;

/* Up to `models` trainers in one pass (more step in further passes).
 * Returns 0, or -1 when out of memory or models is below 1. */
int multitrain_init(multitrain *m, int models);
void multitrain_free(multitrain *m);

/* One iteration of each of t[0..k): rc[i] receives what trainer_step(t[i])
 * would have returned, and t[i] is as trainer_step would have left it. */
void multitrain_step(multitrain *m, trainer *const *t, int k, int *rc);

/* acc[i] receives trainer_evaluate(t[i], d, NULL), bit for bit, for
 * t[0..k): each chunk of d converted once for the consecutive trainers that
 * can share it (the linear model of one size and mean), each model's own
 * products on it; the others evaluate alone. */
void multitrain_evaluate(multitrain *m, trainer *const *t, int k, const linear_data *d,
                         double *acc);

#endif
