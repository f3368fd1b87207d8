/* Training the linear classifier one iteration at a time, so a caller (the
 * headless command, or the live panel's worker thread) drives the loop:
 * trainer_init, then trainer_step as often as wanted, trainer_evaluate when a
 * number is needed, trainer_free. Minibatches are sampled with replacement
 * from a seeded gsl_rng; the update is the optimizer core's, on the flat
 * vector W. Plain arrays in, no files. */
#ifndef DESCENT_TRAIN_H
#define DESCENT_TRAIN_H

#include <stddef.h>

#include "linear.h"
#include "optim.h"

typedef struct {
    linear_model model;
    reg_kind reg_kind;
    double reg;
    optim_params opt;
    int batch;
    long iters;          /* history capacity; trainer_step goes on past it unrecorded */
    unsigned long seed;
    long eval_every;     /* train and val accuracy every K iterations, 0 = never */
    size_t eval_train_n; /* train accuracy on this many training images (sampled once) */
    double init_scale;   /* W = init_scale * randn */
    int threads;
} train_config;

/* CS231n's defaults: SVM, SGD lr 1e-7, reg 2.5e4, batch 200, 1500 iterations,
 * W = 1e-4 randn, accuracies every 100 iterations on 1000 training images. */
train_config train_defaults(void);

/* The defaults for a dataset by name ("cifar10", "fashion-mnist", "mnist",
 * "synthetic"). CIFAR-10's are tuned for 3072 colour values per image; on the
 * 28x28 grey IDX sets (784 values) they stop well short (softmax ~0.69 on
 * Fashion-MNIST), so those get SGD-family lr 2e-6 and reg 1e2, chosen by
 * validation accuracy on Fashion-MNIST (softmax ~0.83, SVM ~0.84). Other
 * names get CIFAR-10's. */
train_config train_defaults_for(const char *name);

typedef struct {
    long iter;
    double train_acc, val_acc;
} train_eval;

typedef struct {
    train_config cfg;
    int classes, dim;
    size_t n_params;
    linear_data train, val;
    double *mean; /* D: the training images' mean (or the one given) */
    double *w;    /* C x (D+1) */
    double *grad;
    size_t *idx;  /* the minibatch */
    size_t *eval_idx;
    uint8_t *eval_x, *eval_y; /* the training sample for train accuracy */
    linear_data eval_train;
    optim opt;
    linear lin;
    void *rng;    /* gsl_rng */
    long iter;    /* iterations done */
    /* per iteration, the first cfg.iters of them */
    double *loss, *data_loss, *reg_loss;
    train_eval *evals;
    size_t n_evals, evals_cap;
    linear_loss last;
} trainer;

/* train and val are views the trainer reads but does not own. mean and w may
 * be NULL (computed from train; drawn from the seed), or come from a saved
 * model. Returns 0, or -1 with a message in err. */
int trainer_init(trainer *t, const train_config *cfg, int classes, int dim,
                 const linear_data *train, const linear_data *val, const double *mean,
                 const double *w, char *err, size_t errlen);
void trainer_free(trainer *t);

/* One iteration: sample, loss and gradient, optimizer update; records the
 * loss and, every eval_every iterations, the accuracies. Returns 0, or -1
 * when the loss is no longer finite (the step is not taken). */
int trainer_step(trainer *t);

/* Applies new hyperparameters between steps (the live panel's controls):
 * model, penalty, reg, batch and optimizer. The optimizer's state restarts
 * only when its kind changes; W, the iteration count and the minibatch
 * sequence go on. Returns 0, or -1 when out of memory (nothing changed). */
int trainer_configure(trainer *t, const train_config *cfg);

/* Back to iteration 0: W drawn again from the seed, the optimizer's state
 * zeroed, the history cleared and the minibatch sequence restarted, exactly
 * as trainer_init left it (but always a fresh W, never a loaded one). */
void trainer_reset(trainer *t);

/* Accuracy of the current W on d; confusion (C x C, may be NULL) receives
 * counts, row = true class, column = predicted. */
double trainer_evaluate(trainer *t, const linear_data *d, long *confusion);

/* Loss of the current W on d's first n images (no update), for --iters 0. */
linear_loss trainer_loss(trainer *t, const linear_data *d, size_t n);

/* The lecture's strategy #1: the best of `tries` random W (scale * randn) by
 * loss on the images sample[0..n) of d. best_w receives it; returns its loss. */
double train_random_search(const linear_config *cfg, const double *mean, const linear_data *d,
                           const size_t *sample, int n, int tries, double scale,
                           unsigned long seed, double *best_w);

#endif
