/* Training a model (model.h) one iteration at a time, so a caller (the
 * headless command, or the live panel's worker thread) drives the loop:
 * trainer_init, then trainer_step as often as wanted, trainer_evaluate when a
 * number is needed, trainer_free. Minibatches are sampled with replacement
 * from a seeded gsl_rng; the update is the optimizer core's, on the flat
 * vector W. Plain arrays in, no files. */
#ifndef DESCENT_TRAIN_H
#define DESCENT_TRAIN_H

#include <stddef.h>

#include "model.h"
#include "optim.h"

typedef struct {
    model_arch arch;
    int hidden;          /* MODEL_MLP: hidden units */
    mlp_act act;         /* MODEL_MLP: their activation */
    linear_model model;  /* the loss: LINEAR_SVM or LINEAR_SOFTMAX */
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

/* Every training default, in one table: the command line's help prints it,
 * train_defaults_for and train_default_lr read it. */
#define TRAIN_DATASETS 3

typedef struct {
    const char *names[2];   /* the dataset names it applies to */
    const char *label;      /* for the help */
    double reg[MODEL_ARCH_COUNT];
    double lr[MODEL_ARCH_COUNT][OPTIM_COUNT]; /* per model and optimizer kind */
    const char *why;        /* how they were chosen */
} train_data_defaults;

typedef struct {
    linear_model loss[MODEL_ARCH_COUNT];
    reg_kind reg_kind;
    int batch;
    long iters;
    unsigned long seed;
    long eval_every;
    size_t eval_train_n;
    long n_train, n_val, n_test; /* the splits */
    double init_scale[MODEL_ARCH_COUNT]; /* std of the initial weights, per model */
    int hidden;                  /* the net's hidden units */
    mlp_act act;                 /* and their activation */
    const char *net_why;         /* how the net's settings were chosen */
    int threads;
    train_data_defaults data[TRAIN_DATASETS]; /* the first is also for unknown names */
} train_table;

const train_table *train_defaults_table(void);

/* CS231n's defaults: SVM, SGD lr 1e-7, reg 2.5e4, batch 200, 1500 iterations,
 * W = 1e-4 randn, accuracies every 100 iterations on 1000 training images. */
train_config train_defaults(void);

/* The defaults of the linear model for a dataset by name ("cifar10",
 * "fashion-mnist", "mnist", "synthetic"); other names (and NULL) get
 * CIFAR-10's. train_defaults_model: of either model. */
train_config train_defaults_for(const char *name);
train_config train_defaults_model(const char *name, model_arch arch);
const train_data_defaults *train_data_defaults_for(const char *name);

/* The default learning rate of optimizer kind k for a model on a dataset. */
double train_default_lr(model_arch arch, optim_kind k, const char *name);

/* The model a trainer with cfg builds for classes x dim data. */
model_config train_model_config(const train_config *cfg, int classes, int dim);

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
    size_t *eval_idx;         /* the training images the sample copies */
    uint8_t *eval_x, *eval_y; /* the training sample for train accuracy */
    float *eval_xf;           /* its rows, when the data are float rows */
    linear_data eval_train;
    optim opt;
    model m;
    void *rng;    /* gsl_rng */
    long iter;    /* iterations done */
    /* per iteration, the first cfg.iters of them */
    double *loss, *data_loss, *reg_loss;
    train_eval *evals;
    size_t n_evals, evals_cap;
    model_loss last;
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

/* Whether the next steps store their update (optim's delta) for
 * trainer_update_ratios. Off from trainer_init: on a net the stores cost a
 * tenth of the step, so a caller asks for them on the steps it reads. */
void trainer_keep_update(trainer *t, int on);
/* model_update_ratios of the last step, when it was kept; else 0. */
int trainer_update_ratios(const trainer *t, const char **blocks, double *ratio);

/* trainer_step in parts, for training several together (multitrain.h):
 * trainer_sample draws the next minibatch into idx; the model takes its
 * step (model_train_step, or a shared pass's); trainer_took records it from
 * its loss l: returns -1 when l is not finite (the step was not taken), 1
 * when an evaluation is due (trainer_eval, or trainer_record_eval with
 * accuracies made otherwise), else 0. */
void trainer_sample(trainer *t);
int trainer_took(trainer *t, model_loss l);
/* The rest of trainer_step once trainer_sample has drawn its minibatch. */
int trainer_step_sampled(trainer *t);
/* The evaluation due, made by t alone (as trainer_step makes it). */
void trainer_eval(trainer *t);
/* Records the accuracies of the evaluation due at this iteration:
 * trainer_evaluate's of eval_train and of val (NAN when val is empty). */
void trainer_record_eval(trainer *t, double train_acc, double val_acc);
/* Whether a and b evaluate on the same images (their training samples the
 * same bytes, their validation sets the same view): an evaluation's images
 * can be converted once for both. */
int trainer_evals_alike(const trainer *a, const trainer *b);

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
model_loss trainer_loss(trainer *t, const linear_data *d, size_t n);

/* The lecture's strategy #1: the best of `tries` random W (scale * randn) by
 * loss on the images sample[0..n) of d. best_w receives it; returns its loss. */
double train_random_search(const linear_config *cfg, const double *mean, const linear_data *d,
                           const size_t *sample, int n, int tries, double scale,
                           unsigned long seed, double *best_w);

#endif
