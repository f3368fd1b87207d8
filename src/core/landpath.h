/* Paths across the loss landscape: optimizers trained from one centre W0 on
 * the same minibatches (the trainer of core/train.c, one racer at a time:
 * the same seed gives every racer the same batches), and the full-batch
 * L-BFGS reference path (Debian's liblbfgs: GSL's BFGS is dense and cannot
 * hold 30730^2). Each hands its weights at the recorded iterations to a
 * callback, which projects them onto a plane or keeps them (pca). */
#ifndef DESCENT_LANDPATH_H
#define DESCENT_LANDPATH_H

#include <stddef.h>

#include "model.h"
#include "train.h"

/* Called with the weights after `iter` iterations (0: W0). Returns 0, or -1
 * to stop (out of memory in the caller). */
typedef int (*landpath_record)(void *ctx, long iter, const double *w);

typedef struct {
    long iters;         /* iterations done */
    int diverged;       /* the loss stopped being finite (racers) */
    model_loss loss;    /* the objective at the end over the images given */
    double val_acc;     /* accuracy at the end on the validation images */
    const char *stop;   /* L-BFGS: why it stopped */
} landpath_end;

/* Trains cfg->opt from w0 for cfg->iters iterations on train (minibatches
 * from cfg->seed), recording iteration 0, every `every`-th and the last.
 * The loss at the end is over the first n images of train. Returns 0, or -1
 * with err. */
int landpath_train(const train_config *cfg, int classes, int dim, const model_data *train,
                   const model_data *val, size_t n, const double *mean, const double *w0,
                   long every, landpath_record rec, void *ctx, landpath_end *end, char *err,
                   size_t errlen);

/* Full-batch L-BFGS (memory 10) on the first n images of train from w0,
 * at most max_iters iterations, every one recorded. Returns 0, or -1 with
 * err. */
int landpath_lbfgs(const model_config *cfg, const model_data *train, const model_data *val,
                   size_t n, const double *mean, const double *w0, int max_iters,
                   landpath_record rec, void *ctx, landpath_end *end, char *err, size_t errlen);

#endif
